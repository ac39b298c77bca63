"""Two app servers over one PostgreSQL, one Redis and one object store.

A buyer's requests go alternately to two gunicorn processes (a tiny round-robin
proxy plays the load balancer): the session, the basket and the checkout survive the
switches, and a photo uploaded through one server is shown by the other. A Celery
worker beside them sends the order confirmation. Everything runs with production
settings (DEBUG off, whitenoise's hashed static files).
"""

import html
import http.client
import io
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from oscar.core.loading import get_model
from PIL import Image as PillowImage
from webtest import TestApp
from webtest.forms import Upload

from tests.factories import UserFactory
from tests.servers import S3Server, free_port, release_port
from tests.test_checkout import (
    add_to_basket,
    checkout_as_guest_with_cash_on_delivery,
    two_sellers_products,  # noqa: F401  (fixture)
)
from tests.test_object_storage import jpeg_bytes

Order = get_model("order", "Order")
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.servers,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (
            os.environ.get("DATABASE_URL", "").startswith("postgres")
            and os.environ.get("REDIS_URL")
        ),
        reason="needs PostgreSQL and Redis (DATABASE_URL=postgres://…, REDIS_URL=…): "
        "several servers cannot share SQLite or an in-process cache",
    ),
]

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


class RoundRobinProxy:
    """A WSGI app that forwards each request to the next server, like a balancer."""

    def __init__(self, servers: list[str]):
        self.servers = servers
        self.served_by: list[str] = []
        self.pinned: str | None = None

    def __call__(self, environ, start_response):
        server = self.pinned or self.servers[len(self.served_by) % len(self.servers)]
        self.served_by.append(server)
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        host, port = server.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        conn.request(environ["REQUEST_METHOD"], path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        conn.close()
        start_response(
            f"{response.status} {response.reason}",
            [
                (name, value)
                for name, value in response.getheaders()
                if name.lower() not in HOP_BY_HOP
            ]
            + [("Content-Length", str(len(content)))],
        )
        return [content]


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}"
    )


def servers_redis_url() -> str:
    """The next Redis database: other tests flush theirs while these servers run."""
    base, _, number = os.environ["REDIS_URL"].rstrip("/").rpartition("/")
    return f"{base}/{(int(number or 0) + 1) % 16}"


def wait_until_ready(address: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{address} stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://{address}/readyz", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{address} not ready in 60 s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Two gunicorn servers, one Celery worker, one S3 server; stopped afterwards."""
    import redis

    tmp_path = tmp_path_factory.mktemp("servers")
    s3 = S3Server().start()
    redis_url = servers_redis_url()
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        s3.env(),
        DJANGO_SETTINGS_MODULE="shop.settings.production",
        DJANGO_SECRET_KEY="two-servers-" + "k" * 60,
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_COOKIES="False",
        SECURE_SSL_REDIRECT="False",
        STATIC_ROOT=str(tmp_path / "static"),
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        WEB_CONCURRENCY="2",
        # Still a graceful stop, bounded: gunicorn's workers linger after exiting
        # once they have used Redis and S3 (see docs/deploy.md).
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    processes = []
    worker_log = tmp_path / "worker.log"
    processes.append(
        subprocess.Popen(
            [BIN / "celery", "-A", "shop", "worker", "--pool=solo", "-l", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=worker_log.open("w"),
            stderr=subprocess.STDOUT,
        )
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    addresses = []
    for name in ("a", "b"):
        address = f"127.0.0.1:{free_port()}"
        log = tmp_path / f"server-{name}.log"
        processes.append(
            subprocess.Popen(
                [BIN / "gunicorn", "-c", "shop/gunicorn.conf.py", "--bind", address],
                cwd=ROOT,
                env=env,
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        wait_until_ready(address, processes[-1], log)
        addresses.append(address)
    yield {"servers": addresses, "s3": s3, "worker_log": worker_log}
    for process in processes:
        process.terminate()  # SIGTERM: the graceful shutdown a deploy uses
    for process in processes:
        process.wait(timeout=60)
    for address in addresses:
        release_port(int(address.rpartition(":")[2]))
    s3.stop()
    redis.Redis.from_url(redis_url).flushdb()


@pytest.fixture
def cluster(servers, settings):
    """The servers, with the rows every page needs (a test before may have flushed)."""
    from django.contrib.sites.models import Site
    from wagtail.models import Collection

    Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "localhost", "name": "Chợ OCOP"}
    )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    return servers


def test_a_buyer_checks_out_across_two_servers(cluster, two_sellers_products):  # noqa: F811
    tea, plum = two_sellers_products
    proxy = RoundRobinProxy(cluster["servers"])
    buyer = TestApp(proxy)

    add_to_basket(buyer, tea, 2)
    add_to_basket(buyer, plum, 1)
    thank_you = checkout_as_guest_with_cash_on_delivery(buyer)

    assert set(proxy.served_by) == set(cluster["servers"])
    assert len(proxy.served_by) >= 10  # many switches, not one lucky server
    order = Order.objects.get()
    assert order.number in thank_you.text
    assert order.guest_email == "khach@example.com"
    assert order.total_incl_tax == 2 * 150000 + 85000
    assert order.lines.count() == 2
    # The worker, not the web server, sent the confirmation.
    deadline = time.monotonic() + 30
    while order.number not in cluster["worker_log"].read_text():
        assert time.monotonic() < deadline, cluster["worker_log"].read_text()[-3000:]
        time.sleep(0.5)
    assert "khach@example.com" in cluster["worker_log"].read_text()


def test_a_photo_uploaded_through_one_server_is_shown_by_the_other(cluster):
    first, second = cluster["servers"]
    UserFactory(email="bientap@example.vn", is_staff=True, is_superuser=True)
    proxy = RoundRobinProxy(cluster["servers"])
    editor = TestApp(proxy)

    proxy.pinned = first
    login = editor.get("/admin/login/")
    login.form["username"] = "bientap@example.vn"
    login.form["password"] = "test-password"
    assert login.form.submit().status_code == 302
    add_page = editor.get("/admin/images/add/")
    form = next(f for f in add_page.forms.values() if "file" in f.fields)
    form["title"] = "Ruộng bậc thang Mù Cang Chải"
    form["file"] = Upload("ruong.jpg", jpeg_bytes(colour="yellow"), "image/jpeg")
    form.submit().follow()

    proxy.pinned = second
    listing = editor.get("/admin/images/")
    assert "Ruộng bậc thang Mù Cang Chải" in listing.text
    sources = [
        html.unescape(src)
        for src in re.findall(r'<img[^>]+src="([^"]+)"', listing.text)
        if src.startswith(cluster["s3"].endpoint_url)
    ]
    assert sources, listing.text
    with urllib.request.urlopen(sources[0], timeout=10) as response:
        image = PillowImage.open(io.BytesIO(response.read()))
    assert image.size[0] <= 165 and image.size[1] <= 165
    assert any(key.startswith("original_images/ruong") for key in cluster["s3"].keys())
