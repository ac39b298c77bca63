"""Oscar's offer applicator, looking the offers up once a request and basket, and
the site's offers only when there is one.

Oscar's loader gives this class wherever Oscar asks for ``offer.applicator.
Applicator`` (``shop/loading.py``): the basket middleware, the basket page's messages
about offers nearly reached, the messages after adding a product or a voucher.

Oscar looks the site's offers up on every request that has a basket, although a
marketplace has none most of the time. When the shared cache says no site offer is
open now, that lookup is skipped. The cache keeps the open site offers' date windows
under a generation number that every committed write to an offer moves on
(``site_offer_receivers_connect``), so a new offer applies from the next request;
a reader that computed the windows before such a write stores them under the old
generation, where nobody reads them.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from oscar.apps.offer import applicator
from oscar.core.loading import get_model

#: Where a basket keeps the offers looked up for it (it lives for one request).
_KEPT = "_request_offers"
SITE_OFFERS_GENERATION = "offers:site:generation"
SITE_OFFERS_WINDOWS = "offers:site:windows"
#: At most this long without a write seen (a bulk update sends no signal).
SITE_OFFERS_SECONDS = 300


class RequestOffersApplicator(applicator.Applicator):
    """Oscar's applicator, looking the offers up once a request and basket.

    Which offers apply does not depend on the basket's lines (whether each one's
    condition is met is decided when it is applied), so the lookup made when the
    basket is loaded serves the second application after a product is added, and
    the basket page's messages. It depends on the basket's vouchers: adding or
    removing one looks the offers up again.
    """

    def get_offers(self, basket, user=None, request=None):
        if request is None or basket.pk is None:
            return super().get_offers(basket, user, request)
        kept = basket.__dict__.get(_KEPT)
        if kept is None:
            kept = basket.__dict__[_KEPT] = super().get_offers(basket, user, request)
        return list(kept)

    def get_site_offers(self):
        if not _site_offer_open_now():
            return get_model("offer", "ConditionalOffer")._default_manager.none()
        return super().get_site_offers()


def _site_offer_open_now() -> bool:
    """Whether a site offer may be open now (True when the cache cannot say)."""
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    try:
        kept = cache.get_many([SITE_OFFERS_GENERATION, SITE_OFFERS_WINDOWS])
    except Exception:
        return True
    generation = kept.get(SITE_OFFERS_GENERATION, 0)
    data = kept.get(SITE_OFFERS_WINDOWS)
    if data is not None and data["generation"] == generation:
        windows = data["windows"]
    else:
        windows = list(
            ConditionalOffer._default_manager.filter(
                offer_type=ConditionalOffer.SITE, status=ConditionalOffer.OPEN
            ).values_list("start_datetime", "end_datetime")
        )
        try:
            cache.set(
                SITE_OFFERS_WINDOWS,
                {"generation": generation, "windows": windows},
                timeout=SITE_OFFERS_SECONDS,
            )
        except Exception:
            pass
    now = timezone.now()
    return any(
        (start is None or start <= now) and (end is None or end >= now)
        for start, end in windows
    )


def _offer_written(sender, **kwargs):
    def bump():
        try:
            cache.incr(SITE_OFFERS_GENERATION)
        except ValueError:  # none yet: the windows kept, if any, are under 0
            cache.add(SITE_OFFERS_GENERATION, 1, timeout=None)
        except Exception:  # the cache is down: nothing is read from it either
            pass

    transaction.on_commit(bump)


def site_offer_receivers_connect() -> None:
    """Every committed write to an offer moves the site offers' generation on."""
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    for signal in (post_save, post_delete):
        signal.connect(
            _offer_written,
            sender=ConditionalOffer,
            dispatch_uid=f"shop.offers.written-{id(signal)}",
        )


@receiver(m2m_changed, dispatch_uid="shop.offers.basket_vouchers_changed")
def _basket_vouchers_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        getattr(instance, "__dict__", {}).pop(_KEPT, None)


Applicator = RequestOffersApplicator
