"""One order over two sellers: each seller sees, ships and is paid for its own part."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

Line = get_model("order", "Line")

pytestmark = pytest.mark.django_db


def test_order_total_includes_each_sellers_shipping_charge(market):
    assert market.mixed.shipping_incl_tax == Decimal(20000 + 30000)
    assert market.mixed.total_incl_tax == Decimal(2 * 150000 + 85000 + 50000)
    charges = {
        c.partner.name: c.charge for c in market.mixed.seller_shipping_charges.all()
    }
    assert charges == {"HTX Chè Bản Liền": 20000, "HTX Quang Tom": 30000}


def test_each_seller_sees_only_its_own_lines_totals_and_statuses(client, market):
    plum_line = market.mixed.lines.get(partner=market.plum_coop)
    plum_line.set_status("Packed")
    url = reverse("dashboard:order-detail", kwargs={"number": market.mixed.number})

    client.force_login(market.tea_user)
    page = client.get(url).content.decode()
    assert "Chè Shan hữu cơ" in page and "CHE-1" in page
    assert "Mận tam hoa" not in page and "MAN-1" not in page
    assert "300.000" in page  # its items
    assert "20.000" in page  # its shipping charge
    assert "320.000" in page  # its total
    assert "435.000" not in page  # never the whole order's total
    assert "lan@example.com" not in page  # the buyer's account is not its business
    assert "Thôn Bản Liền" in page  # the address it ships to is
    assert '<td class="line-status">Đã đóng gói</td>' not in page  # other's status

    client.force_login(market.plum_user)
    page = client.get(url).content.decode()
    assert "Mận tam hoa" in page and "Chè Shan" not in page
    assert "85.000" in page and "115.000" in page and "300.000" not in page
    assert '<strong class="line-status">Đã đóng gói</strong>' in page


def test_seller_order_list_shows_its_own_count_and_subtotal(client, market):
    client.force_login(market.tea_user)
    page = client.get(reverse("dashboard:order-list")).content.decode()
    assert f">{market.mixed.number}<" in page
    assert f">{market.plum_only.number}<" not in page
    assert "300.000" in page and "435.000" not in page


def test_seller_moves_its_lines_packed_shipped_delivered_then_records_cash(
    client, market
):
    client.force_login(market.tea_user)
    url = reverse("dashboard:order-detail", kwargs={"number": market.mixed.number})
    tea_line = market.mixed.lines.get(partner=market.tea_coop)
    for status in ("Packed", "Shipped", "Delivered"):
        response = client.post(
            url,
            {
                "line_action": "advance_line",
                "selected_line": [tea_line.pk],
                f"selected_line_qty_{tea_line.pk}": tea_line.quantity,
                "new_status": status,
                "carrier": "Viettel Post",
                "tracking_number": "VTP123456789",
            },
        )
        assert response.status_code == 302
        tea_line.refresh_from_db()
        assert tea_line.status == status

    response = client.post(url, {"order_action": "record_cash_received"}, follow=True)
    assert "320.000" in response.content.decode()
    source = market.mixed.sources.get()
    assert source.amount_debited == Decimal(320000)
    event = market.mixed.payment_events.get()
    assert event.amount == Decimal(320000)
    assert [line.pk for line in event.lines.all()] == [tea_line.pk]

    # Recording twice changes nothing and says why.
    response = client.post(url, {"order_action": "record_cash_received"}, follow=True)
    assert "đã được ghi nhận" in response.content.decode()
    source.refresh_from_db()
    assert source.amount_debited == Decimal(320000)
    # The other seller's line is untouched.
    assert market.mixed.lines.get(partner=market.plum_coop).status == "Pending"


def test_cash_cannot_be_recorded_before_delivery(client, market):
    client.force_login(market.tea_user)
    url = reverse("dashboard:order-detail", kwargs={"number": market.mixed.number})
    response = client.post(url, {"order_action": "record_cash_received"}, follow=True)
    assert "giao" in response.content.decode()
    assert market.mixed.sources.get().amount_debited == 0


def test_buyer_order_page_shows_each_sellers_part_with_its_status(django_app, market):
    from tests.factories import UserFactory

    buyer = UserFactory(email="buyer@example.com")
    market.mixed.user = buyer
    market.mixed.save()
    market.mixed.lines.get(partner=market.plum_coop).set_status("Packed")
    page = django_app.get(
        reverse("customer:order", kwargs={"order_number": market.mixed.number}),
        user=buyer,
    )
    parts = page.html.select(".ocop-order-part")
    assert [p.h3.a.text for p in parts] == ["HTX Chè Bản Liền", "HTX Quang Tom"]
    assert "Chờ xử lý" in parts[0].text and "Chè Shan" in parts[0].text
    assert "Đã đóng gói" in parts[1].text and "Mận tam hoa" in parts[1].text
    assert "30.000" in parts[1].text and "115.000" in parts[1].text


def test_each_seller_is_emailed_only_its_own_lines(market):
    # The fixture placed two orders: the mixed one mails both sellers, the other one.
    by_recipient = {}
    for message in mail.outbox:
        for to in message.to:
            by_recipient.setdefault(to, []).append(message.body)
    assert len(by_recipient["che@example.com"]) == 1
    tea_mail = by_recipient["che@example.com"][0]
    assert "Chè Shan hữu cơ" in tea_mail and "320.000" in tea_mail
    assert "Mận" not in tea_mail and "435.000" not in tea_mail
    assert len(by_recipient["man@example.com"]) == 2
    assert all("Chè" not in body for body in by_recipient["man@example.com"])
