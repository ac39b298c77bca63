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


class OrderTotals:
    """``order`` as Oscar's totals partial (``oscar/order/partials/basket_totals.html``)
    reads it, with its discounts read once.

    Oscar's order filters its discounts by kind in three queries (basket, shipping,
    deferred) each time the partial asks; here they are split from one read. Any
    other attribute is the order's.
    """

    def __init__(self, order):
        from oscar.apps.order.abstract_models import AbstractOrderDiscount as Discount

        self._order = order
        discounts = list(order.discounts.all())
        self.basket_discounts = [d for d in discounts if d.category == Discount.BASKET]
        self.shipping_discounts = [
            d for d in discounts if d.category == Discount.SHIPPING
        ]
        self.post_order_actions = [
            d for d in discounts if d.category == Discount.DEFERRED
        ]
        self.has_shipping_discounts = bool(self.shipping_discounts)
        self.shipping_before_discounts_incl_tax = order.shipping_incl_tax + sum(
            (d.amount for d in self.shipping_discounts), 0
        )

    def __getattr__(self, name):
        return getattr(self._order, name)


def order_totals(*, order) -> OrderTotals:
    """What the totals of ``order``'s pages show (``OrderTotals``)."""
    return OrderTotals(order)
