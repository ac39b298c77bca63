"""Bank-notification webhook throughput, with duplicates mixed in, then a check that
every order that should be paid is paid exactly once.

M orders awaiting a VietQR transfer are written directly (``bulk_create``, not the
checkout); each gets one notification signed as payOS, Casso or SePay would sign it
(``payments.simulation``), and a share of them is sent again soon after, so copies
often arrive while the first is still waiting for the worker or being applied.
``bench.webhook_client`` sends them from another process over loopback.

The webhook answers once a notification is stored; a real Celery worker (started
here beside gunicorn, on the same cores) applies it. Two figures: acceptance (2xx
answers per second while sending: what the provider sees, and what the target of
300/s is about) and processing (notifications applied per second, from the first
delivery until the worker has drained what was accepted).
"""

import json
import os
import random
import subprocess
import sys
import tempfile
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from oscar.core.loading import get_model

from bench import server
from bench.catalogue import progress
from bench.webhook_drain import notifications_drain, queue_emptied
from payments.methods import AWAITING_FULFILMENT, PENDING_PAYMENT, order_code
from payments.models import BankNotification, PayoutLedgerEntry
from payments.simulation import notification_build

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
StockRecord = get_model("partner", "StockRecord")
Site = get_model("sites", "Site")

GUEST_EMAIL = "bench-webhook@example.com"
#: Order numbers of the benchmark's direct orders, far above Oscar's (100000 + id).
NUMBER_BASE = 900_000_000
BATCH = 1000


def pending_orders_create(*, count: int, stockrecords: list) -> list[dict]:
    """``count`` VietQR orders awaiting payment, one line each; number and amount."""
    source_type, _created = SourceType._default_manager.get_or_create(
        code="vietqr", defaults={"name": "Bank transfer (VietQR)"}
    )
    first = NUMBER_BASE + Order._default_manager.filter(guest_email=GUEST_EMAIL).count()
    site = Site._default_manager.get_current()
    rng = random.Random(first)
    created = []
    progress("orders awaiting payment", 0, count)
    for start in range(0, count, BATCH):
        stop = min(start + BATCH, count)
        now = timezone.now()
        with transaction.atomic():
            picks = [
                (rng.choice(stockrecords), rng.randint(1, 3))
                for _ in range(start, stop)
            ]
            orders = Order._default_manager.bulk_create(
                Order(
                    number=str(first + n),
                    site=site,
                    currency="VND",
                    total_incl_tax=record.price * quantity,
                    total_excl_tax=record.price * quantity,
                    shipping_incl_tax=Decimal(0),
                    shipping_excl_tax=Decimal(0),
                    status=PENDING_PAYMENT,
                    guest_email=GUEST_EMAIL,
                    date_placed=now,
                )
                for n, (record, quantity) in enumerate(picks, start)
            )
            Line._default_manager.bulk_create(
                Line(
                    order=order,
                    partner=record.partner,
                    partner_name=record.partner.name,
                    partner_sku=record.partner_sku,
                    stockrecord=record,
                    product=record.product,
                    title=record.product.title,
                    upc=record.product.upc,
                    quantity=quantity,
                    line_price_incl_tax=record.price * quantity,
                    line_price_excl_tax=record.price * quantity,
                    line_price_before_discounts_incl_tax=record.price * quantity,
                    line_price_before_discounts_excl_tax=record.price * quantity,
                    unit_price_incl_tax=record.price,
                    unit_price_excl_tax=record.price,
                    status=settings.OSCAR_INITIAL_LINE_STATUS,
                    num_allocated=quantity,
                )
                for order, (record, quantity) in zip(orders, picks, strict=True)
            )
            Source._default_manager.bulk_create(
                Source(
                    order=order,
                    source_type=source_type,
                    currency="VND",
                    amount_allocated=order.total_incl_tax,
                    reference=order_code(order.number),
                )
                for order in orders
            )
        created += [
            {"id": o.pk, "number": o.number, "amount": int(o.total_incl_tax)}
            for o in orders
        ]
        progress("orders awaiting payment", stop, count)
    return created


