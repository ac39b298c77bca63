"""Template access to baskets and orders split by seller, and to sellers' rich text."""

from django import template

from shop.partner import selectors
from shop.seller_html import seller_html_render, seller_html_text

register = template.Library()


@register.simple_tag
def basket_by_seller(basket):
    """``{% basket_by_seller basket as parts %}``: one part per seller."""
    return selectors.basket_lines_by_seller(basket=basket)


@register.simple_tag
def basket_forms_by_seller(formset):
    """``{% basket_forms_by_seller formset as groups %}``: (part, [(index, form)])."""
    return selectors.basket_forms_by_seller(formset=formset)


@register.simple_tag
def order_by_seller(order):
    """``{% order_by_seller order as parts %}``: one part per seller, with statuses."""
    return selectors.order_lines_by_seller(order=order)


@register.filter
def seller_html(value):
    """``{{ product.description|seller_html }}``: a seller's rich text, cleaned again
    for the page (never ``|safe``: see shop/seller_html.py)."""
    return seller_html_render(value)


@register.filter
def seller_text(value):
    """``{{ seller.description|seller_text|truncatewords:30 }}``: a seller's rich
    text as plain text, escaped where it is shown."""
    return seller_html_text(value)
