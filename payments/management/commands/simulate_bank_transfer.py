"""Pretend the bank reported a transfer for an order (demo and manual testing)."""

import json
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_model

from payments import methods, registry, services
from payments.simulation import notification_build


class Command(BaseCommand):
    help = (
        "Simulate a bank notification for ORDER_NUMBER: a correctly signed delivery "
        "from the first enabled provider, processed by the webhook's own code (or "
        "posted to --url)."
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
        enabled = list(registry.enabled_notification_providers())
        provider = provider or (enabled[0] if enabled else None)
        if provider not in enabled:
            raise CommandError(
                f"Bank notifications from {provider!r} are not switched on; "
                f"BANK_NOTIFICATION_PROVIDERS is {enabled}."
            )
        body, headers = notification_build(
            provider=provider,
            account_number=settings.VIETQR_ACCOUNT_NUMBER,
            amount=amount if amount is not None else methods.order_amount(order),
            memo=f"MBVCB.3278907687.{methods.order_code(order.number)}.CT tu khach",
        )
        if url:
            request = urllib.request.Request(
                f"{url.rstrip('/')}/payments/webhooks/bank/{provider}/",
                data=body,
                headers=headers,
                method="POST",
            )
            with urllib.request.urlopen(request) as response:  # noqa: S310
                status, answer = response.status, json.load(response)
        else:
            result = services.bank_notification_receive(
                provider_code=provider, body=body, headers=headers
            )
            status, answer = result.status, result.body
        order.refresh_from_db()
        self.stdout.write(
            f"{provider} answered {status} {json.dumps(answer)}; order "
            f"{order.number} is now {order.status!r}."
        )
