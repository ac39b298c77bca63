from django import template

from cms.selectors import stories_for_seller

register = template.Library()


@register.inclusion_tag("cms/includes/seller_stories.html")
def seller_stories(seller):
    """The stories told about ``seller``, for its storefront profile page.

    Usage: ``{% load cms_tags %}{% seller_stories seller %}``; renders nothing when
    there are none.
    """
    return {"seller": seller, "stories": stories_for_seller(seller=seller)}
