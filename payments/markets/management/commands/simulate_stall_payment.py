"""Pretend a buyer paid a market stall by bank transfer (demo and manual testing)."""

import json
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from payments.markets.models import Stall
from payments.markets.selectors import stall_day_total
from payments.simulation import (
    SimulationError,
    notification_applied_wait,
    notification_build,
    notification_deliver,
    notification_provider_pick,
)
from shop.money import dong


def _dong(amount: int) -> str:
    return dong(amount, language="vi")


def _stall_listing() -> str:
    stalls = Stall.objects.select_related("market").order_by("pk")[:20]
    return ", ".join(f"{s.pk} ({s.market.name}, quầy {s.number})" for s in stalls)


class Command(BaseCommand):
    help = (
        "Simulate a buyer paying a Chợ 4.0 stall: a correctly signed bank "
        "notification of a transfer to the stall vendor's account, from the first "
        "enabled provider, stored by the webhook's own code (or posted to --url) and "
        "applied by the Celery worker. The vendor's open feed page shows it within "
        "seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stall",
            required=True,
            help="The stall's id, as in its feed address /cho/quay/<id>/.",
        )
        parser.add_argument(
            "--amount", required=True, help="Đồng transferred, e.g. 35000."
        )
        parser.add_argument(
            "--memo", default="NGUYEN VAN AN chuyen tien", help="The transfer memo."
        )
        parser.add_argument("--provider", help="payos, casso or sepay.")
        parser.add_argument(
            "--url", help="Post to a running site instead, e.g. http://127.0.0.1:8000"
        )

    def handle(self, *args, stall, amount, memo, provider, url, **options):
        try:
            amount = int(str(amount).replace(".", "").replace(",", ""))
        except ValueError:
            raise CommandError(
                f"--amount must be a whole number of đồng, got {amount!r}."
            ) from None
        if amount <= 0:
            raise CommandError(f"--amount must be positive, got {amount}.")
        if not str(stall).isdigit():
            raise CommandError(f"--stall must be a stall id (a number), got {stall!r}.")
        target = (
            Stall.objects.select_related("market", "vendor").filter(pk=stall).first()
        )
        if target is None:
            listing = _stall_listing()
            raise CommandError(
                f"No stall with id {stall}. "
                + (f"Stalls: {listing}." if listing else "Load the demo first.")
            )
        vendor = target.vendor
        if vendor is None or not vendor.bank_account_number:
            raise CommandError(
                f"Stall {target.pk} ({target}) has no vendor with a bank account yet: "
                "give it one on the market board."
            )
        try:
            provider = notification_provider_pick(provider)
            transaction_id = uuid.uuid4().hex[:12].upper()
            body, headers = notification_build(
                provider=provider,
                account_number=vendor.bank_account_number,
                amount=amount,
                memo=memo,
                transaction_id=transaction_id,
            )
            status, answer = notification_deliver(
                provider=provider, body=body, headers=headers, url=url
            )
        except SimulationError as error:
            raise CommandError(str(error)) from error
        if status >= 300:
            raise CommandError(
                f"{provider} delivery refused: {status} {json.dumps(answer)}"
            )
        # Stored and answered; the worker applies it a moment later.
        applied = notification_applied_wait(
            provider=provider, transaction_id=transaction_id
        )
        total = stall_day_total(stall=target, day=timezone.localdate())
        self.stdout.write(
            f"{provider} answered {status} {json.dumps(answer)}; stall {target.pk} "
            f"({target.market.name}, quầy {target.number}, {vendor.name}) received "
            f"{_dong(amount)}; today's total {_dong(total)}"
            + ("." if applied else " (the Celery worker adds it once running).")
        )
