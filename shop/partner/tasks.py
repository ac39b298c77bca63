"""Emails to sellers, sent by a worker after the request's transaction commits.

Each is a text and an HTML part (templates/partner/emails/<name>_{subject.txt,
body.txt,body.html}) in Vietnamese, the sellers' language: the mail does not follow
the language of the buyer or operator whose action sent it.
"""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from oscar.core.loading import get_model

from shop.partner.selectors import order_lines_by_seller
from shop.site import site_url

Partner = get_model("partner", "Partner")
Order = get_model("order", "Order")

#: The sellers' language.
SELLER_LANGUAGE = "vi"


def _seller_mail_send(*, name: str, context: dict, recipients: list[str]) -> None:
    """Render ``partner/emails/<name>_*`` in the sellers' language and send it."""
    with translation.override(SELLER_LANGUAGE):
        context = {"shop_name": settings.OSCAR_SHOP_NAME, **context}
        subject = render_to_string(f"partner/emails/{name}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"partner/emails/{name}_body.txt", context),
            from_email=settings.OSCAR_FROM_EMAIL,
            to=recipients,
        )
        message.attach_alternative(
            render_to_string(f"partner/emails/{name}_body.html", context), "text/html"
        )
    message.send()


@shared_task
def seller_invite_send(*, user_id: int, partner_id: int, site_url: str) -> None:
    """Email a seller's new user the link to choose a password."""
    user = get_user_model()._default_manager.get(pk=user_id)
    partner = Partner._default_manager.get(pk=partner_id)
    with translation.override(SELLER_LANGUAGE):
        path = reverse(
            "password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        dashboard_path = reverse("dashboard:index")
    context = {
        "user": user,
        "partner": partner,
        "set_password_url": site_url.rstrip("/") + path,
        "dashboard_url": site_url.rstrip("/") + dashboard_path,
    }
    _seller_mail_send(name="invite", context=context, recipients=[user.email])


@shared_task
def seller_order_notify(*, order_id: int) -> int:
    """Email each seller of an order its own lines only; returns emails sent."""
    order = Order._default_manager.select_related("shipping_address").get(pk=order_id)
    sent = 0
    for part in order_lines_by_seller(order=order):
        if part.seller is None:
            continue
        recipients = [u.email for u in part.seller.users.filter(is_active=True)]
        if not recipients:
            continue
        with translation.override(SELLER_LANGUAGE):
            order_url = site_url(
                reverse("dashboard:order-detail", kwargs={"number": order.number})
            )
        context = {
            "order": order,
            "part": part,
            "shipping_address": order.shipping_address,
            "order_url": order_url,
        }
        _seller_mail_send(name="seller_order", context=context, recipients=recipients)
        sent += 1
    return sent


@shared_task
def ocop_rating_reminders_send() -> int:
    """Email each seller (in Vietnamese) the OCOP ratings of its products ending in
    the next 90 days, so it can ask for re-rating in time; returns emails sent.

    Scheduled weekly (``CELERY_BEAT_SCHEDULE``): a rating stays on the list, and in
    the mail, until it is renewed or has ended.
    """
    from shop.dashboard.selectors import EXPIRY_NOTICE_DAYS, seller_expiring_ratings

    sent = 0
    with translation.override(SELLER_LANGUAGE):
        dashboard_url = site_url(reverse("dashboard:index"))
    for seller in Partner._default_manager.filter(is_suspended=False):
        products = list(seller_expiring_ratings(seller=seller))
        recipients = [u.email for u in seller.users.filter(is_active=True)]
        if not products or not recipients:
            continue
        context = {
            "seller": seller,
            "products": products,
            "days": EXPIRY_NOTICE_DAYS,
            "dashboard_url": dashboard_url,
        }
        _seller_mail_send(name="ocop_expiry", context=context, recipients=recipients)
        sent += 1
    return sent
