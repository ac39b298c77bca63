from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

featured_products = get_class("catalogue.selectors", "featured_products")


class HomePage(Page):
    """The storefront's front door, edited in Wagtail.

    Featured products are read from Oscar when the page renders, so prices, stock and
    ratings are always current and an expired rating drops off without an editor.
    """

    intro = RichTextField(_("introduction"), blank=True)
    featured_count = 8

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_products"] = featured_products(limit=self.featured_count)
        return context
