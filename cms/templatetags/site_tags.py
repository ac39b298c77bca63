"""The storefront's chrome: language links that keep the page, menus in the
visitor's language, and the OCOP groups as links into the catalogue."""

import functools
from urllib.parse import urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import reverse
from django.urls.base import translate_url
from django.utils import translation
from django.utils.http import urlencode

from catalogue.ocop import OcopGroup

register = template.Library()

#: An icon per OCOP group for the home page's tiles (drawn by shop/icons.css; the
#: tiles' template names them so ``python -m shop.storefront_css`` includes them).
GROUP_ICONS = {
    1: "fa-utensils",
    2: "fa-mug-hot",
    3: "fa-leaf",
    4: "fa-hand-holding-heart",
    5: "fa-seedling",
    6: "fa-mountain",
}


def _in_language(url: str, language: str) -> str:
    """``url`` (a path of this site, in any language) as a path in ``language``.

    The path is resolved in the language its prefix names (none: Vietnamese); a URL
    that does not resolve (another site, a fragment) is kept as it is.
    """
    if not url or not url.startswith("/") or url.startswith("//"):
        return url
    source = translation.get_language_from_path(url) or settings.LANGUAGE_CODE
    if source == language:
        return url
    parts = urlsplit(url)
    if len(parts.path) > _PATH_KEPT_MAX:  # a stranger's made-up address: not kept
        path = _path_in_language.__wrapped__(parts.path, source, language)
    else:
        path = _path_in_language(parts.path, source, language)
    return urlunsplit(("", "", path, parts.query, parts.fragment))


# A path longer than this is translated but not kept: 4,096 kept paths then hold
# at most 4 MB, whatever addresses strangers make up.
_PATH_KEPT_MAX = 1024


@functools.lru_cache(maxsize=4096)
def _path_in_language(path: str, source: str, language: str) -> str:
    """Django's ``translate_url`` of a path, kept: it depends on the URL patterns
    alone, and resolving then reversing it was a twentieth of a product page's
    time (each page shows its address in every language)."""
    with translation.override(source):
        return translate_url(path, language)


def _paths_forget(*, setting, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _path_in_language.cache_clear()


setting_changed.connect(_paths_forget)


@register.filter
def localized(url):
    """A link of this site in the visitor's language (menus and footer set in
    Wagtail hold Vietnamese paths; on /en/ they should lead to /en/ pages)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return url
    return _in_language(url, language)


@register.simple_tag(takes_context=True)
def language_links(context):
    """Each language with the address of the current page in it.

    Plain links, so a visitor without JavaScript switches in one tap and stays on
    the page; the URL is enough (Vietnamese has no prefix, English lives under /en/).
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "short": code.split("-")[0].upper(),
                "name": info["name_local"],
                "url": _in_language(path, code),
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def ocop_group_links():
    """The six OCOP product groups, each a link to the catalogue filtered by it."""
    base = reverse("catalogue:index")
    return [
        {
            "value": value,
            "label": label,
            "icon": GROUP_ICONS.get(value, "fa-star"),
            "url": f"{base}?group={value}",
        }
        for value, label in OcopGroup.choices
    ]


@register.simple_tag
def provinces_with_sellers():
    """Each province with sellers a buyer can order from, and how many: the home
    page's "sellers near you", each a link to the directory filtered by it."""
    from django.db.models import Count
    from oscar.core.loading import get_model

    Partner = get_model("partner", "Partner")
    base = reverse("seller-list")
    rows = (
        Partner._default_manager.filter(is_suspended=False)
        .exclude(province="")
        .values("province")
        .annotate(n=Count("pk"))
        .order_by("-n", "province")
    )
    return [
        {
            "province": row["province"],
            "count": row["n"],
            "url": f"{base}?{urlencode({'province': row['province']})}",
        }
        for row in rows
    ]


def _buyer_province(request, provinces: list[str]) -> str:
    """The province a buyer is in, as far as the site knows: the one they picked
    (``?province=``), else that of their latest saved address, else "" ."""
    picked = request.GET.get("province", "") if request else ""
    if picked in provinces:
        return picked
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from oscar.core.loading import get_model

        UserAddress = get_model("address", "UserAddress")
        latest = (
            UserAddress._default_manager.filter(user=user)
            .order_by("-date_created")
            .values_list("state", flat=True)
            .first()
        )
        if latest in provinces:
            return latest
    return ""


def _provinces_with_sellers_kept():
    """``provinces_with_sellers()``, kept until a write (every write to a seller
    bumps the page cache's version) when there is a page cache: read on every
    signed-in buyer's home page otherwise."""
    from shop.pagecache_versions import kept_until_write

    return kept_until_write(
        f"provinces-with-sellers:{translation.get_language()}", provinces_with_sellers
    )


@register.simple_tag(takes_context=True)
def sellers_near_province(context):
    """The province of the home page's "sellers near you": the buyer's (picked, or
    their latest address's), else the one with the most sellers; "" when no seller
    has a province."""
    names = [row["province"] for row in _provinces_with_sellers_kept()]
    if not names:
        return ""
    return _buyer_province(context.get("request"), names) or names[0]


@register.simple_tag
def sellers_near(province, limit=4):
    """The home page's "sellers near you" in ``province``: its sellers, with every
    province that has sellers, for the picker."""
    from shop.partner.selectors import sellers_for_directory

    provinces = _provinces_with_sellers_kept()
    row = next((row for row in provinces if row["province"] == province), None)
    if row is None:
        return None
    return {
        "province": province,
        "sellers": list(sellers_for_directory(province=province)[:limit]),
        "count": row["count"],
        "url": row["url"],
        "provinces": [row["province"] for row in provinces],
    }
