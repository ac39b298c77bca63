"""Suspending a seller takes its products off sale without deleting anything."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.sellers.helpers import product_of, seller_with_login

Product = get_model("catalogue", "Product")
Basket = get_model("basket", "Basket")

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended_and_active():
    active, _ = seller_with_login(name="HTX Chè Bản Liền", email="che@example.com")
    suspended, _ = seller_with_login(name="HTX Quang Tom", email="man@example.com")
    tea = product_of(active, title="Chè Shan hữu cơ", price=150000, sku="CHE-1")
    plum = product_of(suspended, title="Mận tam hoa sấy dẻo", price=85000, sku="M-1")
    return tea, plum, suspended


def _suspend(seller):
    seller.is_suspended = True
    seller.save()


def test_suspended_sellers_products_are_not_listed(django_app, suspended_and_active):
    tea, plum, seller = suspended_and_active
    # A visitor found the product before the suspension and keeps the link.
    assert plum.title in django_app.get(reverse("catalogue:index")).text
    _suspend(seller)

    listing = django_app.get(reverse("catalogue:index")).text
    assert tea.title in listing and plum.title not in listing
    django_app.get(plum.get_absolute_url(), status=404)
    django_app.get(reverse("seller-detail", kwargs={"code": seller.code}), status=404)
    # Nothing was deleted: lifting the suspension brings it all back.
    seller.is_suspended = False
    seller.save()
    assert plum.title in django_app.get(reverse("catalogue:index")).text


def test_suspended_sellers_products_are_not_searchable(
    django_app, suspended_and_active
):
    tea, plum, seller = suspended_and_active
    _suspend(seller)
    results = django_app.get(reverse("search:search"), {"q": "Mận"}).text
    assert plum.title not in results
    assert tea.title in django_app.get(reverse("search:search"), {"q": "Chè"}).text
    assert list(Product.objects.on_sale()) == [tea]


def test_suspended_sellers_products_cannot_be_added_to_a_basket(
    django_app, suspended_and_active
):
    tea, plum, seller = suspended_and_active
    page = django_app.get(plum.get_absolute_url())  # opened before the suspension
    _suspend(seller)
    page.forms["add_to_basket_form"].submit(status="*")
    django_app.post(
        reverse("basket:add", kwargs={"pk": plum.pk}), {"quantity": 1}, status="*"
    )
    assert not Basket.objects.filter(lines__product=plum).exists()


def test_a_basket_saved_before_the_suspension_cannot_check_it_out(
    django_app, suspended_and_active
):
    tea, plum, seller = suspended_and_active
    page = django_app.get(plum.get_absolute_url())
    page.forms["add_to_basket_form"].submit().follow()
    _suspend(seller)
    basket = django_app.get(reverse("basket:summary"))
    assert "Không còn" in basket.text or "không" in basket.text.lower()
    checkout = django_app.get(reverse("checkout:index")).maybe_follow()
    assert checkout.request.path == reverse("basket:summary")
