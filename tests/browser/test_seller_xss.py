"""A seller's script never runs in a visitor's browser (issue 14).

Two layers, each shown in Chromium: the seller's HTML is cleaned (shop/seller_html.py)
so the payload never reaches the page while the allowed tags still render; and if a
script ever got into a page anyway, the Content-Security-Policy blocks it and the
browser reports the violation.
"""

import pytest
from oscar.core.loading import get_model

from tests.factories import SellerFactory
from tests.sellers.helpers import product_of

Product = get_model("catalogue", "Product")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAYLOAD = (
    "<p>Chè <strong>Shan tuyết</strong> cổ thụ</p>"
    "<script>window.sellerScriptRan = 1; document.title = 'pwned';</script>"
    "<img src=x onerror=\"window.sellerScriptRan = 2; document.title = 'pwned'\">"
    "<ul><li>Hộp 100 g</li></ul>"
)


@pytest.fixture
def tea(db):
    seller = SellerFactory(name="HTX Chè Bản Liền", description=PAYLOAD)
    product = product_of(seller, title="Chè Shan tuyết", price=250000, sku="CHE-1")
    product.description = PAYLOAD
    product.save()
    # A row written around save() (a bulk update, an old backup) is cleaned on display.
    Product.objects.filter(pk=product.pk).update(description=PAYLOAD)
    return product


def test_a_sellers_script_does_not_run_on_the_product_and_seller_pages(
    live_server, phone_page, tea
):
    page = phone_page
    for path in (tea.get_absolute_url(), tea.seller.get_absolute_url()):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")

        assert page.evaluate("window.sellerScriptRan") is None
        assert page.title() != "pwned"
        text = page.locator(".pdp-description, .ocop-seller-description")
        assert text.locator("strong").inner_text() == "Shan tuyết"
        assert text.locator("li").inner_text() == "Hộp 100 g"
        assert text.locator("script, img").count() == 0
    # The page's own scripts ran (the fixture fails the test on any CSP violation).
    scripts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any("shop/storefront" in name for name in scripts)


def test_a_script_that_got_into_a_page_anyway_is_blocked_by_the_policy(
    live_server, phone_page, tea
):
    """Pretend the sanitiser missed it: the HTML is altered on its way to the
    browser, headers untouched."""
    page = phone_page

    def inject(route):
        response = route.fetch()
        html = response.text().replace("</body>", PAYLOAD + "</body>", 1)
        route.fulfill(response=response, body=html)

    page.route(f"**{tea.get_absolute_url()}", inject)
    page.goto(live_server.url + tea.get_absolute_url())
    page.wait_for_load_state("load")

    assert page.evaluate("window.sellerScriptRan") is None
    assert page.title() != "pwned"
    assert page.locator("body > script:not([src]):not([nonce])").count() == 1
    blocked = list(page.csp_violations)
    assert any("script-src" in v for v in blocked), blocked
    page.csp_violations.clear()  # expected here; any other page would fail
