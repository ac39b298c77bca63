from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """VietQR, Stripe and cash on delivery in one registry; bank webhooks; ledger."""

    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from payments import receivers  # noqa: F401 (connects them)
        from payments.registry import configuration_errors

        # Refuse to start rather than take orders that can never be confirmed.
        errors = configuration_errors()
        if errors:
            raise ImproperlyConfigured(
                "Payments are misconfigured: " + " ".join(errors)
            )
