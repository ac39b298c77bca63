"""Sellers: Oscar partners with what the marketplace needs to know about them."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, router
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner, AbstractStockRecord

from shop.choices import choice_label
from shop.partner.exceptions import SoldOut
from shop.seller_html import seller_html_clean

#: The fields an order's stock allocation writes (``update_fields`` of its signal).
ALLOCATION_FIELDS = frozenset({"num_allocated"})


class Bank(models.Model):
    """A Vietnamese bank on the NAPAS network, identified by its BIN in VietQR codes.

    Kept as data (seeded by a migration, editable in the admin) rather than code, so a
    new bank needs no release.
    """

    bin = models.CharField(
        _("bank BIN"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("A bank BIN has six digits."))],
    )
    short_name = models.CharField(_("short name"), max_length=32)
    name = models.CharField(_("full name"), max_length=255)

    class Meta:
        ordering = ("short_name",)
        verbose_name = _("bank")
        verbose_name_plural = _("banks")

    def __str__(self):
        return f"{self.short_name} ({self.bin})"


class Partner(AbstractPartner):
    """A seller: cooperative, household business, enterprise or market vendor."""

    class SellerType(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative")
        COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")
        ENTERPRISE = "enterprise", _("Enterprise")
        HOUSEHOLD = "household", _("Household business")
        MARKET_VENDOR = "market_vendor", _("Market vendor")

    seller_type = models.CharField(
        _("seller type"),
        max_length=32,
        choices=SellerType.choices,
        default=SellerType.COOPERATIVE,
    )
    commune = models.CharField(
        _("commune or ward"),
        max_length=128,
        blank=True,
        help_text=_("Since 1 July 2025 addresses have two levels: commune, province."),
    )
    province = models.CharField(_("province"), max_length=128, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # Rich text with a few tags, cleaned in save() (shop/seller_html.py).
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="sellers/logos/", blank=True)
    bank = models.ForeignKey(
        Bank,
        verbose_name=_("bank"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sellers",
    )
    bank_account_number = models.CharField(
        _("bank account number"),
        max_length=19,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z]{1,19}$", _("Letters and digits only, at most 19.")
            )
        ],
    )
    bank_account_holder = models.CharField(
        _("account holder name"), max_length=128, blank=True
    )
    # Set by the operator: the marketplace's share of each paid line, in percent.
    commission_rate = models.DecimalField(
        _("commission rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("The marketplace's share of each sale, in percent, e.g. 5."),
    )
    # Suspending hides the seller's products without deleting anything, so the
    # operator can undo it and past orders keep their lines.
    is_suspended = models.BooleanField(
        _("suspended"),
        default=False,
        help_text=_(
            "A suspended seller's products disappear from the storefront and cannot "
            "be bought; nothing is deleted."
        ),
    )
    # Set by the seller: one charge per order for its part of the basket, by where the
    # buyer lives, as Vietnamese carriers price (shop.partner.selectors).
    shipping_charge = models.DecimalField(
        _("shipping charge within your province (đồng)"),
        max_digits=12,
        decimal_places=0,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Charged once per order to an address in your own province; 0 for free "
            "delivery."
        ),
    )
    shipping_charge_other_province = models.DecimalField(
        _("shipping charge to other provinces (đồng)"),
        max_digits=12,
        decimal_places=0,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Charged once per order to an address in any other province; 0 for free "
            "delivery."
        ),
    )

    class Meta(AbstractPartner.Meta):
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")

    def save(self, *args, **kwargs):
        # The seller's own profile text: only a few tags are kept, whichever way the
        # seller is saved (dashboard, admin, demo loader).
        self.description = seller_html_clean(self.description)
        super().save(*args, **kwargs)

    @property
    def location(self):
        """ "Commune, province" as printed on labels and listings."""
        return ", ".join(part for part in (self.commune, self.province) if part)

    def get_absolute_url(self):
        return reverse("seller-detail", kwargs={"code": self.code})

    def get_seller_type_display(self):
        """Django's label of the seller type, found without normalising every
        choice (each product page and seller card asks; shop/choices.py)."""
        return choice_label(self.SellerType, self.seller_type)


class StockRecord(AbstractStockRecord):
    # Whole đồng: VND has no minor unit, so prices are stored without decimals.
    price = models.DecimalField(
        _("Price"), decimal_places=0, max_digits=12, blank=True, null=True
    )

    def allocate(self, quantity):
        """Allocate ``quantity`` units at order placement, or raise ``SoldOut``.

        Oscar checks availability before the order transaction and then adds to
        ``num_allocated`` whatever is left, so buyers racing for the last units can all
        get them. Here the free stock is checked in the UPDATE itself: PostgreSQL
        re-evaluates the condition on the latest committed row once a concurrent
        buyer's transaction ends, so exactly as many units are sold as there are.
        """
        if not self.can_track_allocations:
            return
        self.pre_save_signal()
        allocated = Coalesce(F("num_allocated"), 0)
        updated = (
            type(self)
            ._default_manager.filter(pk=self.pk, num_in_stock__gte=allocated + quantity)
            .update(num_allocated=allocated + quantity)
        )
        self.refresh_from_db(fields=["num_in_stock", "num_allocated"])
        if not updated:
            raise SoldOut(stockrecord=self, quantity=quantity)
        # Saved as Oscar says, naming the one field written: receivers that only
        # care whether the product can still be bought (search) skip the rest.
        post_save.send(
            sender=type(self),
            instance=self,
            created=False,
            raw=False,
            using=router.db_for_write(type(self), instance=self),
            update_fields=ALLOCATION_FIELDS,
        )

    allocate.alters_data = True


class LineDispatch(models.Model):
    """How a seller sent one order line: the carrier and its tracking number.

    Kept apart from Oscar's shipping event (whose free-text notes hold the same for
    the timeline) so the buyer's and operator's pages can show and link them.
    """

    line = models.OneToOneField(
        "order.Line",
        verbose_name=_("order line"),
        on_delete=models.CASCADE,
        related_name="dispatch",
    )
    carrier = models.CharField(_("carrier"), max_length=64)
    tracking_number = models.CharField(_("tracking number"), max_length=64)
    shipped_at = models.DateTimeField(_("shipped at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self):
        return f"{self.carrier} {self.tracking_number}"


from oscar.apps.partner.models import *  # noqa: E402, F403
