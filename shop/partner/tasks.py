"""Emails to sellers, sent by a worker after the request's transaction commits."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from oscar.core.loading import get_model

from shop.partner.selectors import order_lines_by_seller

Partner = get_model("partner", "Partner")
Order = get_model("order", "Order")


@shared_task
def seller_invite_send(*, user_id: int, partner_id: int, site_url: str) -> None:
    """Email a seller's new user the link to choose a password."""
    user = get_user_model()._default_manager.get(pk=user_id)
    partner = Partner._default_manager.get(pk=partner_id)
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "partner": partner,
        "set_password_url": site_url.rstrip("/") + path,
        "dashboard_url": site_url.rstrip("/") + reverse("dashboard:index"),
        "shop_name": settings.OSCAR_SHOP_NAME,
    }
    send_mail(
        render_to_string("partner/emails/invite_subject.txt", context).strip(),
        render_to_string("partner/emails/invite_body.txt", context),
        settings.OSCAR_FROM_EMAIL,
        [user.email],
    )


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
        context = {
            "order": order,
            "part": part,
            "shipping_address": order.shipping_address,
            "shop_name": settings.OSCAR_SHOP_NAME,
        }
        send_mail(
            render_to_string(
                "partner/emails/seller_order_subject.txt", context
            ).strip(),
            render_to_string("partner/emails/seller_order_body.txt", context),
            settings.OSCAR_FROM_EMAIL,
            recipients,
        )
        sent += 1
    return sent


@shared_task
def ocop_rating_reminders_send() -> int:
    """Email each seller (in Vietnamese) the OCOP ratings of its products ending in
    the next 90 days, so it can ask for re-rating in time; returns emails sent.

    Scheduled weekly (``CELERY_BEAT_SCHEDULE``): a rating stays on the list, and in
    the mail, until it is renewed or has ended.
    """
    from django.utils import translation

    from shop.dashboard.selectors import EXPIRY_NOTICE_DAYS, seller_expiring_ratings

    sent = 0
    with translation.override("vi"):
        for seller in Partner._default_manager.filter(is_suspended=False):
            products = list(seller_expiring_ratings(seller=seller))
            recipients = [u.email for u in seller.users.filter(is_active=True)]
            if not products or not recipients:
                continue
            context = {
                "seller": seller,
                "products": products,
                "days": EXPIRY_NOTICE_DAYS,
                "dashboard_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("dashboard:index"),
                "shop_name": settings.OSCAR_SHOP_NAME,
            }
            send_mail(
                render_to_string(
                    "partner/emails/ocop_expiry_subject.txt", context
                ).strip(),
                render_to_string("partner/emails/ocop_expiry_body.txt", context),
                settings.OSCAR_FROM_EMAIL,
                recipients,
            )
            sent += 1
    return sent
