"""``python -m bench``: load a catalogue, serve it with gunicorn, measure, report.

Pages under wrk (each as a share of /healthz), SQL queries per page, orders per second
through the checkout for each payment method, bank-notification webhooks with copies
(accepted per second, then applied by a Celery worker, then every order checked paid
exactly once), page weight and LCP in Chromium. Prints
a table, writes bench/results/bench-<UTC time>.json, and exits 1 when a figure does
not measure what it claims (redirects, errors, orders missing or paid twice).

Run by ``make bench``; see ``python -m bench --help`` for the knobs. Needs PostgreSQL
(``BENCH_DATABASE_URL``), uses Redis when ``REDIS_URL`` is set, wrk and Chromium.
"""

import argparse
import datetime
import json
import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def _arguments():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per page")
    parser.add_argument("--buyers", type=int, default=4, help="concurrent checkouts")
    parser.add_argument(
        "--webhook-clients", type=int, default=8, help="concurrent notification senders"
    )
    parser.add_argument(
        "--webhook-orders",
        type=int,
        default=0,
        help="orders awaiting payment to notify (default: 400 per second of run)",
    )
    parser.add_argument(
        "--duplicates",
        type=float,
        default=0.2,
        help="share of bank notifications sent twice or more",
    )
    webhook_worker_arguments(parser)
    parser.add_argument("--skip-browser", action="store_true")
    return parser.parse_args()


def _environment(args) -> dict:
    """What the bench process and gunicorn share: production settings on loopback."""
    if not (args.database_url or "").startswith("postgres"):
        sys.exit(
            "The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/ocop_bench"
        )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnop",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "CONN_MAX_AGE": "60",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on loopback: no redirect to HTTPS (it would be measured instead
        # of the pages), cookies cannot be marked secure.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        # Both methods at checkout; the demo collection account; the three bank
        # notification services, with keys made up for this run only.
        "PAYMENT_METHODS": "vietqr,cod",
        "VIETQR_BANK_BIN": "970436",
        "VIETQR_ACCOUNT_NUMBER": "0011009999999",
        "VIETQR_ACCOUNT_HOLDER": "TT XUC TIEN THUONG MAI LAO CAI",
        "BANK_NOTIFICATION_PROVIDERS": "payos,casso,sepay",
        "PAYOS_CHECKSUM_KEY": secrets.token_hex(16),
        "CASSO_CHECKSUM_KEY": secrets.token_hex(16),
        "SEPAY_API_KEY": secrets.token_hex(16),
        "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
        # Mail leaves the machine in real life; here it must not fill the terminal.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def webhook_worker_arguments(parser: argparse.ArgumentParser) -> None:
    """The Celery worker that applies the accepted bank notifications."""
    parser.add_argument(
        "--webhook-worker-concurrency",
        type=int,
        default=1,
        help="Celery worker processes applying notifications (1: solo pool)",
    )
    parser.add_argument(
        "--webhook-worker-nice",
        type=int,
        default=10,
        help="niceness of that worker (10, as the Procfile runs it: the web "
        "workers go first; 0: equal shares)",
    )
    parser.add_argument(
        "--webhook-drain-timeout",
        type=float,
        default=600,
        help="seconds to wait for the worker to apply what was accepted",
    )


