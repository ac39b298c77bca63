"""No personal data leaves through the open data API or the datasets."""

import re

import pytest
from oscar.core.loading import get_class
from oscar.test import factories as oscar_factories

from tests.factories import ProductFactory, UserFactory

# The rebuild lock must not be taken or cleared by tests in other processes.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("process_local_cache")]

Default = get_class("partner.strategy", "Default")

SELLER_STAFF_EMAIL = "nhanvien.htx.rieng@example.com"
BUYER_EMAIL = "nguoimua.rieng@example.com"
GUEST_EMAIL = "khach.vang.lai@example.com"
BANK_ACCOUNT = "1903555777999"
BANK_HOLDER = "TRAN THI CHU TAI KHOAN"
SELLER_PHONE = "0214 3888 777"
BUYER_PHONE = "+84987654321"
BUYER_NAME = "Nguyễn Thị Người Mua"
BUYER_STREET = "Số 12 ngõ Bí Mật"


@pytest.fixture
def personal_data(catalogue):
    """Sellers with bank details, staff and a phone; a buyer with an order."""
    from oscar.core.loading import get_model

    Bank = get_model("partner", "Bank")
    seller = catalogue["sellers"]["ban_lien"]
    seller.bank = Bank.objects.first()
    seller.bank_account_number = BANK_ACCOUNT
    seller.bank_account_holder = BANK_HOLDER
    seller.phone = SELLER_PHONE
    seller.save()
    seller.users.add(UserFactory(email=SELLER_STAFF_EMAIL))

    buyer = UserFactory(email=BUYER_EMAIL, first_name=BUYER_NAME)
    basket = oscar_factories.BasketFactory()
    basket.strategy = Default()
    basket.add_product(catalogue["products"]["tea"])
    address = oscar_factories.ShippingAddressFactory(
        first_name=BUYER_NAME, line1=BUYER_STREET, phone_number=BUYER_PHONE
    )
    oscar_factories.create_order(basket=basket, user=buyer, shipping_address=address)
    oscar_factories.create_order(
        basket=_basket_with(ProductFactory()), guest_email=GUEST_EMAIL
    )
    return [
        SELLER_STAFF_EMAIL,
        BUYER_EMAIL,
        GUEST_EMAIL,
        BANK_ACCOUNT,
        BANK_HOLDER,
        SELLER_PHONE,
        BUYER_PHONE,
        BUYER_NAME,
        BUYER_STREET,
    ]


def _basket_with(product):
    basket = oscar_factories.BasketFactory()
    basket.strategy = Default()
    basket.add_product(product)
    return basket


def _crawl_api(client, url):
    """Every page of a list endpoint and every item's own URL, as text."""
    texts = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
        page = response.json()
        for item in page["results"]:
            detail = client.get(f"{url.split('?')[0]}{item['id']}/")
            assert detail.status_code == 200
            texts.append(detail.content.decode())
        url = page["next"]
    return texts


def _digits(text):
    return re.sub(r"\D", "", text)


def test_no_response_or_dataset_row_carries_personal_data(client, personal_data):
    texts = []
    for endpoint in ("products", "sellers", "categories"):
        texts += _crawl_api(client, f"/api/v1/{endpoint}/?page_size=2")
    for fmt in ("csv", "json"):
        response = client.get(f"/open-data/ocop-products.{fmt}")
        texts.append(b"".join(response.streaming_content).decode("utf-8-sig"))
    assert len(texts) > 10

    for text in texts:
        folded = text.lower()
        for value in personal_data:
            assert value.lower() not in folded
        # Phone and account numbers may be reformatted: compare their digits too.
        digits = _digits(text)
        for number in (BANK_ACCOUNT, SELLER_PHONE, BUYER_PHONE):
            assert _digits(number) not in digits
        assert "@" not in text  # no email address of any kind
