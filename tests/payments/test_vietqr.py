import io
from decimal import Decimal

import pytest
import zxingcpp
from PIL import Image

from payments.vietqr import (
    VietQRError,
    VietQRPayload,
    build_payload,
    crc16_ccitt_false,
    parse_payload,
)
from shop.qrcodes import qr_png

# Known-good payloads from /work/shared/reference/vietqr.md.
VIETINBANK = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA"
    "53037045405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)
# The reference calls "NPS6869" a terminal label, but the bytes say "0107": it is the
# bill number (62.01), as in the NAPAS specification's own example below.
ACB = (
    "00020101021238530010A0000007270123000697041601092245284790208QRIBFTTA"
    "53037045405100005802VN62340107NPS68690819TRANSFER TO SOMEONE6304AC13"
)
# The dynamic example of the NAPAS IBFT QR specification (v1.5.2), widely copied
# in public code; its CRC checks.
NAPAS_DYNAMIC = (
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
)
# A static QR to a card number, as published alongside the NAPAS example.
NAPAS_STATIC_CARD = (
    "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC"
    "53037045802VN63044F52"
)


def tlv(*fields: tuple[str, str]) -> str:
    return "".join(f"{tag}{len(value):02d}{value}" for tag, value in fields)


def with_crc(body: str) -> str:
    body += "6304"
    return body + crc16_ccitt_false(body)


def merchant_account(
    bank_bin: str = "970415",
    account: str = "113366668888",
    *,
    guid: str = "A000000727",
    service: str = "QRIBFTTA",
) -> str:
    return tlv(
        ("00", guid),
        ("01", tlv(("00", bank_bin), ("01", account))),
        ("02", service),
    )


VIETINBANK_FIELDS = {
    "00": "01",
    "01": "12",
    "38": merchant_account(),
    "53": "704",
    "54": "79000",
    "58": "VN",
    "62": tlv(("08", "Ung Ho Quy Vac Xin")),
}


def vietinbank_with(**changes: str | None) -> str:
    """The VietinBank vector with fields changed (None drops one), CRC recomputed."""
    fields = dict(VIETINBANK_FIELDS)
    for key, value in changes.items():
        tag = key.removeprefix("f")
        if value is None:
            del fields[tag]
        else:
            fields[tag] = value
    return with_crc(tlv(*fields.items()))


def test_test_helpers_rebuild_the_vietinbank_vector():
    assert vietinbank_with() == VIETINBANK


# CRC


def test_crc_matches_the_ccitt_false_check_value():
    assert crc16_ccitt_false("123456789") == "29B1"
    assert crc16_ccitt_false("") == "FFFF"


@pytest.mark.parametrize("payload", [VIETINBANK, ACB, NAPAS_DYNAMIC, NAPAS_STATIC_CARD])
def test_crc_of_known_payloads(payload):
    assert crc16_ccitt_false(payload[:-4]) == payload[-4:]


# Building


def test_builds_the_vietinbank_vector_byte_for_byte():
    assert (
        build_payload(
            bank_bin="970415",
            account_number="113366668888",
            amount=79_000,
            purpose="Ung Ho Quy Vac Xin",
        )
        == VIETINBANK
    )


def test_builds_the_acb_vector_byte_for_byte():
    assert (
        build_payload(
            bank_bin="970416",
            account_number="224528479",
            amount=10_000,
            bill_number="NPS6869",
            purpose="TRANSFER TO SOMEONE",
        )
        == ACB
    )


def test_builds_the_napas_examples_byte_for_byte():
    assert (
        build_payload(
            bank_bin="970403",
            account_number="0011012345678",
            amount=180_000,
            bill_number="NPS6869",
            purpose="thanh toan don hang",
        )
        == NAPAS_DYNAMIC
    )
    assert (
        build_payload(
            bank_bin="970403", account_number="9704031101234567", service="QRIBFTTC"
        )
        == NAPAS_STATIC_CARD
    )


