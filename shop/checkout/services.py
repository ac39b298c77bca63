"""Writes of the checkout that Oscar leaves to chance under concurrency."""

from django.conf import settings
from oscar.core.loading import get_model

from shop.checkout.exceptions import DiscountUsedUp

ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")


def order_language_record(*, order, code: str, placed: bool = False) -> None:
    """Remember the language ``order`` was placed in, for the mail sent later.

    ``placed``: the order is being placed, so it has no language yet (one insert
    instead of a locked lookup and an insert).
    """
    from shop.checkout.models import OrderLanguage

    code = code or settings.LANGUAGE_CODE
    if placed:
        OrderLanguage.objects.create(order=order, code=code)
    else:
        OrderLanguage.objects.update_or_create(order=order, defaults={"code": code})


def basket_discounts_claim(*, basket, user) -> None:
    """Lock the basket's offers and vouchers and check they can still be used.

    Must run inside the transaction that places the order, before Oscar records the
    usage. Oscar checks an offer's global limit and a voucher's single use when the
    basket is priced, outside that transaction, and then saves counters read back
    then: racing buyers could all get a discount meant for one, and overwrite each
    other's counts. Here the rows stay locked until the order commits, so the next
    buyer sees the latest counts; the in-memory offers and vouchers Oscar is about to
    save are refreshed to them. Raises ``DiscountUsedUp`` when a limit is reached.
    Offers are locked before vouchers and each in id order, so concurrent
    placements take the locks in the same order and cannot deadlock (stock records,
    locked after, follow the same rule).
    """
    # Oscar counts per-customer use by signed-in customer only.
    customer = user if user is not None and user.is_authenticated else None
    applications = [a for a in basket.offer_applications if a["offer"].pk]
    offer_ids = sorted({a["offer"].pk for a in applications})
    fresh_offers = {
        offer.pk: offer
        for offer in ConditionalOffer._default_manager.select_for_update()
        .filter(pk__in=offer_ids)
        .order_by("pk")
    }
    voucher_ids = sorted(basket.vouchers.values_list("pk", flat=True))
    fresh_vouchers = {
        voucher.pk: voucher
        for voucher in Voucher._default_manager.select_for_update()
        .filter(pk__in=voucher_ids)
        .order_by("pk")
    }

    for voucher in fresh_vouchers.values():
        if voucher.is_active():
            available, _message = voucher.is_available_to_user(user=user)
            if not available:
                raise DiscountUsedUp(offer=None, voucher=voucher)

    # A voucher the basket still holds but no longer discounts, because its offer
    # ran out while the basket was priced (another buyer's order committed first):
    # the buyer saw the discount on the checkout page, so no order without it.
    applied = {a["voucher"].pk for a in applications if a["voucher"] is not None}
    for voucher in fresh_vouchers.values():
        if voucher.pk in applied:
            continue
        for offer in voucher.offers.all():
            if offer.get_max_applications(customer) < 1:
                raise DiscountUsedUp(offer=offer, voucher=voucher)

    for application in applications:
        offer, voucher = application["offer"], application["voucher"]
        fresh = fresh_offers.get(offer.pk)
        if fresh is None or fresh.get_max_applications(customer) < application["freq"]:
            raise DiscountUsedUp(offer=offer, voucher=voucher)
        offer.refresh_from_db()
        if voucher is not None:
            voucher.refresh_from_db()
