"""Degrade, don't die: Redis or the database away, down or silent (issue 15).

Each service is pointed at a closed port (refused at once) and at a listener that
accepts connections and never answers (the worse case: every call waits for a timeout).
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from shop.cache_client import redis_cache
from tests.factories import ProductFactory, UserFactory
from tests.servers import free_port, release_port
from tests.test_overselling import guest_checkout_open, last_ten_units

Order = get_model("order", "Order")
__all__ = ["last_ten_units"]  # a fixture used here

ROOT = Path(__file__).resolve().parent.parent
LOGIN = reverse("customer:login")


class BlackHole:
    """A TCP listener that accepts every connection and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self._held = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self._held.append(conn)  # kept open, never answered

    def close(self):
        self.sock.close()
        for conn in self._held:
            conn.close()


def _closed_port() -> int:
    """A port where nothing listens (connections are refused)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["closed-port", "black-hole"])
def dead_port(request):
    if request.param == "closed-port":
        yield _closed_port()
        return
    hole = BlackHole()
    yield hole.port
    hole.close()


def _redis_at(settings, url):
    """Settings as production makes them for REDIS_URL=url (shop/settings)."""
    prefix = f"outage-{os.getpid()}"
    settings.CACHES = {
        **settings.CACHES,
        "default": redis_cache(url, key_prefix=prefix, ignore_exceptions=True),
        "login_attempts": redis_cache(url, key_prefix=prefix, ignore_exceptions=False),
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.AXES_HANDLER = "shop.users.login_store.FailClosedCacheHandler"
    settings.AXES_CACHE = "login_attempts"
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.implementation = None  # loaded again with these settings


@pytest.fixture
def fresh_axes():
    """Axes keeps its handler (and the handler its cache) once loaded."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.implementation = None
    yield
    AxesProxyHandler.implementation = None


@pytest.mark.django_db
def test_pages_and_api_answer_while_redis_is_down(
    client, settings, home_page, dead_port
):
    ProductFactory(title="Chè Shan tuyết Suối Giàng")
    _redis_at(settings, f"redis://127.0.0.1:{dead_port}/0")

    started = time.monotonic()
    pages = {
        url: client.get(url)
        for url in ("/", reverse("catalogue:index"), "/api/v1/products/")
    }
    basket = client.post(
        reverse("basket:add", kwargs={"pk": ProductFactory().pk}), {"quantity": 1}
    )
    elapsed = time.monotonic() - started

    assert {url: r.status_code for url, r in pages.items()} == dict.fromkeys(pages, 200)
    assert "Chè Shan tuyết Suối Giàng" in pages[reverse("catalogue:index")].text
    assert basket.status_code == 302
    # A silent Redis costs one short timeout, not one per cache call.
    assert elapsed < 5, elapsed


@pytest.mark.django_db
def test_a_logged_in_buyer_stays_logged_in_through_a_redis_outage(
    client, settings, dead_port
):
    # Logged in while Redis answers (the tests' Redis, when REDIS_URL gives one).
    down = f"redis://127.0.0.1:{dead_port}/0"
    _redis_at(settings, os.environ.get("REDIS_URL") or down)
    buyer = UserFactory(email="lan@example.com")
    client.force_login(buyer)

    _redis_at(settings, down)
    page = client.get(reverse("customer:summary"), follow=True)

    assert page.status_code == 200
    assert "lan@example.com" in page.text


@pytest.mark.django_db
def test_logins_are_refused_while_the_login_limiter_cannot_count(
    client, settings, dead_port, fresh_axes, home_page
):
    buyer = UserFactory(email="lan@example.com")
    _redis_at(settings, f"redis://127.0.0.1:{dead_port}/0")

    response = client.post(
        LOGIN,
        {
            "login-username": buyer.email,
            "login-password": "test-password",
            "login_submit": "1",
        },
    )

    assert response.status_code == 429
    assert "Tạm thời chưa đăng nhập được" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 200  # the shop itself still works


@pytest.mark.django_db
def test_readyz_answers_503_in_time_when_redis_is_silent(client, settings):
    hole = BlackHole()
    try:
        _redis_at(settings, f"redis://127.0.0.1:{hole.port}/0")
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
    finally:
        hole.close()

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
    assert elapsed < 5, elapsed


@pytest.fixture
def server_with_a_silent_database():
    """gunicorn with DATABASE_URL at a PostgreSQL that accepts and never answers."""
    hole = BlackHole()
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        # DATABASE_* too: the site's own connect timeout (3 s) is what is tested,
        # not the longer one CI gives its tests' connections.
        if not key.startswith(("DJANGO_", "PYTEST_", "REDIS_", "CELERY_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="shop.settings",
        DATABASE_URL=f"postgres://ocop@127.0.0.1:{hole.port}/ocop",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "shop.wsgi", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with closing(socket.create_connection(("127.0.0.1", port), 1)):
                    break
            except OSError:
                time.sleep(0.2)
        # The first answer waits for gunicorn's worker to start; time the next ones.
        try:
            urllib.request.urlopen(base + "/healthz", timeout=120)
        except urllib.error.HTTPError:
            pass
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        release_port(port)
        hole.close()


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_health_checks_answer_503_in_time_when_the_database_is_silent(
    server_with_a_silent_database, probe
):
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(server_with_a_silent_database + probe, timeout=30)
    elapsed = time.monotonic() - started

    assert answer.value.code == 503
    assert b'"database": "unavailable"' in answer.value.read()
    assert elapsed < 5, elapsed


@pytest.fixture
def broker_down(settings):
    """Celery's broker at a closed port, tasks really queued (not run in the test)."""
    from shop.celery import app

    saved = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = f"redis://127.0.0.1:{_closed_port()}/0"
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db
def test_an_order_is_placed_while_the_task_broker_is_down(
    client, broker_down, last_ten_units, django_capture_on_commit_callbacks, caplog
):
    client.post(
        reverse("basket:add", kwargs={"pk": last_ten_units.pk}), {"quantity": 1}
    )
    order = guest_checkout_open(client, email="khach@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(reverse("checkout:index"), order, follow=True)

    assert placed.status_code == 200
    assert "checkout/thank-you" in placed.wsgi_request.path
    assert Order.objects.count() == 1
    assert "NOT queued, the broker is unreachable" in caplog.text
