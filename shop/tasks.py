"""Background tasks of the project shell: e-mail and Oscar's stock alerts.

Tasks that talk to another machine retry with exponential backoff; after the last
retry the failure stays in the task results (Django admin, "Celery results").
"""

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from oscar.core.loading import get_class

from shop.mail import email_from_data

# Errors worth trying again later: the mail server is down, slow or refusing for now.
NETWORK_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)


@shared_task(
    ignore_result=True,  # one per mail; failures are still kept (settings)
    autoretry_for=NETWORK_ERRORS,
    retry_backoff=30,  # 30 s, 60 s, 120 s … between tries
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def email_send(message: dict) -> int:
    """Send one message (as built by ``shop.mail.email_to_data``) for real."""
    connection = get_connection(backend=settings.CELERY_EMAIL_BACKEND)
    return connection.send_messages([email_from_data(data=message)])


@shared_task
def product_alerts_send() -> None:
    """Tell customers who asked that a product is back in stock (Oscar's alerts)."""
    AlertsDispatcher = get_class("customer.alerts.utils", "AlertsDispatcher")
    AlertsDispatcher().send_alerts()
