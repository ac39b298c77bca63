from types import SimpleNamespace

import pytest
from oscar.test.factories import ProductImageFactory

from tests.sellers.helpers import order_place, product_of, seller_with_login


@pytest.fixture
def market(db, django_capture_on_commit_callbacks):
    """Two sellers with one login each, a product each, and two orders: one mixed
    (both sellers) and one with only the second seller's product."""
    tea_coop, tea_user = seller_with_login(
        name="HTX Chè Bản Liền", email="che@example.com", shipping_charge=20000
    )
    plum_coop, plum_user = seller_with_login(
        name="HTX Quang Tom", email="man@example.com", shipping_charge=30000
    )
    tea = product_of(tea_coop, title="Chè Shan hữu cơ", price=150000, sku="CHE-1")
    plum = product_of(plum_coop, title="Mận tam hoa sấy dẻo", price=85000, sku="MAN-1")
    plum_image = ProductImageFactory(product=plum)
    # Seller emails go out after commit, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        mixed = order_place(items=[(tea, 2), (plum, 1)], email="lan@example.com")
        plum_only = order_place(items=[(plum, 3)], email="hoa@example.com")
    return SimpleNamespace(
        tea_coop=tea_coop,
        tea_user=tea_user,
        plum_coop=plum_coop,
        plum_user=plum_user,
        tea=tea,
        plum=plum,
        plum_image=plum_image,
        mixed=mixed,
        plum_only=plum_only,
    )
