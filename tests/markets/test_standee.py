"""The printed standee and the one-off QR scan (real decoder) to the right VietQR."""

import io

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from payments.vietqr import parse_payload

pytestmark = pytest.mark.django_db


def decode(image: Image.Image) -> str:
    (result,) = zxingcpp.read_barcodes(image)
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    return result.text


def pdf_pages(content: bytes) -> list[Image.Image]:
    pdf = pypdfium2.PdfDocument(content)
    return [page.render(scale=3).to_pil() for page in pdf]


def pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def assert_static_qr_of(payload, stall):
    parsed = parse_payload(payload)
    assert parsed.is_dynamic is False
    assert parsed.amount is None
    assert parsed.bank_bin == stall.vendor.bank.bin
    assert parsed.account_number == stall.vendor.bank_account_number
    assert parsed.store_label == "Cho Ben Do"
    assert parsed.terminal_label == f"Quay {stall.number}"


def test_standee_png_scans_to_a_static_vietqr_of_the_vendors_account(
    client, stall, other_stall, vendor_user
):
    client.force_login(vendor_user)

    response = client.get(reverse("markets:standee", args=[stall.pk, "png"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1240, 1748)  # A6 at 300 dpi
    assert_static_qr_of(decode(image), stall)


def test_standee_pdf_is_one_a6_page_that_scans_and_names_the_vendor(
    client, stall, vendor_user
):
    client.force_login(vendor_user)

    response = client.get(reverse("markets:standee", args=[stall.pk, "pdf"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    assert len(pdf) == 1
    width, height = pdf[0].get_size()  # points
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)
    (page,) = pdf_pages(response.content)
    assert_static_qr_of(decode(page), stall)
    text = pdf_text(response.content)
    for expected in (
        "Quét mã để thanh toán",
        stall.vendor.name,
        "Quầy A01",
        "Agribank",
        stall.vendor.bank_account_holder,
        "Chợ Bến Đò",
    ):
        assert expected in text


def test_another_vendors_standee_is_refused(client, stall, other_stall, vendor_user):
    client.force_login(vendor_user)

    for extension in ("png", "pdf"):
        url = reverse("markets:standee", args=[other_stall.pk, extension])
        assert client.get(url).status_code == 403


def test_one_off_qr_decodes_with_the_typed_amount(client, stall, vendor_user):
    client.force_login(vendor_user)

    page = client.get(
        reverse("markets:one-off-qr", args=[stall.pk]), {"amount": "35.000"}
    )

    assert page.status_code == 200
    payload = page.context["payload"]
    parsed = parse_payload(payload)
    assert parsed.is_dynamic is True
    assert parsed.amount == 35000
    assert parsed.account_number == stall.vendor.bank_account_number
    # What is drawn on the page is that payload.
    svg = page.content.decode().split('<div class="vietqr-code"')[1]
    assert "<svg" in svg
    assert "35.000\u00a0₫" in page.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ba muoi", "chỉ dùng chữ số"),
        ("-5000", "chỉ dùng chữ số"),
        ("500", "ít nhất 1.000"),
        ("1000000000", "nhiều nhất là 100.000.000"),
        ("", "bắt buộc"),
    ],
)
def test_one_off_qr_explains_a_bad_amount_and_shows_no_qr(
    client, stall, vendor_user, typed, message
):
    client.force_login(vendor_user)

    page = client.get(reverse("markets:one-off-qr", args=[stall.pk]), {"amount": typed})

    assert page.status_code == 200
    assert page.context["payload"] == ""
    assert "<svg" not in page.content.decode()
    assert message in page.content.decode()
