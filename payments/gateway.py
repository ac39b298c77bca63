"""Small value types passed between payment methods, providers and the checkout."""

from dataclasses import dataclass


class NotificationRejected(Exception):
    """A webhook delivery that must not be processed; ``status`` is the HTTP answer."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotificationForged(NotificationRejected):
    """Signature or key missing, wrong or stale: 401, nothing stored."""

    status = 401


class NotificationMalformed(NotificationRejected):
    """Authentic but unreadable (bad JSON, missing fields): 400, nothing stored."""

    status = 400


@dataclass(frozen=True, kw_only=True)
class PaymentStart:
    """What a payment method answers when an order is placed: what the buyer must
    see or do, and the reference to record on the order's payment source.

    ``action`` is "none" (nothing to do now, e.g. cash on delivery), "transfer"
    (scan a VietQR or copy the bank details) or "card" (confirm with Stripe.js).
    """

    action: str
    amount: int
    reference: str = ""
    # VietQR transfer
    qr_payload: str = ""
    bank_name: str = ""
    bank_bin: str = ""
    account_number: str = ""
    account_holder: str = ""
    memo: str = ""
    # Stripe card
    client_secret: str = ""
    publishable_key: str = ""
    js_url: str = ""


@dataclass(frozen=True, kw_only=True)
class TransferReport:
    """One incoming (or outgoing) bank transfer as a notification service reports it."""

    provider: str
    transaction_id: str
    account_number: str
    amount: int
    memo: str
    transferred_at: str = ""
    incoming: bool = True
    # False when the provider reports the transfer as failed (payOS code other
    # than "00", Casso error other than 0): kept for the record, never applied.
    succeeded: bool = True
    #: Why a transfer is not applied, in the provider's words (kept on the row).
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class WebhookAnswer:
    """The HTTP answer a provider expects: status code and JSON body."""

    status: int
    body: dict
