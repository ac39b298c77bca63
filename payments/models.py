"""What the payments app stores: bank notifications, Stripe events, the payout ledger.

Amounts are whole đồng (``BigIntegerField``); VND has no minor unit.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BankNotification(models.Model):
    """One incoming transfer reported by a bank-notification service, stored raw.

    Written before it is processed, so a failure while matching loses nothing: the
    row stays ``received`` (or ``failed``) and can be processed again.
    """

    class Provider(models.TextChoices):
        PAYOS = "payos", "payOS"
        CASSO = "casso", "Casso"
        SEPAY = "sepay", "SePay"

    class Route(models.TextChoices):
        # Exactly one route per notification: see payments.routing.
        PENDING = "", _("Not routed yet")
        ORDER = "order", _("Online order payment")
        STALL = "stall", _("Market stall payment")
        UNMATCHED = "unmatched", _("Unmatched")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PAID = "paid", _("Order paid")
        ROUTED = "routed", _("Handed to its route")
        REVIEW = "review", _("Needs review")
        RESOLVED = "resolved", _("Reviewed")
        IGNORED = "ignored", _("Ignored (outgoing or unsuccessful transfer)")
        FAILED = "failed", _("Processing failed")

    #: Stored but not yet applied: processed (again) by the webhook's retry or the
    #: worker; expiry waits for them.
    UNPROCESSED = (Status.RECEIVED, Status.FAILED)

    class Reason(models.TextChoices):
        NONE = "", ""
        UNDERPAID = "underpaid", _("Less than due")
        OVERPAID = "overpaid", _("More than due")
        UNKNOWN_CODE = "unknown_code", _("No order code in the memo")
        WRONG_ACCOUNT = "wrong_account", _("Unknown receiving account")
        NOT_AWAITING = "not_awaiting", _("Order not awaiting payment")
        # The order was cancelled (unpaid too long) and cannot be reinstated.
        LATE = "late", _("Paid after the order was cancelled")

    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    provider_transaction_id = models.CharField(
        _("provider transaction id"), max_length=64
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    raw_body = models.TextField(_("raw body"))
    account_number = models.CharField(_("receiving account"), max_length=32)
    amount = models.BigIntegerField(_("amount (đồng)"))
    memo = models.CharField(_("memo"), max_length=512, blank=True)
    transferred_at = models.CharField(_("transferred at"), max_length=64, blank=True)
    route = models.CharField(
        _("route"), max_length=16, choices=Route.choices, default="", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    reason = models.CharField(
        _("reason"), max_length=16, choices=Reason.choices, default="", blank=True
    )
    order = models.ForeignKey(
        "order.Order",
        verbose_name=_("order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bank_notifications",
    )
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    error = models.TextField(_("processing error"), blank=True)
    # The order number whose code the memo carries, read when stored: expiry leaves
    # an order alone while a notification naming it is not processed yet.
    order_number = models.CharField(
        _("order number in the memo"), max_length=32, blank=True, db_index=True
    )
    # Failed processing is tried again by the worker, waiting longer each time.
    attempts = models.PositiveIntegerField(_("processing attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"), null=True, blank=True, db_index=True
    )

    class Meta:
        ordering = ("-received_at", "-id")
        verbose_name = _("bank notification")
        verbose_name_plural = _("bank notifications")
        constraints = [
            # A provider retries and may deliver twice at once: one row, one effect.
            models.UniqueConstraint(
                fields=("provider", "provider_transaction_id"),
                name="payments_bank_notification_once",
            )
        ]
        indexes = [
            # The worker's sweep, every minute, looks for the few rows not yet
            # applied among every notification ever received.
            models.Index(
                fields=("received_at",),
                name="payments_bank_notif_waiting",
                condition=models.Q(status__in=("received", "failed")),
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.provider_transaction_id} {self.amount} ₫"


class StripeEvent(models.Model):
    """A verified Stripe webhook event, kept once per event id."""

    event_id = models.CharField(_("event id"), max_length=64, unique=True)
    event_type = models.CharField(_("type"), max_length=64)
    payment_intent_id = models.CharField(_("payment intent"), max_length=64, blank=True)
    created = models.BigIntegerField(_("created (Stripe time)"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    raw_body = models.TextField(_("raw body"))

    class Meta:
        ordering = ("-received_at",)
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self):
        return f"{self.event_type} {self.event_id}"


class PayoutLedgerEntry(models.Model):
    """One movement of what the marketplace owes a seller; balances are sums of these.

    Credits are positive (a paid line less commission), refunds and payouts negative.
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("Line paid")
        REFUND = "refund", _("Refund")
        PAYOUT = "payout", _("Payout")

    partner = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = models.BigIntegerField(_("amount (đồng)"))
    gross = models.BigIntegerField(_("gross amount (đồng)"), default=0)
    commission = models.BigIntegerField(_("commission (đồng)"), default=0)
    line = models.ForeignKey(
        "order.Line",
        verbose_name=_("order line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    reference = models.CharField(_("reference"), max_length=128, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("payout ledger entry")
        verbose_name_plural = _("payout ledger entries")
        constraints = [
            # A line is credited once, however many times its payment is confirmed.
            models.UniqueConstraint(
                fields=("line",),
                condition=models.Q(kind="sale"),
                name="payments_ledger_line_credited_once",
            )
        ]

    def __str__(self):
        return f"{self.partner} {self.kind} {self.amount} ₫"
