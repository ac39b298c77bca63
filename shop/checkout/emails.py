"""The order e-mail a buyer can act on: how to pay, with the VietQR inside.

Oscar renders the ``ORDER_PLACED`` message from our templates
(templates/oscar/communication/emails/commtype_order_placed_*); this adds what they
need to say how to pay, and the QR as an inline picture (``cid:``) so that a buyer
who closed the payment page can still pay from the mail.

The mail is rendered and sent by the worker (``shop.checkout.tasks``) once the order
has committed, not in the buyer's request: its templates, the QR picture and the
reads they need cost the request that places the order as much again as the order.
"""

from email.mime.image import MIMEImage

from django.conf import settings
from django.utils import translation

from payments.selectors import order_payment_view
from shop.checkout.buyer_mail import ORDER_PLACED, order_mail_send
from shop.checkout.selectors import order_language, order_payment_url, order_status_url
from shop.qrcodes import qr_png


def vietqr_content_id(order) -> str:
    """The Content-ID of an order's QR picture in its e-mail."""
    return f"vietqr-{order.number}@cho-ocop"


def order_email_context(*, order) -> dict:
    """What the order e-mail shows besides the order: payment state and what to do,
    and absolute links on the site's own address (SITE_URL)."""
    payment = order_payment_view(order=order)
    start = payment.start
    return {
        "payment": payment,
        "payment_url": order_payment_url(order=order),
        "order_status_url": order_status_url(order=order),
        "qr_cid": vietqr_content_id(order) if start and start.qr_payload else "",
        "payment_expiry_hours": settings.PAYMENT_EXPIRY_HOURS,
    }


def order_email_attachments(*, order, context: dict) -> list:
    """The inline VietQR picture when the order is paid by transfer, else none."""
    if not context["qr_cid"]:
        return []
    image = MIMEImage(qr_png(context["payment"].start.qr_payload), _subtype="png")
    image.add_header("Content-ID", f"<{context['qr_cid']}>")
    image.add_header(
        "Content-Disposition", "inline", filename=f"vietqr-{order.number}.png"
    )
    return [image]


def order_placed_mail_send(*, order) -> bool:
    """Mail the buyer that ``order`` was received, with how to pay it, in the
    language it was placed in; recorded on the order and sent once. Whether sent.

    Said as the order stands when the mail is rendered: an order already paid by
    then is not asked to be paid again.
    """
    with translation.override(order_language(order=order)):
        context = order_email_context(order=order)
        return order_mail_send(
            order=order,
            code=ORDER_PLACED,
            once=True,
            attachments=order_email_attachments(order=order, context=context),
            **context,
        )
