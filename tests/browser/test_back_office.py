"""The back office on a 360×800 phone (issue 17).

A seller signs in, lists a product with two photos in at most twelve actions, sees it
on the storefront, ships an order line with a tracking number and sees its balance.
An editor creates and publishes a campaign page whose address is ASCII, and nothing
the admin loads leaves this server.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from payments.models import PayoutLedgerEntry
from tests.factories import ProductClassFactory, UserFactory
from tests.sellers.helpers import order_place, seller_with_login

Product = get_model("catalogue", "Product")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Actions:
    """Counts what the person does (clicks, typing, choosing), not page loads."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.locator(selector).click()

    def fill(self, selector, value):
        self.count += 1
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.count += 1
        self.page.select_option(selector, value)

    def files(self, selector, paths):
        self.count += 1
        self.page.set_input_files(selector, paths)


def _photo(path, colour):
    Image.new("RGB", (3000, 2000), colour).save(path, format="JPEG")
    return str(path)


def _outside_requests(page, base_url):
    """Every request the page makes to another host, recorded as it happens."""
    local = urlsplit(base_url).hostname
    outside = []
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).hostname not in (local, "localhost", "127.0.0.1")
            and not request.url.startswith(("data:", "blob:"))
            and outside.append(request.url)
        ),
    )
    return outside


def test_seller_lists_a_product_ships_a_line_and_sees_its_balance(
    live_server, phone_page, tmp_path
):
    ProductClassFactory()
    category = create_from_breadcrumbs("Chè")
    seller, _user = seller_with_login(
        name="HTX Chè Bản Liền", email="che@example.com", province="Lào Cai"
    )
    page, base = phone_page, live_server.url
    outside = _outside_requests(page, base)

    page.goto(base + reverse("dashboard:login"))
    page.fill("#dashboard_login_form input[name=username]", "che@example.com")
    page.fill("#dashboard_login_form input[name=password]", "test-password")
    page.locator("#dashboard_login_form input[type=submit]").click()
    page.wait_for_url(f"**{reverse('dashboard:index')}")
    assert "logo_oscar" not in page.content()
    brand = page.locator(".ocop-brand")
    assert brand.inner_text().strip() == "Chợ OCOP Lào Cai" and brand.is_visible()

    act = Actions(page)
    act.click("#list-a-product")
    act.fill("#id_title", "Chè Shan tuyết cổ thụ")
    act.select("#id_category", str(category.pk))
    act.fill("#id_price", "150.000")
    act.fill("#id_num_in_stock", "20")
    act.files(
        "#id_photos",
        [_photo(tmp_path / "a.jpg", "red"), _photo(tmp_path / "b.jpg", "green")],
    )
    act.select("#id_origin_commune", "2869")  # Xã Bản Liền, in the seller's province
    act.fill("#id_description", "Chè búp hái tay từ cây cổ thụ.")
    act.click("#publish")
    page.wait_for_url("**/products/sell/*/")
    assert act.count <= 12
    assert page.locator("#product-status").get_by_text("Đang bán").is_visible()

    product = Product.objects.get(title="Chè Shan tuyết cổ thụ")
    assert product.is_public and product.images.count() == 2
    with Image.open(product.images.first().original) as stored:
        assert max(stored.size) <= 1600  # shrunk before or on upload

    page.locator("#product-status a").click()  # "Xem trên chợ"
    page.wait_for_url(f"**{product.get_absolute_url()}")
    assert "150.000" in page.content()

    # An order arrives and the buyer's payment is credited to the seller.
    order = order_place(items=[(product, 2)], email="lan@example.com")
    line = order.lines.get()
    PayoutLedgerEntry.objects.create(
        partner=seller,
        kind="sale",
        line=line,
        gross=300000,
        commission=15000,
        amount=285000,
    )

    page.goto(base + reverse("dashboard:index"))
    page.locator(f"#to-pack a[href$='#line-{line.pk}']").click()
    card = page.locator(f"#line-{line.pk}")
    # One column on a phone: the step's button under the line's name, not beside it
    # (the storefront's flex .seller-card once squeezed them into a row).
    title, step = (
        card.locator("h3"),
        card.get_by_role("button", name="Đánh dấu đã đóng gói"),
    )
    assert (
        step.bounding_box()["y"]
        >= title.bounding_box()["y"] + title.bounding_box()["height"]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    step.click()
    page.wait_for_load_state()
    card.locator("input[name=carrier]").fill("Viettel Post")
    card.locator("input[name=tracking_number]").fill("VTP123456789")
    card.get_by_role("button", name="Đánh dấu đã gửi hàng").click()
    page.wait_for_load_state()
    assert card.locator(".line-status").inner_text() == "Đang giao"
    assert "VTP123456789" in card.inner_text()

    page.goto(base + reverse("dashboard:index"))
    assert page.locator("#seller-balance").inner_text() == "285.000\u00a0₫"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the seller's home scrolls sideways on a phone"
    assert outside == []


def test_editor_publishes_a_campaign_with_an_ascii_address_offline(
    live_server, phone_page
):
    from cms.services import home_page_install

    home, _ = home_page_install(title="Chợ OCOP Lào Cai")
    UserFactory(email="editor@example.com", is_staff=True, is_superuser=True)
    page, base = phone_page, live_server.url
    outside = _outside_requests(page, base)

    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "editor@example.com")
    page.fill("input[name=password]", "test-password")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(f"{base}/admin/pages/add/cms/campaignpage/{home.pk}/")
    page.fill("#id_title", "Tuần lễ Đặc sản OCOP 4 sao")
    page.locator("#id_title").blur()
    page.get_by_role("button", name="Thao tác khác").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"**/admin/pages/{home.pk}/")

    from cms.models import CampaignPage

    campaign = CampaignPage.objects.get()
    assert campaign.slug == "tuan-le-dac-san-ocop-4-sao"
    assert campaign.live
    response = page.goto(f"{base}/tuan-le-dac-san-ocop-4-sao/")
    assert response.status == 200
    assert "Tuần lễ Đặc sản OCOP 4 sao" in page.content()
    assert outside == [], f"the admin reached other servers: {outside}"
