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


#: Below this many units left a card says "only N left" (unless the seller set its
#: own low-stock threshold on the stock record).
LOW_STOCK = 5


@register.filter
def compact_count(value):
    """A count as buyers read it on marketplaces: 950, 1,2k, 12k (Vietnamese
    decimal comma; English keeps the point)."""
    from django.utils.formats import number_format

    try:
        n = int(value or 0)
    except (TypeError, ValueError):
        return value
    if n < 1000:
        return str(n)
    if n < 10000:
        return (
            number_format(int(n / 100) / 10, decimal_pos=1)
            .replace(",0", "")
            .replace(".0", "")
            + "k"
        )
    return f"{n // 1000}k"


@register.simple_tag
def stock_state(product):
    """``{"state": "out" | "low" | "ok", "left": n}`` from the product's first stock
    record, read from what the listing prefetched (no query)."""
    record = next(iter(product.stockrecords.all()), None)
    if record is None or record.num_in_stock is None:
        return {"state": "ok", "left": None}
    left = record.net_stock_level
    threshold = record.low_stock_threshold or LOW_STOCK
    if left <= 0:
        return {"state": "out", "left": 0}
    if left <= threshold:
        return {"state": "low", "left": left}
    return {"state": "ok", "left": left}


@register.filter
def rating_value(rating):
    """An average rating with one decimal (4,8), or nothing without reviews."""
    from django.utils.formats import number_format

    if rating is None:
        return ""
    return number_format(round(float(rating), 1), decimal_pos=1)
