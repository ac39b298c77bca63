"""Reads about placed orders that the checkout's mail needs."""

from django.conf import settings
from django.urls import reverse

from shop.site import site_url


def order_language(*, order) -> str:
    """The language the buyer ordered in (the site's default for older orders)."""
    from shop.checkout.models import OrderLanguage

    language = OrderLanguage.objects.filter(order=order).first()
    return language.code if language else settings.LANGUAGE_CODE


def order_payment_url(*, order) -> str:
    """The absolute address of the order's payment page (QR, bank details, state),
    which needs no sign-in: the order's verification hash is its key."""
    return site_url(
        reverse("checkout:order-payment", kwargs={"token": order.verification_hash()})
    )


def order_status_url(*, order) -> str:
    """The absolute address of the order's status page: the account's order page,
    or Oscar's guest order-status page."""
    if order.user_id:
        path = reverse("customer:order", kwargs={"order_number": order.number})
    else:
        path = reverse(
            "customer:anon-order",
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )
    return site_url(path)
