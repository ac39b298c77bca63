# ruff: noqa: T201  (a measurement prints its figures)
"""Where one bank-notification delivery's time goes, in this process.

    .venv/bin/python -m bench.webhook_profile --database-url postgres://…/h_bench

The benchmark's settings and orders (``bench.webhooks``), posted through Django's
test client (the whole middleware stack, no HTTP server): for each kind of delivery
— a first notification, a copy of one already processed, one for an unknown order,
a forged one (401), a malformed one (400) — the CPU time of the request
(``time.process_time``, load-independent), its SQL statements, the transactions
that wrote (each one a WAL flush at commit), and with ``--profile`` the functions
that took the most CPU (cProfile timed by CPU, not wall, time). The request stores
the notification and queues its task on the bench's broker (``REDIS_URL``); the
rows ``worker: first`` and ``worker: unknown order`` are that task run here
(``apply``: its own code and the worker's task bookkeeping, not the broker's
round trip). The queued tasks stay in the queue: a later worker finds those
notifications applied and leaves them. ``--fsync`` also times committed one-row
inserts, the floor of one durable commit on this disk. Refusals are logged as in
production: send stderr elsewhere to read the table.
"""

import cProfile
import io
import pstats
import statistics
import time

from bench.__main__ import part_arguments, part_setup


def _writes_per_request(queries: list[dict]) -> int:
    """Transactions that wrote: a write outside a transaction commits by itself;
    inside one, the transaction commits once."""
    commits, in_transaction, wrote = 0, False, False
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(("BEGIN", "SAVEPOINT")) and not in_transaction:
            in_transaction, wrote = sql.startswith("BEGIN"), False
            continue
        writes = sql.startswith(("INSERT", "UPDATE", "DELETE")) or (
            sql.startswith("SELECT") and "FOR UPDATE" in sql
        )
        if sql.startswith("COMMIT"):
            commits += wrote
            in_transaction = False
        elif writes and not in_transaction:
            commits += 1
        elif writes:
            wrote = True
    return commits


def main() -> None:
    parser = part_arguments(__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="of each kind")
    parser.add_argument("--profile", action="store_true", help="cProfile each kind")
    parser.add_argument("--fsync", action="store_true", help="time empty commits")
    parser.add_argument("--sort", default="cumulative", help="cProfile order")
    parser.add_argument("--lines", type=int, default=45, help="cProfile lines")
    parser.add_argument("--kinds", default="", help="only these, comma-separated")
    args = parser.parse_args()
    part_setup(args, static=False)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from oscar.core.loading import get_model

    from bench import catalogue, webhooks
    from payments.models import BankNotification
    from payments.tasks import bank_notification_process_task

    catalogue.catalogue_ensure(products=200)
    records = list(
        get_model("partner", "StockRecord")
        ._default_manager.filter(partner_sku__startswith=catalogue.UPC_PREFIX)
        .select_related("partner", "product")[:50]
    )
    n = args.requests
    orders = webhooks.pending_orders_create(count=n + 5, stockrecords=records)
    firsts = webhooks.deliveries_plan(orders=orders, duplicates=0)
    unknown = webhooks.deliveries_plan(
        orders=[{**o, "number": str(int(o["number"]) + 10**8)} for o in orders],
        duplicates=0,
    )
    # SePay's key is a header (payOS's and Casso's signatures cover the body).
    forged = [
        {
            **d,
            "path": "/payments/webhooks/bank/sepay/",
            "headers": {
                "Content-Type": "application/json",
                "Authorization": "Apikey x",
            },
        }
        for d in firsts
    ]
    malformed = [{**d, "provider": "sepay", "body": "{"} for d in firsts]
    for d in malformed:
        d["path"] = "/payments/webhooks/bank/sepay/"
        d["headers"] = {
            "Content-Type": "application/json",
            "Authorization": f"Apikey {settings.SEPAY_API_KEY}",
        }
    client = Client()

    def post(delivery):
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in delivery["headers"].items()
            if k.lower() != "content-type"
        }
        return client.post(
            delivery["path"],
            data=delivery["body"].encode(),
            content_type="application/json",
            **headers,
        )

    # Warm up: imports, the payOS client, first queries (not measured).
    for delivery in firsts[n:]:
        post(delivery)

    def apply(delivery):
        """The worker's task for the notification ``delivery`` stored."""
        notification = BankNotification.objects.only("pk").get(
            provider=delivery["provider"],
            provider_transaction_id=delivery["transaction_id"],
        )
        return bank_notification_process_task.apply(
            kwargs={"notification_id": notification.pk}
        ).result

    kinds = [
        ("first", post, firsts[:n], 200),
        ("worker: first", apply, firsts[:n], "paid"),
        ("copy", post, firsts[:n], 200),
        ("unknown order", post, unknown[:n], 200),
        ("worker: unknown", apply, unknown[:n], "review"),
        ("forged", post, forged[:n], 401),
        ("malformed", post, malformed[:n], 400),
    ]
    print(f"{'kind':<16} {'CPU ms p50':>10} {'mean':>6} {'SQL':>4} {'commits':>7}")
    samples = {}
    only = set(filter(None, args.kinds.split(",")))
    for name, action, deliveries, status in kinds:
        if only and name not in only:
            continue
        cpu, counts, commits = [], [], []
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        for delivery in deliveries:
            with CaptureQueriesContext(connection) as queries:
                if profiler:
                    profiler.enable()
                started = time.process_time()
                outcome = action(delivery)
                cpu.append((time.process_time() - started) * 1000)
                if profiler:
                    profiler.disable()
            got = getattr(outcome, "status_code", outcome)
            assert got == status, (name, getattr(outcome, "content", outcome))
            counts.append(len(queries.captured_queries))
            samples.setdefault(name, queries.captured_queries)
            commits.append(_writes_per_request(queries.captured_queries))
        print(
            f"{name:<16} {statistics.median(cpu):>10.2f} "
            f"{statistics.mean(cpu):>6.2f} {max(counts):>4} {max(commits):>7}"
        )
        if profiler:
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(args.sort).print_stats(args.lines)
            print(out.getvalue())
    for name, statements in samples.items():
        print(f"statements of one {name!r} delivery:")
        for query in statements:
            print("  ", query["sql"][:160])
    if args.fsync:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS bench_fsync_probe (n int)")
            started = time.perf_counter()
            for i in range(200):
                cursor.execute("INSERT INTO bench_fsync_probe VALUES (%s)", [i])
            took = (time.perf_counter() - started) / 200 * 1000
            cursor.execute("DROP TABLE bench_fsync_probe")
        print(f"one committed insert (autocommit), wall: {took:.2f} ms")


if __name__ == "__main__":
    main()
