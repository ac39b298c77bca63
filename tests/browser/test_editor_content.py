"""An editor builds the home page in Wagtail from Oscar products and sellers."""

import pytest
from playwright.sync_api import expect

from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

# serialized_rollback: a transactional test empties the database when it ends; this
# brings back what migrations seeded (Wagtail root page, locales, banks) first.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


#: A chooser's results come from the server; on a loaded CI machine that can take
#: longer than the page's default 10 s.
CHOOSER_RESULTS_TIMEOUT = 30_000


def _chooser_opened(page, button):
    """Click a chooser's button until its modal opens. In one CI run out of four the
    spotlight's chooser, just inserted, was clicked before Wagtail had bound its
    script: no modal came (the screenshot showed the button, and no modal)."""
    modal = page.locator(".modal")
    for _attempt in range(3):
        button.click()
        try:
            expect(modal).to_be_visible(timeout=10_000)
            return modal
        except AssertionError:
            continue
    expect(modal).to_be_visible()
    return modal


def _chosen(modal, name):
    """Pick ``name`` in a Wagtail chooser modal once its results have arrived."""
    link = modal.get_by_role("link", name=name)
    expect(link).to_be_visible(timeout=CHOOSER_RESULTS_TIMEOUT)
    link.click()


def test_editor_adds_a_product_grid_and_a_seller_spotlight(live_server, desktop_page):
    from cms.services import home_page_install

    home, _ = home_page_install(title="Chợ OCOP Lào Cai")
    home.body = []
    home.save_revision().publish()
    UserFactory(email="editor@example.com", is_staff=True, is_superuser=True)
    seller = SellerFactory(name="HTX Quang Tom")
    picked = []
    for title in ("Lê Nậm Pung", "Cốm Na Lo"):
        product = ProductFactory(title=title, stockrecords=None)
        StockRecordFactory(product=product, partner=seller)
        picked.append(product)
    ProductFactory(title="Không được chọn")
    page = desktop_page

    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor@example.com")
    page.fill("input[name=password]", "test-password")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")

    # A product grid with two products picked through the product chooser.
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Lưới sản phẩm").click()
    for product in picked:
        page.locator("button.c-sf-add-button[title='Thêm']").last.click()
        modal = _chooser_opened(
            page, page.get_by_role("button", name="Chọn sản phẩm").last
        )
        modal.get_by_placeholder("Tìm kiếm").fill(product.title.split()[0])
        _chosen(modal, product.title)
        modal.wait_for(state="hidden")

    # A seller spotlight with a seller picked through the seller chooser.
    page.locator("button.c-sf-add-button[title='Insert a block']").last.click()
    page.get_by_role("option", name="Giới thiệu người bán").click()
    # The product grid's seller rule has a chooser too: wait for the spotlight's own
    # (added with its first item, or by "Thêm" when the list starts empty).
    choosers = page.get_by_role("button", name="Chọn người bán")
    try:
        expect(choosers).to_have_count(2, timeout=3000)
    except AssertionError:
        page.locator("button.c-sf-add-button[title='Thêm']").last.click()
        expect(choosers).to_have_count(2)
    modal = _chooser_opened(page, choosers.last)
    _chosen(modal, "HTX Quang Tom")
    modal.wait_for(state="hidden")

    page.get_by_role("button", name="Thao tác khác").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"**/admin/pages/{home.get_parent().pk}/")

    page.goto(live_server.url + "/")
    titles = [t.strip() for t in page.locator(".ocop-card-title").all_inner_texts()]
    assert titles == ["Lê Nậm Pung", "Cốm Na Lo"]
    assert page.locator(".cms-sellers").get_by_text("HTX Quang Tom").is_visible()
    assert "2 sản phẩm đang bán" in page.locator(".cms-sellers").inner_text()
