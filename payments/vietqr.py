"""VietQR (NAPAS 247) payload codec: the text a banking app reads from a transfer QR.

Building is delegated to ``vietnam-qr-pay``, which reproduces the published payloads
byte for byte; this module adds the input rules that library does not enforce. Parsing
is our own strict reader, because the library's parser accepts broken payloads (see
``parse_payload``). Only this module imports the library, so it can be swapped out.

Render a payload with ``shop.qrcodes.qr_png`` / ``qr_svg``.
"""

import re
from dataclasses import dataclass

from vietnam_qr_pay import QRPay, VietQRService
from vietnam_qr_pay.crc16 import crc16ccitt

from shop.text import strip_diacritics

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
SERVICES = frozenset({SERVICE_TO_ACCOUNT, SERVICE_TO_CARD})
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC = "11"
DYNAMIC = "12"

LABEL_MAX_LENGTH = 25
ACCOUNT_MAX_LENGTH = 19
AMOUNT_MAX_DIGITS = 13
# A TLV length is two digits, so no field or template can hold more than this.
FIELD_MAX_LENGTH = 99

_MANDATORY = {
    "00": "payload format indicator",
    "01": "point of initiation method",
    "38": "NAPAS merchant account information",
    "53": "transaction currency",
    "58": "country code",
    "63": "CRC",
}
_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(rf"[0-9A-Za-z]{{1,{ACCOUNT_MAX_LENGTH}}}")
_AMOUNT = re.compile(rf"[0-9]{{1,{AMOUNT_MAX_DIGITS}}}")
_CRC = re.compile(r"[0-9A-Fa-f]{4}")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


class VietQRError(ValueError):
    """A VietQR payload, or the data to build one, breaks the NAPAS/EMVCo rules."""


