"""Background rebuilds of the open datasets (hourly via Celery beat, or on demand)."""

from celery import shared_task

from shop.api.services import open_data_export


@shared_task
def open_data_export_task() -> dict:
    """Rebuild the CSV and JSON datasets; returns what was written."""
    export = open_data_export()
    return {"generated_at": export.generated_at, "products": export.product_count}
