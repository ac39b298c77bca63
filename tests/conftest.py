import datetime

import pytest

#: Instants the date-sensitive tests run at (marker ``at_any_hour``): late evening in
#: UTC is already the next morning in Vietnam (the site's time zone), the hours when a
#: test that mixes UTC dates with site dates fails; and a morning when both agree.
CLOCK_INSTANTS = {
    "utc-late-evening": datetime.datetime(2026, 12, 6, 22, 30, tzinfo=datetime.UTC),
    "utc-morning": datetime.datetime(2026, 12, 7, 2, 15, tzinfo=datetime.UTC),
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and generated images go to a throwaway folder, never the demo's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def vietnamese(settings):
    """Every test starts in the site's default language, whatever the last one did."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages are rendered for each request unless a test is about the page cache.

    The cache's version moves when a transaction commits, and most tests run inside
    one that never does (tests/test_page_cache.py shows how to test through it).
    """
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def eager_tasks():
    """Tasks run in the test's own process and transaction, errors propagating.

    Tests that need a real worker start one themselves.
    """
    from shop.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="session", autouse=True)
def cache_key_prefix_per_worker():
    """Each xdist worker keeps its keys apart on a shared Redis.

    Sessions and login-failure counters live in the cache: without this, one worker
    emptying the cache for its next test logs out a checkout running in another.
    """
    import os

    from asgiref.local import Local
    from django.conf import settings
    from django.core.cache import caches, close_caches

    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "main")
    for alias in ("default", "login_attempts"):  # one prefix: cleared together
        if alias in settings.CACHES:
            cache = settings.CACHES[alias]
            cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', '')}-test-{worker_id}"
    # A cache already opened (by the database set-up, say) keeps the prefix it was
    # made with: open them again, as Django does when a test changes CACHES.
    close_caches()
    caches._settings = caches.settings = caches.configure_settings(None)
    caches._connections = Local()


@pytest.fixture(autouse=True)
def clear_cache(cache_key_prefix_per_worker):
    """Each test starts from an empty cache (its worker's keys on a shared Redis)."""
    from django.core.cache import cache, caches

    def empty():
        # django-redis's clear() empties the whole Redis database, other workers' too.
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*")
        else:
            cache.clear()
        # In process memory: rendered product cards, and this worker's copies of
        # kept parts (their shared entries went with the default alias's keys).
        for alias in ("product_cards", "kept_parts"):
            if alias in caches:
                caches[alias].clear()

    empty()
    yield
    empty()


@pytest.fixture
def home_page(db):
    """The Wagtail home page installed as the default site's root, as the demo does."""
    from cms.services import home_page_install

    home, _created = home_page_install(
        title="Chợ OCOP Lào Cai", intro="<p>Đặc sản Lào Cai</p>"
    )
    return home


def pytest_collection_modifyitems(items):
    """Every transactional test runs with serialized rollback.

    Django's flush after a serialized-rollback test skips post_migrate, so a plain
    transactional test after it would find no site, content types or permissions;
    and the rows post_migrate recreates after a plain one get new ids that the next
    serialized restore collides with. With one kind only, every transactional test
    starts from the migrated database (Wagtail root, locales, banks, site) and
    leaves an empty one behind.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        if marker.kwargs.get("serialized_rollback"):
            continue
        kwargs = {**marker.kwargs, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """The SQLite test database (a file, see settings) is written without fsync.

    A crash loses only a throwaway database; with fsync, migrating it waits minutes on
    a busy disk. WAL and immediate transactions stay as the demo has them.
    """
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "init_command" in options:
        options["init_command"] = options["init_command"].replace(
            "synchronous=NORMAL", "synchronous=OFF"
        )


#: Each database's migrated rows as serialized when the test databases were made.
_SERIALIZED_CONTENTS: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test databases, remembering their serialized rows."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if hasattr(conn, "_test_serialized_contents"):
            _SERIALIZED_CONTENTS[conn.alias] = conn._test_serialized_contents
    return django_db_setup


def _serialized_contents_give_back():
    """Give a replaced connection object its serialized rows back.

    Django keeps them on the connection object. When the connection handler has made
    a new object (seen during the two-servers test), a serialized-rollback test
    silently skips its restore and starts from an empty database, and its flush
    recreates content types with new ids that the next restore collides with.
    """
    from django.db import connections

    for alias, contents in _SERIALIZED_CONTENTS.items():
        conn = connections[alias]
        if not hasattr(conn, "_test_serialized_contents"):
            conn._test_serialized_contents = contents


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _serialized_contents_give_back()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    _serialized_contents_give_back()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "at_any_hour: runs once per CLOCK_INSTANTS (time-machine), so the test is "
        "green at any hour of the day in CI's UTC and in Vietnam",
    )


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("at_any_hour"):
        metafunc.parametrize(
            "clock_at", list(CLOCK_INSTANTS), indirect=True, ids=list(CLOCK_INSTANTS)
        )


@pytest.fixture(autouse=True)
def clock_at(request):
    """For ``at_any_hour`` tests: the clock set to one of CLOCK_INSTANTS, still
    ticking (timeouts keep working), before the test's other fixtures make data."""
    if not hasattr(request, "param"):
        yield None
        return
    import time_machine

    with time_machine.travel(CLOCK_INSTANTS[request.param], tick=True):
        yield CLOCK_INSTANTS[request.param]
