"""A buyer follows an order, as a guest from the e-mail or in the account:
Vietnamese, payment state, each seller's line states, no tax, reviews once
delivered."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import UserFactory
from tests.language import untranslated, visible_texts
from tests.test_checkout import (
    add_to_basket,
    checkout_as_guest,
    checkout_from_address,
    two_sellers_products,  # noqa: F401 (fixture)
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def own_part(html: str) -> str:
    """The page without the site header and footer (the `storefront` work)."""
    soup = BeautifulSoup(html, "html.parser")
    parts = soup.select(".page-header, #content_inner")
    return "".join(str(part) for part in parts)


def status_link(order) -> str:
    (message,) = [m for m in mail.outbox if order.number in m.subject]
    url = next(
        u for u in re.findall(r"https?://\S+", message.body) if "order-status" in u
    )
    return "/" + url.split("/", 3)[3]


def test_a_guest_follows_the_order_from_the_mail_in_vietnamese(
    django_app,
    two_sellers_products,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tea, plum = two_sellers_products
    add_to_basket(django_app, tea)
    add_to_basket(django_app, plum)
    with django_capture_on_commit_callbacks(execute=True):
        checkout_as_guest(django_app)
    order = Order.objects.get()
    django_app.reset()  # a new browser: only the mail's link

    form_page = django_app.get(status_link(order)).follow()
    assert "Để xem đơn hàng" in form_page.text
    assert untranslated(visible_texts(own_part(form_page.text))) == []
    form = next(f for f in form_page.forms.values() if "email" in f.fields)
    form["email"] = "khach@example.com"
    page = form.submit().follow()

    text = page.text
    assert "Chờ xử lý" in text  # the order's status, in Vietnamese
    assert "Thanh toán khi nhận hàng" in text  # how and whether it is paid
    assert "HTX Quang Tom" in text and "HTX Chè Bản Liền" in text
    assert page.html.select(".line-status")[0].get_text(strip=True) == "Chờ xử lý"
    assert "thuế" not in text.lower() and "tax" not in text.lower()
    assert "Viết đánh giá" not in text  # not delivered yet
    assert "Xã Bản Liền" in text
    assert untranslated(visible_texts(own_part(text))) == []


def test_reviews_are_offered_only_for_delivered_lines(
    django_app,
    two_sellers_products,  # noqa: F811
):
    tea, _plum = two_sellers_products
    buyer = UserFactory(email="lan@example.com")
    django_app.set_user(buyer)
    add_to_basket(django_app, tea)
    checkout_from_address(django_app, django_app.get(reverse("checkout:index")))
    order = Order.objects.get()
    url = reverse("customer:order", kwargs={"order_number": order.number})

    page = django_app.get(url)
    assert "Viết đánh giá" not in page.text
    assert untranslated(visible_texts(own_part(page.text))) == []

    order.lines.update(status="Delivered")
    page = django_app.get(url)
    assert "Đã giao" in page.text
    assert "Viết đánh giá" in page.text
