from django import template
from django.utils.safestring import mark_safe

from shop.qrcodes import qr_svg

register = template.Library()


@register.simple_tag
def vietqr_svg(payload: str):
    """The payload as an inline SVG QR code: ``qr_svg``'s markup is shapes only,
    the payload is in the modules, never written out as text."""
    return mark_safe(qr_svg(payload))  # noqa: S308


@register.simple_tag
def order_refundable(order):
    """What can still be refunded on ``order`` (see payments.selectors)."""
    from payments.selectors import order_refundable as refundable

    return refundable(order=order)
