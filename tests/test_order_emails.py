"""Order e-mails a buyer can act on: in the buyer's language, on the site's own
address, and for VietQR with the QR and the bank details inside."""

import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from payments.methods import order_code
from payments.selectors import order_payment_view
from shop.mail import email_from_data, email_to_data
from tests.language import leaked_vietnamese, untranslated, visible_texts
from tests.test_checkout import (
    add_to_basket,
    checkout_as_guest,
    two_sellers_products,  # noqa: F401 (fixture)
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

SITE = "https://cho.example.vn"


@pytest.fixture
def mail_settings(settings):
    settings.SITE_URL = SITE
    settings.OSCAR_URL_SCHEMA = "https"
    settings.PAYMENT_METHODS = ["vietqr", "cod"]
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011009999999"
    settings.VIETQR_ACCOUNT_HOLDER = "TT XUC TIEN THUONG MAI LAO CAI"
    from shop.site import site_from_settings_update

    site_from_settings_update()
    return settings


def test_migrate_sets_the_site_from_site_url_and_the_marketplace_name(settings):
    settings.SITE_URL = "https://cho-ocop.example.vn"
    settings.OSCAR_SHOP_NAME = "Chợ OCOP Lào Cai"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("cho-ocop.example.vn", "Chợ OCOP Lào Cai")


def order_mail(order):
    """The order's mail as the worker sends it: rendered by the worker once the
    order commits (shop.checkout.tasks), serialised for the task queue (shop.mail)
    and rebuilt."""
    (sent,) = [m for m in mail.outbox if order.number in m.subject]
    message = email_from_data(data=email_to_data(message=sent))
    html = next(c for c, mimetype in message.alternatives if mimetype == "text/html")
    return message, html


def links(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_the_vietqr_order_mail_carries_the_qr_and_the_bank_details(
    django_app,
    mail_settings,
    two_sellers_products,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tea, _plum = two_sellers_products
    add_to_basket(django_app, tea)
    with django_capture_on_commit_callbacks(execute=True):
        checkout_as_guest(django_app, method="vietqr")
    order = Order.objects.get()
    message, html = order_mail(order)
    start = order_payment_view(order=order).start

    assert message.to == ["khach@example.com"]
    assert "thanh toán" in message.subject
    for detail in (
        start.bank_name,
        "0011009999999",
        "TT XUC TIEN THUONG MAI LAO CAI",
        str(start.amount),
        order_code(order.number),
    ):
        assert detail in message.body
        assert detail in html

    # The QR is a picture inside the mail (cid:), and it is the order's VietQR.
    cid = re.search(r'src="cid:([^"]+)"', html).group(1)
    (picture,) = [
        part
        for part in message.message().walk()
        if part.get("Content-ID") == f"<{cid}>"
    ]
    assert picture.get_content_type() == "image/png"
    image = Image.open(io.BytesIO(picture.get_payload(decode=True)))
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == start.qr_payload
    assert message.message().get_content_subtype() == "related"

    # Every link goes to the site's own address, and the payment page opens.
    for url in links(message.body) + re.findall(r'href="([^"]+)"', html):
        assert url.startswith(SITE + "/"), url
    assert "example.com" not in message.body + html
    payment_url = next(u for u in links(message.body) if "/payment/" in u)
    page = django_app.get(urlsplit(payment_url).path)
    assert order_code(order.number) in page.text
    assert "payment-refresh" in page.text


def test_the_cash_on_delivery_mail_is_vietnamese_through_and_through(
    django_app,
    mail_settings,
    two_sellers_products,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tea, plum = two_sellers_products
    add_to_basket(django_app, tea)
    add_to_basket(django_app, plum)
    with django_capture_on_commit_callbacks(execute=True):
        checkout_as_guest(django_app, method="cod")
    order = Order.objects.get()
    message, html = order_mail(order)

    assert "Xã Bản Liền" in message.body
    assert "0912 345 678" in message.body
    assert "HTX Quang Tom" in message.body  # lines grouped by seller
    assert "tiền mặt" in message.body
    assert untranslated(message.body.splitlines() + [message.subject]) == []
    assert untranslated(visible_texts(html)) == []
    status_url = next(u for u in links(message.body) if "order-status" in u)
    assert status_url.startswith(SITE + "/")


def test_an_english_buyer_gets_english_mail(
    django_app,
    mail_settings,
    two_sellers_products,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    tea, _plum = two_sellers_products
    with translation.override("en"):
        add_to_basket(django_app, tea)
        with django_capture_on_commit_callbacks(execute=True):
            checkout_as_guest(django_app, method="vietqr")
        assert reverse("basket:summary").startswith("/en/")
    order = Order.objects.get()
    assert order.buyer_language.code == "en"
    message, html = order_mail(order)
    assert "please pay" in message.subject
    assert "Account number" in message.body
    assert leaked_vietnamese(message.body.splitlines() + [message.subject]) == []
    assert leaked_vietnamese(visible_texts(html)) == []
