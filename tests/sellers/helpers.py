"""Building blocks for marketplace tests: sellers with logins, orders over sellers."""

from decimal import Decimal

from oscar.core.loading import get_class, get_model
from oscar.test.factories import CountryFactory, ShippingAddressFactory, create_order

from shop.partner.services import seller_user_add
from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

Basket = get_model("basket", "Basket")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Selector = get_class("partner.strategy", "Selector")
PerSellerShipping = get_class("shipping.methods", "PerSellerShipping")


def seller_with_login(*, name: str, email: str, shipping_charge: int = 0, **kwargs):
    """A seller and a dashboard user working for it (password ``test-password``)."""
    seller = SellerFactory(
        name=name, shipping_charge=Decimal(shipping_charge), **kwargs
    )
    user = UserFactory(email=email)
    seller_user_add(partner=seller, user=user)
    return seller, user


def product_of(seller, *, title: str, price: int, sku: str, stock: int = 20):
    product = ProductFactory(title=title, stockrecords=None)
    StockRecordFactory(
        product=product,
        partner=seller,
        price=Decimal(price),
        partner_sku=sku,
        num_in_stock=stock,
    )
    return product


def order_place(*, items, email: str = "khach@example.com"):
    """Place a cash-on-delivery order for ``items`` ((product, quantity) pairs), with
    per-seller shipping, the way checkout does."""
    country = CountryFactory(iso_3166_1_a2="VN", printable_name="Việt Nam")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    order = create_order(
        basket=basket,
        shipping_method=PerSellerShipping(destination="Lào Cai"),
        shipping_address=ShippingAddressFactory(
            country=country,
            first_name="",
            last_name="Nguyễn Thị Lan",
            line1="Thôn Bản Liền",
            line4="Xã Bản Liền",
            state="Lào Cai",
            postcode="",
            phone_number="+84912345678",
        ),
        guest_email=email,
    )
    source_type, _ = SourceType.objects.get_or_create(
        code="cash-on-delivery", defaults={"name": "Cash on delivery"}
    )
    Source.objects.create(
        order=order,
        source_type=source_type,
        currency=order.currency,
        amount_allocated=order.total_incl_tax,
        reference=order.number,
    )
    return order
