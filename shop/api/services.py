"""Writing the downloadable open datasets (CSV and JSON) to the default storage."""

import io
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model

from shop.api.selectors import open_products
from shop.api.serializers import ProductSerializer
from shop.spreadsheets import SpreadsheetDictWriter

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")

CSV_NAME = "open-data/ocop-products.csv"
JSON_NAME = "open-data/ocop-products.json"
DATASET_NAMES = {"csv": CSV_NAME, "json": JSON_NAME}

#: The CSV's columns, one row per product; documented in README ("Open data").
CSV_COLUMNS = (
    "id",
    "upc",
    "title",
    "url",
    "seller_id",
    "seller_name",
    "seller_type",
    "seller_commune",
    "seller_province",
    "categories",
    "price_vnd",
    "available",
    "ocop_stars",
    "ocop_group",
    "ocop_group_label",
    "ocop_decision_number",
    "ocop_decision_date",
    "ocop_valid_until",
    "ocop_is_current",
    "origin_commune",
    "origin_province",
    "standards",
    "image_urls",
    "traceability_url",
    "date_updated",
    "generated_at",
)
#: Joins the items of a list column; chosen because it never occurs in the values.
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class OpenDataExport:
    """What one export wrote."""

    generated_at: str
    product_count: int
    names: tuple[str, ...]


def _csv_row(product: dict, *, generated_at: str) -> dict:
    """One CSV row from a product as the API publishes it."""
    seller = product["seller"] or {}
    ocop = product["ocop"]

    def text(value):
        # Booleans as true/false like the JSON; missing values as empty cells.
        if value is None:
            return ""
        return str(value).lower() if isinstance(value, bool) else value

    row = {
        "id": product["id"],
        "upc": product["upc"],
        "title": product["title"],
        "url": product["url"],
        "seller_id": seller.get("id"),
        "seller_name": seller.get("name"),
        "seller_type": seller.get("seller_type"),
        "seller_commune": seller.get("commune"),
        "seller_province": seller.get("province"),
        "categories": LIST_SEPARATOR.join(c["name"] for c in product["categories"]),
        "price_vnd": product["price_vnd"],
        "available": product["available"],
        "ocop_stars": ocop["stars"],
        "ocop_group": ocop["group"],
        "ocop_group_label": ocop["group_label"],
        "ocop_decision_number": ocop["decision_number"],
        "ocop_decision_date": ocop["decision_date"],
        "ocop_valid_until": ocop["valid_until"],
        "ocop_is_current": ocop["is_current"],
        "origin_commune": product["origin_commune"],
        "origin_province": product["origin_province"],
        "standards": LIST_SEPARATOR.join(product["standards"]),
        "image_urls": LIST_SEPARATOR.join(product["images"]),
        "traceability_url": product["traceability_url"],
        "date_updated": product["date_updated"],
        "generated_at": generated_at,
    }
    return {column: text(value) for column, value in row.items()}


def _save(name: str, content: bytes) -> None:
    # Storages add a suffix rather than overwrite, and the URL must stay the same.
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))


def open_data_export() -> OpenDataExport:
    """Write the current catalogue as ``open-data/ocop-products.csv`` and ``.json``.

    Both hold exactly what the API publishes for each product. The CSV is UTF-8 with
    a byte-order mark so Excel opens Vietnamese text correctly; its ``generated_at``
    column repeats the generation time on every row to keep the table rectangular.
    """
    # Labels in the site's language, whoever triggered the export.
    with translation.override(settings.LANGUAGE_CODE):
        return _export()


def _export() -> OpenDataExport:
    generated_at = timezone.localtime().isoformat(timespec="seconds")
    context = {"strategy": Selector().strategy()}
    products = ProductSerializer(
        open_products().iterator(chunk_size=500), many=True, context=context
    ).data

    out = io.StringIO()
    writer = SpreadsheetDictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for product in products:
        writer.writerow(_csv_row(product, generated_at=generated_at))
    _save(CSV_NAME, out.getvalue().encode("utf-8-sig"))

    document = {
        "generated_at": generated_at,
        "product_count": len(products),
        "products": products,
    }
    _save(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=1).encode())
    return OpenDataExport(
        generated_at=generated_at,
        product_count=len(products),
        names=(CSV_NAME, JSON_NAME),
    )


def open_data_is_stale(*, name: str) -> bool:
    """True when a product, price or stock changed after the file ``name`` was written.

    Deleted products and renamed sellers leave no timestamp; the hourly export
    catches those.
    """
    written = default_storage.get_modified_time(name)
    latest = [
        Product._default_manager.aggregate(m=Max("date_updated"))["m"],
        StockRecord._default_manager.aggregate(m=Max("date_updated"))["m"],
    ]
    return any(moment and moment > written for moment in latest)
