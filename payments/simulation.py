"""Bank notifications as each provider would send them, correctly signed.

For tests, the browser test and ``manage.py simulate_bank_transfer``: the body and
headers go through exactly the code a real delivery goes through; the webhook
stores the notification and the Celery worker applies it a moment later
(``notification_applied_wait``).
"""

import json
import time
import urllib.error
import urllib.request
import uuid

from django.db import connection

from payments import registry
from payments.providers import casso, payos, sepay


class SimulationError(ValueError):
    """What keeps a simulated notification from being sent, as a sentence."""


def notification_provider_pick(provider: str | None) -> str:
    """``provider``, or the first switched-on one; ``SimulationError`` if it is off."""
    enabled = list(registry.enabled_notification_providers())
    provider = provider or (enabled[0] if enabled else None)
    if provider not in enabled:
        raise SimulationError(
            f"Bank notifications from {provider!r} are not switched on; "
            f"BANK_NOTIFICATION_PROVIDERS is {enabled}."
        )
    return provider


def notification_deliver(
    *, provider: str, body: bytes, headers: dict[str, str], url: str | None = None
) -> tuple[int, dict]:
    """Hand a built notification to the webhook: its own code in this process, or
    posted to the running site at ``url``; (status, answer)."""
    if url:
        request = urllib.request.Request(
            f"{url.rstrip('/')}/payments/webhooks/bank/{provider}/",
            data=body,
            headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(request) as response:  # noqa: S310
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            # The site refused it (401, 400...): its answer says why.
            text = error.read().decode("utf-8", errors="replace")
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, {"error": text[:200]}
        except urllib.error.URLError as error:
            raise SimulationError(f"Cannot reach {url}: {error.reason}") from error
    from payments.services import bank_notification_receive

    answer = bank_notification_receive(
        provider_code=provider, body=body, headers=headers
    )
    return answer.status, answer.body


def notification_applied_wait(
    *, provider: str, transaction_id: str, timeout: float = 10
) -> bool:
    """Wait, at most ``timeout`` s, for the worker to apply (or fail) a delivered
    notification; whether it has. No wait for one this database does not hold (a
    site elsewhere), nor inside a transaction (a test), where nothing can apply it
    before that commits."""
    from payments.models import BankNotification

    if connection.in_atomic_block:
        return False
    stored = BankNotification.objects.filter(
        provider=provider, provider_transaction_id=transaction_id
    ).values_list("status", flat=True)
    deadline = time.monotonic() + timeout
    while (status := stored.first()) == BankNotification.Status.RECEIVED:
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    return status is not None


def notification_build(
    *,
    provider: str,
    account_number: str,
    amount: int,
    memo: str,
    transaction_id: str | None = None,
) -> tuple[bytes, dict[str, str]]:
    """(body, headers) of one incoming transfer reported by ``provider``."""
    transaction_id = transaction_id or uuid.uuid4().hex[:12].upper()
    when = time.strftime("%Y-%m-%d %H:%M:%S")
    headers = {"Content-Type": "application/json"}
    if provider == sepay.CODE:
        document = {
            "id": transaction_id,
            "gateway": "Vietcombank",
            "transactionDate": when,
            "accountNumber": account_number,
            "code": None,
            "content": memo,
            "transferType": "in",
            "transferAmount": amount,
            "accumulated": amount,
            "subAccount": None,
            "referenceCode": f"FT{transaction_id}",
            "description": f"BankAPINotify {memo}",
        }
        headers["Authorization"] = sepay.authorization()
    elif provider == casso.CODE:
        document = {
            "error": 0,
            "data": {
                "id": transaction_id,
                "reference": f"FT{transaction_id}",
                "description": memo,
                "amount": amount,
                "runningBalance": amount,
                "transactionDateTime": when,
                "accountNumber": account_number,
                "bankName": "Vietcombank",
                "bankAbbreviation": "VCB",
                "virtualAccountNumber": "",
                "virtualAccountName": "",
                "counterAccountName": "",
                "counterAccountNumber": "",
                "counterAccountBankId": "",
                "counterAccountBankName": "",
            },
        }
        headers[casso.HEADER] = casso.sign(
            document, timestamp_ms=int(time.time() * 1000)
        )
    elif provider == payos.CODE:
        data = {
            "orderCode": int(time.time()),
            "amount": amount,
            "description": memo,
            "accountNumber": account_number,
            "reference": transaction_id,
            "transactionDateTime": when,
            "currency": "VND",
            "paymentLinkId": uuid.uuid4().hex,
            "code": "00",
            "desc": "success",
        }
        document = {
            "code": "00",
            "desc": "success",
            "success": True,
            "data": data,
            "signature": payos.sign(data),
        }
    else:
        raise ValueError(f"Unknown provider {provider!r}")
    return json.dumps(document, ensure_ascii=False).encode(), headers
