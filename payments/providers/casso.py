"""Casso (webhook v2) bank notifications.

Casso sends ``X-Casso-Signature: t=<ms>,v1=<hex>``: HMAC-SHA512 with the checksum key
over ``"{t}." + JSON of the body, keys sorted recursively, no spaces``. The PyPI
packages for Casso are small unofficial ones, so the few lines are here.
"""

import hashlib
import hmac
import json
import time

from django.conf import settings

from payments.gateway import (
    NotificationForged,
    NotificationMalformed,
    TransferReport,
    WebhookAnswer,
)
from payments.providers import fields

CODE = "casso"
REQUIRED_SETTINGS = ("CASSO_CHECKSUM_KEY",)
HEADER = "X-Casso-Signature"


def _canonical(document) -> str:
    # json.dumps sorts nested keys too; ensure_ascii=False matches Casso's JS side.
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def sign(document: dict, *, timestamp_ms: int) -> str:
    """The ``X-Casso-Signature`` header value for ``document`` at ``timestamp_ms``."""
    message = f"{timestamp_ms}.{_canonical(document)}".encode()
    digest = hmac.new(
        settings.CASSO_CHECKSUM_KEY.encode(), message, hashlib.sha512
    ).hexdigest()
    return f"t={timestamp_ms},v1={digest}"


def verify_and_parse(*, body: bytes, headers) -> list[TransferReport]:
    """The transfer a Casso delivery reports, or an error saying why it is refused."""
    header = headers.get(HEADER, "")
    parts = dict(
        part.strip().split("=", 1) for part in header.split(",") if "=" in part
    )
    if not parts.get("t", "").isdigit() or not parts.get("v1"):
        raise NotificationForged(f"Missing or unreadable {HEADER} header.")
    timestamp_ms = int(parts["t"])
    age = abs(time.time() - timestamp_ms / 1000)
    if age > settings.BANK_NOTIFICATION_TOLERANCE_SECONDS:
        raise NotificationForged(f"Signature timestamp is {int(age)} s old.")
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        # Unreadable and unverifiable: answer 401 would invite no fix; it is 400.
        raise NotificationMalformed(f"Body is not JSON: {error}") from error
    expected = sign(document, timestamp_ms=timestamp_ms)
    if not hmac.compare_digest(expected, f"t={timestamp_ms},v1={parts['v1']}"):
        raise NotificationForged("Signature does not match.")
    data = document.get("data") if isinstance(document, dict) else None
    if not isinstance(data, dict):
        raise NotificationMalformed("Body has no 'data' object.")
    # Casso's envelope: "error": 0 for a transfer as reported; anything else is not
    # a transfer to apply.
    error_code = document.get("error")
    if isinstance(error_code, bool) or not isinstance(error_code, int):
        raise NotificationMalformed("'error' must be a number (0: no error).")
    amount = fields.whole_number(data, "amount")
    return [
        TransferReport(
            provider=CODE,
            transaction_id=fields.text(data, "id"),
            account_number=fields.text(data, "accountNumber"),
            amount=abs(amount),
            memo=fields.text(data, "description", required=False),
            transferred_at=fields.text(data, "transactionDateTime", required=False),
            # Casso reports money going out as a negative amount.
            incoming=amount > 0,
            succeeded=error_code == 0,
            note="" if error_code == 0 else f"Casso error {error_code}",
        )
    ]


def answer() -> WebhookAnswer:
    """Casso needs a 2xx."""
    return WebhookAnswer(status=200, body={"success": True})
