"""The market board: markets, stalls, vendors with their accounts, the overview."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from payments.markets.models import Market, Stall, StallPayment
from payments.markets.selectors import market_overview
from tests.factories import UserFactory
from tests.markets.conftest import agribank, post, stall_transfer
from tests.payments.conftest import COLLECTION_ACCOUNT

Partner = get_model("partner", "Partner")

pytestmark = [pytest.mark.django_db, pytest.mark.at_any_hour]


def test_operator_creates_a_market_with_its_manager(client, manager):
    client.force_login(UserFactory(is_staff=True))

    response = client.post(
        reverse("markets:markets"),
        {
            "name": "Chợ Kim Tân",
            "commune": "Kim Tân",
            "province": "Lào Cai",
            "manager_emails": manager.email,
        },
    )

    market = Market.objects.get(name="Chợ Kim Tân")
    assert response.status_code == 302
    assert response["Location"] == market.get_absolute_url()
    assert list(market.managers.all()) == [manager]


def test_an_unknown_manager_email_is_a_field_error(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.post(
        reverse("markets:markets"),
        {"name": "Chợ X", "province": "Lào Cai", "manager_emails": "ai@example.com"},
    )

    assert response.status_code == 200
    assert "ai@example.com" in str(response.context["form"].errors["manager_emails"])
    assert not Market.objects.exists()


def test_a_manager_cannot_create_markets(client, market, manager):
    client.force_login(manager)
    response = client.post(
        reverse("markets:markets"), {"name": "Chợ Y", "province": "Lào Cai"}
    )
    assert response.status_code == 403
    assert Market.objects.count() == 1


def test_manager_adds_a_stall_and_gives_it_a_vendor_with_an_account(
    client, market, manager
):
    client.force_login(manager)

    added = client.post(
        reverse("markets:board", args=[market.pk]),
        {"number": "C07", "zone": "Dãy C", "goods": "Thịt lợn"},
    )
    stall = Stall.objects.get(market=market, number="C07")
    assert added["Location"] == reverse(
        "markets:stall-vendor", args=[market.pk, stall.pk]
    )
    assigned = client.post(
        added["Location"],
        {
            "name": "Chị Hà Thị Lan",
            "bank": agribank().pk,
            "account_number": "8801000000123",
            "account_holder": "HA THI LAN",
            "email": "lan@example.com",
        },
    )

    assert assigned.status_code == 302
    stall.refresh_from_db()
    vendor = stall.vendor
    assert vendor.seller_type == Partner.SellerType.MARKET_VENDOR
    assert (vendor.bank.bin, vendor.bank_account_number) == ("970405", "8801000000123")
    assert vendor.province == "Lào Cai"
    assert vendor.users.get().email == "lan@example.com"
    board = client.get(reverse("markets:board", args=[market.pk]))
    assert board.context["overview"].stalls_with_qr == 1


def test_a_duplicate_stall_number_is_a_field_error(client, market, manager, stall):
    client.force_login(manager)
    response = client.post(
        reverse("markets:board", args=[market.pk]), {"number": "a01"}
    )
    assert response.status_code == 200
    assert "a01" in str(response.context["form"].errors["number"])
    assert market.stalls.count() == 1


@pytest.mark.parametrize(
    ("account", "error"),
    [
        (COLLECTION_ACCOUNT, "thu hộ"),
        ("8801000000002", "người bán khác"),
        ("12-34", "chữ và số"),
    ],
)
def test_an_account_that_could_not_route_to_the_stall_is_refused(
    client, market, manager, stall, other_stall, account, error
):
    client.force_login(manager)
    response = client.post(
        reverse("markets:stall-vendor", args=[market.pk, stall.pk]),
        {
            "name": "Bà A",
            "bank": agribank().pk,
            "account_number": account,
            "account_holder": "BA A",
        },
    )
    assert response.status_code == 200
    assert error in str(response.context["form"].errors["account_number"])
    stall.vendor.refresh_from_db()
    assert stall.vendor.bank_account_number == "8801000000001"


def test_overview_counts_qr_takings_and_weekly_adoption(
    client, market, stall, other_stall
):
    empty = Stall.objects.create(market=market, number="A03")  # no vendor: no QR
    for amount in (35000, 15000):
        body, headers = stall_transfer(stall, amount=amount)
        post(client, "sepay", body, headers)
    # A transfer to the other stall two weeks ago.
    body, headers = stall_transfer(other_stall, amount=50000)
    post(client, "sepay", body, headers)
    today = timezone.localdate()
    StallPayment.objects.filter(stall=other_stall).update(
        received_at=timezone.now() - datetime.timedelta(days=14)
    )

    overview = market_overview(market=market, today=today)

    rows = {row.stall.number: row for row in overview.rows}
    assert overview.stalls_with_qr == 2
    assert rows["A03"].has_qr is False and empty.vendor is None
    assert (rows["A01"].today_total, rows["A01"].today_count) == (50000, 2)
    assert rows["A02"].today_total == 0
    assert overview.today_total == 50000
    this_week, last_week, two_weeks_ago = overview.weeks[:3]
    assert (this_week.stalls_paid, this_week.stalls, this_week.percent) == (1, 3, 33)
    assert last_week.stalls_paid == 0
    assert (two_weeks_ago.stalls_paid, two_weeks_ago.stalls) == (1, 3)


def test_only_the_markets_own_managers_change_its_stalls(
    client, market, stall, vendor_user, other_market_stall
):
    other_manager = other_market_stall.market.managers.get()
    url = reverse("markets:stall-vendor", args=[market.pk, stall.pk])
    form = {
        "name": "Kẻ gian",
        "bank": agribank().pk,
        "account_number": "6666666666666",
        "account_holder": "KE GIAN",
    }

    for user in (other_manager, vendor_user):
        client.force_login(user)
        assert client.post(url, form).status_code == 403
        assert (
            client.post(
                reverse("markets:board", args=[market.pk]), {"number": "X1"}
            ).status_code
            == 403
        )

    stall.vendor.refresh_from_db()
    assert stall.vendor.bank_account_number == "8801000000001"
    assert not market.stalls.filter(number="X1").exists()
