"""``{% personal_part "basket" %}``: a part of a storefront page that is the visitor's
own; ``{% personal_part "review_write" product.pk %}`` one about an object; and
``{% page_differs_when_signed_in %}`` for a page that shows a signed-in visitor more
than its parts (shop/pagecache_holes.py)."""

from django import template

from shop.pagecache_holes import page_differs_when_signed_in as _differs
from shop.pagecache_holes import personal_part as _personal_part

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_part(context, name, object_id=None):
    return _personal_part(context, name, object_id)


@register.simple_tag(takes_context=True)
def page_differs_when_signed_in(context):
    return _differs(context)
