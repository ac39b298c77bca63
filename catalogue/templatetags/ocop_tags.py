from django import template
from django.utils.html import format_html
from django.utils.translation import ngettext

register = template.Library()


@register.inclusion_tag("oscar/catalogue/partials/ocop_badge.html")
def ocop_badge(product):
    """The OCOP star badge, or the word that the rating has expired.

    An expired rating never shows stars (buyers must not be misled).
    """
    return {
        "product": product,
        "is_current": product.ocop_is_current,
        "has_expired": product.ocop_has_expired,
        "stars": "★" * (product.ocop_stars or 0),
        "label": ngettext("%(n)d-star OCOP", "%(n)d-star OCOP", product.ocop_stars or 0)
        % {"n": product.ocop_stars or 0},
    }


@register.filter
def size_attrs(thumbnail):
    """``width`` and ``height`` attributes of a sorl thumbnail, or nothing when its
    size is unknown: the missing-image placeholder that could not be read (e.g. on
    object storage) has no size, and asking for it raises."""
    size = getattr(thumbnail, "size", None)
    if not size:
        return ""
    return format_html(' width="{}" height="{}"', size[0], size[1])