def test_terminal_label_goes_in_62_07():
    payload = build_payload(
        bank_bin="970416", account_number="224528479", terminal_label="NPS6869"
    )
    assert tlv(("62", tlv(("07", "NPS6869")))) in payload


def test_without_amount_the_qr_is_static_and_has_no_amount_field():
    payload = build_payload(bank_bin="970436", account_number="0123456789")
    assert payload.startswith("000201010211")
    assert "5802VN" in payload
    parsed = parse_payload(payload)
    assert parsed.is_dynamic is False
    assert parsed.amount is None


def test_static_stall_qr_round_trips_with_store_and_terminal_labels():
    payload = build_payload(
        bank_bin="970436",
        account_number="0123456789",
        store_label="Gian hàng Đà Lạt",
        terminal_label="Sạp 12",
    )
    assert parse_payload(payload) == VietQRPayload(
        bank_bin="970436",
        account_number="0123456789",
        is_dynamic=False,
        store_label="Gian hang Da Lat",
        terminal_label="Sap 12",
    )


def test_dynamic_order_qr_round_trips_with_vietnamese_purpose_as_ascii():
    payload = build_payload(
        bank_bin="970422",
        account_number="VQRQACYEK5606",
        amount=1_250_000,
        purpose="Thanh toán đơn hàng",
        bill_number="OCOP-000123",
    )
    assert parse_payload(payload) == VietQRPayload(
        bank_bin="970422",
        account_number="VQRQACYEK5606",
        is_dynamic=True,
        amount=1_250_000,
        purpose="Thanh toan don hang",
        bill_number="OCOP-000123",
    )


def test_strips_diacritics_from_capitals_and_every_tone():
    payload = build_payload(
        bank_bin="970436",
        account_number="1",
        purpose="ĐẶC SẢN ỚT ƯỚP Mứt Gừng",
    )
    assert parse_payload(payload).purpose == "DAC SAN OT UOP Mut Gung"


def test_accepts_the_largest_thirteen_digit_amount():
    payload = build_payload(
        bank_bin="970436", account_number="1", amount=9_999_999_999_999
    )
    assert parse_payload(payload).amount == 9_999_999_999_999


def test_accepts_a_label_of_exactly_25_characters():
    purpose = "Thanh toán đơn OCOP 12345"
    payload = build_payload(bank_bin="970436", account_number="1", purpose=purpose)
    assert len(parse_payload(payload).purpose) == 25


@pytest.mark.parametrize("purpose", ["x" * 26, "Thanh toán đơn hàng OCOP 1"])
def test_rejects_a_purpose_longer_than_25_characters(purpose):
    with pytest.raises(VietQRError, match="purpose is 26 characters"):
        build_payload(bank_bin="970436", account_number="1", purpose=purpose)


@pytest.mark.parametrize("purpose", ["Cà phê ☕", "茶叶", "line\nbreak"])
def test_rejects_text_that_has_no_ascii_form(purpose):
    with pytest.raises(VietQRError, match="purpose may only hold"):
        build_payload(bank_bin="970436", account_number="1", purpose=purpose)


def test_rejects_labels_that_overflow_the_additional_data_field():
    with pytest.raises(VietQRError, match="116 characters"):
        build_payload(
            bank_bin="970436",
            account_number="1",
            purpose="p" * 25,
            bill_number="b" * 25,
            store_label="s" * 25,
            terminal_label="t" * 25,
        )


# Full-width digits pass str.isdigit() but are not the ASCII a payload needs.
@pytest.mark.parametrize(
    "bank_bin", ["97041", "9704155", "97041a", "", "９７０４１５", 970415]
)
def test_rejects_an_invalid_bank_bin(bank_bin):
    with pytest.raises(VietQRError, match="Bank BIN must be 6 digits"):
        build_payload(bank_bin=bank_bin, account_number="113366668888")


