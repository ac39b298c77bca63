"""A voucher discounts the basket as soon as it is added and stops when it is
removed, on the basket page and through to the order preview: the offers a request
looked up are looked up again when the basket's vouchers change."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.test_overselling import guest_checkout_up_to_preview
from tests.test_voucher_race import DISCOUNT, PRICE, _voucher, honey

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

    guest_checkout_up_to_preview(client, email="khach@example.com")
    preview = client.get(reverse("checkout:preview"))
    assert _money(PRICE - DISCOUNT) in preview.content.decode()

    removed = client.post(
        reverse("basket:vouchers-remove", kwargs={"pk": voucher.pk}), follow=True
    )
    page = removed.content.decode()
    assert _money(PRICE - DISCOUNT) not in page
    assert _money(PRICE) in page
