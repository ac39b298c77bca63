"""Loading the Lào Cai demo data set (``shop.demo.data``) into the database.

Every write is keyed on a stable natural key, so loading again updates the demo rows
to the data set instead of adding copies. What a demo user may have changed on purpose
(stock after test orders, passwords, the home page's content) is set on creation only.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from oscar.core.loading import get_model

from catalogue.ocop import default_valid_until
from cms import services as cms_services
from cms.demo import content_demo_load
from shop.demo import data
from shop.demo.images import product_image_jpeg
from shop.demo.sellers import marketplace_terms_ensure

Bank = get_model("partner", "Bank")
Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

#: The order in which the command reports what it loaded.
KINDS = (
    "countries",
    "product classes",
    "categories",
    "sellers",
    "products",
    "stock records",
    "images",
    "users",
    "pages",
    "markets",
    "stalls",
    "demo transfers",
)


class DemoDataError(Exception):
    """The database lacks something the demo builds on (banks, Wagtail's root...)."""


@dataclass
class DemoLoadReport:
    """How many rows of each kind a load created, and how many it found existing."""

    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    #: (storage, name) of every file written, to remove them if the load fails.
    files_written: list = field(default_factory=list)

    def count(self, kind: str, *, created: bool) -> None:
        """Record one row of ``kind`` as newly created or as already there."""
        (self.created if created else self.existing)[kind] += 1


def _html(text: str) -> str:
    """Plain demo text as the HTML Oscar's rich-text descriptions expect."""
    return f"<p>{escape(text)}</p><p><i>{escape(data.DEMO_NOTICE)}</i></p>"


def demo_load() -> DemoLoadReport:
    """Create or update the whole demo data set, all or nothing.

    Rows are written in one transaction. Image files cannot take part in it, so the
    files written by a failed load are deleted before the error goes on.
    """
    report = DemoLoadReport()
    try:
        _demo_load(report)
    except BaseException:
        for storage, name in report.files_written:
            storage.delete(name)
        raise
    return report


@transaction.atomic
def _demo_load(report: DemoLoadReport) -> None:
    country_vietnam_upsert(report=report)
    product_class = product_class_upsert(report=report)
    banks = Bank._default_manager.in_bulk(field_name="bin")
    sellers = {
        seller.code: seller_upsert(seller=seller, banks=banks, report=report)
        for seller in data.SELLERS
    }
    categories = {}
    for item in data.PRODUCTS:
        if item.group not in categories:
            categories[item.group] = category_upsert(
                category=data.CATEGORIES[item.group], report=report
            )
        product = product_upsert(
            product=item,
            product_class=product_class,
            category=categories[item.group],
            seller=sellers[item.seller_code],
            report=report,
        )
        product_image_ensure(product=product, report=report)
    for user in data.USERS:
        user_upsert(user=user, seller=sellers.get(user.seller_code), report=report)
    marketplace_terms_ensure(sellers=sellers.values())
    # Chợ 4.0: the demo market, its stalls (vendors are among the sellers above).
    from payments.markets.demo import market_demo_upsert

    market_demo_upsert(
        market_data=data.MARKET, province=data.PROVINCE, sellers=sellers, report=report
    )
    home = home_page_install(report=report)
    content_demo_load(home=home, report=report)


def country_vietnam_upsert(*, report: DemoLoadReport):
    """Viet Nam as the one shipping country, which Oscar's checkout needs."""
    country, created = Country._default_manager.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "name": "Việt Nam",
            "printable_name": "Việt Nam",
            "is_shipping_country": True,
        },
    )
    report.count("countries", created=created)
    return country


def product_class_upsert(*, report: DemoLoadReport):
    """The product class all demo products share: shipped, with tracked stock."""
    product_class, created = ProductClass._default_manager.update_or_create(
        slug=data.PRODUCT_CLASS_SLUG,
        defaults={
            "name": data.PRODUCT_CLASS_NAME,
            "requires_shipping": True,
            "track_stock": True,
        },
    )
    report.count("product classes", created=created)
    return product_class


def category_upsert(*, category: data.CategoryData, report: DemoLoadReport):
    """A top-level category, found by its slug.

    Categories are a treebeard tree, so new ones go through ``add_root`` rather
    than ``update_or_create``, which would not set the tree path.
    """
    instance = Category._default_manager.filter(depth=1, slug=category.slug).first()
    created = instance is None
    if created:
        instance = Category.add_root(
            name=category.name,
            name_en=category.name_en,
            slug=category.slug,
            description=f"<p>{escape(category.description)}</p>",
        )
    else:
        instance.name = category.name
        instance.name_en = category.name_en
        instance.description = f"<p>{escape(category.description)}</p>"
        instance.save()
    report.count("categories", created=created)
    return instance


