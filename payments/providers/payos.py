"""payOS bank notifications, verified with payOS's official SDK (PyPI ``payos``).

payOS signs ``data`` with HMAC-SHA256 over its sorted ``key=value&…`` form and puts the
signature in the body; the SDK's ``webhooks.verify`` checks it.
"""

import functools
import json

from django.conf import settings
from payos import PayOS
from payos._core.exceptions import WebhookError

from payments.gateway import (
    NotificationForged,
    NotificationMalformed,
    TransferReport,
    WebhookAnswer,
)

CODE = "payos"
REQUIRED_SETTINGS = ("PAYOS_CHECKSUM_KEY",)


def _client() -> PayOS:
    # Only the checksum key is used to verify; the id and API key are for calls
    # to payOS, which this module does not make, so placeholders keep the SDK happy.
    return _client_for(
        settings.PAYOS_CLIENT_ID or "unused",
        settings.PAYOS_API_KEY or "unused",
        settings.PAYOS_CHECKSUM_KEY,
    )


@functools.lru_cache(maxsize=4)
def _client_for(client_id: str, api_key: str, checksum_key: str) -> PayOS:
    # Building the SDK's client builds an HTTP client and its TLS context (about
    # 40 ms): once per process and set of keys, not once per notification.
    return PayOS(client_id=client_id, api_key=api_key, checksum_key=checksum_key)


def sign(data: dict) -> str:
    """payOS's signature of ``data`` (used by tests and the demo simulator)."""
    from payos.types.webhooks import WebhookData

    # Signed in the SDK's canonical form (absent optional keys written as empty),
    # which is what payOS sends.
    canonical = dict(WebhookData(**data).model_dump_camel_case())
    return _client().crypto.create_signature_from_object(
        canonical, settings.PAYOS_CHECKSUM_KEY
    )


def verify_and_parse(*, body: bytes, headers) -> list[TransferReport]:
    """The transfer a payOS delivery reports, or an error saying why it is refused."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise NotificationMalformed(f"Body is not JSON: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        raise NotificationMalformed("Body has no 'data' object.")
    if not document.get("signature"):
        raise NotificationForged("No signature.")
    try:
        data = _client().webhooks.verify(document)
    except WebhookError as error:
        message = str(error)
        if "integrity" in message or "signature" in message.lower():
            raise NotificationForged("Signature does not match.") from error
        raise NotificationMalformed(message) from error
    reference = data.reference or str(data.order_code)
    if not reference or data.amount is None or not data.account_number:
        raise NotificationMalformed("Missing reference, amount or accountNumber.")
    # Only a successful payment pays: "code" "00" and "success" true around the
    # data, and the data's own (signed) "code" "00" too.
    succeeded = (
        document.get("code") == "00"
        and document.get("success") is True
        and data.code == "00"
    )
    return [
        TransferReport(
            provider=CODE,
            transaction_id=str(reference),
            account_number=str(data.account_number),
            amount=int(data.amount),
            memo=data.description or "",
            transferred_at=data.transaction_date_time or "",
            succeeded=succeeded,
            note=""
            if succeeded
            else (
                f"payOS code {document.get('code')!r}, success "
                f"{document.get('success')!r}, data code {data.code!r}: {data.desc}"
            ),
        )
    ]


def answer() -> WebhookAnswer:
    """payOS only needs a 2xx."""
    return WebhookAnswer(status=200, body={"success": True})
