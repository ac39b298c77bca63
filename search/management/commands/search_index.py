"""``manage.py search_index rebuild|update``: bring search data up to date.

``rebuild`` folds the search text of every product again and writes every search row
(the database backend; the rows on PostgreSQL only) and,
when ``ELASTICSEARCH_URL`` is set, fills a new Elasticsearch index and switches the
alias to it. ``update --since`` re-sends products changed recently, catching up after
Elasticsearch was away longer than the indexing task retries.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from search.services import (
    product_search_rows_refresh,
    product_search_rows_vacuum,
    product_search_text_refresh,
    search_counts_invalidate,
)

Product = get_model("catalogue", "Product")

CHUNK = 1000


class Command(BaseCommand):
    help = "Rebuild or update search data (folded text; Elasticsearch when set up)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rebuild", help="Everything again; search stays up meanwhile.")
        update = sub.add_parser("update", help="Products changed in the last hours.")
        update.add_argument(
            "--since",
            type=float,
            default=24,
            help="Hours back to look for changed products or stock (default 24).",
        )

    def handle(self, *args, action, **options):
        if action == "rebuild":
            self.rebuild()
        else:
            if options["since"] <= 0:
                raise CommandError("--since must be a positive number of hours.")
            self.update(options["since"])

    def progress(self, label):
        def report(done, total):
            self.stdout.write(f"\r{label}: {done:,}/{total:,}", ending="")
            self.stdout.flush()
            if done >= total:
                self.stdout.write("")

        return report

    def rebuild(self):
        ids = list(Product._default_manager.order_by("id").values_list("id", flat=True))
        report = self.progress("Folded search text")
        for start in range(0, len(ids), CHUNK):
            product_search_text_refresh(product_ids=ids[start : start + CHUNK])
            report(min(start + CHUNK, len(ids)), len(ids))
        if not ids:
            report(0, 0)
        # Every search row in one statement (PostgreSQL): rows of products that left
        # the catalogue without a signal go too.
        product_search_rows_refresh()
        product_search_rows_vacuum()
        search_counts_invalidate()
        if settings.ELASTICSEARCH_URL:
            from search.backends import elasticsearch

            try:
                name = elasticsearch.index_rebuild(
                    progress=self.progress("Elasticsearch")
                )
            except elasticsearch.UNAVAILABLE as exc:
                raise CommandError(
                    f"Elasticsearch at {settings.ELASTICSEARCH_URL} is not answering: "
                    f"{exc}. The old index (if any) is still in use."
                ) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"Alias {elasticsearch.alias()} now points at {name}."
                )
            )
        self.stdout.write(self.style.SUCCESS("Search data rebuilt."))

    def update(self, hours):
        since = timezone.now() - datetime.timedelta(hours=hours)
        ids = list(
            Product._default_manager.filter(
                Q(date_updated__gte=since) | Q(stockrecords__date_updated__gte=since)
            )
            .distinct()
            .values_list("id", flat=True)
        )
        product_search_text_refresh(product_ids=ids)
        product_search_rows_refresh(product_ids=ids)
        search_counts_invalidate()
        if settings.ELASTICSEARCH_URL:
            from search.backends import elasticsearch

            try:
                for start in range(0, len(ids), CHUNK):
                    elasticsearch.products_index(product_ids=ids[start : start + CHUNK])
            except elasticsearch.UNAVAILABLE as exc:
                raise CommandError(
                    f"Elasticsearch at {settings.ELASTICSEARCH_URL} is not answering: "
                    f"{exc}. Run this again when it is back."
                ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(ids)} products changed since {since:%Y-%m-%d %H:%M} updated."
            )
        )
