"""Pretend the bank reported a transfer for an order (demo and manual testing)."""

import json
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_model

from payments import methods
from payments.simulation import (
    SimulationError,
    notification_applied_wait,
    notification_build,
    notification_deliver,
    notification_provider_pick,
)


class Command(BaseCommand):
    help = (
        "Simulate a bank notification for ORDER_NUMBER: a correctly signed delivery "
        "from the first enabled provider, stored by the webhook's own code (or "
        "posted to --url) and applied by the Celery worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("order_number")
        parser.add_argument(
            "--amount", type=int, help="Đồng transferred (default: the order total)."
        )
        parser.add_argument("--provider", help="payos, casso or sepay.")
        parser.add_argument(
            "--url", help="Post to a running site instead, e.g. http://127.0.0.1:8000"
        )

    def handle(self, *args, order_number, amount, provider, url, **options):
        Order = get_model("order", "Order")
        order = Order._default_manager.filter(number=order_number).first()
        if order is None:
            raise CommandError(f"No order {order_number!r}.")
        try:
            provider = notification_provider_pick(provider)
        except SimulationError as error:
            raise CommandError(str(error)) from error
        transaction_id = uuid.uuid4().hex[:12].upper()
        body, headers = notification_build(
            provider=provider,
            account_number=settings.VIETQR_ACCOUNT_NUMBER,
            amount=amount if amount is not None else methods.order_amount(order),
            memo=f"MBVCB.3278907687.{methods.order_code(order.number)}.CT tu khach",
            transaction_id=transaction_id,
        )
        status, answer = notification_deliver(
            provider=provider, body=body, headers=headers, url=url
        )
        # Stored and answered; the worker applies it a moment later.
        applied = status < 300 and notification_applied_wait(
            provider=provider, transaction_id=transaction_id
        )
        order.refresh_from_db()
        waiting = (
            " (not applied yet: the Celery worker applies it once running)"
            if status < 300 and not applied
            else ""
        )
        self.stdout.write(
            f"{provider} answered {status} {json.dumps(answer)}; order "
            f"{order.number} is now {order.status!r}{waiting}."
        )