@pytest.mark.parametrize("account", ["", "1" * 20, "1133-6666", "tài khoản"])
def test_rejects_an_invalid_account_number(account):
    with pytest.raises(VietQRError, match="Account number"):
        build_payload(bank_bin="970415", account_number=account)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "positive"),
        (-79_000, "positive"),
        (10**13, "more than 13 digits"),
        (True, "whole number"),
        (Decimal("79000"), "whole number"),
        (79_000.0, "whole number"),
        ("79000", "whole number"),
    ],
)
def test_rejects_an_invalid_amount(amount, message):
    with pytest.raises(VietQRError, match=message):
        build_payload(bank_bin="970415", account_number="1", amount=amount)


def test_rejects_an_unknown_service():
    with pytest.raises(VietQRError, match="Service"):
        build_payload(bank_bin="970415", account_number="1", service="QRIBFTTX")


# Parsing


def test_parses_the_vietinbank_vector():
    assert parse_payload(VIETINBANK) == VietQRPayload(
        bank_bin="970415",
        account_number="113366668888",
        is_dynamic=True,
        service="QRIBFTTA",
        amount=79_000,
        purpose="Ung Ho Quy Vac Xin",
    )


def test_parses_the_acb_vector():
    assert parse_payload(ACB) == VietQRPayload(
        bank_bin="970416",
        account_number="224528479",
        is_dynamic=True,
        amount=10_000,
        bill_number="NPS6869",
        purpose="TRANSFER TO SOMEONE",
    )


def test_parses_a_static_card_qr():
    parsed = parse_payload(NAPAS_STATIC_CARD)
    assert parsed.service == "QRIBFTTC"
    assert parsed.account_number == "9704031101234567"
    assert parsed.is_dynamic is False


def test_parses_fields_in_any_order_at_every_level():
    shuffled = with_crc(
        tlv(
            ("00", "01"),
            ("62", tlv(("05", "REF1"), ("08", "Ung Ho Quy Vac Xin"), ("01", "B1"))),
            ("58", "VN"),
            ("54", "79000"),
            (
                "38",
                tlv(
                    ("02", "QRIBFTTA"),
                    ("01", tlv(("01", "113366668888"), ("00", "970415"))),
                    ("00", "A000000727"),
                ),
            ),
            ("60", "HA NOI"),
            ("59", "HTX CHE TAN CUONG"),
            ("53", "704"),
            ("52", "5499"),
            ("01", "12"),
        )
    )
    assert parse_payload(shuffled) == VietQRPayload(
        bank_bin="970415",
        account_number="113366668888",
        is_dynamic=True,
        amount=79_000,
        purpose="Ung Ho Quy Vac Xin",
        bill_number="B1",
        reference_label="REF1",
        merchant_name="HTX CHE TAN CUONG",
        merchant_city="HA NOI",
        merchant_category="5499",
    )


def test_ignores_fields_it_does_not_use():
    payload = vietinbank_with(f26=tlv(("00", "A000000775")), f99="x")
    assert parse_payload(payload) == parse_payload(VIETINBANK)


def test_accepts_a_lowercase_crc():
    assert parse_payload(VIETINBANK[:-4] + VIETINBANK[-4:].lower()).amount == 79_000


def test_rejects_a_wrong_crc():
    with pytest.raises(VietQRError, match="CRC mismatch"):
        parse_payload(VIETINBANK[:-4] + "3ACE")


def test_rejects_altered_content_under_the_old_crc():
    altered = VIETINBANK.replace("540579000", "540579900")
    with pytest.raises(VietQRError, match="CRC mismatch"):
        parse_payload(altered)


@pytest.mark.parametrize("cut", [1, 4, 9, 30, len(VIETINBANK) - 3])
def test_rejects_a_truncated_payload(cut):
    with pytest.raises(VietQRError, match="truncated or malformed"):
        parse_payload(VIETINBANK[:-cut])


def test_rejects_a_nested_length_that_overruns_its_template():
    payload = vietinbank_with(f62="0830Ung Ho Quy Vac Xin")
    with pytest.raises(VietQRError, match="Field 08 in field 62 .* declares 30"):
        parse_payload(payload)


