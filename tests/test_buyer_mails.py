"""The buyer's mail after the order (paid, expired, late transfer, shipped,
delivered): sent once, in the order's language, text and HTML, links on the site's
own address that open the order, and what a seller typed escaped."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from oscar.core.loading import get_model

from payments.services import orders_expire
from shop.checkout.services import order_language_record
from shop.site import site_from_settings_update
from tests.language import leaked_vietnamese, untranslated, visible_texts
from tests.payments.conftest import order_awaiting_payment, payment_settings
from tests.payments.localstripe import WEBHOOK_SECRET
from tests.payments.test_bank_webhooks import post, transfer
from tests.payments.test_stripe import post_event, signed_event
from tests.sellers.helpers import order_place, product_of, seller_with_login
from tests.sellers.test_fulfilment import _step

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

SITE = "https://cho.example.vn"
LANGUAGES = ["vi", "en"]
__all__ = ["payment_settings"]  # every provider on with test keys (autouse)


@pytest.fixture(autouse=True)
def mail_site(settings):
    settings.SITE_URL = SITE
    settings.OSCAR_URL_SCHEMA = "https"
    site_from_settings_update()


def html_part(message) -> str:
    (html,) = [c for c, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def mails_about(order, words):
    number = str(order.number)
    return [m for m in mail.outbox if number in m.subject and words in m.subject]


def open_page(client, path: str, *, order):
    """The page at ``path`` as the buyer sees it: a guest's order page first asks
    for the order's e-mail address."""
    page = client.get(path, follow=True)
    if "order-status-form" in page.request["PATH_INFO"]:
        page = client.post(
            page.request["PATH_INFO"], {"email": order.email}, follow=True
        )
    return page


def assert_readable(message, *, language: str, client, order) -> str:
    """The mail is in ``language`` in both parts, and every link is absolute on
    the site's address and opens the order in that language. Its HTML."""
    html = html_part(message)
    texts = message.body.splitlines() + [message.subject]
    wrong = untranslated if language == "vi" else leaked_vietnamese
    assert wrong(texts) == []
    assert wrong(visible_texts(html)) == []
    urls = re.findall(r"https?://[^\s\"'<>]+", message.body)
    urls += re.findall(r'href="([^"]+)"', html)
    assert urls
    for url in set(urls):
        assert url.startswith(SITE + "/"), url
        path = urlsplit(url).path
        assert path.startswith("/en/") == (language == "en"), url
        page = open_page(client, path, order=order)
        assert page.status_code == 200, url
        assert str(order.number) in page.content.decode()
        assert f'lang="{language}"' in page.content.decode()
    assert "example.com/" not in message.body + html
    return html


def order_in(language: str, **kwargs):
    order = order_awaiting_payment(**kwargs)
    order_language_record(order=order, code=language)
    mail.outbox.clear()
    return order


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_matched_transfer_mails_the_buyer_once_that_it_is_paid(
    client, language, django_capture_on_commit_callbacks
):
    order = order_in(language)
    body, headers = transfer(order, "sepay")
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "sepay", body, headers).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "sepay", body, headers)  # the bank's copy changes nothing
        body, headers = transfer(order, "casso")  # a second transfer: review
        post(client, "casso", body, headers)

    words = "Đã nhận thanh toán" if language == "vi" else "Payment received"
    (message,) = mails_about(order, words)
    assert message.to == ["khach@example.com"]
    amount = "300.000\u00a0₫" if language == "vi" else "300,000\u00a0₫"
    assert amount in message.body
    html = assert_readable(message, language=language, client=client, order=order)
    assert amount in html
    assert order.communication_events.filter(event_type__code="ORDER_PAID").count() == 1


def test_a_card_payment_mails_the_buyer_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    order = order_in("en", method="stripe", reference="pi_mail_test")
    succeeded = {
        "object": "payment_intent",
        "id": "pi_mail_test",
        "amount": 300000,
        "amount_received": 300000,
    }
    for _attempt in range(2):  # Stripe retries; a second event changes nothing
        with django_capture_on_commit_callbacks(execute=True):
            response = post_event(
                client, *signed_event("payment_intent.succeeded", succeeded)
            )
        assert response.status_code == 200

    (message,) = mails_about(order, "Payment received")
    assert_readable(message, language="en", client=client, order=order)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unpaid_order_is_cancelled_with_one_mail_in_the_buyers_language(
    client, settings, language
):
    order = order_in(language)
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now()
        - datetime.timedelta(hours=settings.PAYMENT_EXPIRY_HOURS + 1)
    )
    assert orders_expire() == [order.number]
    assert orders_expire() == []

    words = "đã bị huỷ" if language == "vi" else "was cancelled"
    (message,) = mails_about(order, words)
    assert_readable(message, language=language, client=client, order=order)
    assert len(mail.outbox) == 1


def test_the_late_transfer_mail_has_both_parts_and_opens_the_order(
    client, settings, django_capture_on_commit_callbacks
):
    from tests.payments.test_late_transfers import expired_order

    order = expired_order(settings, quantity=1)
    order_language_record(order=order, code="en")
    stock = order.lines.get().stockrecord
    stock.num_in_stock = 0
    stock.save()
    mail.outbox.clear()
    body, headers = transfer(order, "payos", amount=150000)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "payos", body, headers).status_code == 200

    (message,) = mails_about(order, "We received your payment")
    html = assert_readable(message, language="en", client=client, order=order)
    assert "150,000\u00a0₫" in html


@pytest.fixture
def script_seller_order(db, django_capture_on_commit_callbacks):
    """A cash-on-delivery order of a seller whose name is a script."""
    seller, user = seller_with_login(
        name="<script>alert('htx')</script>", email="htx@example.com"
    )
    product = product_of(seller, title="Chè <b>Shan</b>", price=150000, sku="CHE-9")
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(items=[(product, 2)], email="lan@example.com")
    mail.outbox.clear()
    return order, user


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_then_delivered_each_mail_the_buyer_once(
    client, language, script_seller_order, django_capture_on_commit_callbacks
):
    order, seller_user = script_seller_order
    order_language_record(order=order, code=language)
    line = order.lines.get()
    client.force_login(seller_user)
    with django_capture_on_commit_callbacks(execute=True):
        _step(client, order, line, "Packed")
        _step(
            client,
            order,
            line,
            "Shipped",
            carrier="<i>Viettel Post</i>",
            tracking_number="VTP123456789",
        )
    assert len(mail.outbox) == 1  # packing tells nobody
    client.logout()

    shipped = mail.outbox[0]
    assert shipped.to == ["lan@example.com"]
    assert "<script>alert('htx')</script>" in shipped.subject  # plain text
    for text in ("Chè <b>Shan</b> × 2", "<i>Viettel Post</i>", "VTP123456789"):
        assert text in shipped.body
    html = assert_readable(shipped, language=language, client=client, order=order)
    assert "<script>" not in html and "<i>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;htx&#x27;)&lt;/script&gt;" in html
    assert "&lt;i&gt;Viettel Post&lt;/i&gt;" in html and "VTP123456789" in html

    client.force_login(seller_user)
    with django_capture_on_commit_callbacks(execute=True):
        _step(client, order, line, "Delivered")
    client.logout()
    assert len(mail.outbox) == 2
    delivered = mail.outbox[1]
    words = "đã được giao" if language == "vi" else "were delivered"
    assert words in delivered.subject
    html = assert_readable(delivered, language=language, client=client, order=order)
    assert "&lt;script&gt;" in html and "<script>" not in html
