"""The site's public address (SITE_URL) and name, where Django and Oscar look.

Oscar's e-mails build links from the ``Site`` record and sign with its name; left at
Django's default they say ``example.com``. ``site_from_settings_update`` runs after
every ``migrate`` (so on each deploy) and makes the record match the settings.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(path: str = "/") -> str:
    """``path`` on the site's public address, e.g. https://cho-ocop.vn/en/basket/."""
    return settings.SITE_URL.rstrip("/") + path


def site_from_settings_update(**kwargs) -> None:
    """Set the current ``Site``'s domain from SITE_URL and its name from the
    marketplace name (a ``post_migrate`` receiver; also callable by hand)."""
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": domain, "name": settings.OSCAR_SHOP_NAME},
    )
    Site.objects.clear_cache()
