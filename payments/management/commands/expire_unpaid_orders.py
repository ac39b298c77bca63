"""Cancel orders left unpaid too long (run from cron; safe to overlap)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from payments.services import orders_expire


class Command(BaseCommand):
    help = (
        "Cancel VietQR and card orders unpaid after PAYMENT_EXPIRY_HOURS, release "
        "their stock and email the buyers."
    )

    def handle(self, *args, **options):
        numbers = orders_expire()
        self.stdout.write(
            f"Cancelled {len(numbers)} order(s) unpaid after "
            f"{settings.PAYMENT_EXPIRY_HOURS} h: {', '.join(numbers) or '-'}"
        )
