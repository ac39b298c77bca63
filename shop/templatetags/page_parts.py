"""``{% personal_part "basket" %}``: a part of a storefront page that is the visitor's
own (shop/pagecache_personal.py)."""

from django import template

from shop.pagecache_holes import personal_part as _personal_part

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_part(context, name):
    return _personal_part(context, name)
