# ruff: noqa: T201  (a profiler prints its figures)
"""Where a rendered storefront page's time goes, in-process.

    .venv/bin/python -m bench.page_profile --database-url postgres://…/h_x_bench

Renders the bench's pages (home, category, product, search) with Django's test
client under the bench's settings: for a signed-in buyer with the page cache off for
them (``PAGE_CACHE_SIGNED_IN``), or with ``--anonymous`` for a visitor asking for a
page not kept yet, as the bench's "rendered" measure does (the address with a new
parameter no view reads; with ``--after-write`` as the first visitor after a write:
every kept page, list and menu retired first), or with ``--kept`` for a signed-in
buyer served the kept page with their own parts, as the bench's "signed in" measure
does. Prints for each
page its SQL queries and CPU milliseconds (``time.process_time``, median of
``--runs``, measured without the profiler or the query log) and, with ``--top N``,
the N functions of most own time under cProfile (``--sort cumtime`` for the
callers). ``--sql PAGE`` lists a page's queries.
"""

import cProfile
import io
import os
import pstats
import statistics
import time
from urllib.parse import urlencode

from bench.__main__ import part_arguments, part_setup

_BOOKKEEPING = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")


def main() -> None:
    parser = part_arguments(__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--kept", action="store_true")
    parser.add_argument(
        "--after-write",
        action="store_true",
        help="with --anonymous: every kept page and list retired before each request",
    )
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--dump", default="", help="folder for <page>.prof files")
    parser.add_argument("--sql", default="", help="a page, or all")
    parser.add_argument("--page", action="append", help="only these pages")
    args = parser.parse_args()
    part_setup(args)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import catalogue, load
    from shop.pagecache_versions import page_cache_version_bump

    settings.PAGE_CACHE_SIGNED_IN = args.kept
    served = "miss" if args.anonymous else ("hit-personal" if args.kept else None)

    catalogue.home_page_ensure()  # as the bench's own set-up
    data = catalogue.catalogue_ensure(products=args.products)
    pages = {
        "home": "/",
        "category": data["category_url"],
        "product": data["product_url"],
        "search": "/search/?" + urlencode({"q": data["search_word"]}),
    }
    if args.page:
        pages = {k: v for k, v in pages.items() if k in args.page}
    client = Client()
    if not args.anonymous:
        client.cookies.load(load.signed_in_cookie())

    def get(path):
        if args.anonymous:
            path = load.url_not_kept(path)
            if args.after_write:
                page_cache_version_bump()
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        if response.get("X-Page-Cache") != served:
            raise SystemExit(f"{path}: served {response['X-Page-Cache']}")
        return response

    for path in pages.values():  # kept by a visitor, for --kept
        Client().get(path)
    for path in pages.values():  # warm: site, templates, content types…
        for _ in range(3):
            get(path)
    print(
        f"{'anonymous' if args.anonymous else 'signed in'}"
        f"{' after a write' if args.after_write else ''}, served {served}, "
        f"{args.runs} runs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'page':<12}{'SQL':>5}{'CPU ms':>9}{'KB':>6}")
    queries = {}
    for name, path in pages.items():
        cpu = []
        for _ in range(args.runs):
            started = time.process_time()
            response = get(path)
            cpu.append(time.process_time() - started)
        with CaptureQueriesContext(connection) as captured:
            get(path)
        queries[name] = [
            q["sql"]
            for q in captured.captured_queries
            if not q["sql"].startswith(_BOOKKEEPING)
        ]
        ms = statistics.median(cpu) * 1000
        size = len(response.content) / 1024
        print(f"{name:<12}{len(queries[name]):>5}{ms:>9.1f}{size:>6.0f}")
    for name in queries if args.sql == "all" else filter(None, [args.sql]):
        print(f"\n-- {name}: {len(queries[name])} queries")
        for q in queries[name]:
            print(q[:300])
    if not args.top:
        return
    for name, path in pages.items():
        profile = cProfile.Profile()
        for _ in range(args.runs):
            profile.enable()
            get(path)
            profile.disable()
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            profile.dump_stats(os.path.join(args.dump, f"{name}.prof"))
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(f"\n===== {name} ({args.runs} runs)")
        print("\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
