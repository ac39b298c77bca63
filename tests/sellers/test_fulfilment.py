"""A seller's order page offers only each line's next step; shipping records a
carrier and tracking number, cancelling asks for a reason and a confirmation, and
the buyer and the operator see every step."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import UserFactory

Line = get_model("order", "Line")
SourceType = get_model("payment", "SourceType")

pytestmark = pytest.mark.django_db


def _url(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def _step(client, order, line, status, **extra):
    return client.post(
        _url(order),
        {
            "line_action": "advance_line",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": line.quantity,
            "new_status": status,
            **extra,
        },
    )


@pytest.fixture
def tea(market, client):
    client.force_login(market.tea_user)
    return market.mixed.lines.get(partner=market.tea_coop)


def test_order_page_offers_only_the_next_step_and_no_status_list(client, market, tea):
    page = client.get(_url(market.mixed)).content.decode()
    assert 'name="step" value="Packed"' in page
    assert 'value="Shipped"' not in page and 'value="Delivered"' not in page
    assert "<select" not in page.split('id="seller-lines"')[1]
    assert not re.search(r"<option[^>]*\sselected", page)  # nothing chosen for them
    assert 'id="cash-received"' not in page  # nothing delivered yet


def test_a_step_cannot_be_skipped(client, market, tea):
    response = _step(client, market.mixed, tea, "Delivered")
    assert response.status_code == 302
    tea.refresh_from_db()
    assert tea.status == "Pending"


def test_shipping_needs_a_carrier_and_tracking_number_which_buyer_and_operator_see(
    client, market, tea, django_app
):
    _step(client, market.mixed, tea, "Packed")
    _step(client, market.mixed, tea, "Shipped", carrier="Viettel Post")
    tea.refresh_from_db()
    assert tea.status == "Packed"  # refused without a tracking number

    _step(
        client,
        market.mixed,
        tea,
        "Shipped",
        carrier="Viettel Post",
        tracking_number="VTP123456789",
    )
    tea.refresh_from_db()
    assert tea.status == "Shipped"
    assert (tea.dispatch.carrier, tea.dispatch.tracking_number) == (
        "Viettel Post",
        "VTP123456789",
    )

    buyer = UserFactory(email="lan@example.com")
    market.mixed.user = buyer
    market.mixed.save()
    buyer_page = django_app.get(
        reverse("customer:order", kwargs={"order_number": market.mixed.number}),
        user=buyer,
    ).text
    assert "VTP123456789" in buyer_page and "Viettel Post" in buyer_page
    assert "Đã đóng gói" in buyer_page  # each step in the line's timeline

    operator = UserFactory(email="ops@example.com", is_staff=True, is_superuser=True)
    ops_page = django_app.get(_url(market.mixed), user=operator).text
    events = ops_page[ops_page.index('id="shipping-events"') :]
    assert "Viettel Post · VTP123456789" in events and "HTX Chè Bản Liền" in events


def test_cancelling_asks_for_confirmation_and_a_reason_then_restocks(
    client, market, tea
):
    record = tea.stockrecord
    allocated = record.num_allocated

    response = _step(client, market.mixed, tea, "Cancelled", reason="Hết hàng")
    assert response["Location"].endswith(f"?cancel={tea.pk}#cancel-{tea.pk}")
    page = client.get(response["Location"]).content.decode()
    assert f'id="cancel-{tea.pk}"' in page and 'name="reason"' in page

    _step(client, market.mixed, tea, "Cancelled", confirm="yes", reason=" ")
    tea.refresh_from_db()
    assert tea.status == "Pending"

    _step(client, market.mixed, tea, "Cancelled", confirm="yes", reason="Hết hàng")
    tea.refresh_from_db()
    record.refresh_from_db()
    assert tea.status == "Cancelled"
    assert record.num_allocated == allocated - tea.quantity
    assert tea.shipping_events.get().notes == "Hết hàng"


def test_cash_button_only_on_delivered_cash_on_delivery_lines(client, market, tea):
    for status, extra in (
        ("Packed", {}),
        ("Shipped", {"carrier": "VNPost", "tracking_number": "EB1"}),
        ("Delivered", {}),
    ):
        _step(client, market.mixed, tea, status, **extra)
    assert 'id="cash-received"' in client.get(_url(market.mixed)).content.decode()

    # The same delivered lines on an order paid by bank transfer: no cash to record.
    vietqr, _created = SourceType.objects.get_or_create(
        code="vietqr", defaults={"name": "VietQR"}
    )
    market.mixed.sources.update(source_type=vietqr)
    assert 'id="cash-received"' not in client.get(_url(market.mixed)).content.decode()
