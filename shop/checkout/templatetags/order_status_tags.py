"""What the order-status pages show about paying an order."""

from django import template

register = template.Library()

#: Line status at which the buyer has the goods and may review them.
DELIVERED = "Delivered"


@register.simple_tag
def order_payment(order):
    """``{% order_payment order as payment %}``: the payment state and what to do."""
    from payments.selectors import order_payment_view

    return order_payment_view(order=order)


@register.simple_tag
def order_payment_page(order):
    """``{% order_payment_page order %}``: the address of the order's payment page."""
    from shop.checkout.selectors import order_payment_url

    return order_payment_url(order=order)


@register.filter
def delivered(line) -> bool:
    """Whether an order line has reached the buyer (reviews only after that)."""
    return line.status == DELIVERED
