"""Background work of the search app: keeping the Elasticsearch index in step."""

from celery import shared_task


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=20,
    acks_late=True,
)
def search_index_products(self, product_ids: list[int]) -> int:
    """Index (or remove) the products with ``product_ids``, in one bulk request.

    Retried with growing waits while Elasticsearch is away (about an hour and a half
    in all); ``manage.py search_index update --since`` catches up after longer outages.
    """
    from search.backends import elasticsearch

    try:
        return elasticsearch.products_index(product_ids=product_ids)
    except elasticsearch.UNAVAILABLE as exc:
        raise self.retry(exc=exc) from exc
