"""The three payment methods behind one interface.

A method starts a payment for an order (``start``: what the buyer must see or do)
and says what the buyer sees on the confirmation page (``instructions``). Bank
notifications and Stripe events are verified and parsed in ``payments.providers``
and turned into payments in ``payments.services``. Nothing here knows templates.
"""

import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from payments import vietqr
from payments.gateway import PaymentStart
from payments.providers import stripe as stripe_provider

PENDING_PAYMENT = "Pending payment"
AWAITING_FULFILMENT = "Pending"


class PaymentMethod:
    """One way to pay. Subclasses set the class attributes and ``start``."""

    code: str = ""
    name = ""
    description = ""
    #: Status of a newly placed order (a key of OSCAR_ORDER_STATUS_PIPELINE).
    initial_status = AWAITING_FULFILMENT
    #: Settings that must be non-empty when the method is switched on.
    required_settings: tuple[str, ...] = ()
    #: Whether the order is cancelled when unpaid after PAYMENT_EXPIRY_HOURS.
    expires = False

    def start(self, *, order_number: str, amount: int) -> PaymentStart:
        """Begin paying ``amount`` đồng for order ``order_number`` (not yet saved)."""
        raise NotImplementedError

    def instructions(self, *, order, reference: str) -> PaymentStart:
        """What the buyer must see or do for a placed ``order``."""
        return self.start(order_number=order.number, amount=order_amount(order))


def order_amount(order) -> int:
    """The order's total in whole đồng."""
    return int(order.total_incl_tax)


def order_code(order_number: str) -> str:
    """The short ASCII code a transfer memo must carry for this order."""
    return f"{settings.VIETQR_ORDER_CODE_PREFIX}{order_number}"


def order_number_in_memo(memo: str) -> str | None:
    """The order number whose code appears anywhere in ``memo``, if any.

    Banks prepend their own text ("MBVCB.3278907687.OCOP100012.CT tu…") and some
    drop or change case, so the search is case-insensitive and anywhere.
    """
    prefix = re.escape(settings.VIETQR_ORDER_CODE_PREFIX)
    match = re.search(rf"{prefix}\s*(\d+)", memo or "", flags=re.IGNORECASE)
    return match.group(1) if match else None


class VietQRTransfer(PaymentMethod):
    """A bank transfer to the marketplace's collection account, by VietQR."""

    code = "vietqr"
    name = _("Bank transfer (VietQR)")
    description = _(
        "Scan the QR code with any Vietnamese banking app after placing the order."
    )
    initial_status = PENDING_PAYMENT
    required_settings = (
        "VIETQR_BANK_BIN",
        "VIETQR_ACCOUNT_NUMBER",
        "VIETQR_ACCOUNT_HOLDER",
    )
    expires = True

    def start(self, *, order_number: str, amount: int) -> PaymentStart:
        memo = order_code(order_number)
        Bank = get_model("partner", "Bank")
        bank = Bank._default_manager.filter(bin=settings.VIETQR_BANK_BIN).first()
        return PaymentStart(
            action="transfer",
            amount=amount,
            reference=memo,
            qr_payload=vietqr.build_payload(
                bank_bin=settings.VIETQR_BANK_BIN,
                account_number=settings.VIETQR_ACCOUNT_NUMBER,
                amount=amount,
                purpose=memo,
            ),
            bank_name=bank.short_name if bank else settings.VIETQR_BANK_BIN,
            bank_bin=settings.VIETQR_BANK_BIN,
            account_number=settings.VIETQR_ACCOUNT_NUMBER,
            account_holder=settings.VIETQR_ACCOUNT_HOLDER,
            memo=memo,
        )


class StripeCard(PaymentMethod):
    """A card payment through Stripe; the signed webhook says when it is paid."""

    code = "stripe"
    name = _("Card (Visa, Mastercard, JCB)")
    description = _("Enter your card on the next page; your card never reaches us.")
    initial_status = PENDING_PAYMENT
    required_settings = stripe_provider.REQUIRED_SETTINGS
    expires = True

    def start(self, *, order_number: str, amount: int) -> PaymentStart:
        intent = stripe_provider.payment_intent_create(
            order_number=order_number, amount=amount
        )
        return self._answer(intent, amount=amount)

    def instructions(self, *, order, reference: str) -> PaymentStart:
        intent = stripe_provider.payment_intent_retrieve(payment_intent_id=reference)
        return self._answer(intent, amount=order_amount(order))

    def _answer(self, intent, *, amount: int) -> PaymentStart:
        return PaymentStart(
            action="card",
            amount=amount,
            reference=intent.id,
            client_secret=intent.client_secret,
            publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            js_url=settings.STRIPE_JS_URL,
        )


class CashOnDelivery(PaymentMethod):
    """Cash to the courier; the seller records it when it arrives."""

    code = "cod"
    # Kept from the first release so existing orders keep their source type.
    source_type_code = "cash-on-delivery"
    name = _("Cash on delivery")
    description = _("Pay in cash to the courier when your order arrives.")
    initial_status = AWAITING_FULFILMENT

    def start(self, *, order_number: str, amount: int) -> PaymentStart:
        return PaymentStart(action="none", amount=amount, reference=order_number)


def source_type_code(method: PaymentMethod) -> str:
    """The Oscar payment SourceType code recording money taken by ``method``."""
    return getattr(method, "source_type_code", method.code)
