import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from catalogue.ocop import OcopGroup
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory


@pytest.fixture
def catalogue(db):
    """A fixed catalogue: two sellers in two provinces, five public products (one with
    a lapsed rating, one never rated) and a hidden one."""
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    today = timezone.localdate()
    drinks = Category.add_root(name="Đồ uống")
    tea_category = drinks.add_child(name="Chè", name_en="Tea")
    ban_lien = SellerFactory(
        name="HTX Chè Bản Liền", commune="Bản Liền", province="Lào Cai"
    )
    moc_chau = SellerFactory(
        name="HTX Mộc Châu",
        commune="Mộc Châu",
        province="Sơn La",
        seller_type="enterprise",
    )

    def product(seller, price, **kwargs):
        made = ProductFactory(stockrecords=None, categories=None, **kwargs)
        StockRecordFactory(product=made, partner=seller, price=Decimal(price))
        return made

    products = {
        "tea": product(
            ban_lien,
            250000,
            title="Chè Shan tuyết",
            ocop_stars=5,
            ocop_group=OcopGroup.BEVERAGES,
            origin_province="Lào Cai",
            ocop_decision_date=today - datetime.timedelta(days=30),
        ),
        "plum": product(
            ban_lien,
            90000,
            title="Mận tam hoa sấy dẻo",
            ocop_stars=3,
            ocop_group=OcopGroup.FOOD,
            origin_province="Lào Cai",
        ),
        "rice": product(
            ban_lien,
            45000,
            title="Gạo Séng Cù",
            ocop_stars=4,
            ocop_group=OcopGroup.FOOD,
            origin_province="Lào Cai",
            ocop_decision_date=datetime.date(2018, 5, 10),
        ),
        "milk": product(
            moc_chau,
            30000,
            title="Sữa Mộc Châu",
            ocop_stars=4,
            ocop_group=OcopGroup.BEVERAGES,
            origin_province="Sơn La",
        ),
        "honey": product(
            moc_chau,
            120000,
            title="Mật ong bạc hà",
            ocop_stars=None,
            ocop_group=None,
            ocop_decision_number="",
            ocop_decision_date=None,
            origin_province="Sơn La",
        ),
    }
    products["tea"].categories.add(tea_category)
    products["hidden"] = product(ban_lien, 1000, title="Ẩn", is_public=False)
    return {
        "products": products,
        "sellers": {"ban_lien": ban_lien, "moc_chau": moc_chau},
        "categories": {"drinks": drinks, "tea": tea_category},
    }


@pytest.fixture
def process_local_cache(settings):
    """A cache no other test process can clear while this test counts on it.

    The shared Redis is flushed by every test's setup, including those running at
    the same time in other xdist workers.
    """
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "open-data-tests",
        }
    }
    # Local memory outlives the test within its process: start and end empty.
    cache.clear()
    yield
    cache.clear()
