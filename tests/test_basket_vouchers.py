"""Discounts show at once: a voucher discounts the basket as soon as it is added and
stops when it is removed, on the basket page and through to the checkout page (the
offers a request looked up are looked up again when the basket's vouchers change);
a site offer created while baskets are priced without one applies from the next
request (the cached "no site offer" is dropped when an offer is written)."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import (
    BenefitFactory,
    ConditionalOfferFactory,
    ConditionFactory,
    RangeFactory,
)

from tests.test_overselling import guest_checkout_open
from tests.test_voucher_race import DISCOUNT, PRICE, _voucher, honey

ConditionalOffer = get_model("offer", "ConditionalOffer")
Voucher = get_model("voucher", "Voucher")

pytestmark = pytest.mark.django_db
__all__ = ["honey"]  # fixture


def _money(amount) -> str:
    return f"{int(amount):,}".replace(",", ".")


def test_a_voucher_discounts_the_basket_at_once_and_stops_when_removed(
    client,
    honey,  # noqa: F811
):
    voucher = _voucher(usage=Voucher.MULTI_USE)
    client.post(reverse("basket:add", kwargs={"pk": honey.pk}), {"quantity": 1})

    added = client.post(
        reverse("basket:vouchers-add"), {"code": "TET2027"}, follow=True
    )
    assert "TET2027" in added.content.decode()
    assert _money(PRICE - DISCOUNT) in added.content.decode()

    guest_checkout_open(client, email="khach@example.com")
    checkout = client.get(reverse("checkout:index"))
    assert _money(PRICE - DISCOUNT) in checkout.content.decode()

    removed = client.post(
        reverse("basket:vouchers-remove", kwargs={"pk": voucher.pk}), follow=True
    )
    page = removed.content.decode()
    assert _money(PRICE - DISCOUNT) not in page
    assert _money(PRICE) in page


def test_a_new_site_offer_applies_from_the_next_request(
    client,
    honey,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.post(reverse("basket:add", kwargs={"pk": honey.pk}), {"quantity": 1})
    page = client.get(reverse("basket:summary")).content.decode()
    assert _money(PRICE) in page and _money(PRICE - DISCOUNT) not in page

    everything = RangeFactory(name="Cả cửa hàng", includes_all_products=True)
    with django_capture_on_commit_callbacks(execute=True):
        ConditionalOfferFactory(
            name="Mùa mật ong",
            offer_type=ConditionalOffer.SITE,
            condition=ConditionFactory(range=everything, value=1),
            benefit=BenefitFactory(range=everything, value=10),
        )

    page = client.get(reverse("basket:summary")).content.decode()
    assert "Mùa mật ong" in page
    assert _money(PRICE - DISCOUNT) in page
