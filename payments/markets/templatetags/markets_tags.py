"""Template filters of the Chợ 4.0 pages."""

from django import template

from shop.money import dong as format_dong

register = template.Library()


@register.filter
def dong(amount) -> str:
    """Whole đồng as the page's language writes it: 35000 → "35.000 ₫"."""
    return format_dong(amount)


@register.simple_tag
def user_stalls(user):
    """The stalls whose feed ``user`` may open (for links from other pages)."""
    from payments.markets.selectors import stalls_for_user

    return list(stalls_for_user(user=user)[:20])