@dataclass(frozen=True, kw_only=True)
class VietQRPayload:
    """What a VietQR payload says: who receives the transfer, how much, and the memo.

    ``is_dynamic`` is read from field 01 ("12" = one order, "11" = a reusable stall
    QR), not inferred from ``amount``: they are separate fields, and a payload made
    elsewhere may pair them differently from ``build_payload``.
    """

    bank_bin: str
    account_number: str
    is_dynamic: bool
    service: str = SERVICE_TO_ACCOUNT
    amount: int | None = None
    purpose: str = ""
    bill_number: str = ""
    store_label: str = ""
    reference_label: str = ""
    terminal_label: str = ""
    merchant_name: str = ""
    merchant_city: str = ""
    merchant_category: str = ""


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE of ``data`` (UTF-8) as four uppercase hex digits."""
    return f"{crc16ccitt(data):04X}"


def build_payload(
    *,
    bank_bin: str,
    account_number: str,
    amount: int | None = None,
    purpose: str = "",
    store_label: str = "",
    terminal_label: str = "",
    bill_number: str = "",
    service: str = SERVICE_TO_ACCOUNT,
) -> str:
    """The VietQR payload for a transfer to ``account_number`` at bank ``bank_bin``.

    With ``amount`` (whole đồng) the QR is dynamic, for one order; without it the QR
    is static and the payer types the amount. Text goes into the additional data
    template (62): Vietnamese diacritics are removed, and each value may hold at most
    25 characters. Raises ``VietQRError`` rather than truncating, so the caller
    decides what to drop (an order code cut short would never match its transfer).
    """
    if not isinstance(bank_bin, str) or not _BIN.fullmatch(bank_bin):
        raise VietQRError(f"Bank BIN must be 6 digits, got {bank_bin!r}.")
    if not isinstance(account_number, str) or not _ACCOUNT.fullmatch(account_number):
        raise VietQRError(
            f"Account number must be 1 to {ACCOUNT_MAX_LENGTH} letters or digits, "
            f"got {account_number!r}."
        )
    if service not in SERVICES:
        raise VietQRError(
            f"Service must be {SERVICE_TO_ACCOUNT} (account) or {SERVICE_TO_CARD} "
            f"(card), got {service!r}."
        )
    labels = {
        "bill_number": _label("bill_number", bill_number),
        "store_label": _label("store_label", store_label),
        "terminal_label": _label("terminal_label", terminal_label),
        "purpose": _label("purpose", purpose),
    }
    # Four full labels plus their headers come to 116 characters: more than the
    # two-digit length of template 62 can declare.
    additional_length = sum(len(value) + 4 for value in labels.values() if value)
    if additional_length > FIELD_MAX_LENGTH:
        raise VietQRError(
            f"Together the labels need {additional_length} characters; the additional "
            f"data field holds at most {FIELD_MAX_LENGTH}. Shorten one of them."
        )

    qr = QRPay.init_viet_qr(
        bank_bin=bank_bin,
        bank_number=account_number,
        amount=_amount_text(amount),
        purpose=labels["purpose"] or None,
        service=VietQRService(service),
    )
    # init_viet_qr() takes no bill/store/terminal arguments, but build() writes these
    # public attributes into template 62 in EMVCo's sub-ID order, which is how the
    # published payloads lay them out.
    qr.additional_data.bill_number = labels["bill_number"] or None
    qr.additional_data.store = labels["store_label"] or None
    qr.additional_data.terminal = labels["terminal_label"] or None
    return qr.build()


def parse_payload(payload: str) -> VietQRPayload:
    """Read a VietQR payload, checking its structure, CRC and NAPAS fields.

    Fields may come in any order, at the top level and inside templates 38 and 62.
    Raises ``VietQRError`` saying what is wrong.

    Not delegated to ``vietnam-qr-pay`` 1.0.0, whose parser silently ignores up to
    four stray characters at the end of a template (a 13-character account declared
    as 12 parses "valid" with the last digit lost), drops the bank and account when
    38.01 comes before the GUID, checks neither mandatory fields, currency, country
    nor GUID, and says only "invalid" when it does object.
    """
    if not isinstance(payload, str) or not payload:
        raise VietQRError("The payload is empty.")
    fields = _read_fields(payload, where="payload")

    missing = [
        f"{tag} ({name})" for tag, name in _MANDATORY.items() if tag not in fields
    ]
    if missing:
        raise VietQRError(f"Missing mandatory field(s): {', '.join(missing)}.")
    order = list(fields)
    if order[0] != "00":
        raise VietQRError("Field 00 (payload format indicator) must come first.")
    # The CRC covers everything up to and including "6304", so it has to be last.
    if order[-1] != "63" or len(fields["63"]) != 4:
        raise VietQRError("The payload must end with the CRC field 63, length 04.")
    expected = crc16_ccitt_false(payload[:-4])
    # EMVCo writes the CRC in uppercase; the value is what proves the scan intact.
    if not _CRC.fullmatch(fields["63"]) or fields["63"].upper() != expected:
        raise VietQRError(
            f"CRC mismatch: the payload says {fields['63']!r}, its content gives "
            f"{expected!r}. The QR was misread or altered."
        )

    if fields["00"] != "01":
        raise VietQRError(f"Unknown payload format {fields['00']!r}; expected '01'.")
    if fields["01"] not in (STATIC, DYNAMIC):
        raise VietQRError(
            f"Point of initiation must be {STATIC} (static) or {DYNAMIC} (dynamic), "
            f"got {fields['01']!r}."
        )
    if fields["53"] != CURRENCY_VND:
        raise VietQRError(
            f"Currency {fields['53']!r} is not Vietnamese đồng ({CURRENCY_VND})."
        )
    if fields["58"] != COUNTRY_VN:
        raise VietQRError(f"Country {fields['58']!r} is not {COUNTRY_VN}.")

    bank_bin, account_number, service = _read_merchant_account(fields["38"])
    extra = _read_fields(fields.get("62", ""), where="field 62 (additional data)")
    return VietQRPayload(
        bank_bin=bank_bin,
        account_number=account_number,
        is_dynamic=fields["01"] == DYNAMIC,
        service=service,
        amount=_read_amount(fields.get("54")),
        # Not held to 25 characters: build_payload() keeps our own labels short,
        # but a payload from elsewhere is still readable with a longer memo.
        purpose=extra.get("08", ""),
        bill_number=extra.get("01", ""),
        store_label=extra.get("03", ""),
        reference_label=extra.get("05", ""),
        terminal_label=extra.get("07", ""),
        merchant_name=fields.get("59", ""),
        merchant_city=fields.get("60", ""),
        merchant_category=fields.get("52", ""),
    )


def _label(name: str, text: str) -> str:
    """``text`` as plain ASCII for template 62, or ``VietQRError``."""
    if not isinstance(text, str):
        raise VietQRError(f"{name} must be text, got {type(text).__name__}.")
    # Banking apps show the memo as ASCII, and EMVCo lengths count characters while
    # the CRC counts bytes: only ASCII keeps the two equal.
    ascii_text = strip_diacritics(text)
    if not _PRINTABLE_ASCII.fullmatch(ascii_text):
        others = sorted({c for c in ascii_text if not _PRINTABLE_ASCII.fullmatch(c)})
        raise VietQRError(
            f"{name} may only hold Latin letters, digits and punctuation; "
            f"{''.join(others)!r} cannot be written in a VietQR payload."
        )
    if len(ascii_text) > LABEL_MAX_LENGTH:
        raise VietQRError(
            f"{name} is {len(ascii_text)} characters ({ascii_text!r}); VietQR allows "
            f"at most {LABEL_MAX_LENGTH}."
        )
    return ascii_text


def _amount_text(amount: int | None) -> str | None:
    """``amount`` as the digits of field 54, or ``VietQRError``."""
    if amount is None:
        return None
    # bool is an int subclass; Decimal and float are refused so that "79000.00" or
    # "7.9e4" never reaches a payload: VND has no minor unit.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise VietQRError(
            f"Amount must be a whole number of đồng (int), got {amount!r}."
        )
    if amount <= 0:
        raise VietQRError(f"Amount must be positive, got {amount}.")
    if amount >= 10**AMOUNT_MAX_DIGITS:
        raise VietQRError(f"Amount {amount} has more than {AMOUNT_MAX_DIGITS} digits.")
    return str(amount)


def _read_amount(text: str | None) -> int | None:
    """Field 54 as whole đồng, or ``VietQRError``."""
    if text is None:
        return None
    if not _AMOUNT.fullmatch(text) or int(text) == 0:
        raise VietQRError(
            f"Amount {text!r} is not a positive whole number of at most "
            f"{AMOUNT_MAX_DIGITS} digits."
        )
    return int(text)


def _read_merchant_account(template: str) -> tuple[str, str, str]:
    """Bank BIN, account number and service from template 38."""
    where = "field 38 (NAPAS merchant account)"
    fields = _read_fields(template, where=where)
    guid = fields.get("00")
    if guid != NAPAS_GUID:
        raise VietQRError(
            f"Not a NAPAS VietQR: {where} has GUID {guid!r}, expected {NAPAS_GUID!r}."
        )
    if "01" not in fields:
        raise VietQRError(f"{where} has no beneficiary (sub-field 01).")
    beneficiary = _read_fields(fields["01"], where="field 38.01 (beneficiary)")
    bank_bin = beneficiary.get("00", "")
    account_number = beneficiary.get("01", "")
    if not _BIN.fullmatch(bank_bin):
        raise VietQRError(f"Bank BIN must be 6 digits, got {bank_bin!r}.")
    if not _ACCOUNT.fullmatch(account_number):
        raise VietQRError(
            f"Account or card number must be 1 to {ACCOUNT_MAX_LENGTH} letters or "
            f"digits, got {account_number!r}."
        )
    service = fields.get("02")
    if service not in SERVICES:
        raise VietQRError(
            f"Service must be {SERVICE_TO_ACCOUNT} or {SERVICE_TO_CARD}, "
            f"got {service!r}."
        )
    return bank_bin, account_number, service


def _read_fields(text: str, *, where: str) -> dict[str, str]:
    """The ID → value pairs of one TLV level, refusing anything left over."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(text):
        header = text[position : position + 4]
        if len(header) < 4:
            raise VietQRError(
                f"{where} ends in {header!r} at position {position}: too short for "
                f"a field ID and length. The payload is truncated or malformed."
            )
        if not header.isdigit() or not header.isascii():
            raise VietQRError(
                f"{where} has {header!r} at position {position} where a two-digit "
                f"ID and two-digit length should be."
            )
        tag, length = header[:2], int(header[2:])
        start = position + 4
        if start + length > len(text):
            raise VietQRError(
                f"Field {tag} in {where} declares {length} characters but only "
                f"{len(text) - start} remain. The payload is truncated or malformed."
            )
        if tag in fields:
            raise VietQRError(f"Field {tag} appears twice in {where}.")
        fields[tag] = text[start : start + length]
        position = start + length
    return fields
