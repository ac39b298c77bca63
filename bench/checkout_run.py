# ruff: noqa: T201  (a benchmark prints its figures)
"""Only the checkout part of ``make bench``: quicker to repeat.

    .venv/bin/python -m bench.checkout_run --database-url postgres://…/ocop_bench

Same settings, gunicorn workers, buyers and steps (``bench/orders.py``: catalogue,
basket, e-mail, address, shipping method, preview, place order, the page after) as
``python -m bench``, for each payment method; the catalogue is loaded if missing
(``--products``, 1,000 by default; the bench's own run uses 10,000). Prints orders per
second, the orders found in the database, and the load average; exits 1 when an order
failed or is missing.
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
    parser.add_argument("--port", type=int, default=8172)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--buyers", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--products", type=int, default=1000)
    args = parser.parse_args()
    env = _environment(
        SimpleNamespace(database_url=args.database_url, redis_url=args.redis_url)
    )
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command

    from bench import catalogue, orders, server

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    data = catalogue.catalogue_ensure(products=args.products)
    gunicorn = server.gunicorn_start(env=env, port=args.port, workers=args.workers)
    figures = {"load_average_before": os.getloadavg()}
    try:
        for method in orders.PAYMENT_METHODS:
            figures[method] = orders.orders_per_second(
                base_url=f"http://127.0.0.1:{args.port}",
                product_id=data["product_id"],
                method=method,
                buyers=args.buyers,
                duration=args.duration,
            )
        figures["worker_rss_mb"] = server.worker_rss_mb(gunicorn)
    finally:
        server.gunicorn_stop(gunicorn)
    figures["load_average"] = os.getloadavg()
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    failed = any(
        figures[m]["failed"] or figures[m]["problems"] for m in orders.PAYMENT_METHODS
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
