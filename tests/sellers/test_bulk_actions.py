"""The dashboard's bulk actions on products (Oscar's, written with a bulk update):
visitors and search see the change at once, and a seller publishes only complete
products."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shop.partner.services import seller_user_add
from tests.factories import ProductFactory, StockRecordFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller_app(django_app):
    record = StockRecordFactory(
        product=ProductFactory(title="Mận tam hoa Bắc Hà", stockrecords=None),
        price=Decimal(150000),
    )
    user = UserFactory(email="man@example.com")
    seller_user_add(partner=record.partner, user=user)
    django_app.set_user(user)
    return django_app, record


def bulk_action(app, products, action):
    """Tick ``products`` on the seller's product list and choose ``action``."""
    page = app.get(reverse("dashboard:catalogue-product-list"))
    form = next(f for f in page.forms.values() if "action" in f.fields)
    form["action"] = action
    for box in form.fields["selected_product"]:
        if int(box._value) in {p.pk for p in products}:
            box.checked = True
    return form.submit().follow()


def test_a_bulk_price_change_shows_to_visitors_and_in_search_at_once(
    seller_app, settings, django_app_factory, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    app, record = seller_app
    url = record.product.get_absolute_url()
    django_app_factory().get(url)
    assert "150.000\xa0₫" in django_app_factory().get(url).text  # kept for visitors

    step = bulk_action(app, [record.product], "set_product_price")
    form = next(f for f in step.forms.values() if "new_price" in f.fields)
    form["new_price"] = "250000"
    with django_capture_on_commit_callbacks(execute=True):
        form.submit().follow()

    page = django_app_factory().get(url)
    assert "250.000\xa0₫" in page.text and "150.000\xa0₫" not in page.text
    search = "/search/?q=man+tam+hoa&price="
    cheaper = django_app_factory().get(search + "100000-200000")
    assert cheaper.html.select(".nonefound")  # only suggestions below
    dearer = django_app_factory().get(search + "200000-500000")
    assert not dearer.html.select(".nonefound") and "Mận tam hoa" in dearer


def test_a_seller_cannot_bulk_publish_an_incomplete_draft(seller_app):
    app, record = seller_app
    draft = ProductFactory(title="Rượu ngô đang soạn", stockrecords=None)
    draft.is_public = False
    draft.description = ""
    draft.save()
    StockRecordFactory(product=draft, partner=record.partner)

    page = bulk_action(app, [draft], "make_products_public")
    form = next(f for f in page.forms.values() if "selected_products" in f.fields)
    done = form.submit().follow()

    draft.refresh_from_db()
    assert draft.is_public is False
    assert "Rượu ngô đang soạn" in done.text
    assert "bản nháp" in done.text
