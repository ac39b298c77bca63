"""Twenty buyers race for a voucher that only some may use: the limit holds.

Oscar checks a voucher's single use and an offer's global limit when the basket is
priced, outside the order transaction, so concurrent buyers could all get the
discount. Each buyer here is a thread with its own client and database connection,
as in ``test_overselling``, on PostgreSQL and on SQLite.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.apps.catalogue.abstract_models import MissingProductImage
from oscar.core.loading import get_model
from oscar.test.factories import (
    BenefitFactory,
    ConditionalOfferFactory,
    ConditionFactory,
    CountryFactory,
    RangeFactory,
)

from tests.factories import ProductFactory, StockRecordFactory
from tests.test_overselling import (
    guest_checkout_open,
    place_order_together,
)

Basket = get_model("basket", "Basket")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Order = get_model("order", "Order")
OrderDiscount = get_model("order", "OrderDiscount")
Voucher = get_model("voucher", "Voucher")

BUYERS = 20
PRICE = Decimal(250000)
DISCOUNT = Decimal(25000)  # 10 % of one jar
USED_UP = "hết lượt"  # "used up", as every buyer who missed the voucher must read it


@pytest.fixture
def honey():
    CountryFactory(
        iso_3166_1_a2="VN", printable_name="Việt Nam", is_shipping_country=True
    )
    product = ProductFactory(title="Mật ong bạc hà Mèo Vạc", stockrecords=None)
    StockRecordFactory(product=product, price=PRICE, num_in_stock=BUYERS * 2)
    MissingProductImage()  # see test_overselling: created once, not raced for
    return product


def _voucher(*, usage, max_global_applications=None):
    everything = RangeFactory(name="Cả cửa hàng", includes_all_products=True)
    offer = ConditionalOfferFactory(
        name="Giảm 10% Tết",
        offer_type=ConditionalOffer.VOUCHER,
        condition=ConditionFactory(range=everything, value=1),
        benefit=BenefitFactory(range=everything, value=10),
        max_global_applications=max_global_applications,
    )
    voucher = Voucher.objects.create(
        name="Tết 2027",
        code="TET2027",
        usage=usage,
        start_datetime=timezone.now() - datetime.timedelta(days=1),
        end_datetime=timezone.now() + datetime.timedelta(days=10),
    )
    voucher.offers.add(offer)
    return voucher


def _buyer(number, *, product, code, start_together):
    def prepare(client):
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        client.post(reverse("basket:vouchers-add"), {"code": code})
        basket = client.get(reverse("basket:summary"))
        assert code in basket.text, basket.text[:3000]
        return guest_checkout_open(client, email=f"khach{number}@example.com")

    return place_order_together(start_together, prepare)


def _race(*, product, code):
    start_together = threading.Barrier(BUYERS, timeout=60)
    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        return list(
            pool.map(
                lambda n: _buyer(
                    n, product=product, code=code, start_together=start_together
                ),
                range(BUYERS),
            )
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("usage", "max_global_applications", "allowed"),
    [
        pytest.param(Voucher.SINGLE_USE, None, 1, id="single-use voucher"),
        pytest.param(Voucher.MULTI_USE, 5, 5, id="offer limited to five uses"),
    ],
)
def test_only_as_many_buyers_as_allowed_get_the_voucher(
    honey, usage, max_global_applications, allowed
):
    voucher = _voucher(usage=usage, max_global_applications=max_global_applications)
    outcomes = _race(product=honey, code=voucher.code)

    winners = [o for o in outcomes if o["ordered"]]
    losers = [o for o in outcomes if not o["ordered"]]
    assert len(winners) == allowed
    # Every order placed got its discount once; nobody else got it.
    assert Order.objects.count() == allowed
    assert sorted(Order.objects.values_list("total_incl_tax", flat=True)) == [
        PRICE - DISCOUNT + order.shipping_incl_tax for order in Order.objects.all()
    ]
    assert OrderDiscount.objects.filter(voucher_id=voucher.pk).count() == allowed
    voucher.refresh_from_db()
    assert voucher.applications.count() == allowed
    assert voucher.num_orders == allowed
    assert voucher.total_discount == DISCOUNT * allowed
    offer = voucher.offers.get()
    assert offer.num_applications == allowed
    assert offer.total_discount == DISCOUNT * allowed

    # The others were told why and keep their basket, voucher included, to decide.
    for loser in losers:
        assert USED_UP in loser["page"], loser["page"][:3000]
        assert voucher.code in loser["page"]
        assert honey.title in loser["basket_page"]
    kept = Basket.objects.filter(
        status=Basket.OPEN, lines__product=honey, vouchers=voucher
    )
    assert kept.count() == BUYERS - allowed
    stock = honey.stockrecords.get()
    assert stock.num_allocated == allowed
