"""Methods and providers switched on without their settings stop the site."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from payments.registry import configuration_errors, enabled_methods

PROJECT = Path(__file__).resolve().parents[2]


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


def test_the_site_refuses_to_start_with_cards_on_but_no_stripe_secret():
    """The real start-up, in a process of its own: ``manage.py check`` exits with
    the name of the missing variable, as runserver, gunicorn and Celery would."""
    env = {
        **os.environ,
        "PAYMENT_METHODS": "vietqr,stripe,cod",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
    }
    env.pop("STRIPE_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Payment method 'stripe' is switched on but STRIPE_SECRET_KEY" in (
        result.stderr
    )

    env["STRIPE_SECRET_KEY"] = "sk_test_x"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
