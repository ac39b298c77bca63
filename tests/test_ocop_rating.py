import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.ocop import add_months, default_valid_until
from tests.factories import ProductFactory

# Ratings expire on a date of the site's calendar: also check when UTC is a day behind.
pytestmark = pytest.mark.at_any_hour

Product = get_model("catalogue", "Product")


def test_rating_is_valid_for_36_months_by_default():
    assert default_valid_until(datetime.date(2024, 3, 15)) == datetime.date(2027, 3, 15)


def test_month_arithmetic_clamps_to_the_end_of_short_months():
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2023, 2, 28), 36) == datetime.date(2026, 2, 28)


@pytest.mark.django_db
def test_saving_fills_valid_until_from_the_decision_date():
    product = ProductFactory(ocop_decision_date=datetime.date(2025, 6, 1))
    product.refresh_from_db()
    assert product.ocop_valid_until == datetime.date(2028, 6, 1)


@pytest.mark.django_db
def test_an_explicit_valid_until_is_kept():
    product = ProductFactory(
        ocop_decision_date=datetime.date(2025, 6, 1),
        ocop_valid_until=datetime.date(2026, 12, 31),
    )
    product.refresh_from_db()
    assert product.ocop_valid_until == datetime.date(2026, 12, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("stars", [1, 2, 6])
def test_stars_outside_3_to_5_are_refused_by_the_form_layer(stars):
    product = ProductFactory()
    product.ocop_stars = stars
    with pytest.raises(ValidationError) as excinfo:
        product.full_clean()
    assert "ocop_stars" in excinfo.value.message_dict


@pytest.mark.django_db
def test_stars_outside_3_to_5_are_refused_by_the_database():
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(ocop_stars=6)


@pytest.mark.django_db
def test_a_rated_product_needs_a_decision_date():
    product = ProductFactory(ocop_decision_date=None)
    with pytest.raises(ValidationError) as excinfo:
        product.full_clean()
    assert "ocop_decision_date" in excinfo.value.message_dict


@pytest.mark.django_db
def test_currently_rated_is_derived_from_the_dates():
    today = timezone.localdate()
    current = ProductFactory()
    expired = ProductFactory(
        ocop_decision_date=today - datetime.timedelta(days=5 * 365),
    )
    ends_today = ProductFactory(
        ocop_decision_date=today - datetime.timedelta(days=30), ocop_valid_until=today
    )
    not_rated = ProductFactory(ocop_stars=None, ocop_decision_date=None)

    rated_ids = set(Product.objects.currently_rated().values_list("id", flat=True))

    assert rated_ids == {current.id, ends_today.id}
    assert current.ocop_is_current and ends_today.ocop_is_current
    assert expired.ocop_has_expired and not expired.ocop_is_current
    assert not not_rated.ocop_is_current and not not_rated.ocop_has_expired
