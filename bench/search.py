# ruff: noqa: T201  (a benchmark prints its figures)
"""Search benchmark: load N generated products, time typical and facet queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench make bench-search
    make bench-search BENCH_PRODUCTS=10000          # fewer products
    .venv/bin/python bench/search.py --help

Prints p50/p95 latency in milliseconds of each query through the search contract
(``search.backends.product_search``), for the database backend and, when
``ELASTICSEARCH_URL`` is set, Elasticsearch. Target: p95 <= 50 ms on PostgreSQL at
100,000 products. Without DATABASE_URL it uses its own SQLite file under var/, never
the demo's database. The catalogue is generated (fixed seed) and kept between runs;
only the missing products are added. Not part of ``make test``.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-search.sqlite3'}"
)
# Debug mode keeps every SQL statement in memory: not what production runs.
os.environ["DEBUG"] = "false"
# Without DEBUG the site refuses to start with a payment method switched on and not
# configured (payments.apps). Searching takes no payment: only cash on delivery,
# which needs no settings, unless the caller chose otherwise.
os.environ.setdefault("PAYMENT_METHODS", "cod")

KINDS = [
    "Chè Shan tuyết",
    "Mận tam hoa",
    "Gạo Séng Cù",
    "Mật ong bạc hà",
    "Thịt trâu gác bếp",
    "Miến dong",
    "Rượu ngô",
    "Tinh dầu quế",
    "Nấm hương",
    "Măng khô",
    "Lạp xưởng",
    "Khăn thổ cẩm",
    "Trà hoa vàng",
    "Đậu đỏ",
    "Bưởi Múc",
    "Hồng không hạt",
    "Táo mèo",
    "Sâm Lai Châu",
    "Cao atiso",
    "Cốm Na Lo",
    "Lê Nậm Pung",
    "Trứng vịt",
    "Cải kale",
    "Chuối sấy",
    "Hạt dổi",
    "Mắc khén",
    "Thảo quả",
    "Ruốc cá hồi",
    "Cà phê Arabica",
]
STYLES = [
    "sấy dẻo",
    "hữu cơ",
    "đặc biệt",
    "loại 1",
    "hộp quà",
    "túi 500g",
    "truyền thống",
    "thượng hạng",
    "nguyên chất",
    "xuất khẩu",
]
PLACES = [
    "Bản Liền",
    "Bắc Hà",
    "Mường Khương",
    "Sa Pa",
    "Bát Xát",
    "Văn Bàn",
    "Bảo Yên",
    "Si Ma Cai",
    "Mù Cang Chải",
    "Trạm Tấu",
    "Đồng Văn",
    "Mèo Vạc",
    "Hoàng Su Phì",
    "Tam Đường",
    "Phong Thổ",
    "Mộc Châu",
    "Điện Biên",
    "Tủa Chùa",
    "Nậm Đét",
    "Y Tý",
]
PROVINCES = [
    "Lào Cai",
    "Tuyên Quang",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Cao Bằng",
    "Lạng Sơn",
    "Thái Nguyên",
]

TEXT_QUERIES = [
    "che shan tuyet",
    "chè shan",
    "tra shan tuyêt",
    "mận tam hoa",
    "man tam hoa",
    "gao seng cu",
    "mat ong",
    "tinh dau que bac ha",
    "khan tho cam sa pa",
    "che sahn",
    "man tam hao",
    "bưởi",
    "sam lai chau hop qua",
    "xyzzy",
]


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ensure_database():
    """Create the PostgreSQL database named in DATABASE_URL if it does not exist."""
    import environ

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def progress(label, done, total, started):
    rate = done / max(time.perf_counter() - started, 1e-9)
    print(f"\r{label}: {done:,}/{total:,} ({rate:,.0f}/s)", end="", flush=True)
    if done >= total:
        print()


def load(n, batch=5000):
    """Add generated products until there are ``n`` bench products."""
    import datetime
    from decimal import Decimal

    from django.db import transaction
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.core.loading import get_model

    from catalogue.ocop import OcopGroup, default_valid_until
    from search.services import (
        product_search_rows_refresh,
        search_counts_invalidate,
        search_vocabulary_invalidate,
    )
    from search.text import search_text

    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    ProductCategory = get_model("catalogue", "ProductCategory")
    Partner = get_model("partner", "Partner")
    StockRecord = get_model("partner", "StockRecord")

    existing = Product._default_manager.filter(upc__startswith="BENCH-").count()
    if existing >= n:
        print(f"{existing:,} bench products already loaded.")
        return
    product_class, _ = ProductClass._default_manager.get_or_create(
        slug="ocop", defaults={"name": "OCOP product", "track_stock": True}
    )
    categories = [create_from_breadcrumbs(f"Bench > {kind}") for kind in KINDS]
    sellers = []
    for i in range(200):
        seller, _ = Partner._default_manager.get_or_create(
            code=f"bench-{i}",
            defaults={
                "name": f"HTX {PLACES[i % len(PLACES)]} {i}",
                "province": PROVINCES[i % len(PROVINCES)],
            },
        )
        sellers.append(seller)
    rng = random.Random(existing)
    today = datetime.date.today()
    started = time.perf_counter()
    for start in range(existing, n, batch):
        size = min(batch, n - start)
        products, records, links, kinds = [], [], [], []
        for i in range(start, start + size):
            k = rng.randrange(len(KINDS))
            kinds.append(k)
            place = rng.choice(PLACES)
            seller = sellers[i % len(sellers)]
            title = f"{KINDS[k]} {rng.choice(STYLES)} {place}"
            description = (
                f"<p>{KINDS[k]} của {seller.name}, {place}. Sản phẩm OCOP "
                f"{rng.choice(STYLES)}, dữ liệu sinh cho benchmark.</p>"
            )
            decided = today - datetime.timedelta(days=rng.randrange(30, 1500))
            province = PROVINCES[i % len(PROVINCES)]
            products.append(
                Product(
                    upc=f"BENCH-{i:07d}",
                    title=title,
                    slug=f"bench-{i}",
                    structure="standalone",
                    product_class=product_class,
                    description=description,
                    is_public=rng.random() > 0.02,
                    ocop_stars=rng.choice([3, 3, 3, 4, 4, 5]),
                    ocop_group=rng.choice(OcopGroup.values[:4]),
                    ocop_decision_date=decided,
                    ocop_valid_until=default_valid_until(decided),
                    origin_commune=place,
                    origin_province=province,
                    search_title=search_text(title),
                    search_text=search_text(
                        title, KINDS[k], seller.name, place, province, description
                    ),
                )
            )
        with transaction.atomic():
            Product._default_manager.bulk_create(products, batch_size=1000)
            for i, (product, k) in enumerate(zip(products, kinds, strict=True), start):
                records.append(
                    StockRecord(
                        product=product,
                        partner=sellers[i % len(sellers)],
                        partner_sku=product.upc,
                        price_currency="VND",
                        price=Decimal(rng.randrange(20, 900) * 1000),
                        num_in_stock=rng.choice([0, 5, 20, 100]),
                        num_allocated=0,
                    )
                )
                links.append(ProductCategory(product=product, category=categories[k]))
            StockRecord._default_manager.bulk_create(records, batch_size=1000)
            ProductCategory._default_manager.bulk_create(links, batch_size=1000)
        progress("Products", start + size, n, started)
    print("Search rows (PostgreSQL)…", flush=True)
    product_search_rows_refresh()
    search_vocabulary_invalidate()
    search_counts_invalidate()


def timed(label, fn, repeat, cold=None):
    started = time.perf_counter()
    fn()  # warm-up: caches, query plans
    first = (time.perf_counter() - started) * 1000
    if cold is not None:
        cold.append(first)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = statistics.median(samples), percentile(samples, 95)
    print(
        f"  {label:<40} first {first:7.1f} ms   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms"
    )
    return samples


def run(backend, repeat):
    from django.conf import settings
    from oscar.core.loading import get_model

    from search.backends import product_search
    from search.query import ProductQuery, Sort
    from search.services import search_counts_invalidate

    settings.SEARCH_BACKEND = backend
    # Facet counts kept from an earlier run (in Redis) would make every first run
    # a cached one: start from none.
    search_counts_invalidate()
    partner_id = (
        get_model("partner", "Partner")
        ._default_manager.filter(code="bench-7")
        .values_list("id", flat=True)
        .first()
    )
    print(f"\n{backend}")
    typical, facets, cold = [], [], []
    print(" typical queries (words, with facet counts)")
    for text in TEXT_QUERIES:
        typical += timed(
            repr(text),
            lambda t=text: product_search(ProductQuery(text=t)),
            repeat,
            cold,
        )
    print(" suggestions as you type (no facets)")
    for text in ("man t", "che sh", "gao se"):
        typical += timed(
            repr(text),
            lambda t=text: product_search(
                ProductQuery(text=t, facets=False, per_page=6)
            ),
            repeat,
        )
    print(" browsing and facet queries")
    cases = {
        "browse, page 1": ProductQuery(),
        "browse, page 50": ProductQuery(page=50),
        "group + in stock": ProductQuery(ocop_groups=(1,), in_stock=True),
        "stars 5 + province": ProductQuery(stars=(5,), provinces=("Lào Cai",)),
        "price 100-200k, sorted by price": ProductQuery(
            price_min=100_000, price_max=200_000, sort=Sort.PRICE_ASC
        ),
        "seller": ProductQuery(seller_ids=(partner_id or 0,)),
        "words + group + in stock": ProductQuery(
            text="mat ong", ocop_groups=(1,), in_stock=True
        ),
        "sorted by stars": ProductQuery(sort=Sort.STARS),
        "newest": ProductQuery(sort=Sort.NEWEST),
    }
    for label, query in cases.items():
        facets += timed(label, lambda q=query: product_search(q), repeat, cold)
    for label, samples in (
        ("all typical queries", typical),
        ("all facet queries", facets),
        ("first runs (facet counts not cached)", cold),
    ):
        print(
            f" {label:<47} p50 {statistics.median(samples):7.1f} ms   "
            f"p95 {percentile(samples, 95):7.1f} ms"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query")
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)
    load(args.products)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # The search rows as a production server keeps them: autovacuum visits the
        # table after 1% of its rows changed (search migration 0004), as
        # ``search_index rebuild`` does at its end. Servers with autovacuum off
        # (this bench's) would otherwise count facets from the rows, not their index.
        from search.services import product_search_rows_vacuum

        product_search_rows_vacuum()
    run("search.backends.database", args.repeat)
    if settings.ELASTICSEARCH_URL:
        from search.backends import elasticsearch

        started = time.perf_counter()
        elasticsearch.index_rebuild(
            progress=lambda done, total: progress("Indexing", done, total, started)
        )
        run("search.backends.elasticsearch", args.repeat)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak resident memory of this process: {rss:,.0f} MB")


if __name__ == "__main__":
    main()
