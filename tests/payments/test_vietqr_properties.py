"""Round trips of the VietQR codec for random valid inputs (hypothesis)."""

import io

import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from payments import vietqr
from shop.qrcodes import qr_png

bins = st.from_regex(r"[0-9]{6}", fullmatch=True)
accounts = st.from_regex(r"[0-9A-Za-z]{1,19}", fullmatch=True)
amounts = st.none() | st.integers(min_value=1, max_value=10**13 - 1)
label = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20
)


@given(
    bank_bin=bins,
    account_number=accounts,
    amount=amounts,
    purpose=label,
    bill_number=label,
    service=st.sampled_from(sorted(vietqr.SERVICES)),
)
def test_build_then_parse_gives_back_the_fields(
    bank_bin, account_number, amount, purpose, bill_number, service
):
    payload = vietqr.build_payload(
        bank_bin=bank_bin,
        account_number=account_number,
        amount=amount,
        purpose=purpose,
        bill_number=bill_number,
        service=service,
    )
    parsed = vietqr.parse_payload(payload)
    assert parsed.bank_bin == bank_bin
    assert parsed.account_number == account_number
    assert parsed.amount == amount
    assert parsed.is_dynamic == (amount is not None)
    assert parsed.purpose == purpose
    assert parsed.bill_number == bill_number
    assert parsed.service == service
    assert vietqr.crc16_ccitt_false(payload[:-4]) == payload[-4:]


@given(
    account_number=accounts,
    amount=amounts,
    position=st.integers(min_value=0),
    replacement=st.sampled_from("0123456789ABCDEF"),
)
def test_any_changed_character_is_caught(account_number, amount, position, replacement):
    payload = vietqr.build_payload(
        bank_bin="970436", account_number=account_number, amount=amount, purpose="OCOP1"
    )
    index = position % len(payload)
    if payload[index] == replacement:
        return
    altered = payload[:index] + replacement + payload[index + 1 :]
    try:
        parsed = vietqr.parse_payload(altered)
    except vietqr.VietQRError:
        return
    # A change inside the CRC digits itself could only survive by luck: never here.
    raise AssertionError(f"Accepted an altered payload: {altered} → {parsed}")


@settings(max_examples=15, deadline=None)
@given(account_number=accounts, amount=amounts, purpose=label)
def test_qr_images_decode_to_the_exact_payload(account_number, amount, purpose):
    payload = vietqr.build_payload(
        bank_bin="970415", account_number=account_number, amount=amount, purpose=purpose
    )
    image = Image.open(io.BytesIO(qr_png(payload)))
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == payload
