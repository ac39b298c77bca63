# ruff: noqa: T201  (a benchmark prints its figures)
"""Only the bank-notification part of ``make bench``: quicker to repeat.

    .venv/bin/python -m bench.webhook_run --database-url postgres://…/ocop_bench

Same settings, gunicorn workers, orders, signed deliveries with copies and the
paid-exactly-once check as ``python -m bench``; a few hundred catalogue products
(the orders' lines) are loaded if missing. Prints the figures, the memory of each
worker and the load average; exits 1 when an order is not paid exactly once.
"""

import argparse
import json
import os
import sys
from types import SimpleNamespace

from bench.__main__ import _environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_bench"
        ),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--duplicates", type=float, default=0.2)
    args = parser.parse_args()
    env = _environment(
        SimpleNamespace(database_url=args.database_url, redis_url=args.redis_url)
    )
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from oscar.core.loading import get_model

    from bench import catalogue, server, webhooks

    call_command("migrate", verbosity=0, interactive=False)
    catalogue.catalogue_ensure(products=200)
    StockRecord = get_model("partner", "StockRecord")
    records = list(
        StockRecord._default_manager.filter(
            partner_sku__startswith=catalogue.UPC_PREFIX
        ).select_related("partner", "product")[:50]
    )
    gunicorn = server.gunicorn_start(env=env, port=args.port, workers=args.workers)
    try:
        figures = webhooks.webhooks_per_second(
            base_url=f"http://127.0.0.1:{args.port}",
            env=env,
            stockrecords=records,
            clients=args.clients,
            duration=args.duration,
            orders=int(400 * args.duration),
            duplicates=args.duplicates,
        )
        figures["worker_rss_mb"] = server.worker_rss_mb(gunicorn)
    finally:
        server.gunicorn_stop(gunicorn)
    figures["load_average"] = os.getloadavg()
    print(json.dumps(figures, indent=1))
    sys.exit(1 if figures["problems"] else 0)


if __name__ == "__main__":
    main()
