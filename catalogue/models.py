"""The catalogue fork: every product carries its OCOP rating and origin."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractCategory, AbstractProduct
from oscar.apps.catalogue.managers import ProductQuerySet

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup, default_valid_until
from shop.choices import choice_label
from shop.seller_html import seller_html_clean


class OcopProductQuerySet(ProductQuerySet):
    def currently_rated(self, today=None):
        """Products whose OCOP rating is in force today (local date)."""
        today = today or timezone.localdate()
        return self.filter(
            ocop_stars__isnull=False,
            ocop_decision_date__lte=today,
            ocop_valid_until__gte=today,
        )

    def from_active_sellers(self):
        """Products not offered by a suspended seller (directly or by a variant)."""
        suspended = apps.get_model("partner", "StockRecord")._default_manager.filter(
            partner__is_suspended=True
        )
        return self.exclude(Exists(suspended.filter(product=OuterRef("pk")))).exclude(
            Exists(suspended.filter(product__parent=OuterRef("pk")))
        )

    def on_sale(self):
        """Products the storefront lists and finds: browsable, public, and not
        offered by a suspended seller.

        Suspending a seller deletes nothing; its products simply stop being on sale.
        """
        return self.browsable().filter(is_public=True).from_active_sellers()


class Product(AbstractProduct):
    """A product with its OCOP data.

    Whether a rating is current is derived from the dates on every read, never
    stored, so an expired rating cannot linger on the storefront.
    """

    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP stars"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_STARS), MaxValueValidator(MAX_STARS)],
        help_text=_("3 to 5 stars; leave empty for a product without an OCOP rating."),
    )
    ocop_group = models.PositiveSmallIntegerField(
        _("OCOP product group"), choices=OcopGroup.choices, null=True, blank=True
    )
    ocop_decision_number = models.CharField(
        _("rating decision number"),
        max_length=64,
        blank=True,
        help_text=_("For example 4261/QĐ-UBND."),
    )
    ocop_decision_date = models.DateField(
        _("rating decision date"), null=True, blank=True
    )
    ocop_valid_until = models.DateField(
        _("rating valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the usual 36 months after the decision date."),
    )
    origin_commune = models.CharField(
        _("commune of origin"), max_length=128, blank=True
    )
    origin_province = models.CharField(
        _("province of origin"), max_length=128, blank=True
    )
    standards = models.CharField(
        _("standards"),
        max_length=255,
        blank=True,
        help_text=_("Certifications held, comma separated: VietGAP, organic…"),
    )

    # Folded words (no diacritics, lower case) kept by search.services, so every
    # database can match "che shan" against "Chè Shan" without extensions.
    search_title = models.TextField(_("search title"), blank=True, editable=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = OcopProductQuerySet.as_manager()

    class Meta(AbstractProduct.Meta):
        indexes = [
            # The catalogue's browse order, read a page at a time.
            models.Index(
                "ocop_group",
                models.F("ocop_stars").desc(),
                "title",
                "id",
                name="product_browse_order",
                condition=models.Q(is_public=True, parent=None),
            ),
            # Content blocks' and related products' rule order (most stars, newest
            # first; catalogue.selectors.products_by_rule): the first few are read
            # off this index instead of checking and sorting every product (issue 19).
            models.Index(
                models.F("ocop_stars").desc(),
                models.F("date_created").desc(),
                name="product_rated_order",
                condition=models.Q(is_public=True, parent=None),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ocop_stars__isnull=True)
                | models.Q(ocop_stars__gte=MIN_STARS, ocop_stars__lte=MAX_STARS),
                name="ocop_stars_3_to_5",
            )
        ]

    def clean(self):
        super().clean()
        if self.ocop_stars and not self.ocop_decision_date:
            raise ValidationError(
                {"ocop_decision_date": _("A rated product needs its decision date.")}
            )
        if (
            self.ocop_decision_date
            and self.ocop_valid_until
            and self.ocop_valid_until < self.ocop_decision_date
        ):
            raise ValidationError(
                {
                    "ocop_valid_until": _(
                        "The rating cannot expire before it is granted."
                    )
                }
            )

    def save(self, *args, **kwargs):
        # Sellers write the description (rich text from a stranger): only a few tags
        # are kept, whichever way the product is saved (shop/seller_html.py).
        self.description = seller_html_clean(self.description)
        if self.ocop_decision_date and not self.ocop_valid_until:
            self.ocop_valid_until = default_valid_until(self.ocop_decision_date)
        super().save(*args, **kwargs)

    def get_ocop_group_display(self):
        """Django's label of the OCOP group, found without normalising every
        choice (each product page and list asks; shop/choices.py)."""
        return choice_label(OcopGroup, self.ocop_group)

    @property
    def ocop_is_current(self):
        """True while the OCOP rating is in force (checked against today's date)."""
        today = timezone.localdate()
        return bool(
            self.ocop_stars
            and self.ocop_decision_date
            and self.ocop_decision_date <= today
            and (self.ocop_valid_until is None or today <= self.ocop_valid_until)
        )

    @property
    def ocop_has_expired(self):
        """True for a product that was rated but whose rating has lapsed."""
        return bool(self.ocop_stars) and not self.ocop_is_current

    @property
    def seller(self):
        """The seller (and OCOP producer) offering this product, if any.

        Reads ``stockrecords.all()`` so a prefetched listing costs no extra query.
        """
        record = next(iter(self.stockrecords.all()), None)
        return record.partner if record else None

    @property
    def standards_list(self):
        return [s.strip() for s in self.standards.split(",") if s.strip()]


def category_display_name(name: str, name_en: str = "") -> str:
    """A category's name in the active language: the English one on English pages
    when the operator gave one, else the Vietnamese one (the default language)."""
    if name_en and (get_language() or "").split("-")[0] == "en":
        return name_en
    return name


class Category(AbstractCategory):
    """Oscar's category with an English name for the English storefront.

    The slug stays the one made from the Vietnamese name, so addresses are the same
    in both languages. Everything shown to buyers reads ``display_name``.
    """

    name_en = models.CharField(
        _("English name"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the English site; the name is used when empty."),
    )

    class Meta(AbstractCategory.Meta):
        pass

    @property
    def display_name(self) -> str:
        return category_display_name(self.name, self.name_en)

    @property
    def full_name(self):
        """Ancestors and self, each in the active language ("Thực phẩm > Chè")."""
        names = [c.display_name for c in self.get_ancestors_and_self()]
        return self._full_name_separator.join(names)


from oscar.apps.catalogue.models import *  # noqa: E402, F403
