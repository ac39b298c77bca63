"""Background work of the search app: keeping the Elasticsearch index in step."""

from celery import shared_task

#: Waits between attempts grow 5 s, 10 s, 20 s… up to 10 minutes: about 2.5 hours
#: of retries in all before ``manage.py search_index update`` has to catch up.
MAX_RETRIES = 20


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def search_index_products(self, product_ids: list[int]) -> int:
    """Index (or remove) the products with ``product_ids``, in one bulk request.

    Retried while Elasticsearch is away, so a brief outage loses no update.
    """
    from search.backends import elasticsearch

    try:
        return elasticsearch.products_index(product_ids=product_ids)
    except elasticsearch.UNAVAILABLE as exc:
        countdown = min(600, 5 * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc
