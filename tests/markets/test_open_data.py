"""Markets in the open data API: stalls yes, vendors, accounts and money no."""

import pytest

from tests.markets.conftest import post, stall_transfer

pytestmark = pytest.mark.django_db


def test_markets_are_published_with_their_stalls_and_nothing_private(
    client, stall, other_stall
):
    body, headers = stall_transfer(stall, amount=35000)
    post(client, "sepay", body, headers)

    listing = client.get("/api/v1/markets/")
    one = client.get(f"/api/v1/markets/{stall.market.pk}/")

    assert listing.status_code == one.status_code == 200
    (market,) = listing.json()["results"]
    assert market == one.json()
    assert (market["name"], market["commune"], market["province"]) == (
        "Chợ Bến Đò",
        "Âu Lâu",
        "Lào Cai",
    )
    assert market["stall_count"] == 2
    assert {s["number"] for s in market["stalls"]} == {"A01", "A02"}
    text = listing.content.decode()
    for private in (
        stall.vendor.bank_account_number,
        stall.vendor.bank_account_holder,
        stall.vendor.name,
        "ban1@example.com",
        "35000",
    ):
        assert private not in text
