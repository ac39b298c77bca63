"""Oscar's offer applicator, looking the offers up once a request and basket.

Oscar's loader gives this class wherever Oscar asks for ``offer.applicator.
Applicator`` (``shop/loading.py``): the basket middleware, the basket page's messages
about offers nearly reached, the messages after adding a product or a voucher.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from oscar.apps.offer import applicator

#: Where a basket keeps the offers looked up for it (it lives for one request).
_KEPT = "_request_offers"


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


@receiver(m2m_changed, dispatch_uid="shop.offers.basket_vouchers_changed")
def _basket_vouchers_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        getattr(instance, "__dict__", {}).pop(_KEPT, None)


Applicator = RequestOffersApplicator
