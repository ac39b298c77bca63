"""Process stored bank notifications again (those whose processing failed)."""

from django.core.management.base import BaseCommand

from payments.models import BankNotification
from payments.services import bank_notification_process


class Command(BaseCommand):
    help = "Process bank notifications left 'received' or 'failed'."

    def handle(self, *args, **options):
        pending = BankNotification.objects.filter(
            status__in=(
                BankNotification.Status.RECEIVED,
                BankNotification.Status.FAILED,
            )
        ).values_list("pk", flat=True)
        results = [bank_notification_process(notification_id=pk) for pk in pending]
        failed = [n for n in results if n.status == BankNotification.Status.FAILED]
        self.stdout.write(f"Processed {len(results)}; {len(failed)} still failing.")
        if failed:
            raise SystemExit(1)