def deliveries_plan(*, orders: list[dict], duplicates: float, seed: int = 8) -> list:
    """One signed notification per order, providers in turn, and copies of some.

    ``duplicates`` is the share of all deliveries that are copies; a copy follows
    its original within the next 40 deliveries (often at the same moment).
    """
    rng = random.Random(seed)
    providers = list(settings.BANK_NOTIFICATION_PROVIDERS)
    firsts = []
    for n, order in enumerate(orders):
        provider = providers[n % len(providers)]
        code = order_code(order["number"])
        body, headers = notification_build(
            provider=provider,
            account_number=settings.VIETQR_ACCOUNT_NUMBER,
            amount=order["amount"],
            # Banks wrap the memo in their own text.
            memo=f"MBVCB.{rng.randrange(10**9)}.{code}.CT tu 0912345678",
            transaction_id=f"BENCH{order['number']}",
        )
        firsts.append(
            {
                "order": order["number"],
                "provider": provider,
                "transaction_id": f"BENCH{order['number']}",
                "path": f"/payments/webhooks/bank/{provider}/",
                "body": body.decode(),
                "headers": headers,
            }
        )
    copies = round(len(firsts) * duplicates / (1 - duplicates))
    keyed = [(float(n), d) for n, d in enumerate(firsts)]
    for n in rng.choices(range(len(firsts)), k=copies):
        keyed.append((n + rng.uniform(0, 40), {**firsts[n], "copy": True}))
    keyed.sort(key=lambda pair: pair[0])
    return [d for _key, d in keyed]


def webhooks_per_second(
    *,
    base_url: str,
    env: dict,
    stockrecords: list,
    clients: int,
    duration: float,
    orders: int,
    duplicates: float = 0.2,
    worker_concurrency: int = 1,
    worker_nice: int = 0,
    drain_timeout: float = 600,
) -> dict:
    """Send the plan for ``duration`` s from ``clients`` connections while a Celery
    worker applies what is accepted; wait for it to drain; then verify."""
    log_path = server.ROOT / "var" / "bench-celery-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    left_over = queue_emptied()
    if left_over:
        sys.stderr.write(
            f"  {left_over:,} task{'s' if left_over != 1 else ''} left by an earlier "
            "run removed from the queue\n"
        )
    # Started first: it boots while the orders are written.
    worker = server.celery_worker_start(
        env=env, concurrency=worker_concurrency, log_path=log_path, nice=worker_nice
    )
    try:
        created = pending_orders_create(count=orders, stockrecords=stockrecords)
        plan = deliveries_plan(orders=created, duplicates=duplicates)
        if worker.poll() is not None:
            raise RuntimeError(f"The Celery worker exited; see {log_path}")
        sent = _sent(
            plan, base_url=base_url, env=env, clients=clients, duration=duration
        )
        answers = sent["answers"]
        accepted = {
            d["transaction_id"]
            for d, a in zip(plan, answers, strict=True)
            if a is not None and 200 <= a < 300
        }
        drain = notifications_drain(transaction_ids=accepted, timeout=drain_timeout)
        worker_cpu_s = server.cpu_seconds(worker)
    finally:
        server.celery_worker_stop(worker)
    answered = [a for a in answers if a is not None]
    ok = sum(1 for a in answered if 200 <= a < 300)
    statuses = {}
    for a in answered:
        statuses[str(a)] = statuses.get(str(a), 0) + 1
    check = payments_verify(orders=created, plan=plan, answers=answers)
    if refused := len(answered) - ok:
        check["problems"].insert(
            0, f"{refused} deliveries were not answered 2xx (by status: {statuses})"
        )
    if drain["left"]:
        check["problems"].insert(
            0,
            f"{drain['left']} accepted notifications still waited for the worker "
            f"after {drain_timeout:g} s",
        )
    seconds = sent["seconds"]
    return {
        # What the target compares: deliveries answered 2xx per second.
        "webhooks_per_s": round(ok / seconds, 1) if seconds else 0,
        "processed_per_s": (
            round(drain["processed"] / (seconds + drain["drain_s"]), 1)
            if seconds
            else 0
        ),
        "backlog_at_end": drain["backlog"],
        "drain_s": drain["drain_s"],
        # Its CPU (boot included) per notification: unlike the rate, load-proof.
        "worker_cpu_ms_per_notification": (
            round(worker_cpu_s * 1000 / drain["processed"], 1)
            if drain["processed"]
            else None
        ),
        "worker_concurrency": worker_concurrency,
        "worker_nice": worker_nice,
        "sent": len(answered),
        "copies_sent": sum(
            1
            for d, a in zip(plan, answers, strict=True)
            if a is not None and "copy" in d
        ),
        "statuses": statuses,
        "p50_ms": sent["p50_ms"],
        "p95_ms": sent["p95_ms"],
        "p99_ms": sent["p99_ms"],
        "seconds": round(seconds, 1),
        "ran_out_of_orders": sent["ran_out"],
        "clients": clients,
        "orders": len(created),
        **check,
    }


