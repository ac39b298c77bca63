import pytest


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
def eager_tasks():
    """Tasks run in the test's own process and transaction, errors propagating.

    Tests that need a real worker start one themselves.
    """
    from shop.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts from an empty cache, even on a shared Redis."""
    from django.core.cache import cache

    _cache_clear(cache)
    yield
    _cache_clear(cache)


def _cache_clear(cache):
    """Clear this test process's keys only.

    On a shared Redis, ``cache.clear()`` is FLUSHDB: with pytest-xdist it wiped the
    sessions of tests running at that moment in other workers (their next request
    answered 400). Each worker gets its own key prefix and deletes only that.
    """
    if not hasattr(cache, "delete_pattern"):
        cache.clear()
        return
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    base = cache.key_prefix.split("-test-")[0]
    cache.key_prefix = f"{base}-test-{worker}"
    cache.delete_pattern("*")


@pytest.fixture
def home_page(db):
    """The Wagtail home page installed as the default site's root, as the demo does."""
    from cms.services import home_page_install

    home, _created = home_page_install(
        title="Chợ OCOP Lào Cai", intro="<p>Đặc sản Lào Cai</p>"
    )
    return home
