"""A buyer on a phone finds a product and puts it in the basket, in a real browser."""

import pytest
from oscar.test.factories import CountryFactory

from tests.factories import ProductFactory

# serialized_rollback: a transactional test empties the database when it ends; this
# brings back what migrations seeded (Wagtail root page, locales, banks) first.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_buyer_browses_from_home_to_basket_on_a_phone(live_server, phone_page):
    from cms.services import home_page_install

    home_page_install(title="Chợ OCOP Lào Cai")
    CountryFactory(iso_3166_1_a2="VN", is_shipping_country=True)
    product = ProductFactory(title="Chè Shan hữu cơ Bản Liền", ocop_stars=5)
    page = phone_page

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Chợ OCOP Lào Cai"
    page.get_by_role("link", name=product.title).first.click()
    page.wait_for_url(f"**{product.get_absolute_url()}")
    assert page.locator(".ocop-info").get_by_text("OCOP 5 sao").is_visible()
    page.locator("#add_to_basket_form .btn-add").click()
    page.goto(live_server.url + "/basket/")
    assert page.get_by_text(product.title).first.is_visible()
    assert "150.000\xa0₫" in page.locator("body").inner_text()  # Babel: no-break space
