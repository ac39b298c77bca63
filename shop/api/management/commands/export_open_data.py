"""``manage.py export_open_data``: rebuild the open datasets now."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from shop.api.services import open_data_export


class Command(BaseCommand):
    help = (
        "Write the OCOP catalogue as open-data/ocop-products.csv and .json in the "
        "default storage (served at /open-data/ocop-products.csv and .json)."
    )

    def handle(self, *args, **options):
        try:
            export = open_data_export()
        except (DatabaseError, OSError) as exc:
            raise CommandError(f"Could not write the open datasets: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {export.product_count} products at {export.generated_at}:"
            )
        )
        for name in export.names:
            self.stdout.write(f"  {name}")
