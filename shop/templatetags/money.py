"""Template filters for đồng, installed under Oscar's library name too.

``TEMPLATES["OPTIONS"]["libraries"]`` maps ``currency_filters`` here, so Oscar's own
templates and ours print every amount through ``shop.money.dong``.
"""

from django import template

from shop.money import dong as format_dong

register = template.Library()


@register.filter(name="currency")
def currency(value, currency_code=None):
    """Oscar's ``currency`` filter, answered by ``shop.money.dong`` (đồng only)."""
    if value is None or value == "":
        return ""
    return format_dong(value)


@register.filter(name="dong")
def dong(value):
    """``150000`` → ``150.000 ₫`` (Vietnamese) or ``150,000 ₫`` (English)."""
    return format_dong(value)
