"""A fixed catalogue for the search contract, and the backends to run it against."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from catalogue.ocop import OcopGroup
from tests.factories import ProductFactory, SellerFactory, StockRecordFactory

BACKENDS = ["search.backends.database", "search.backends.elasticsearch"]


@dataclass
class Catalogue:
    products: dict  # short name -> Product
    sellers: dict
    categories: dict

    def name_of(self, product_id):
        return next(k for k, p in self.products.items() if p.pk == product_id)


def _product(
    *,
    title,
    description="",
    group,
    stars,
    price,
    stock=20,
    seller,
    category,
    province="Lào Cai",
    decided_days_ago=100,
    public=True,
):
    product = ProductFactory(
        title=title,
        description=f"<p>{description}</p>",
        ocop_group=group,
        ocop_stars=stars,
        ocop_decision_date=datetime.date.today()
        - datetime.timedelta(days=decided_days_ago),
        origin_province=province,
        is_public=public,
        stockrecords=None,
        categories=None,
    )
    StockRecordFactory(
        product=product, partner=seller, price=Decimal(price), num_in_stock=stock
    )
    product.categories.add(category)
    return product


@pytest.fixture
def catalogue(db):
    """Eight products of six sellers, one of them hidden, one with a lapsed rating."""
    sellers = {
        code: SellerFactory(name=name, province=province)
        for code, name, province in [
            ("ban-lien", "HTX Chè Bản Liền", "Lào Cai"),
            ("phong-hai", "HTX Trà Phong Hải", "Lào Cai"),
            ("quang-tom", "HTX Quang Tom", "Lào Cai"),
            ("muong-vi", "HTX Nông sản Mường Vi", "Lào Cai"),
            ("nam-det", "Công ty Tinh dầu quế Nậm Đét", "Lào Cai"),
            ("dong-van", "HTX Đậu đỏ Đồng Văn", "Tuyên Quang"),
        ]
    }
    categories = {
        "tea": create_from_breadcrumbs("Đồ uống > Chè"),
        "drinks": create_from_breadcrumbs("Đồ uống"),
        "food": create_from_breadcrumbs("Thực phẩm"),
        "herbs": create_from_breadcrumbs("Dược liệu"),
    }
    products = {
        "che-shan": _product(
            title="Chè Shan hữu cơ Bản Liền",
            description="Búp chè Shan tuyết cổ thụ, sao khô bằng chảo gang.",
            group=OcopGroup.FOOD,
            stars=5,
            price=250_000,
            seller=sellers["ban-lien"],
            category=categories["tea"],
        ),
        "tra-sen": _product(
            title="Trà sen, trà nhài Phong Hải",
            description="Trà ướp hoa sen và hoa nhài.",
            group=OcopGroup.BEVERAGES,
            stars=3,
            price=90_000,
            seller=sellers["phong-hai"],
            category=categories["drinks"],
        ),
        "man": _product(
            title="Mận tam hoa sấy dẻo",
            description="Mận tam hoa Bắc Hà sấy dẻo, chua ngọt.",
            group=OcopGroup.FOOD,
            stars=3,
            price=120_000,
            seller=sellers["quang-tom"],
            category=categories["food"],
        ),
        "gao": _product(
            title="Gạo Séng Cù Mường Vi",
            description="Gạo Séng Cù hạt dài, dẻo thơm.",
            group=OcopGroup.FOOD,
            stars=4,
            price=175_000,
            stock=0,
            decided_days_ago=2000,  # the 2018-style lapsed rating
            seller=sellers["muong-vi"],
            category=categories["food"],
        ),
        "que": _product(
            title="Tinh dầu quế Nậm Đét",
            description="Tinh dầu chưng cất từ vỏ quế.",
            group=OcopGroup.HERBS,
            stars=3,
            price=150_000,
            seller=sellers["nam-det"],
            category=categories["herbs"],
        ),
        "dau-do": _product(
            title="Đậu đỏ Đồng Văn",
            description="Đậu đỏ hạt nhỏ của cao nguyên đá.",
            group=OcopGroup.FOOD,
            stars=4,
            price=60_000,
            province="Tuyên Quang",
            seller=sellers["dong-van"],
            category=categories["food"],
        ),
        "buoi": _product(
            title="Bưởi Múc Thái Niên",
            description="Bưởi ngọt mát, vỏ mỏng.",
            group=OcopGroup.FOOD,
            stars=4,
            price=600_000,
            stock=0,
            seller=sellers["muong-vi"],
            category=categories["food"],
        ),
        "hidden": _product(
            title="Chè Shan tuyết ẩn",
            description="Chè Shan tuyết chưa bày bán.",
            group=OcopGroup.FOOD,
            stars=5,
            price=100_000,
            public=False,
            seller=sellers["ban-lien"],
            category=categories["tea"],
        ),
    }
    return Catalogue(products=products, sellers=sellers, categories=categories)


@pytest.fixture(params=BACKENDS, ids=["database", "elasticsearch"])
def search_backend(request, settings):
    """Each available backend in turn, loaded with the catalogue when it has an index.

    Elasticsearch cannot be installed on the project's machines: its run is skipped
    unless ELASTICSEARCH_URL points at a server.
    """
    if request.param.endswith("elasticsearch"):
        if not django_settings.ELASTICSEARCH_URL:
            pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch server to test")
    settings.SEARCH_BACKEND = request.param
    return request.param


@pytest.fixture
def indexed(catalogue, search_backend):
    """The catalogue, indexed by the backend under test when it keeps an index."""
    if search_backend.endswith("elasticsearch"):
        from search.backends import elasticsearch

        elasticsearch.index_rebuild(refresh=True)
    return catalogue
