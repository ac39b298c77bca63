"""The payment methods the marketplace offers, and the bank-notification services.

A plain dict from code to class: three methods do not need a plugin system. Which
are offered comes from ``settings.PAYMENT_METHODS`` and
``settings.BANK_NOTIFICATION_PROVIDERS``; one switched on without its settings is
reported by ``configuration_errors`` and stops the site at start-up.
"""

from types import ModuleType

from django.conf import settings

from payments import methods
from payments.providers import casso, payos, sepay

METHODS: dict[str, type[methods.PaymentMethod]] = {
    method.code: method
    for method in (methods.VietQRTransfer, methods.StripeCard, methods.CashOnDelivery)
}

NOTIFICATION_PROVIDERS: dict[str, ModuleType] = {
    provider.CODE: provider for provider in (payos, casso, sepay)
}


class UnknownPaymentMethod(LookupError):
    """A payment method code that is not in the registry or not switched on."""


def enabled_methods() -> list[methods.PaymentMethod]:
    """The methods offered at checkout, in the order of ``PAYMENT_METHODS``."""
    return [METHODS[code]() for code in settings.PAYMENT_METHODS if code in METHODS]


def method_get(code: str) -> methods.PaymentMethod:
    """The method registered as ``code`` (even if now switched off: old orders)."""
    try:
        return METHODS[code]()
    except KeyError as error:
        raise UnknownPaymentMethod(code) from error


def enabled_notification_providers() -> dict[str, ModuleType]:
    """The bank-notification services whose webhooks are accepted."""
    return {
        code: NOTIFICATION_PROVIDERS[code]
        for code in settings.BANK_NOTIFICATION_PROVIDERS
        if code in NOTIFICATION_PROVIDERS
    }


def configuration_errors() -> list[str]:
    """What keeps the switched-on methods and providers from working, as sentences."""
    errors = []
    if not settings.PAYMENT_METHODS:
        errors.append("PAYMENT_METHODS is empty: buyers could not pay at all.")
    for code in settings.PAYMENT_METHODS:
        if code not in METHODS:
            errors.append(
                f"PAYMENT_METHODS names {code!r}; known methods are "
                f"{', '.join(sorted(METHODS))}."
            )
            continue
        missing = [
            name
            for name in METHODS[code].required_settings
            if not getattr(settings, name, "")
        ]
        if missing:
            errors.append(
                f"Payment method {code!r} is switched on but {', '.join(missing)} "
                f"is not set (environment variable of the same name)."
            )
    for code in settings.BANK_NOTIFICATION_PROVIDERS:
        provider = NOTIFICATION_PROVIDERS.get(code)
        if provider is None:
            errors.append(
                f"BANK_NOTIFICATION_PROVIDERS names {code!r}; known providers are "
                f"{', '.join(sorted(NOTIFICATION_PROVIDERS))}."
            )
            continue
        missing = [
            name
            for name in provider.REQUIRED_SETTINGS
            if not getattr(settings, name, "")
        ]
        if missing:
            errors.append(
                f"Bank notifications from {code!r} are switched on but "
                f"{', '.join(missing)} is not set (environment variable of the same "
                f"name)."
            )
    return errors
