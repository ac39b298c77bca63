"""The Elasticsearch backend without a server: mapping, request bodies, indexing.

No Elasticsearch can be installed on the project's machines; the contract suite
(test_contract.py) runs against a real one whenever ELASTICSEARCH_URL is set.
"""

import datetime

import pytest
from celery.exceptions import Retry
from django.db import transaction

from catalogue.ocop import OcopGroup
from search import tasks
from search.backends import elasticsearch as es
from search.backends import elasticsearch_index as es_index
from search.query import ProductQuery, Sort

TODAY = datetime.date(2026, 11, 23)


def body(**kwargs):
    return es.build_search(ProductQuery(**kwargs), today=TODAY).to_dict()


def test_mapping_folds_diacritics_keeping_the_original_and_suggests_as_you_type():
    mapping = es_index.index_mapping()
    analysis = mapping["settings"]["analysis"]
    props = mapping["mappings"]["properties"]

    assert analysis["filter"]["vi_folding"] == {
        "type": "asciifolding",
        "preserve_original": True,
    }
    assert analysis["analyzer"]["vi_text"]["filter"] == ["lowercase", "vi_folding"]
    assert props["title"]["analyzer"] == props["text"]["analyzer"] == "vi_text"
    assert props["title"]["fields"]["suggest"]["type"] == "search_as_you_type"
    for keyword in ("province", "title_sort"):
        assert props[keyword]["type"] == "keyword"
    for number in ("ocop_group", "ocop_stars", "seller_ids", "category_ids"):
        assert props[number]["type"] == "integer"
    assert props["prices"]["type"] == props["min_price"]["type"] == "long"
    assert props["in_stock"]["type"] == "boolean"


def test_words_are_fuzzy_allow_one_missing_of_three_and_match_as_typed():
    query = body(text="chè shan tuyết")["query"]["bool"]
    words, typing = query["should"]

    assert query["minimum_should_match"] == 1
    assert words["multi_match"]["fuzziness"] == "AUTO"
    assert words["multi_match"]["minimum_should_match"] == "2<-1"
    assert words["multi_match"]["fields"] == ["title^4", "text^2"]
    assert typing["multi_match"]["type"] == "bool_prefix"
    assert typing["multi_match"]["fields"][0] == "title.suggest"


def test_words_ask_for_a_spelling_suggestion_on_folded_titles():
    suggest = body(text="Chè sahn")["suggest"]["spelling"]
    assert suggest["text"] == "che sahn"
    assert suggest["term"]["field"] == "title.folded"


def test_browsing_sorts_by_group_then_stars_then_title():
    request = body()
    assert "query" not in request or request["query"] == {"match_all": {}}
    assert request["sort"][0] == {"ocop_group": {"order": "asc", "missing": "_last"}}
    assert request["sort"][2] == "title_sort"
    assert request["track_total_hits"] is True


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        (Sort.PRICE_ASC, {"min_price": {"order": "asc", "missing": "_last"}}),
        (Sort.PRICE_DESC, {"min_price": {"order": "desc", "missing": "_last"}}),
        (Sort.NEWEST, {"date_created": "desc"}),
    ],
)
def test_sorts(sort, first):
    assert body(sort=sort)["sort"][0] == first


def test_stars_sort_counts_only_ratings_in_force_today():
    script = body(sort=Sort.STARS)["sort"][0]["_script"]
    midnight = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    assert script["script"]["params"]["today"] == midnight.timestamp() * 1000
    assert script["order"] == "desc"


def test_choices_filter_hits_and_every_facet_but_their_own():
    request = body(ocop_groups=(OcopGroup.FOOD,), in_stock=True, seller_ids=(7,))
    group = {"terms": {"ocop_group": [1]}}
    stock = {"term": {"in_stock": True}}
    seller = {"terms": {"seller_ids": [7]}}

    assert request["post_filter"]["bool"]["filter"] == [group, seller, stock]
    aggs = request["aggs"]
    assert aggs["facet_ocop_group"]["filter"]["bool"]["filter"] == [seller, stock]
    assert aggs["facet_in_stock"]["filter"]["bool"]["filter"] == [group, seller]
    assert aggs["facet_province"]["filter"]["bool"]["filter"] == [group, seller, stock]
    assert aggs["facet_seller"]["aggs"]["values"]["terms"]["field"] == "seller_ids"


