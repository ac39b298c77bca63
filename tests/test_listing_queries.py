"""A listing costs the same number of SQL queries for 2 products as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _queries(client, path):
    client.get(path)  # caches warm (site, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_catalogue_queries_do_not_grow_with_the_products_shown(client):
    ProductFactory.create_batch(2)
    with_two = _queries(client, reverse("catalogue:index"))
    ProductFactory.create_batch(8)
    with_ten = _queries(client, reverse("catalogue:index"))
    assert with_ten == with_two