def _sent(plan: list, *, base_url: str, env: dict, clients: int, duration: float):
    """The plan posted by ``bench.webhook_client``, in a process of its own; its
    figures and answers."""
    with tempfile.NamedTemporaryFile(
        "w", suffix=".json", delete=False, encoding="utf-8"
    ) as f:
        json.dump(plan, f, ensure_ascii=False)
    copies = sum(1 for d in plan if "copy" in d)
    sys.stderr.write(
        f"  {len(plan):,} deliveries ({copies / max(len(plan), 1):.0%} copies) from "
        f"{clients} clients for up to {duration:g} s, a Celery worker applying them\n"
    )
    try:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.webhook_client",
                f.name,
                f"--base-url={base_url}",
                f"--clients={clients}",
                f"--duration={duration}",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=duration + 180,
        )
    finally:
        os.unlink(f.name)
    if out.returncode:
        raise RuntimeError(f"bench.webhook_client failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout)


def payments_verify(*, orders: list[dict], plan: list, answers: list) -> dict:
    """Every order whose notification was accepted is paid exactly once; the others
    are untouched; one stored notification per transaction, however many copies."""
    ids = [o["id"] for o in orders]
    amount = {o["number"]: o["amount"] for o in orders}
    accepted, attempted = set(), set()
    for delivery, answer in zip(plan, answers, strict=True):
        if answer is None:
            continue
        attempted.add(delivery["order"])
        if 200 <= answer < 300:
            accepted.add(delivery["order"])
    status = dict(
        Order._default_manager.filter(pk__in=ids).values_list("number", "status")
    )
    debited = {
        number: int(value)
        for number, value in Source._default_manager.filter(
            order_id__in=ids, source_type__code="vietqr"
        ).values_list("order__number", "amount_debited")
    }
    paid_events = dict(
        PaymentEvent._default_manager.filter(order_id__in=ids, event_type__name="Paid")
        .values("order__number")
        .annotate(n=Count("id"))
        .values_list("order__number", "n")
    )
    ledger = dict(
        PayoutLedgerEntry.objects.filter(
            line__order_id__in=ids, kind=PayoutLedgerEntry.Kind.SALE
        )
        .values("line__order__number")
        .annotate(n=Count("id"))
        .values_list("line__order__number", "n")
    )
    stored = dict(
        BankNotification.objects.filter(
            provider_transaction_id__in=[f"BENCH{n}" for n in amount]
        )
        .values("provider_transaction_id")
        .annotate(n=Count("id"))
        .values_list("provider_transaction_id", "n")
    )
    not_paid = BankNotification.objects.filter(
        provider_transaction_id__in=[f"BENCH{n}" for n in accepted]
    ).exclude(status=BankNotification.Status.PAID)
    wrong: dict[str, list[str]] = {}
    paid_once = 0
    for number, due in amount.items():
        events = paid_events.get(number, 0)
        copies_stored = stored.get(f"BENCH{number}", 0)
        twice = events > 1 or debited.get(number, 0) > due or ledger.get(number, 0) > 1
        if copies_stored > 1:
            wrong.setdefault("with its notification stored twice", []).append(number)
        if twice:
            wrong.setdefault("paid more than once", []).append(number)
        if number in accepted:
            once = (
                events == 1
                and debited.get(number) == due
                and status.get(number) == AWAITING_FULFILMENT
                and ledger.get(number) == 1
                and copies_stored == 1
            )
            if once and not twice:
                paid_once += 1
            else:
                wrong.setdefault("accepted but not paid exactly once", []).append(
                    number
                )
        elif number not in attempted and (events or debited.get(number)):
            wrong.setdefault("paid without a notification", []).append(number)
    problems = [
        f"{len(numbers)} orders {kind} (e.g. {', '.join(numbers[:3])})"
        for kind, numbers in wrong.items()
    ]
    if count := not_paid.count():
        problems.append(f"{count} accepted notifications not marked paid")
    if unanswered := len(attempted - accepted):
        problems.append(f"{unanswered} orders' notifications were never accepted")
    return {
        "orders_accepted": len(accepted),
        "orders_paid_once": paid_once,
        "problems": problems,
    }
