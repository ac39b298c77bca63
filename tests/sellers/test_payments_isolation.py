"""No /payments/ or /cho/ URL lets a seller or a Chợ 4.0 vendor see or change what
is not theirs.

Like ``test_dashboard_isolation``: every URL name of the ``payments`` and ``markets``
namespaces is listed below with the requests that try to reach another seller's
order, line or ledger, or another vendor's stall or market, by GET and by POST. A new
URL under those prefixes fails ``test_every_payments_and_market_url_is_classified``
until its check is written here.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from oscar.core.loading import get_model

from payments import services
from payments.markets.models import Market, Stall
from payments.models import BankNotification, PayoutLedgerEntry
from tests.factories import UserFactory
from tests.markets.conftest import vendor_stall

Order = get_model("order", "Order")
Partner = get_model("partner", "Partner")

pytestmark = pytest.mark.django_db

NAMESPACES = ("payments", "markets")


def url_names() -> set[str]:
    """``namespace:name`` of every URL pattern under /payments/ and /cho/."""

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ([pattern.namespace] if pattern.namespace else [])
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and namespaces[-1:] in (
                [NAMESPACES[0]],
                [NAMESPACES[1]],
            ):
                yield f"{namespaces[-1]}:{pattern.name}"

    return set(walk(get_resolver().url_patterns, []))


@pytest.fixture
def world(market):
    """The sellers' two orders (``market``) and two Chợ 4.0 markets: stall A01
    (this vendor's) and A02 (another vendor's) in Chợ Bến Đò, B01 in Chợ Cốc Lếu."""
    ben_do = services_market("Chợ Bến Đò", "quanly@example.com")
    coc_leu = services_market("Chợ Cốc Lếu", "quanly2@example.com")
    mine = vendor_stall(
        ben_do, "A01", account="8801000000001", email="ban1@example.com"
    )
    theirs = vendor_stall(
        ben_do, "A02", account="8801000000002", email="ban2@example.com"
    )
    far = vendor_stall(
        coc_leu, "B01", account="8801000000009", email="ban9@example.com"
    )
    services.ledger_payout_record(
        partner=market.plum_coop, amount=1000, reference="FT-MAN", user=None
    )
    notification = BankNotification.objects.create(
        provider="sepay",
        provider_transaction_id="T-1",
        raw_body="{}",
        account_number="0011009999999",
        amount=1,
        status=BankNotification.Status.REVIEW,
    )
    return SimpleNamespace(
        **vars(market),
        ben_do=ben_do,
        coc_leu=coc_leu,
        my_stall=mine,
        their_stall=theirs,
        far_stall=far,
        vendor_user=mine.vendor.users.get(),
        notification=notification,
    )


def services_market(name, manager_email):
    from payments.markets import services as market_services

    return market_services.market_create(
        name=name,
        commune="Âu Lâu",
        province="Lào Cai",
        managers=[UserFactory(email=manager_email)],
    )


@dataclass(frozen=True)
class Attempt:
    """A request by ``actor`` ("seller": HTX Chè's user; "vendor": stall A01's)
    naming what is not theirs. ``expect``: "denied" (403 or 404; 405 for a GET of
    a POST-only action), "refused" (any 4xx: signed webhooks), or "own" (the page
    answers, showing only the actor's own things, none of ``hidden``)."""

    name: str
    method: str
    actor: str
    kwargs: object = None  # world -> URL kwargs
    data: object = None  # world -> query or form data
    expect: str = "denied"
    hidden: tuple = ()


def both(name, actor, kwargs=None, data=None, **options):
    return [
        Attempt(name, "get", actor, kwargs, data, **options),
        Attempt(name, "post", actor, kwargs, data, **options),
    ]


def each_actor(name, kwargs=None, data=None, **options):
    return both(name, "seller", kwargs, data, **options) + both(
        name, "vendor", kwargs, data, **options
    )


OTHER_SELLERS_ORDER = lambda w: {"number": w.plum_only.number}  # noqa: E731
FORGED_TOKEN = lambda w: {"token": w.plum_only.number}  # noqa: E731
THEIR_STALL = lambda w: {"stall_id": w.their_stall.pk}  # noqa: E731
FAR_STALL = lambda w: {"stall_id": w.far_stall.pk}  # noqa: E731

ATTEMPTS = [
    # Signed webhooks: an unsigned delivery changes nothing.
    *each_actor(
        "payments:bank-webhook",
        lambda w: {"provider": "sepay"},
        lambda w: {"id": "forged"},
        expect="refused",
    ),
    *each_actor("payments:stripe-webhook", expect="refused"),
    # The buyer's order pages take the order's secret token, never its number.
    *each_actor("payments:order-status", FORGED_TOKEN),
    *each_actor("payments:order-qr", FORGED_TOKEN),
    # Order actions: the other seller's order, or the operator's whole-order refund.
    *each_actor("payments:order-cash-received", OTHER_SELLERS_ORDER),
    *each_actor(
        "payments:order-refund",
        OTHER_SELLERS_ORDER,
        lambda w: {
            "scope": "whole",
            "confirm": "yes",
            "expected_refunded": "0",
            "reference": "FT-1",
        },
    ),
    *each_actor(
        "payments:review-queue",
        data=lambda w: {"id": w.notification.pk, "action": "resolve"},
    ),
    *each_actor(
        "payments:ledger",
        data=lambda w: {"partner": w.plum_coop.pk, "amount": "5000", "reference": "x"},
    ),
    *each_actor("payments:ledger", data=lambda w: {"format": "csv"}),
    *each_actor("payments:reconciliation"),
    *both(
        "payments:seller-ledger",
        "seller",
        data=lambda w: {"partner": w.plum_coop.pk},
        expect="own",
        hidden=("HTX Quang Tom", "FT-MAN"),
    ),
    *both(
        "payments:seller-ledger",
        "vendor",
        data=lambda w: {"partner": w.plum_coop.pk},
        expect="own",
        hidden=("HTX Quang Tom", "HTX Chè Bản Liền", "FT-MAN"),
    ),
    # Chợ 4.0: market boards are their managers' and the operator's.
    *each_actor("markets:markets", data=lambda w: {"name": "Chợ giả"}),
    *each_actor("markets:board", lambda w: {"market_id": w.ben_do.pk}),
    *each_actor(
        "markets:board",
        lambda w: {"market_id": w.coc_leu.pk},
        lambda w: {"number": "Z99"},
    ),
    *each_actor(
        "markets:stall-vendor",
        lambda w: {"market_id": w.ben_do.pk, "stall_id": w.their_stall.pk},
        lambda w: {"name": "Kẻ gian", "account_number": "999", "bank": 1},
    ),
    *both("markets:stalls", "seller"),
    *both(
        "markets:stalls",
        "vendor",
        expect="own",
        hidden=("A02", "B01", "ban2@example.com"),
    ),
    # A vendor's stall pages, for another vendor's stall in the same market and in
    # another market.
    *[
        attempt
        for stall in (THEIR_STALL, FAR_STALL)
        for name in ("feed", "feed-json", "one-off-qr", "statement")
        for attempt in each_actor(f"markets:{name}", stall)
    ],
    *[
        attempt
        for stall in (THEIR_STALL, FAR_STALL)
        for extension in ("png", "pdf")
        for attempt in each_actor(
            "markets:standee", lambda w, s=stall, e=extension: {**s(w), "extension": e}
        )
    ],
    *each_actor("markets:statement", THEIR_STALL, lambda w: {"format": "csv"}),
]


def test_every_payments_and_market_url_is_classified():
    classified = {attempt.name for attempt in ATTEMPTS}
    assert url_names() - classified == set(), (
        "New /payments/ or /cho/ URLs: add their attempts to ATTEMPTS"
    )
    assert classified - url_names() == set(), "Stale names in ATTEMPTS"


def snapshot(w) -> dict:
    """Everything another seller or vendor owns that a request could change."""
    return {
        "orders": sorted(
            Order.objects.values_list("number", "status", "lines__status")
        ),
        "sources": sorted(
            Order.objects.values_list(
                "number", "sources__amount_debited", "sources__amount_refunded"
            )
        ),
        "payment_events": sorted(
            Order.objects.values_list("number", "payment_events__amount")
        ),
        "ledger": sorted(
            PayoutLedgerEntry.objects.values_list("partner_id", "kind", "amount")
        ),
        "notifications": sorted(
            BankNotification.objects.values_list("pk", "status", "order_id")
        ),
        "markets": sorted(Market.objects.values_list("pk", "name")),
        "stalls": sorted(Stall.objects.values_list("pk", "market_id", "vendor_id")),
        "vendors": sorted(
            Partner.objects.values_list("pk", "name", "bank_account_number")
        ),
    }


def _answer_problem(attempt, response) -> str | None:
    status = response.status_code
    if attempt.expect == "denied":
        allowed = {403, 404} | ({405} if attempt.method == "get" else set())
        if status not in allowed:
            return f"answered {status}"
    elif attempt.expect == "refused":
        if not 400 <= status < 500:
            return f"answered {status}"
    elif status >= 400:
        return f"answered {status}"
    body = response.content.decode(errors="replace")
    shown = [text for text in attempt.hidden if text in body]
    return f"shows {shown}" if shown else None


@pytest.mark.parametrize("name", sorted({attempt.name for attempt in ATTEMPTS}))
def test_sellers_and_vendors_cannot_reach_what_is_not_theirs(client, world, name):
    # One test per URL, its attempts in turn: building the world for each of the
    # hundred or so attempts would make the suite slow; the failure lists them all.
    problems = {}
    for attempt in (a for a in ATTEMPTS if a.name == name):
        kwargs = attempt.kwargs(world) if attempt.kwargs else {}
        url = reverse(attempt.name, kwargs=kwargs)
        data = attempt.data(world) if attempt.data else {}
        user = world.tea_user if attempt.actor == "seller" else world.vendor_user
        client.force_login(user)
        before = snapshot(world)

        response = getattr(client, attempt.method)(url, data)

        problem = _answer_problem(attempt, response)
        if snapshot(world) != before:
            problem = f"{problem or ''} changed something".strip()
        if problem:
            problems[f"{attempt.method.upper()} {url} as {attempt.actor}"] = problem
    assert problems == {}
