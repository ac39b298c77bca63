"""SePay bank notifications: ``Authorization: Apikey <key>``; answer success.

A key comparison in constant time is all SePay's API-key scheme needs; the PyPI
packages for it are small unofficial ones.
"""

import hmac
import json

from django.conf import settings

from payments.gateway import (
    NotificationForged,
    NotificationMalformed,
    TransferReport,
    WebhookAnswer,
)
from payments.providers import fields

CODE = "sepay"
REQUIRED_SETTINGS = ("SEPAY_API_KEY",)


def authorization() -> str:
    """The ``Authorization`` header SePay sends (used by tests and the simulator)."""
    return f"Apikey {settings.SEPAY_API_KEY}"


def verify_and_parse(*, body: bytes, headers) -> list[TransferReport]:
    """The transfer a SePay delivery reports, or an error saying why it is refused."""
    given = headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), authorization().encode()):
        raise NotificationForged("Missing or wrong API key.")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise NotificationMalformed(f"Body is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise NotificationMalformed("Body is not a JSON object.")
    transfer_type = data.get("transferType")
    if transfer_type not in ("in", "out"):
        raise NotificationMalformed('\'transferType\' must be "in" or "out".')
    # SePay extracts a payment code into "code" when configured; the memo itself
    # is "content".
    memo = " ".join(
        part
        for part in (
            fields.text(data, "content", required=False),
            fields.text(data, "code", required=False),
        )
        if part
    )
    return [
        TransferReport(
            provider=CODE,
            transaction_id=fields.text(data, "id"),
            account_number=fields.text(data, "accountNumber"),
            amount=fields.whole_number(data, "transferAmount"),
            memo=memo,
            transferred_at=fields.text(data, "transactionDate", required=False),
            incoming=transfer_type == "in",
        )
    ]


def answer() -> WebhookAnswer:
    """SePay retries unless it reads ``{"success": true}`` with a 2xx."""
    return WebhookAnswer(status=200, body={"success": True})
