"""The vendor's feed, statement and what each kind of user may see."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from payments.markets.models import StallPayment
from payments.markets.selectors import stall_feed
from tests.factories import UserFactory
from tests.markets.conftest import post, stall_transfer

pytestmark = [pytest.mark.django_db, pytest.mark.at_any_hour]


def pay(client, stall, amount, memo=None, provider="sepay"):
    body, headers = stall_transfer(stall, provider, amount=amount, memo=memo)
    assert post(client, provider, body, headers).status_code == 200
    return StallPayment.objects.latest("id")


def feed_json(client, stall, since=0):
    response = client.get(
        reverse("markets:feed-json", args=[stall.pk]), {"since": since}
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_vendor_sees_only_its_own_stalls_transfers(
    client, stall, other_stall, vendor_user
):
    pay(client, stall, 35000, memo="mua rau cai")
    pay(client, other_stall, 99000, memo="mua thit")
    client.force_login(vendor_user)

    page = client.get(reverse("markets:feed", args=[stall.pk]))
    data = feed_json(client, stall)

    assert page.status_code == 200
    html = page.content.decode()
    assert "35.000\u00a0₫" in html and "mua rau cai" in html
    assert "99.000" not in html and "mua thit" not in html
    assert [p["amount"] for p in data["payments"]] == [35000]
    assert data["today_total"] == 35000
    for name in ("markets:feed", "markets:statement", "markets:one-off-qr"):
        assert client.get(reverse(name, args=[other_stall.pk])).status_code == 403
    assert (
        client.get(reverse("markets:feed-json", args=[other_stall.pk])).status_code
        == 403
    )


def test_manager_sees_its_markets_stalls_and_not_another_market(
    client, manager, stall, other_stall, other_market_stall
):
    pay(client, stall, 35000)
    pay(client, other_stall, 20000)
    pay(client, other_market_stall, 77000)
    client.force_login(manager)

    assert feed_json(client, stall)["today_total"] == 35000
    assert feed_json(client, other_stall)["today_total"] == 20000
    board = client.get(reverse("markets:board", args=[stall.market.pk]))
    assert board.status_code == 200
    assert board.context["overview"].today_total == 55000
    assert "77.000" not in board.content.decode()
    other_market = other_market_stall.market
    assert (
        client.get(reverse("markets:board", args=[other_market.pk])).status_code == 403
    )
    assert (
        client.get(reverse("markets:feed", args=[other_market_stall.pk])).status_code
        == 403
    )


def test_a_stall_handed_to_a_new_vendor_does_not_show_the_old_vendors_money(
    client, stall
):
    pay(client, stall, 35000)
    stall.vendor = None
    stall.save()
    from payments.markets import services
    from tests.markets.conftest import agribank

    services.stall_vendor_assign(
        stall=stall,
        name="Người bán mới",
        bank=agribank(),
        account_number="8801000000077",
        account_holder="NGUOI BAN MOI",
    )
    stall.refresh_from_db()

    assert stall_feed(stall=stall, since=0)["payments"] == []


def test_others_are_sent_to_login_or_refused(client, stall):
    feed_url = reverse("markets:feed", args=[stall.pk])
    assert client.get(feed_url).status_code == 302
    assert "/accounts/login/" in client.get(feed_url)["Location"]
    assert client.get(reverse("markets:feed-json", args=[stall.pk])).status_code == 401
    client.force_login(UserFactory())
    assert client.get(feed_url).status_code == 403
    assert client.get(reverse("markets:board", args=[stall.market.pk])).status_code == (
        403
    )
    assert client.get(reverse("markets:markets")).status_code == 403


def test_operator_sees_every_stall(client, stall, other_market_stall):
    pay(client, other_market_stall, 12000)
    client.force_login(UserFactory(is_staff=True))

    assert feed_json(client, other_market_stall)["today_total"] == 12000
    markets = client.get(reverse("markets:markets"))
    assert {m.name for m in markets.context["markets"]} == {"Chợ Bến Đò", "Chợ Cốc Lếu"}


def test_the_cursor_returns_only_newer_transfers_and_repeats_none_once_old(
    client, stall, vendor_user
):
    client.force_login(vendor_user)
    first = pay(client, stall, 10000)
    start = feed_json(client, stall)
    second = pay(client, stall, 25000)

    later = timezone.now() + datetime.timedelta(minutes=5)  # past the look-back
    caught_up = stall_feed(stall=stall, since=start["cursor"], now=later)

    assert start["cursor"] == first.pk
    assert [p["id"] for p in caught_up["payments"]] == [second.pk]
    assert caught_up["today_total"] == 35000
    assert (
        stall_feed(stall=stall, since=caught_up["cursor"], now=later)["payments"] == []
    )


def test_recent_transfers_come_again_so_a_late_commit_is_not_missed(client, stall):
    first = pay(client, stall, 10000)
    second = pay(client, stall, 25000)

    # A page whose cursor is past ``first`` (as if ``first`` committed late).
    data = stall_feed(stall=stall, since=second.pk)

    assert first.pk in [p["id"] for p in data["payments"]]
    assert data["cursor"] == second.pk


def test_the_feed_follows_the_date_when_the_day_changes(client, stall):
    pay(client, stall, 35000)
    now = timezone.now()
    tomorrow = now + datetime.timedelta(days=1)

    today = stall_feed(stall=stall, since=0, now=now)
    next_day = stall_feed(stall=stall, since=today["cursor"], now=tomorrow)

    assert today["today_total"] == 35000
    assert (
        next_day["day"]
        == (timezone.localdate(now) + datetime.timedelta(days=1)).isoformat()
    )
    assert next_day["today_total"] == 0
    assert next_day["payments"] == []


def test_a_bad_cursor_is_a_clear_400(client, stall, vendor_user):
    client.force_login(vendor_user)
    response = client.get(
        reverse("markets:feed-json", args=[stall.pk]), {"since": "abc"}
    )
    assert response.status_code == 400
    assert "since" in response.json()["error"]


def test_statement_lists_the_day_and_its_csv_adds_up(client, stall, vendor_user):
    amounts = [35000, 12000, 150000]
    for amount in amounts:
        pay(client, stall, amount, memo=f"Nguyễn Văn A trả {amount}")
    client.force_login(vendor_user)
    url = reverse("markets:statement", args=[stall.pk])

    page = client.get(url)
    download = client.get(url, {"format": "csv"})

    assert page.status_code == 200
    assert page.context["total"] == sum(amounts)
    assert "197.000\u00a0₫" in page.content.decode()
    today_row = page.context["recent_days"][0]
    assert (today_row.day, today_row.count, today_row.total) == (
        timezone.localdate(),
        3,
        197000,
    )
    assert len(page.context["recent_days"]) == 30
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Giờ", "Số tiền (đồng)", "Nội dung chuyển khoản"]
    body, total = rows[1:-1], rows[-1]
    assert sorted(int(row[1]) for row in body) == sorted(amounts)
    assert "Nguyễn Văn A trả 35000" in [row[2] for row in body]
    assert total[:2] == ["Tổng", str(sum(int(row[1]) for row in body))]

    with translation.override("en"):
        english_url = reverse("markets:statement", args=[stall.pk])
    english = client.get(english_url, {"format": "csv"}).content.decode("utf-8-sig")
    assert english.splitlines()[0].startswith("Time,Amount (đồng),Transfer memo")


def test_statement_of_another_day_is_empty_and_totals_zero(client, stall, vendor_user):
    pay(client, stall, 35000)
    client.force_login(vendor_user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    page = client.get(
        reverse("markets:statement", args=[stall.pk]), {"day": yesterday.isoformat()}
    )

    assert page.context["payments"] == []
    assert page.context["total"] == 0


def test_the_vendors_dashboard_links_to_its_feed(client, stall, vendor_user):
    client.force_login(vendor_user)

    page = client.get(reverse("dashboard:index"))

    assert page.status_code == 200
    assert reverse("markets:feed", args=[stall.pk]) in page.content.decode()


def test_a_long_catch_up_comes_in_pages_and_always_moves_on(client, stall, monkeypatch):
    from payments.markets import selectors

    monkeypatch.setattr(selectors, "FEED_PAGE", 2)
    ids = [pay(client, stall, 1000 * n).pk for n in (1, 2, 3)]

    first = stall_feed(stall=stall, since=0)
    second = stall_feed(stall=stall, since=first["cursor"])

    assert [p["id"] for p in first["payments"]] == ids[:2]
    assert (first["cursor"], first["more"]) == (ids[1], True)
    # The two already shown come again (recent) but cannot hold the cursor back.
    assert ids[2] in [p["id"] for p in second["payments"]]
    assert (second["cursor"], second["more"]) == (ids[2], False)


def test_vendor_and_board_pages_are_never_gzipped(client, stall, vendor_user, manager):
    """A vendor's account and takings are private: no compression (BREACH)."""
    pay(client, stall, 35000)
    for user, url in (
        (vendor_user, reverse("markets:feed", args=[stall.pk])),
        (manager, reverse("markets:board", args=[stall.market.pk])),
    ):
        client.force_login(user)
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url
