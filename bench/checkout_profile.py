# ruff: noqa: T201  (a profiler prints its figures)
"""Where a guest order's time goes, request by request, in-process.

    .venv/bin/python -m bench.checkout_profile --database-url postgres://…/h_x_bench

Drives the bench's guest checkout (``bench/orders.py``: catalogue, add to basket,
the one-page checkout, then e-mail, address and payment method in the one POST that
places the order; redirects followed as the buyer's browser does) with Django's test
client under the bench's settings (production, ``bench/settings.py``) against a bench
database, and prints for each step:
SQL queries, CPU milliseconds (``time.process_time``, median of ``--orders`` orders,
measured without the profiler or the query log) and, with ``--top N``, the N
functions of most own time under cProfile. ``--sql STEP`` lists that step's queries.
CPU time does not depend on the machine's load the way wall-clock throughput does.
"""

import cProfile
import io
import os
import pstats
import statistics
import time
import uuid

from bench.__main__ import part_arguments, part_setup

ADDRESS = {
    "last_name": "Nguyễn Văn Minh",
    "phone_number": "0912 345 678",
    "province": "15",
    "commune": "2869",
    "line1": "Số 12, thôn Bản Liền",
}
_BOOKKEEPING = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")


def steps(*, product_ids, method):
    """(step, function of a client) of one guest order, as the bench's buyer."""
    email = f"bench-profile-{uuid.uuid4().hex[:10]}@example.com"
    yield "catalogue", lambda c: c.get("/catalogue/")
    *first, last = product_ids
    for pk in first:
        yield (
            "add to basket",
            lambda c, pk=pk: c.post(f"/basket/add/{pk}/", {"quantity": 1}, follow=True),
        )
    # The last one with the product page's "Mua ngay": into the basket and on to
    # the checkout page.
    yield (
        "buy now",
        lambda c: c.post(
            f"/basket/add/{last}/", {"quantity": 1, "next": "/checkout/"}, follow=True
        ),
    )
    yield (
        "place order",
        lambda c: c.post(
            "/checkout/",
            {**ADDRESS, "email": email, "payment_method": method},
            follow=True,
        ),
    )


def _check(step, response):
    if response.status_code != 200:
        raise SystemExit(f"{step}: {response.status_code}")
    if (
        step == "place order"
        and b"thank-you" not in response.redirect_chain[-1][0].encode()
    ):
        raise SystemExit(f"place order ended at {response.redirect_chain}")
    if step == "buy now" and b'id="checkout_form"' not in response.content:
        raise SystemExit(f"buy now ended at {response.redirect_chain}")


def main() -> None:
    parser = part_arguments(__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=1, help="products per order")
    parser.add_argument("--method", default="cod")
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--dump", default="", help="folder for <step>.prof files")
    parser.add_argument("--sql", default="", help="a step, or all")
    args = parser.parse_args()
    part_setup(args)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from oscar.core.loading import get_model

    from bench import catalogue

    data = catalogue.catalogue_ensure(products=args.products)
    Product = get_model("catalogue", "Product")
    product_ids = [data["product_id"]] + list(
        Product._default_manager.filter(upc__startswith=catalogue.UPC_PREFIX)
        .exclude(pk=data["product_id"])
        .order_by("pk")
        .values_list("pk", flat=True)[: args.lines - 1]
    )
    kwargs = {"product_ids": product_ids, "method": args.method}

    # One client, as one gunicorn worker: a new client would load the middleware
    # again (WhiteNoise scans the static files then), which a worker does once.
    client = Client()

    def order(measure):
        client.cookies.clear()
        for step, request in steps(**kwargs):
            measure(step, lambda request=request: request(client))

    # Warm: caches kept between requests (site, templates, content types...).
    for _ in range(2):
        order(lambda step, run: _check(step, run()))

    cpu = {}

    def timed(step, run):
        started = time.process_time()
        response = run()
        cpu.setdefault(step, []).append(time.process_time() - started)
        _check(step, response)

    per_order = []
    for _ in range(args.orders):
        before = {k: len(v) for k, v in cpu.items()}
        order(timed)
        per_order.append(sum(sum(v[before.get(k, 0) :]) for k, v in cpu.items()))

    queries = {}

    def counted(step, run):
        with CaptureQueriesContext(connection) as captured:
            response = run()
        _check(step, response)
        queries.setdefault(step, []).append(
            [
                q["sql"]
                for q in captured.captured_queries
                if not q["sql"].startswith(_BOOKKEEPING)
            ]
        )

    order(counted)

    profiles = {}

    def profiled(step, run):
        profile = profiles.setdefault(step, cProfile.Profile())
        profile.enable()
        response = run()
        profile.disable()
        _check(step, response)

    if args.top:
        order(profiled)

    print(
        f"{args.method}, {len(product_ids)} line(s), {args.orders} orders, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'step':<16}{'SQL':>6}{'CPU ms':>9}")
    total_sql = 0
    for step, times in cpu.items():
        per_request = len(times) // args.orders
        sql = [len(q) for q in queries[step]]
        total_sql += sum(sql)
        ms = statistics.median(times) * 1000
        print(f"{step:<16}{'+'.join(map(str, sql)):>6}{ms * per_request:>9.1f}")
    print(f"{'order':<16}{total_sql:>6}{statistics.median(per_order) * 1000:>9.1f}")
    for step in queries if args.sql == "all" else filter(None, [args.sql]):
        for n, sql in enumerate(queries[step]):
            print(f"\n-- {step} #{n + 1}: {len(sql)} queries")
            for q in sql:
                print(q[:300])
    for step, profile in profiles.items():
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            profile.dump_stats(
                os.path.join(args.dump, step.replace(" ", "-") + ".prof")
            )
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(f"\n===== {step}")
        print("\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