def part_arguments(description: str) -> argparse.ArgumentParser:
    """The arguments every part run on its own shares (``bench.webhook_run``…)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_bench"
        ),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    return parser


def part_setup(args, *, static: bool = True) -> dict:
    """The bench's settings for a part run on its own, Django set up and the
    database migrated (and static files collected); the environment."""
    from types import SimpleNamespace

    env = _environment(
        SimpleNamespace(database_url=args.database_url, redis_url=args.redis_url)
    )
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if static:
        call_command("collectstatic", verbosity=0, interactive=False)
    return env


_STARTED = time.monotonic()


def _each_run(throughput: dict):
    """(name, figures) of every wrk run, the rendered ones beside the cached."""
    for name, figures in throughput.items():
        yield name, figures
        if "session" in figures:
            yield f"{name} (with a session)", figures["session"]
        if "signed_in" in figures:
            yield f"{name} (signed in)", figures["signed_in"]
        if "uncached" in figures:
            yield f"{name} (rendered)", figures["uncached"]


def _step(text: str) -> None:
    sys.stderr.write(f"→ [{time.monotonic() - _STARTED:4.0f} s] {text}\n")
    sys.stderr.flush()


def main() -> None:
    args = _arguments()
    env = _environment(args)
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from bench import (
        browser,
        catalogue,
        load,
        orders,
        queries,
        report,
        server,
        webhooks,
    )

    _step("migrating and collecting static files")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    catalogue.home_page_ensure()
    _step(f"catalogue of {args.products:,} products")
    data = catalogue.catalogue_ensure(products=args.products)
    if data["products"] > args.products:
        _step(
            f"the database already holds {data['products']:,} benchmark products "
            "(never removed): figures are for that many"
        )
    # Fresh statistics, as autovacuum gives a live site within a minute of a bulk
    # load: without them the planner guesses from an empty catalogue.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pages = {
        "home": "/",
        "product list": "/catalogue/",
        "category": data["category_url"],
        "product": data["product_url"],
        "search": "/search/?" + urlencode({"q": data["search_word"]}),
        "healthz": "/healthz",
    }
    basket_add = f"/basket/add/{data['product_id']}/"
    _step("SQL queries per page")
    query_counts = queries.queries_per_page(
        pages=pages, basket_add_path=basket_add, product_id=data["product_id"]
    )
    problems = [
        f"SQL {name}: no products shown at {c['per_page']} per page"
        for name, counts in query_counts.items()
        for c in counts
        if c.get("products_shown") == 0
    ]

    base_url = f"http://127.0.0.1:{args.port}"
    _step(f"gunicorn with {args.workers} workers on {base_url}")
    gunicorn = server.gunicorn_start(env=env, port=args.port, workers=args.workers)
    try:
        throughput = {}
        signed_in = load.signed_in_cookie()
        for name in ("healthz", "home", "category", "product", "search"):
            _step(f"wrk: {name}")
            load.preflight(url=base_url + pages[name])
            throughput[name] = load.wrk_run(
                url=base_url + pages[name],
                connections=args.connections,
                duration=args.duration,
                warmup=args.warmup,
            )
            if name == "healthz":
                continue
            # The same page for a buyer with a basket (a session cookie) and for a
            # signed-in buyer: the kept page with their own parts rendered in it.
            for run, who, cookie in (
                (
                    "session",
                    "for a visitor with a session",
                    load.SESSION_VISITOR_COOKIE,
                ),
                ("signed_in", "signed in", signed_in),
            ):
                _step(f"wrk: {name}, {who} (their own parts)")
                load.preflight(
                    url=base_url + pages[name],
                    headers={"Cookie": cookie},
                    page_cache="hit-personal",
                )
                throughput[name][run] = load.wrk_run(
                    url=base_url + pages[name],
                    connections=args.connections,
                    duration=args.duration,
                    warmup=args.warmup,
                    headers={"Cookie": cookie},
                )
            # And what every page costs when it is rendered: each request a page the
            # cache does not hold yet, as for the first visitor after a write.
            _step(f"wrk: {name}, rendered (a page not kept yet, each request)")
            load.preflight(
                url=load.url_not_kept(base_url + pages[name]), page_cache="miss"
            )
            throughput[name]["uncached"] = load.wrk_run(
                url=base_url + pages[name],
                connections=args.connections,
                duration=args.duration,
                warmup=args.warmup,
                script=load.LUA / "each_page_new.lua",
            )
        _step("wrk: add to basket (POST with CSRF, 64 buyers' sessions)")
        sessions = load.basket_sessions(
            base_url=base_url, product_path=pages["product"], count=64
        )
        in_baskets = load.basket_quantity(data["product_id"])
        sessions_file = load.lua_sessions_file(sessions)
        added = throughput["add to basket"] = load.wrk_run(
            url=base_url + basket_add,
            connections=args.connections,
            duration=args.duration,
            warmup=args.warmup,
            script=load.LUA / "add_to_basket.lua",
            env={
                "BENCH_SESSIONS": str(sessions_file),
                "BENCH_PATH": basket_add,
            },
            # Added: Oscar redirects to the basket (checked below in the database).
            expected_status=302,
        )
        sessions_file.unlink()
        growth = load.basket_quantity(data["product_id"]) - in_baskets
        added["not_added"] = max(0, added["expected_with_warmup"] - growth)
        if added["not_added"]:
            problems.append(
                f"add to basket: {added['expected_with_warmup']} adds answered 302 "
                f"but the baskets grew by {growth}"
            )
        for name, figures in _each_run(throughput):
            if figures["unexpected"]:
                problems.append(
                    f"{name}: {figures['unexpected']} of {figures['requests']} "
                    f"answers were not the page ({figures['statuses']}, "
                    f"{figures['socket_errors']} socket errors)"
                )
        checkout = {}
        for method in orders.PAYMENT_METHODS:
            _step(f"checkout: {method} ({args.buyers} buyers)")
            checkout[method] = orders.orders_per_second(
                base_url=base_url,
                product_id=data["product_id"],
                method=method,
                buyers=args.buyers,
                duration=max(args.duration, 10),
            )
            problems += [
                f"checkout {method}: {p}" for p in checkout[method]["problems"]
            ]
        _step("bank notifications: orders awaiting payment, signed deliveries")
        webhook_seconds = max(args.duration, 10)
        StockRecord = get_model("partner", "StockRecord")
        notifications = webhooks.webhooks_per_second(
            base_url=base_url,
            env=env,
            stockrecords=list(
                StockRecord._default_manager.filter(
                    partner_sku__startswith=catalogue.UPC_PREFIX
                ).select_related("partner", "product")[:50]
            ),
            clients=args.webhook_clients,
            duration=webhook_seconds,
            orders=args.webhook_orders or 400 * webhook_seconds,
            duplicates=args.duplicates,
            worker_concurrency=args.webhook_worker_concurrency,
            worker_nice=args.webhook_worker_nice,
            drain_timeout=args.webhook_drain_timeout,
        )
        problems += [f"webhooks: {p}" for p in notifications["problems"]]
        weight = {}
        if not args.skip_browser:
            _step("Chromium: page weight, LCP on slow 4G (360×800)")
            weight = browser.page_weight_and_lcp(
                urls={
                    "product list": base_url + pages["product list"],
                    "product page": base_url + pages["product"],
                }
            )
        rss = server.worker_rss_mb(gunicorn)
    finally:
        server.gunicorn_stop(gunicorn)

    results = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "settings": {
            "products": data["products"],
            "workers": args.workers,
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "buyers": args.buyers,
            "webhook_clients": args.webhook_clients,
            "webhook_worker_concurrency": args.webhook_worker_concurrency,
            "duplicates": args.duplicates,
            "redis": bool(args.redis_url),
        },
        "pages": pages,
        "throughput": throughput,
        "queries": query_counts,
        "checkout": checkout,
        "webhooks": notifications,
        "browser": weight,
        "worker_rss_mb": rss,
        "problems": problems,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%SZ")
    path = RESULTS / f"bench-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    sys.stdout.write(report.report_table(results))
    sys.stdout.write(f"\n\nJSON: {path.relative_to(ROOT)}\n")
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
