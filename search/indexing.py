"""Changes waiting for the Elasticsearch index, sent once per transaction.

Signal handlers add product ids here; after the transaction commits they go to a
Celery task in one batch, so the request that changed a product never waits for
Elasticsearch, and a rolled-back change is never indexed. Without
``ELASTICSEARCH_URL`` nothing is queued.
"""

from django.conf import settings
from django.db import transaction


class _Batch:
    def __init__(self):
        self.ids = set()

    def flush(self):
        from search.tasks import search_index_products

        if self.ids:
            search_index_products.delay(sorted(self.ids))


def products_changed(product_ids) -> None:
    """Queue ``product_ids`` for (re)indexing after the current transaction commits."""
    if not settings.ELASTICSEARCH_URL:
        return
    ids = {pk for pk in product_ids if pk}
    if not ids:
        return
    connection = transaction.get_connection()
    batch = getattr(connection, "_search_batch", None)
    # A batch whose flush is no longer waiting (committed, or dropped by a rollback)
    # is finished: start a new one.
    waiting = batch is not None and any(
        func == batch.flush for _savepoints, func, _robust in connection.run_on_commit
    )
    if not waiting:
        batch = connection._search_batch = _Batch()
        batch.ids.update(ids)
        transaction.on_commit(batch.flush)
    else:
        batch.ids.update(ids)
