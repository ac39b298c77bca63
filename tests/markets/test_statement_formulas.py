"""A buyer's transfer memo cannot become a formula in the vendor's statement CSV."""

import csv
import io

import pytest
from django.urls import reverse

from tests.markets.test_feed import pay

pytestmark = pytest.mark.django_db


def test_a_memo_starting_with_a_formula_is_text_in_the_statement(
    client, stall, vendor_user
):
    pay(client, stall, 35000, memo='=HYPERLINK("http://evil.test","Xem")')
    pay(client, stall, 12000, memo="@SUM(1+1)")
    client.force_login(vendor_user)

    download = client.get(
        reverse("markets:statement", args=[stall.pk]), {"format": "csv"}
    )

    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    memos = sorted(row[2] for row in rows[1:-1])
    assert memos == ['\'=HYPERLINK("http://evil.test","Xem")', "'@SUM(1+1)"]
    assert rows[-1][:2] == ["Tổng", "47000"]  # numbers stay numbers
