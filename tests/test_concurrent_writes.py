"""Everyday writes at the same moment never end in an error page (issue 15).

Twenty buyers add to their baskets at once; a seller's twenty dashboard saves land at
once. Each is a thread with its own client and database connection, released together.
On the demo's SQLite this is what gave "database is locked" 500s; on PostgreSQL it
proves the same.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django_webtest import DjangoTestApp
from oscar.apps.catalogue.abstract_models import MissingProductImage
from oscar.core.loading import get_model

from tests.sellers.helpers import product_of, seller_with_login

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = 20


def all_at_once(count, prepare, act):
    """``prepare(i)`` in each of ``count`` threads, then ``act(prepared)`` in all of
    them released together; the results in order."""
    barrier = threading.Barrier(count, timeout=120)
    results = [None] * count

    def target(index):
        try:
            try:
                prepared = prepare(index)
            except BaseException:
                barrier.abort()
                raise
            barrier.wait()
            results[index] = act(prepared)
        except BaseException as error:  # shown in the assertion, not lost
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_buyers_add_to_their_baskets_at_once():
    seller, _user = seller_with_login(name="HTX Chè Bản Liền", email="che@example.com")
    tea = product_of(seller, title="Chè Shan hữu cơ", price=150000, sku="CHE-1")
    url = reverse("basket:add", kwargs={"pk": tea.pk})
    MissingProductImage()  # linked once, not raced for (see test_overselling)

    def prepare(_index):
        client = Client()
        client.get(reverse("basket:summary"))  # a visitor with a session cookie
        return client

    def add(client):
        response = client.post(url, {"quantity": 1})
        summary = client.get(reverse("basket:summary"))
        return response.status_code, tea.title in summary.text

    results = all_at_once(COUNT, prepare, add)

    assert results == [(302, True)] * COUNT
    assert Basket.objects.filter(lines__product=tea).count() == COUNT


def test_a_sellers_twenty_dashboard_saves_at_once_all_succeed(django_app):
    seller, user = seller_with_login(name="HTX Chè Bản Liền", email="che@example.com")
    products = [
        product_of(seller, title=f"Chè Shan số {i}", price=150000, sku=f"CHE-{i}")
        for i in range(COUNT)
    ]

    def prepare(index):
        app = DjangoTestApp(extra_environ=django_app.extra_environ)
        page = app.get(
            reverse("dashboard:seller-product-edit", kwargs={"pk": products[index].pk}),
            user=user,
        )
        form = page.forms["seller-product-form"]
        form["title"] = f"Chè Shan tuyết số {index}"
        return form

    def save(form):
        return form.submit("action", value="draft", user=user).status_code

    results = all_at_once(COUNT, prepare, save)

    assert results == [302] * COUNT
    titles = set(Product.objects.values_list("title", flat=True))
    assert titles == {f"Chè Shan tuyết số {i}" for i in range(COUNT)}
