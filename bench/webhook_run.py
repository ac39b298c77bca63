# ruff: noqa: T201  (a benchmark prints its figures)
"""Only the bank-notification part of ``make bench``: quicker to repeat.

    .venv/bin/python -m bench.webhook_run --database-url postgres://…/ocop_bench

Same settings, gunicorn workers, Celery worker, orders, signed deliveries with
copies and the paid-exactly-once check as ``python -m bench``; a few hundred
catalogue products (the orders' lines) are loaded if missing. Prints the figures
(deliveries accepted per second, then the worker's drain: its time and
notifications applied per second), the memory of each gunicorn worker and the load
average; exits 1 when an order is not paid exactly once.
"""

import json
import os
import sys

from bench.__main__ import part_arguments, part_setup, webhook_worker_arguments


def main() -> None:
    parser = part_arguments(__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8171)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--duplicates", type=float, default=0.2)
    webhook_worker_arguments(parser)
    args = parser.parse_args()
    env = part_setup(args, static=False)
    from oscar.core.loading import get_model

    from bench import catalogue, report, server, webhooks

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
            worker_concurrency=args.webhook_worker_concurrency,
            worker_nice=args.webhook_worker_nice,
            drain_timeout=args.webhook_drain_timeout,
        )
        figures["worker_rss_mb"] = server.worker_rss_mb(gunicorn)
    finally:
        server.gunicorn_stop(gunicorn)
    figures["load_average"] = os.getloadavg()
    print(json.dumps(figures, indent=1))
    sys.stderr.write(report.webhooks_target(figures) + "\n")
    sys.exit(1 if figures["problems"] else 0)


if __name__ == "__main__":
    main()
