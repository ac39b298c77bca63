"""Process stored bank notifications again (those whose processing failed)."""

from django.core.management.base import BaseCommand, CommandError

from payments.models import BankNotification
from payments.notification_processing import bank_notifications_retry


class Command(BaseCommand):
    help = (
        "Process bank notifications left 'received' or 'failed': those due for "
        "another try, or all of them with --all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Do not wait for each one's next try (e.g. after fixing a fault).",
        )

    def handle(self, *args, **options):
        results = bank_notifications_retry(everything=options["all"])
        failed = [
            n for n in results if n is None or n.status in BankNotification.UNPROCESSED
        ]
        self.stdout.write(f"Processed {len(results)}; {len(failed)} still failing.")
        if failed:
            raise CommandError(f"{len(failed)} notifications still fail.")
