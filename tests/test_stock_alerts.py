"""Stock alerts around orders: the seller's low-stock alert opens when an order takes
the stock below its threshold and closes when the seller restocks; a customer waiting
for a product is mailed as soon as the seller restocks it."""

import pytest
from django.core import mail
from oscar.core.loading import get_model

from tests.factories import UserFactory
from tests.sellers.helpers import order_place, product_of, seller_with_login

StockAlert = get_model("partner", "StockAlert")
ProductAlert = get_model("customer", "ProductAlert")

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey():
    seller, _user = seller_with_login(name="HTX Mật ong Bắc Hà", email="mo@x.vn")
    product = product_of(seller, title="Mật ong bạc hà", price=250000, sku="MO-1")
    record = product.stockrecords.get()
    record.num_in_stock = 10
    record.low_stock_threshold = 5
    record.save()
    return product, record


def test_an_order_taking_the_stock_below_the_threshold_opens_the_sellers_alert(
    honey,
):
    product, record = honey
    order_place(items=[(product, 4)])  # 6 left: not below 5
    assert not StockAlert.objects.filter(stockrecord=record).exists()

    order_place(items=[(product, 2)], email="b@x.vn")  # 4 left
    (alert,) = StockAlert.objects.filter(stockrecord=record)
    assert (alert.status, alert.threshold) == (StockAlert.OPEN, 5)

    order_place(items=[(product, 1)], email="c@x.vn")  # still the one alert
    assert StockAlert.objects.filter(stockrecord=record).count() == 1

    record.refresh_from_db()
    record.num_in_stock = 30
    record.save()
    alert.refresh_from_db()
    assert alert.status == StockAlert.CLOSED


def test_a_customer_waiting_is_mailed_when_the_seller_restocks(honey):
    product, record = honey
    order_place(items=[(product, 10)])  # sold out
    ProductAlert.objects.create(
        product=product,
        user=UserFactory(email="cho-hang@x.vn"),
        status=ProductAlert.ACTIVE,
    )
    mail.outbox.clear()

    record.refresh_from_db()
    record.num_in_stock += 5
    record.save()

    assert [m.to for m in mail.outbox] == [["cho-hang@x.vn"]]
    assert "Mật ong bạc hà" in mail.outbox[0].body