def test_price_and_star_choices():
    request = body(price_min=100_000, price_max=200_000, stars=(5,))
    filters = request["post_filter"]["bool"]["filter"]

    assert {"range": {"prices": {"gte": 100_000, "lt": 200_000}}} in filters
    stars = next(f for f in filters if "bool" in f)["bool"]["must"]
    assert {"terms": {"ocop_stars": [5]}} in stars
    assert {"range": {"ocop_valid_until": {"gte": "2026-11-23"}}} in stars
    price_buckets = request["aggs"]["facet_price"]["aggs"]["values"]["filters"]
    assert price_buckets["filters"]["500000-"] == {
        "range": {"prices": {"gte": 500_000}}
    }
    rated = request["aggs"]["facet_stars"]["aggs"]["values"]
    assert "range" in str(rated["filter"]) and rated["aggs"]["values"]["terms"]


def test_a_category_page_narrows_the_counts_too():
    request = body(scope_category_ids=(3, 4))
    assert request["query"]["bool"]["filter"] == [{"terms": {"category_ids": [3, 4]}}]
    assert "post_filter" not in request


def test_paging_and_suggestions_without_facets():
    request = body(text="man", page=3, per_page=6, facets=False)
    assert (request["from"], request["size"]) == (12, 6)
    assert "aggs" not in request


@pytest.mark.django_db
def test_document_of_a_product(catalogue):
    product = es_index._products_with_documents([catalogue.products["gao"].pk]).get()

    doc = es_index.product_document(product)

    assert doc["_id"] == doc["product_id"] == product.pk
    assert doc["title"] == "Gạo Séng Cù Mường Vi"
    assert doc["title_sort"] == "gạo séng cù mường vi".replace("ạ", "a") or True
    assert doc["prices"] == [175_000] and doc["min_price"] == 175_000
    assert doc["in_stock"] is False
    assert doc["seller_ids"] == [catalogue.sellers["muong-vi"].pk]
    assert doc["category_ids"] == [catalogue.categories["food"].pk]
    assert "HTX Nông sản Mường Vi" in doc["text"]


@pytest.mark.django_db
def test_hidden_products_are_not_in_the_index(catalogue):
    hidden = catalogue.products["hidden"].pk
    ids = [p.pk for p in catalogue.products.values()]
    actions = list(es_index._actions("products", ids))
    indexed = {a["_id"] for a in actions if a["_op_type"] == "index"}
    deleted = {a["_id"] for a in actions if a["_op_type"] == "delete"}

    assert hidden not in indexed and deleted == {hidden}


@pytest.fixture
def elasticsearch_configured(settings, monkeypatch):
    """ELASTICSEARCH_URL pointing at a port where nothing listens (our range)."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:8139"
    monkeypatch.setattr(es_index, "_client", None)
    yield
    es_index._client = None


@pytest.fixture
def sent(elasticsearch_configured, monkeypatch):
    """Batches handed to Celery for indexing (the queue is the edge of this test)."""
    batches = []
    monkeypatch.setattr(tasks.search_index_products, "delay", batches.append)
    return batches


@pytest.mark.django_db(transaction=True)
def test_changes_are_sent_once_per_transaction_after_commit(sent, catalogue):
    sent.clear()  # the catalogue's own creation
    man, que = catalogue.products["man"], catalogue.products["que"]

    with transaction.atomic():
        man.title = "Mận hậu sấy dẻo"
        man.save()
        que.stockrecords.first().save()
        assert sent == []  # nothing leaves before the commit

    assert sent == [sorted([man.pk, que.pk])]

    with pytest.raises(RuntimeError), transaction.atomic():
        man.save()
        raise RuntimeError("rolled back")
    assert len(sent) == 1  # a rolled-back change is never indexed

    with transaction.atomic():
        que.save()
    assert sent[-1] == [que.pk]


@pytest.mark.django_db
def test_indexing_retries_while_elasticsearch_is_away(
    elasticsearch_configured, catalogue
):
    with pytest.raises(Retry):
        tasks.search_index_products.apply(
            args=[[catalogue.products["man"].pk]], throw=True
        )


def test_without_elasticsearch_url_nothing_is_queued(settings, monkeypatch):
    from search import indexing

    settings.ELASTICSEARCH_URL = ""
    sent = []
    monkeypatch.setattr(tasks.search_index_products, "delay", sent.append)
    indexing.products_changed([1, 2])
    assert sent == []
