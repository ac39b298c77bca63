from django.urls import path
from oscar.config import Shop


def _wagtail_home(request):
    from cms.routing import serve

    return serve(request, "")


class MarketplaceShop(Shop):
    """Oscar's URLs, with ``home`` (``/``) served by Wagtail instead of redirecting.

    Oscar's templates link to ``{% url 'home' %}``; keeping the name while handing the
    view to Wagtail lets editors own the home page.
    """

    def ready(self):
        super().ready()
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from shop.analytics import analytics_counters_make_concurrency_safe
        from shop.images import image_limits_apply
        from shop.site import site_from_settings_update

        analytics_counters_make_concurrency_safe()
        image_limits_apply()
        # After django.contrib.sites has made its example.com record.
        post_migrate.connect(
            site_from_settings_update,
            sender=apps.get_app_config("sites"),
            dispatch_uid="shop.site.from_settings",
        )

        from shop.offers import site_offer_receivers_connect
        from shop.pagecache_writes import page_cache_receivers_connect

        page_cache_receivers_connect()
        site_offer_receivers_connect()

    def get_urls(self):
        urls = [url for url in super().get_urls() if str(url.pattern) != ""]
        return [path("", _wagtail_home, name="home"), *urls]
