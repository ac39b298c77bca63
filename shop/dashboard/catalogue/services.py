"""Writes of the seller's product form: save a draft, publish, order the photos."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from oscar.core.loading import get_model

from shop import places
from shop.dashboard.catalogue.forms import image_shrink
from shop.dashboard.catalogue.selectors import (
    product_missing_fields,
    seller_stockrecord,
)

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def _ocop_product_class():
    product_class, _created = ProductClass._default_manager.get_or_create(
        slug=settings.OCOP_DEFAULT_PRODUCT_CLASS,
        defaults={"name": "OCOP", "requires_shipping": True, "track_stock": True},
    )
    return product_class


@transaction.atomic
def seller_product_save(*, seller, product=None, data: dict, publish: bool):
    """Create or update ``seller``'s product from the form's ``data`` and return it
    with the list of what it still lacks (see ``product_missing_fields``).

    The product goes on sale (``is_public``) only when ``publish`` is asked and
    nothing is missing; otherwise it is kept as a draft, nothing typed is lost.
    """
    if product is None:
        product = Product(product_class=_ocop_product_class(), is_public=False)
    product.title = data["title"]
    product.description = data.get("description") or ""
    product.ocop_stars = data.get("ocop_stars")
    product.ocop_decision_number = data.get("ocop_decision_number") or ""
    if product.ocop_decision_date != data.get("ocop_decision_date"):
        product.ocop_valid_until = None  # recomputed from the new decision date
    product.ocop_decision_date = data.get("ocop_decision_date")
    commune = (
        places.commune(data["origin_commune"]) if data.get("origin_commune") else None
    )
    if commune is not None:
        product.origin_commune = commune.name
        product.origin_province = places.commune_province(commune.code).name
    else:
        province = data.get("origin_province")
        product.origin_commune = ""
        product.origin_province = places.province(province).name if province else ""
    product.save()

    if data.get("category"):
        ProductCategory._default_manager.filter(product=product).exclude(
            category_id=data["category"]
        ).delete()
        ProductCategory._default_manager.get_or_create(
            product=product, category_id=data["category"]
        )

    record = seller_stockrecord(product=product, seller=seller)
    if record is None:
        record = StockRecord(
            product=product,
            partner=seller,
            partner_sku=f"{seller.code}-{uuid.uuid4().hex[:8]}",
            price_currency=settings.OSCAR_DEFAULT_CURRENCY,
        )
    record.price = Decimal(data["price"]) if data.get("price") else None
    record.num_in_stock = data.get("num_in_stock")
    record.save()

    for upload in data.get("photos") or []:
        product_photo_add(product=product, upload=upload)

    missing = product_missing_fields(product=product, seller=seller)
    is_public = publish and not missing
    if product.is_public != is_public:
        product.is_public = is_public
        product.save(update_fields=["is_public"])
    return product, missing


def product_photo_add(*, product, upload):
    """Add ``upload`` (already validated) as the product's last photo, shrunk so
    its longer edge is at most ``OCOP_IMAGE_MAX_EDGE`` pixels."""
    last = product.images.order_by("-display_order").first()
    return ProductImage._default_manager.create(
        product=product,
        original=image_shrink(upload=upload, max_edge=settings.OCOP_IMAGE_MAX_EDGE),
        caption=product.title[:200],
        display_order=last.display_order + 1 if last else 0,
    )


@transaction.atomic
def product_photo_move(*, product, image_id: int, step: int) -> None:
    """Move one photo ``step`` places (-1 earlier, +1 later); the first is the main
    photo buyers see. Other products' photos are never touched."""
    images = list(product.images.select_for_update().order_by("display_order", "pk"))
    index = next((i for i, image in enumerate(images) if image.pk == image_id), None)
    if index is None:
        return
    target = max(0, min(len(images) - 1, index + step))
    images.insert(target, images.pop(index))
    for order, image in enumerate(images):
        if image.display_order != order:
            image.display_order = order
            image.save(update_fields=["display_order"])


@transaction.atomic
def product_photo_delete(*, product, image_id: int) -> None:
    """Remove one of the product's photos (the others keep their order)."""
    image = product.images.filter(pk=image_id).first()
    if image is not None:
        image.delete()
