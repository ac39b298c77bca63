"""Methods and providers switched on without their settings stop the site."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from payments.registry import configuration_errors, enabled_methods


def test_default_test_configuration_is_complete():
    assert configuration_errors() == []
    assert [m.code for m in enabled_methods()] == ["vietqr", "cod"]


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("PAYMENT_METHODS", ["vietqr", "stripe"], "STRIPE_SECRET_KEY"),
        ("VIETQR_ACCOUNT_NUMBER", "", "VIETQR_ACCOUNT_NUMBER"),
        ("PAYOS_CHECKSUM_KEY", "", "PAYOS_CHECKSUM_KEY"),
        ("CASSO_CHECKSUM_KEY", "", "CASSO_CHECKSUM_KEY"),
        ("SEPAY_API_KEY", "", "SEPAY_API_KEY"),
        ("PAYMENT_METHODS", ["bitcoin"], "bitcoin"),
        ("PAYMENT_METHODS", [], "empty"),
    ],
)
def test_start_up_fails_with_a_clear_message(settings, setting, value, expected):
    setattr(settings, setting, value)
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(ImproperlyConfigured, match=expected):
        apps.get_app_config("payments").ready()