def test_rejects_stray_characters_left_in_a_template():
    # A 13-character account declared as 12: the "8" left over must not be dropped
    # silently (vietnam-qr-pay 1.0.0 parses this as valid, account "001101234567").
    beneficiary = "0006970403" + "0112" + "0011012345678"
    payload = vietinbank_with(
        f38=tlv(("00", "A000000727"), ("01", beneficiary), ("02", "QRIBFTTA"))
    )
    with pytest.raises(VietQRError, match=r"38\.01 .* ends in '8'"):
        parse_payload(payload)


def test_rejects_a_non_numeric_length():
    payload = with_crc("000201" + "01X212")
    with pytest.raises(VietQRError, match="two-digit"):
        parse_payload(payload)


def test_rejects_a_repeated_field():
    payload = with_crc(tlv(*VIETINBANK_FIELDS.items(), ("54", "1")))
    with pytest.raises(VietQRError, match="Field 54 appears twice"):
        parse_payload(payload)


@pytest.mark.parametrize("tag", ["00", "01", "38", "53", "58"])
def test_rejects_a_payload_missing_a_mandatory_field(tag):
    with pytest.raises(VietQRError, match=f"Missing mandatory field.*{tag} "):
        parse_payload(vietinbank_with(**{f"f{tag}": None}))


def test_rejects_a_payload_without_crc():
    with pytest.raises(VietQRError, match="63 \\(CRC\\)"):
        parse_payload(tlv(*VIETINBANK_FIELDS.items()))


def test_rejects_a_crc_that_is_not_last():
    body = tlv(*VIETINBANK_FIELDS.items())
    payload = body[:6] + "6304ABCD" + body[6:]
    with pytest.raises(VietQRError, match="must end with the CRC"):
        parse_payload(payload)


def test_rejects_a_payload_not_starting_with_the_format_indicator():
    fields = dict(VIETINBANK_FIELDS)
    first = fields.pop("00")
    payload = with_crc(tlv(*fields.items(), ("00", first)))
    with pytest.raises(VietQRError, match="Field 00 .* must come first"):
        parse_payload(payload)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"f00": "02"}, "Unknown payload format"),
        ({"f01": "13"}, "Point of initiation"),
        ({"f53": "840"}, "Currency '840'"),
        ({"f58": "TH"}, "Country 'TH'"),
        ({"f54": "79000.00"}, "Amount '79000.00'"),
        ({"f54": "0"}, "Amount '0'"),
        ({"f38": merchant_account(guid="A000000775")}, "Not a NAPAS VietQR"),
        ({"f38": merchant_account(service="QRPUSH")}, "Service"),
        ({"f38": merchant_account(bank_bin="97041")}, "Bank BIN"),
        ({"f38": merchant_account(account="1" * 20)}, "Account or card number"),
        ({"f38": tlv(("00", "A000000727"), ("02", "QRIBFTTA"))}, "no beneficiary"),
    ],
)
def test_rejects_invalid_field_values(changes, message):
    with pytest.raises(VietQRError, match=message):
        parse_payload(vietinbank_with(**changes))


@pytest.mark.parametrize("payload", ["", None])
def test_rejects_an_empty_payload(payload):
    with pytest.raises(VietQRError, match="empty"):
        parse_payload(payload)


def test_errors_are_value_errors():
    assert issubclass(VietQRError, ValueError)


# Scanning


@pytest.mark.parametrize(
    "payload",
    [
        VIETINBANK,
        build_payload(
            bank_bin="970436",
            account_number="0123456789",
            store_label="Gian hang Da Lat",
            terminal_label="Sap 12",
        ),
    ],
)
def test_png_scans_back_to_the_exact_payload(payload):
    image = Image.open(io.BytesIO(qr_png(payload)))
    results = zxingcpp.read_barcodes(image)
    assert [result.format for result in results] == [zxingcpp.BarcodeFormat.QRCode]
    assert results[0].text == payload
    assert parse_payload(results[0].text).bank_bin in {"970415", "970436"}
