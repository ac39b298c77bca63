"""``{% personal_part "basket" %}``: a part of a storefront page that is the visitor's
own; ``{% personal_part "review_write" product.pk %}`` one about an object; and
``{% page_differs_when_signed_in %}`` for a page that shows a signed-in visitor more
than its parts (shop/pagecache_holes.py); ``{% dashboard_link_shown %}`` for the
account part."""

import logging

from django import template
from django.core.cache import cache

from shop.pagecache_holes import page_differs_when_signed_in as _differs
from shop.pagecache_holes import personal_part as _personal_part

register = template.Library()
logger = logging.getLogger(__name__)

#: How long a user's "Dashboard" link is kept (``dashboard_link_shown``).
DASHBOARD_LINK_SECONDS = 60


@register.simple_tag(takes_context=True)
def personal_part(context, name, object_id=None):
    return _personal_part(context, name, object_id)


@register.simple_tag(takes_context=True)
def page_differs_when_signed_in(context):
    return _differs(context)


@register.simple_tag(takes_context=True)
def dashboard_link_shown(context) -> bool:
    """Whether the header links a signed-in user to the dashboard: staff, and the
    users of sellers (``partner.dashboard_access``).

    Kept a minute per user in the shared cache: asking Django took two permission
    queries on every page of every signed-in buyer. Only the link waits that minute;
    the dashboard checks the permission itself on every request.
    """
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    key = f"dashboard-link:{user.pk}"
    try:
        shown = cache.get(key)
    except Exception:  # the cache is down: ask the database
        shown = None
    if shown is None:
        shown = user.has_perm("partner.dashboard_access")
        try:
            cache.set(key, shown, DASHBOARD_LINK_SECONDS)
        except Exception:
            logger.warning("Dashboard link not kept", exc_info=True)
    return shown
