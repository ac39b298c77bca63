"""Chợ 4.0 fixtures: a market with stalls whose vendors have their own accounts.

Provider keys and the collection account come from the payments tests' fixture, so
notifications here are signed exactly as there.
"""

import pytest
from oscar.core.loading import get_model

from payments.markets import services
from payments.simulation import notification_build
from tests.factories import UserFactory
from tests.payments.conftest import payment_settings  # noqa: F401 (autouse)
from tests.payments.test_bank_webhooks import post

Bank = get_model("partner", "Bank")

__all__ = ["post"]


def agribank():
    """Seeded by a migration, but a transactional test's flush removes it."""
    bank, _created = Bank.objects.get_or_create(
        bin="970405", defaults={"short_name": "Agribank", "name": "Agribank"}
    )
    return bank


def vendor_stall(market, number, *, account, email=None, name=None):
    """A stall of ``market`` with a market vendor whose Agribank account is
    ``account``; the vendor's login is ``email`` (created) if given."""
    stall = services.stall_create(market=market, number=number, goods="Rau cải")
    services.stall_vendor_assign(
        stall=stall,
        name=name or f"Bà bán hàng quầy {number}",
        bank=agribank(),
        account_number=account,
        account_holder=f"NGUYEN THI QUAY {number}",
        email=email or "",
    )
    stall.refresh_from_db()
    return stall


def stall_transfer(stall, provider="sepay", *, amount=35000, memo=None, **kwargs):
    """(body, headers) of a signed notification of a transfer to ``stall``."""
    return notification_build(
        provider=provider,
        account_number=stall.vendor.bank_account_number,
        amount=amount,
        memo=memo or f"NGUYEN VAN A chuyen tien quay {stall.number}",
        **kwargs,
    )


@pytest.fixture
def manager(db):
    return UserFactory(email="quanly@example.com")


@pytest.fixture
def market(db, manager):
    return services.market_create(
        name="Chợ Bến Đò", commune="Âu Lâu", province="Lào Cai", managers=[manager]
    )


@pytest.fixture
def stall(market):
    """Stall A01, whose vendor logs in as ban1@example.com."""
    return vendor_stall(
        market, "A01", account="8801000000001", email="ban1@example.com"
    )


@pytest.fixture
def other_stall(market):
    """Stall A02 of the same market, another vendor (ban2@example.com)."""
    return vendor_stall(
        market, "A02", account="8801000000002", email="ban2@example.com"
    )


@pytest.fixture
def vendor_user(stall):
    return stall.vendor.users.get()


@pytest.fixture
def other_market_stall(db):
    """A stall in another market, with its own vendor and manager."""
    other = services.market_create(
        name="Chợ Cốc Lếu",
        commune="Cốc Lếu",
        province="Lào Cai",
        managers=[UserFactory(email="quanly2@example.com")],
    )
    return vendor_stall(other, "B01", account="8801000000009", email="ban9@example.com")
