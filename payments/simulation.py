"""Bank notifications as each provider would send them, correctly signed.

For tests, the browser test and ``manage.py simulate_bank_transfer``: the body and
headers go through exactly the code a real delivery goes through.
"""

import json
import time
import uuid

from payments.providers import casso, payos, sepay


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
