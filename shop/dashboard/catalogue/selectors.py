"""Reads for the seller's product form: its products and what each still lacks."""

from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from shop import places
from shop.money import dong

Product = get_model("catalogue", "Product")


def seller_products(*, seller):
    """The products ``seller`` offers (the ones its users may edit)."""
    return Product._default_manager.filter(stockrecords__partner=seller).distinct()


def seller_stockrecord(*, product, seller):
    """``seller``'s stock record of ``product``, or None."""
    return product.stockrecords.filter(partner=seller).order_by("pk").first()


def product_missing_fields(*, product, seller) -> list[tuple[str, str]]:
    """What ``product`` still lacks before it can go on sale, as (form field,
    message) pairs in the form's order; empty when it is complete."""
    record = seller_stockrecord(product=product, seller=seller)
    missing = []
    if not product.title:
        missing.append(("title", _("Type the product's name.")))
    if not product.categories.exists():
        missing.append(("category", _("Choose a category.")))
    if record is None or not record.price:
        missing.append(("price", _("Type the price in đồng.")))
    if record is None or record.num_in_stock is None:
        missing.append(("num_in_stock", _("Say how many are in stock.")))
    if not product.images.exists():
        missing.append(("photos", _("Add at least one photo.")))
    if product.ocop_stars and not product.ocop_decision_number:
        missing.append(
            ("ocop_decision_number", _("Type the number of the rating decision."))
        )
    if not product.origin_commune:
        missing.append(("origin_commune", _("Choose the commune it comes from.")))
    if not product.description.strip():
        missing.append(("description", _("Describe the product.")))
    return missing


def product_form_initial(*, product, seller) -> dict:
    """The form's initial values for an existing product."""
    record = seller_stockrecord(product=product, seller=seller)
    category = product.categories.order_by("path").first()
    province = places.province_by_name(product.origin_province)
    commune = None
    if province is not None and product.origin_commune:
        commune = next(
            (
                place.code
                for place in places.communes(province.code)
                if place.name == product.origin_commune
            ),
            None,
        )
    return {
        "title": product.title,
        "category": category.pk if category else None,
        "price": dong(record.price, sign=False) if record and record.price else "",
        "num_in_stock": record.num_in_stock if record else None,
        "ocop_stars": product.ocop_stars,
        "ocop_decision_number": product.ocop_decision_number,
        "ocop_decision_date": product.ocop_decision_date,
        "origin_province": province.code if province else None,
        "origin_commune": commune,
        "description": product.description,
    }


def seller_default_province(*, seller):
    """The province a new product of ``seller`` most likely comes from."""
    return places.province_by_name(seller.province) if seller.province else None
