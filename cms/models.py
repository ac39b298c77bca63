"""Wagtail pages: the home page, campaigns and cooperative stories, and navigation.

Pages hold words, pictures and references to Oscar's rows; commerce data (prices,
stock, ratings) is read from Oscar when a page renders, never copied into content.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import LinkBlock, PageBodyBlock, StoryBodyBlock
from cms.slugs import AsciiSlugMixin

products_by_rule = get_class("catalogue.selectors", "products_by_rule")


class HomePage(AsciiSlugMixin, Page):
    """The storefront's front door, built by editors from blocks.

    Product grids are evaluated when the page renders, so prices, stock and ratings
    are always current and an unavailable product drops off without an editor.
    """

    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CampaignPage", "cms.StoryIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class CampaignPage(AsciiSlugMixin, Page):
    """A promotion such as "Tết OCOP Lào Cai" or "Mùa mận Bắc Hà"."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences for listings and search results."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    body = StreamField(PageBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Dates")
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign page")


class StoryIndexPage(AsciiSlugMixin, Page):
    """Where cooperative stories live; lists them newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]

    class Meta:
        verbose_name = _("story index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            StoryPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image", "seller")
            .order_by("-first_published_at")
        )
        return context


class StoryPage(AsciiSlugMixin, Page):
    """The story of a cooperative or producer, linked to the seller it is about."""

    seller = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("seller"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text=_("The seller this story is about; its products are listed below."),
    )
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(StoryBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("seller"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types = []
    seller_products_count = 8

    class Meta:
        verbose_name = _("cooperative story")
        verbose_name_plural = _("cooperative stories")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["seller_products"] = (
            products_by_rule(
                limit=self.seller_products_count,
                seller=self.seller,
                currently_rated=False,
            )
            if self.seller_id
            else []
        )
        return context


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The main menu and the footer, edited in Settings → Navigation."""

    primary_menu = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("main menu"),
        help_text=_("Links shown in the top bar, in this order."),
    )
    footer_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("footer links")
    )
    footer_text = RichTextField(
        _("footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Who runs the marketplace, contact details."),
    )
    footer_text_en = RichTextField(
        _("English footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown on the English site; the footer text is used when empty."),
    )

    panels = [
        FieldPanel("primary_menu"),
        FieldPanel("footer_links"),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_en"),
    ]

    class Meta:
        verbose_name = _("navigation")

    @property
    def footer_text_shown(self) -> str:
        """The footer text in the visitor's language (Vietnamese when no English)."""
        if self.footer_text_en and (get_language() or "").split("-")[0] == "en":
            return self.footer_text_en
        return self.footer_text