def seller_upsert(*, seller: data.SellerData, banks: dict, report: DemoLoadReport):
    """A seller (Oscar partner) with its address, contact and demo bank account."""
    bank = banks.get(seller.bank_bin)
    if bank is None:
        raise DemoDataError(
            f"No bank with BIN {seller.bank_bin}. Banks are seeded by the partner "
            "migrations: run `manage.py migrate`, or add the bank in the admin."
        )
    partner, created = Partner._default_manager.update_or_create(
        code=seller.code,
        defaults={
            "name": seller.name,
            "seller_type": seller.seller_type,
            "commune": seller.commune,
            "province": data.PROVINCE,
            "phone": seller.phone,
            "description": f"{seller.description}\n\n{data.DEMO_NOTICE}",
            "bank": bank,
            "bank_account_number": seller.bank_account_number,
            "bank_account_holder": seller.bank_account_holder,
        },
    )
    report.count("sellers", created=created)
    return partner


def product_upsert(
    *,
    product: data.ProductData,
    product_class,
    category,
    seller,
    report: DemoLoadReport,
):
    """A rated OCOP product in one category, sold by ``seller``, found by its UPC."""
    instance, created = Product._default_manager.update_or_create(
        upc=product.upc,
        defaults={
            "structure": Product.STANDALONE,
            "product_class": product_class,
            "title": product.title,
            "slug": product.slug,
            "description": _html(product.description),
            "is_public": True,
            "ocop_stars": product.stars,
            "ocop_group": product.group,
            "ocop_decision_number": product.decision_number,
            "ocop_decision_date": product.decision_date,
            # Set explicitly: save() only fills an empty expiry, so a changed
            # decision date would otherwise keep the old expiry.
            "ocop_valid_until": default_valid_until(product.decision_date),
            "origin_commune": product.origin_commune,
            "origin_province": data.PROVINCE,
            "standards": product.standards,
        },
    )
    report.count("products", created=created)
    instance.categories.set([category])

    price = {
        "product": instance,
        "price": product.price,
        "price_currency": "VND",
    }
    _, created = StockRecord._default_manager.update_or_create(
        partner=seller,
        partner_sku=product.upc,
        defaults=price,
        # Stock only on creation: reloading must not undo the demo's test orders.
        create_defaults={**price, "num_in_stock": product.num_in_stock},
    )
    report.count("stock records", created=created)
    return instance


def product_image_ensure(*, product, report: DemoLoadReport):
    """The product's generated picture, drawn again only if its file has gone."""
    code = f"demo-{product.upc}"
    image = ProductImage._default_manager.filter(code=code).first()
    if image and image.original and image.original.storage.exists(image.original.name):
        report.count("images", created=False)
        return image

    created = image is None
    if created:
        image = ProductImage(product=product, code=code, display_order=0)
    image.caption = product.title
    jpeg = product_image_jpeg(
        title=product.title,
        subtitle=f"{product.origin_commune}, {product.origin_province}",
        footer=data.IMAGE_NOTICE,
        group=product.ocop_group,
        # Only a rating in force goes on the picture, which outlives the page check.
        stars=product.ocop_stars if product.ocop_is_current else 0,
        seed=product.upc,
    )
    image.original.save(f"{product.slug}.jpg", ContentFile(jpeg), save=False)
    report.files_written.append((image.original.storage, image.original.name))
    image.save()
    report.count("images", created=created)
    return image


def _dashboard_access_permission():
    """Oscar's permission that lets a partner's users into the seller dashboard."""
    permission, _ = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Partner),
        codename="dashboard_access",
        defaults={"name": "Can access dashboard"},
    )
    return permission


def user_upsert(*, user: data.UserData, seller=None, report: DemoLoadReport):
    """A demo login. The password is set on creation only, so a changed one stays."""
    User = get_user_model()
    is_operator = user.role == "operator"
    flags = {"is_active": True, "is_staff": is_operator, "is_superuser": is_operator}
    instance = User._default_manager.filter(email=user.email).first()
    created = instance is None
    if created:
        # Oscar's create_user sets the flags itself and rejects them as arguments.
        instance = User._default_manager.create_user(
            email=user.email, password=user.password
        )
    for name, value in flags.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(flags))
    if user.role in ("seller", "vendor"):
        if seller is None:
            raise DemoDataError(f"Demo user {user.email} has no seller to work for.")
        # Oscar's dashboard limits a non-staff user with this permission to the
        # products and orders of the partners listing them in ``users``.
        seller.users.add(instance)
        instance.user_permissions.add(_dashboard_access_permission())
    report.count("users", created=created)
    return instance


def home_page_install(*, report: DemoLoadReport):
    """The demo's home page, installed as the default site's root."""
    home, created = cms_services.home_page_install(
        title=data.HOME_PAGE_TITLE,
        slug=data.HOME_PAGE_SLUG,
        intro=data.HOME_PAGE_INTRO,
    )
    report.count("pages", created=created)
    return home
