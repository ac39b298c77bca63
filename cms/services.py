"""Writes to the content tree."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage


def home_page_default_body(*, intro: str = "") -> list[dict]:
    """A new home page's blocks: the intro as text, then the best-rated products.

    Raw StreamField data, so migrations can use it too.
    """
    body = [{"type": "rich_text", "value": intro}] if intro else []
    body.append(
        {
            "type": "product_grid",
            "value": {
                "heading": str(_("Featured OCOP products")),
                "products": [],
                "category": None,
                "ocop_group": "",
                "min_stars": "",
                "seller": None,
                "count": 8,
            },
        }
    )
    return body


def _content_tree_root() -> tuple[Page, Locale]:
    """The tree's root page and default locale, made again if the tables were emptied.

    Wagtail's migrations create both; a database flushed since (as transactional
    tests do) has neither, and content can still be installed into it.
    """
    locale, _created = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    return root, locale


@transaction.atomic
def home_page_install(
    *, title: str, intro: str = "", slug: str = "trang-chu"
) -> tuple[HomePage, bool]:
    """Make a ``HomePage`` the default site's root; return it and whether it is new.

    A new page gets the intro as a text block followed by a product grid of the
    best-rated products. Title and body are set on creation only: after that the
    page belongs to editors.
    Wagtail's first migration leaves a "Welcome" placeholder with the site pointing at
    it; the home page is added beside it, the site pointed at the home page, and only
    then the placeholder removed, because deleting a site's root page deletes the site.
    """
    root, locale = _content_tree_root()
    home = HomePage.objects.child_of(root).first()
    created = home is None
    if created:
        home = HomePage(
            title=title,
            slug=slug,
            body=home_page_default_body(intro=intro),
            locale=locale,
        )
        root.add_child(instance=home)

    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname="localhost", port=80).first()
        or Site(hostname="localhost", port=80)
    )
    site.root_page, site.is_default_site, site.site_name = home, True, title
    site.save()

    Page.objects.child_of(root).filter(
        content_type=ContentType.objects.get_for_model(Page),
        numchild=0,
        sites_rooted_here__isnull=True,
    ).delete()
    return home, created
