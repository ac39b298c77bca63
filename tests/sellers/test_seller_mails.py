"""Mail to sellers (new order, invitation, OCOP ratings ending): in Vietnamese
whatever language the buyer or operator used, text and HTML, amounts in đồng, links
on the site's own address, and names typed by sellers escaped."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from shop.partner.services import seller_user_invite
from shop.partner.tasks import ocop_rating_reminders_send
from shop.site import site_from_settings_update
from tests.language import untranslated, visible_texts
from tests.sellers.helpers import order_place, product_of, seller_with_login

pytestmark = pytest.mark.django_db

SITE = "https://cho.example.vn"
SCRIPT = "<script>alert('htx')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;htx&#x27;)&lt;/script&gt;"


@pytest.fixture(autouse=True)
def mail_site(settings):
    settings.SITE_URL = SITE
    settings.WAGTAILADMIN_BASE_URL = SITE
    site_from_settings_update()


@pytest.fixture
def script_seller(db):
    seller, user = seller_with_login(
        name=SCRIPT, email="htx@example.com", shipping_charge=20000
    )
    product = product_of(seller, title="Chè Shan", price=150000, sku="CHE-9")
    return seller, user, product


def html_part(message) -> str:
    (html,) = [c for c, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def assert_vietnamese_with_links(message, *, client, user=None) -> str:
    """Vietnamese in both parts; every link on SITE_URL and opening (as ``user``)."""
    html = html_part(message)
    assert untranslated(message.body.splitlines() + [message.subject]) == []
    assert untranslated(visible_texts(html)) == []
    urls = re.findall(r"https?://[^\s\"'<>]+", message.body)
    urls += re.findall(r'href="([^"]+)"', html)
    assert urls
    if user is not None:
        client.force_login(user)
    for url in set(urls):
        assert url.startswith(SITE + "/"), url
        assert not url.startswith(SITE + "/en/"), url
        page = client.get(url.removeprefix(SITE), follow=True)
        assert page.status_code == 200, url
        assert 'lang="vi"' in page.content.decode()
    return html


def test_the_new_order_mail_is_vietnamese_for_an_english_buyers_order(
    client, script_seller, django_capture_on_commit_callbacks
):
    seller, user, product = script_seller
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        order = order_place(items=[(product, 2)], email="buyer@example.com")

    (message,) = [m for m in mail.outbox if "htx@example.com" in m.to]
    assert "Đơn hàng mới" in message.subject
    assert SCRIPT in message.body  # plain text, shown as typed
    assert "300.000\u00a0₫" in message.body and "320.000\u00a0₫" in message.body
    html = assert_vietnamese_with_links(message, client=client, user=user)
    assert "<script>" not in html and ESCAPED in html
    assert "320.000\u00a0₫" in html
    assert str(order.number) in html


def test_the_invitation_is_vietnamese_with_both_parts(
    client, script_seller, django_capture_on_commit_callbacks
):
    seller, _user, _product = script_seller
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        seller_user_invite(partner=seller, email="moi@example.com", site_url=SITE + "/")

    (message,) = mail.outbox
    assert message.to == ["moi@example.com"]
    assert SCRIPT in message.subject and SCRIPT in message.body
    html = assert_vietnamese_with_links(message, client=client)
    assert "<script>" not in html and ESCAPED in html


def test_the_ocop_reminder_is_vietnamese_with_both_parts(client, script_seller):
    seller, user, product = script_seller
    product.ocop_decision_date = timezone.localdate() - datetime.timedelta(days=1000)
    product.ocop_valid_until = timezone.localdate() + datetime.timedelta(days=30)
    product.save()
    mail.outbox.clear()

    with translation.override("en"):
        assert ocop_rating_reminders_send() == 1

    (message,) = mail.outbox
    assert "Chè Shan" in message.body
    html = assert_vietnamese_with_links(message, client=client, user=user)
    assert "<script>" not in html and ESCAPED in html
