"""The Elasticsearch backend's index: its documents, mapping, filling and rebuild.

Searches always go to an alias (``ELASTICSEARCH_INDEX``); ``index_rebuild`` fills a
new index and switches the alias, so search stays up during a rebuild. The index
folds Vietnamese diacritics (``asciifolding`` keeping the original too, so "mận"
scores above "man" for a buyer who typed the marks) and suggests as you type from a
``search_as_you_type`` title. Queries are in ``search.backends.elasticsearch``.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import ConnectionTimeout, Elasticsearch, helpers
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)
from oscar.core.loading import get_model

from search.selectors import browsable_products
from search.text import fold

StockRecord = get_model("partner", "StockRecord")

#: Errors that mean "Elasticsearch is away for now": the indexing task retries.
UNAVAILABLE = (ESConnectionError, ConnectionTimeout)

BULK_CHUNK = 500

vi_folding = token_filter("vi_folding", "asciifolding", preserve_original=True)
#: Words with and without diacritics, so both "mận" and "man" find "Mận".
vi_text = analyzer("vi_text", tokenizer="standard", filter=["lowercase", vi_folding])
#: Words without diacritics only, for suggestions and spelling.
vi_folded = analyzer(
    "vi_folded", tokenizer="standard", filter=["lowercase", "asciifolding"]
)


class ProductDocument(Document):
    """One browsable product as the index holds it."""

    title = Text(
        analyzer=vi_text,
        fields={
            "suggest": SearchAsYouType(analyzer=vi_folded),
            "folded": Text(analyzer=vi_folded),
        },
    )
    title_sort = Keyword()
    text = Text(analyzer=vi_text)
    ocop_group = Integer()
    ocop_stars = Integer()
    ocop_decision_date = Date()
    ocop_valid_until = Date()
    province = Keyword()
    seller_ids = Integer()
    category_ids = Integer()
    prices = Long()
    min_price = Long()
    in_stock = Boolean()
    date_created = Date()
    # Sorting by _id needs fielddata Elasticsearch 8 refuses: ties break on this.
    product_id = Integer()

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


_client = None


def client() -> Elasticsearch:
    """The client for ``ELASTICSEARCH_URL``, made once per process."""
    global _client
    if _client is None:
        _client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)
    return _client


def alias() -> str:
    return settings.ELASTICSEARCH_INDEX


def index_mapping() -> dict:
    """Settings and mappings of a new product index (what ``rebuild`` creates)."""
    index = ProductDocument._index.clone(name=alias())
    return index.to_dict()


# --- documents -----------------------------------------------------------------


def product_document(product) -> dict:
    """The index document of ``product``; reads prefetched categories and stock."""
    records = list(product.stockrecords.all())
    prices = [int(r.price) for r in records if r.price is not None]
    return {
        "_id": product.pk,
        "product_id": product.pk,
        "title": product.title,
        "title_sort": fold(product.title),
        "text": " ".join(
            [
                " ".join(f"{c.name} {c.name_en}" for c in product.categories.all()),
                " ".join(r.partner.name for r in records),
                product.origin_commune,
                product.origin_province,
                product.standards,
                strip_tags(product.description or ""),
            ]
        ),
        "ocop_group": product.ocop_group,
        "ocop_stars": product.ocop_stars,
        "ocop_decision_date": product.ocop_decision_date,
        "ocop_valid_until": product.ocop_valid_until,
        "province": product.origin_province or None,
        "seller_ids": sorted({r.partner_id for r in records}),
        "category_ids": sorted(c.pk for c in product.categories.all()),
        "prices": prices,
        "min_price": min(prices) if prices else None,
        "in_stock": any(
            r.num_in_stock - (r.num_allocated or 0) > 0
            for r in records
            if r.num_in_stock is not None
        ),
        "date_created": product.date_created,
    }


def _products_with_documents(ids=None):
    products = browsable_products().prefetch_related(
        "categories",
        Prefetch(
            "stockrecords",
            queryset=StockRecord._default_manager.select_related("partner"),
        ),
    )
    if ids is not None:
        products = products.filter(id__in=ids)
    return products.order_by("id")


def _actions(index: str, product_ids: list[int] | None) -> Iterable[dict]:
    seen = set()
    for product in _products_with_documents(product_ids).iterator(
        chunk_size=BULK_CHUNK
    ):
        seen.add(product.pk)
        yield {"_op_type": "index", "_index": index, **product_document(product)}
    # Asked for but no longer browsable (hidden, deleted, suspended): take it out.
    for pk in set(product_ids or ()) - seen:
        yield {"_op_type": "delete", "_index": index, "_id": pk}


def products_index(*, product_ids: list[int]) -> int:
    """Index the products with ``product_ids`` now, removing any not on sale."""
    ok, _errors = helpers.bulk(
        client(),
        _actions(alias(), list(product_ids)),
        chunk_size=BULK_CHUNK,
        raise_on_error=False,  # a delete of a never-indexed product is not an error
    )
    return ok


def index_rebuild(
    *, refresh: bool = False, progress: Callable[[int, int], None] | None = None
) -> str:
    """Fill a new index with every browsable product, then point the alias at it.

    Streams products in chunks, so memory stays flat as the catalogue grows;
    ``progress(done, total)`` is called after each chunk. Returns the new index name.
    """
    es = client()
    name = f"{alias()}-{timezone.now():%Y%m%d%H%M%S%f}"
    ProductDocument._index.clone(name=name).create(using=es)
    total = _products_with_documents().count()
    done = 0
    for ok, _item in helpers.streaming_bulk(
        es, _actions(name, None), chunk_size=BULK_CHUNK
    ):
        done += ok
        if progress and (done % BULK_CHUNK == 0 or done == total):
            progress(done, total)
    es.indices.refresh(index=name)
    old = list(es.indices.get_alias(name=alias(), ignore_unavailable=True) or {})
    actions = [{"add": {"index": name, "alias": alias()}}]
    actions += [{"remove": {"index": index, "alias": alias()}} for index in old]
    es.indices.update_aliases(actions=actions)
    for index in old:
        es.indices.delete(index=index, ignore_unavailable=True)
    if refresh:
        index_refresh()
    return name


def index_refresh() -> None:
    """Make everything indexed so far searchable (tests; rebuilds)."""
    client().indices.refresh(index=alias())
