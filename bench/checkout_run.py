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

import json
import os
import sys

from bench.__main__ import part_arguments, part_setup


def main() -> None:
    parser = part_arguments(__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8172)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--buyers", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--products", type=int, default=1000)
    args = parser.parse_args()
    env = part_setup(args)

    from bench import catalogue, orders, server

    data = catalogue.catalogue_ensure(products=args.products)
    gunicorn = server.gunicorn_start(env=env, port=args.port, workers=args.workers)
    figures = {"load_average_before": os.getloadavg()}
    try:
        for method in orders.PAYMENT_METHODS:
            cpu_before = server.workers_cpu_seconds(gunicorn)
            figures[method] = orders.orders_per_second(
                base_url=f"http://127.0.0.1:{args.port}",
                product_id=data["product_id"],
                method=method,
                buyers=args.buyers,
                duration=args.duration,
            )
            cpu = server.workers_cpu_seconds(gunicorn) - cpu_before
            placed = max(figures[method]["placed"], 1)
            figures[method]["worker_cpu_ms_per_order"] = round(cpu * 1000 / placed)
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
