"""A generated catalogue of N products, written with ``bulk_create`` in batches.

Products are marked by their UPC prefix, so a run finds the catalogue of an earlier run
and only tops it up to N.
"""

import datetime
import io
import random
import sys

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from oscar.core.loading import get_model
from PIL import Image

from catalogue.ocop import OcopGroup, default_valid_until
from search.models import ProductSearchRow
from search.services import (
    product_search_rows_refresh,
    product_search_text_refresh,
    search_counts_invalidate,
)

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Country = get_model("address", "Country")

UPC_PREFIX = "BENCH-"
SELLER_PREFIX = "HTX thử nghiệm bench "
CATEGORIES = 20
PRODUCTS_PER_SELLER = 50
BATCH = 1000
#: Words to build titles from, so searches match a realistic share of products.
WORDS = (
    "chè shan tuyết mật ong rượu ngô miến dong gạo nếp tương ớt mận hậu sấy dẻo "
    "thảo quả táo mèo nấm hương măng khô thịt trâu gác bếp lạp xưởng cốm"
).split()
STOCK = 1_000_000  # buyers in the benchmark never run a product out


def progress(label: str, done: int, total: int) -> None:
    """One line redrawn on a terminal; a line per step in a log."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r  {label}: {done:,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
    else:
        sys.stderr.write(f"  {label}: {done:,}/{total:,}\n")
    sys.stderr.flush()


def _image_files(count: int) -> list[str]:
    """``count`` small JPEGs of plain colour (about 2 KB each), saved to media."""
    names = []
    for i in range(count):
        name = f"bench/p{i:03d}.jpg"
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            colour = ((i * 53) % 256, (i * 97) % 256, (i * 151) % 256)
            Image.new("RGB", (400, 400), colour).save(buffer, "JPEG", quality=70)
            name = default_storage.save(name, ContentFile(buffer.getvalue()))
        names.append(name)
    return names


def home_page_ensure() -> None:
    """The storefront's Wagtail home page, as the demo has it (a fresh bench database
    holds Wagtail's placeholder)."""
    from cms.services import home_page_install

    home_page_install(title="Chợ OCOP Lào Cai", intro="<p>Đặc sản Lào Cai</p>")


def catalogue_ensure(*, products: int) -> dict:
    """Make the benchmark catalogue hold ``products`` public OCOP products.

    Returns what the load generators need: a category URL, a product URL and the
    product to put in baskets.
    """
    Country._default_manager.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "name": "Việt Nam",
            "printable_name": "Việt Nam",
            "is_shipping_country": True,
        },
    )
    product_class, _ = ProductClass._default_manager.get_or_create(
        slug="ocop-bench",
        defaults={"name": "OCOP", "requires_shipping": True, "track_stock": True},
    )
    categories = list(
        Category._default_manager.filter(slug__startswith="bench-").order_by("pk")
    )
    for i in range(len(categories), CATEGORIES):
        categories.append(
            Category.add_root(name=f"Nhóm thử {i + 1}", slug=f"bench-{i + 1}")
        )
    existing = Product._default_manager.filter(upc__startswith=UPC_PREFIX).count()
    sellers_needed = max(1, -(-products // PRODUCTS_PER_SELLER))
    bench_sellers = Partner._default_manager.filter(name__startswith=SELLER_PREFIX)
    Partner._default_manager.bulk_create(
        Partner(
            code=f"bench-{i}",
            name=f"{SELLER_PREFIX}{i}",
            commune="Bắc Hà",
            province="Lào Cai",
        )
        for i in range(bench_sellers.count(), sellers_needed)
    )
    sellers = list(bench_sellers.order_by("pk"))
    images = _image_files(64)
    rng = random.Random(existing)
    today = datetime.date.today()
    groups = [value for value, _label in OcopGroup.choices]
    progress("products", existing, products)
    for start in range(existing, products, BATCH):
        stop = min(start + BATCH, products)
        with transaction.atomic():
            batch = []
            for n in range(start, stop):
                decided = today - datetime.timedelta(days=rng.randint(0, 900))
                title = " ".join(rng.sample(WORDS, 3)).capitalize() + f" {n}"
                batch.append(
                    Product(
                        upc=f"{UPC_PREFIX}{n:07d}",
                        title=title,
                        slug=f"san-pham-thu-{n}",
                        description=f"<p>{title}: sản phẩm thử cho phép đo.</p>",
                        product_class=product_class,
                        is_public=True,
                        ocop_stars=rng.choice((3, 3, 4, 4, 5)),
                        ocop_group=rng.choice(groups),
                        ocop_decision_number=f"{n}/QĐ-UBND",
                        ocop_decision_date=decided,
                        ocop_valid_until=default_valid_until(decided),
                        origin_commune="Bắc Hà",
                        origin_province="Lào Cai",
                        standards="VietGAP",
                    )
                )
            created = Product._default_manager.bulk_create(batch)
            ProductCategory._default_manager.bulk_create(
                ProductCategory(product=p, category=categories[n % CATEGORIES])
                for n, p in enumerate(created, start)
            )
            StockRecord._default_manager.bulk_create(
                StockRecord(
                    product=p,
                    partner=sellers[n // PRODUCTS_PER_SELLER % len(sellers)],
                    partner_sku=p.upc,
                    price=rng.randrange(30_000, 900_000, 5_000),
                    price_currency="VND",
                    num_in_stock=STOCK,
                )
                for n, p in enumerate(created, start)
            )
            ProductImage._default_manager.bulk_create(
                ProductImage(
                    product=p,
                    original=images[n % len(images)],
                    caption=p.title,
                    display_order=0,
                    code=f"bench-{p.upc}",
                )
                for n, p in enumerate(created, start)
            )
            # bulk_create sends no signals: fold the search text (and its word
            # index) and write the search rows as saving each product would.
            product_search_text_refresh(product_ids=[p.pk for p in created])
            product_search_rows_refresh(product_ids=[p.pk for p in created])
        progress("products", stop, products)
    # Catalogues loaded before the benchmark indexed them.
    unindexed = list(
        Product._default_manager.filter(
            upc__startswith=UPC_PREFIX, search_text=""
        ).values_list("pk", flat=True)
    )
    for start in range(0, len(unindexed), BATCH):
        product_search_text_refresh(product_ids=unindexed[start : start + BATCH])
        progress("search text", min(start + BATCH, len(unindexed)), len(unindexed))
    # Catalogues loaded before the search rows existed: without rows the listings
    # and search on PostgreSQL show nothing, and would be measured empty.
    if connection.vendor == "postgresql":
        rows = ProductSearchRow._default_manager.filter(
            product__upc__startswith=UPC_PREFIX
        )
        if (
            rows.count()
            < Product._default_manager.filter(upc__startswith=UPC_PREFIX).count()
        ):
            progress("search rows", 0, 1)
            product_search_rows_refresh()
            progress("search rows", 1, 1)
    search_counts_invalidate()
    sample = Product._default_manager.filter(upc__startswith=UPC_PREFIX).order_by("pk")[
        products // 2
    ]
    return {
        "products": Product._default_manager.filter(upc__startswith=UPC_PREFIX).count(),
        "category_url": categories[0].get_absolute_url(),
        "product_url": sample.get_absolute_url(),
        "product_id": sample.pk,
        "search_word": WORDS[0],
    }
