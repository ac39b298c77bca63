"""Chợ 4.0: markets, their stalls, and the transfers buyers make to a stall's vendor.

A stall's vendor is a seller (Oscar partner) of type *market vendor*; the vendor's own
bank account (``Partner.bank``, ``bank_account_number``, ``bank_account_holder``) is
what the stall's QR points at and what routes a bank notification to the stall.
Amounts are whole đồng.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Market(models.Model):
    """A traditional market going cashless; its managers run its board."""

    name = models.CharField(_("name"), max_length=128)
    commune = models.CharField(_("commune or ward"), max_length=128, blank=True)
    province = models.CharField(_("province"), max_length=128)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_markets",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("province", "name")
        verbose_name = _("market")
        verbose_name_plural = _("markets")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("markets:board", kwargs={"market_id": self.pk})

    @property
    def location(self):
        """ "Commune, province" as on the standee."""
        return ", ".join(part for part in (self.commune, self.province) if part)


class Stall(models.Model):
    """One stall in a market, run by one vendor whose QR it shows."""

    market = models.ForeignKey(
        Market,
        verbose_name=_("market"),
        on_delete=models.CASCADE,
        related_name="stalls",
    )
    number = models.CharField(_("stall number"), max_length=16)
    zone = models.CharField(_("row or zone"), max_length=64, blank=True)
    goods = models.CharField(_("goods sold"), max_length=255, blank=True)
    vendor = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("vendor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stalls",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("market", "number")
        verbose_name = _("stall")
        verbose_name_plural = _("stalls")
        constraints = [
            models.UniqueConstraint(
                fields=("market", "number"), name="markets_stall_number_once"
            )
        ]

    def __str__(self):
        return f"{self.market.name} – {self.number}"

    def get_absolute_url(self):
        return reverse("markets:feed", kwargs={"stall_id": self.pk})


class StallPayment(models.Model):
    """A transfer to a stall's vendor, from one bank notification (and only one).

    The same transfer reported by two providers (two notifications with the same
    bank reference for the same account) is kept twice, the second marked
    ``is_duplicate`` and left out of the feed and the totals.
    """

    notification = models.OneToOneField(
        "payments.BankNotification",
        verbose_name=_("bank notification"),
        on_delete=models.PROTECT,
        related_name="stall_payment",
    )
    stall = models.ForeignKey(
        Stall,
        verbose_name=_("stall"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    # Who owned the account then: a stall handed to another vendor keeps the earlier
    # vendor's money out of the new vendor's feed.
    vendor = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("vendor"),
        on_delete=models.PROTECT,
        related_name="stall_payments",
    )
    account_number = models.CharField(_("receiving account"), max_length=32)
    amount = models.BigIntegerField(_("amount (đồng)"))
    memo = models.CharField(_("memo"), max_length=512, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    is_duplicate = models.BooleanField(_("reported twice"), default=False)
    received_at = models.DateTimeField(_("received at"), db_index=True)

    class Meta:
        ordering = ("-received_at", "-id")
        verbose_name = _("stall payment")
        verbose_name_plural = _("stall payments")
        constraints = [
            # One transfer, however many providers report it: one row in the feed.
            models.UniqueConstraint(
                fields=("account_number", "bank_reference"),
                condition=models.Q(is_duplicate=False) & ~models.Q(bank_reference=""),
                name="markets_stall_payment_transfer_once",
            )
        ]

    def __str__(self):
        return f"{self.stall} {self.amount} ₫"
