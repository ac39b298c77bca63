from django.urls import path
from oscar.config import Shop


def _wagtail_home(request):
    from wagtail.views import serve

    return serve(request, "")


class MarketplaceShop(Shop):
    """Oscar's URLs, with ``home`` (``/``) served by Wagtail instead of redirecting.

    Oscar's templates link to ``{% url 'home' %}``; keeping the name while handing the
    view to Wagtail lets editors own the home page.
    """

    def ready(self):
        super().ready()
        from shop.analytics import analytics_counters_make_concurrency_safe

        analytics_counters_make_concurrency_safe()

        from shop.pagecache import page_cache_receivers_connect

        page_cache_receivers_connect()

    def get_urls(self):
        urls = [url for url in super().get_urls() if str(url.pattern) != ""]
        return [path("", _wagtail_home, name="home"), *urls]
