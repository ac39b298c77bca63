"""A seller's dashboard home: lines to pack, low stock, what it is owed, payouts and
OCOP ratings to renew, each with a link; and the weekly reminder e-mail."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from payments.models import PayoutLedgerEntry
from shop.partner.tasks import ocop_rating_reminders_send

pytestmark = pytest.mark.django_db


def _expiring(product, days):
    product.ocop_decision_date = timezone.localdate() - datetime.timedelta(days=1000)
    product.ocop_valid_until = timezone.localdate() + datetime.timedelta(days=days)
    product.save()


def test_seller_home_lists_what_to_do_and_what_it_is_owed(client, market):
    tea_record = market.tea.stockrecords.get()
    tea_record.num_in_stock = 4
    tea_record.save()
    _expiring(market.tea, 30)
    PayoutLedgerEntry.objects.create(
        partner=market.tea_coop,
        kind="sale",
        gross=300000,
        commission=15000,
        amount=285000,
    )
    PayoutLedgerEntry.objects.create(
        partner=market.tea_coop,
        kind="payout",
        gross=0,
        commission=0,
        amount=-100000,
        reference="FT555",
    )
    client.force_login(market.tea_user)

    page = client.get(reverse("dashboard:index")).content.decode()

    to_pack = page[page.index('id="to-pack"') : page.index('id="money"')]
    line = market.mixed.lines.get(partner=market.tea_coop)
    assert f"#line-{line.pk}" in to_pack and "Chè Shan hữu cơ" in to_pack
    assert "Mận" not in page  # never another seller's lines
    assert "185.000\u00a0₫" in page and "FT555" in page
    low = page[page.index('id="low-stock"') :]
    edit = reverse("dashboard:seller-product-edit", kwargs={"pk": market.tea.pk})
    assert edit in low
    ratings = page[page.index('id="expiring-ratings"') :]
    assert "Chè Shan hữu cơ" in ratings


def test_weekly_reminder_mails_each_seller_its_ratings_ending_within_90_days(market):
    _expiring(market.tea, 45)
    _expiring(market.plum, 200)
    mail.outbox.clear()

    assert ocop_rating_reminders_send() == 1

    (message,) = mail.outbox
    assert message.to == ["che@example.com"]
    assert "Chè Shan hữu cơ" in message.body and "Mận" not in message.body
    assert "OCOP" in message.subject and "hết hạn" in message.body
