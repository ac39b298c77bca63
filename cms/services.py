"""Writes to the content tree."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import HomePage


@transaction.atomic
def home_page_install(*, title: str, intro: str = "") -> HomePage:
    """Make a ``HomePage`` the default site's root, replacing Wagtail's welcome page.

    Idempotent: an existing home page is updated, never duplicated.
    """
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migration leaves a plain "Welcome" page at depth 2 holding the
        # slug "home"; it has no content of ours, so it goes.
        Page.objects.filter(
            depth=2, content_type__app_label="wagtailcore", content_type__model="page"
        ).delete()
        home = Page.get_first_root_node().add_child(
            instance=HomePage(
                title=title, slug="home", intro=intro, locale=Locale.get_default()
            )
        )
    elif (home.title, home.intro) != (title, intro):
        home.title, home.intro = title, intro
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page, site.site_name = home, title
    site.save()
    return home
