"""Template context shared by every storefront page."""

import functools

from django.conf import settings

from shop.pagecache_versions import page_cache_version


def page_fragments(request):
    """What ``{% cache %}`` needs to keep parts of a page that are the same for
    everyone (the categories menu, the footer) and never show them stale:

    - ``fragment_seconds``: how long a part is kept; 0 (not kept) without the page
      cache, that is without a cache every process shares (shop/pagecache.py says
      why);
    - ``fragment_version``: the page cache's version, which every write to what pages
      show bumps, read from the cache only when a template asks for it.

    ``{% cache fragment_seconds "name" fragment_version LANGUAGE_CODE %}``.

    And ``tree_categories``, the categories of the menu (shown twice: header and
    bottom bar), read at most once a request and not at all when the menu is kept.
    """
    kept = getattr(settings, "PAGE_CACHE", False)

    @functools.cache
    def tree_categories():
        from oscar.templatetags.category_tags import get_annotated_list

        return get_annotated_list(depth=1)

    return {
        "tree_categories": tree_categories,
        "fragment_seconds": settings.PAGE_CACHE_SECONDS if kept else 0,
        # A callable: the template engine calls it when the variable is used.
        "fragment_version": page_cache_version,
    }
