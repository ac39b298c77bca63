"""Template filters of the Chợ 4.0 pages."""

from django import template

register = template.Library()


@register.filter
def dong(amount) -> str:
    """Whole đồng as Vietnamese write it: 35000 → "35.000 đ"."""
    try:
        return f"{int(amount):,} đ".replace(",", ".")
    except (TypeError, ValueError):
        return ""
