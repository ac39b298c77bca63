"""Factories for marketplace objects, built on Oscar's where they fit."""

import datetime
from decimal import Decimal

import factory
from oscar.core.loading import get_model
from oscar.test import factories as oscar_factories

from catalogue.ocop import OcopGroup


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "test-password")

    class Meta:
        model = get_model("users", "User")


class SellerFactory(oscar_factories.PartnerFactory):
    name = factory.Sequence(lambda n: f"HTX Thử nghiệm {n}")
    seller_type = "cooperative"
    commission_rate = Decimal(5)
    commune = "Bắc Hà"
    province = "Lào Cai"


class ProductClassFactory(oscar_factories.ProductClassFactory):
    name = "OCOP product"
    slug = "ocop"

    class Meta:
        django_get_or_create = ("slug",)


class StockRecordFactory(oscar_factories.StockRecordFactory):
    partner = factory.SubFactory(SellerFactory)
    price_currency = "VND"
    price = Decimal(150000)
    num_in_stock = 50


class ProductFactory(oscar_factories.ProductFactory):
    """A public, currently rated 4-star OCOP food product with one seller."""

    title = factory.Sequence(lambda n: f"Sản phẩm OCOP {n}")
    upc = factory.Sequence(lambda n: f"TEST-{n:05d}")
    product_class = factory.SubFactory(ProductClassFactory)
    ocop_stars = 4
    ocop_group = OcopGroup.FOOD
    ocop_decision_number = "1234/QĐ-UBND"
    ocop_decision_date = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=100)
    )
    origin_commune = "Bản Liền"
    origin_province = "Lào Cai"
    standards = "VietGAP, Hữu cơ"
    stockrecords = factory.RelatedFactory(StockRecordFactory, "product")
