"""StreamField blocks for the home page, campaigns and cooperative stories.

Blocks that show commerce data keep only references (product, seller, category ids
or a rule) and read Oscar at render time: prices, stock and ratings are always
current, and a product that can no longer be bought drops out of every page.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_class
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from catalogue.ocop import MAX_STARS, MIN_STARS, OcopGroup
from cms.choosers import CategoryChooserBlock, ProductChooserBlock, SellerChooserBlock

product_listing = get_class("catalogue.selectors", "product_listing")
products_by_rule = get_class("catalogue.selectors", "products_by_rule")


class LinkValue(blocks.StructValue):
    """A link to a page (in the visitor's language when translated) or a URL."""

    def _page(self):
        page = self.get("page")
        return page.localized.specific if page else None

    @property
    def href(self):
        page = self._page()
        if page:
            return page.url
        url = self.get("url") or ""
        if not url.startswith("/"):
            return url
        # "/catalogue/" typed by an editor becomes "/en/catalogue/" on the English
        # site: resolve it as a Vietnamese path, reverse it in the active language.
        language = get_language()
        with translation.override(settings.LANGUAGE_CODE):
            return translate_url(url, language)

    @property
    def text(self):
        if get_language() == "en" and self.get("label_en"):
            return self["label_en"]
        if self.get("label"):
            return self["label"]
        page = self._page()
        return page.title if page else self.get("url", "")


class LinkBlock(blocks.StructBlock):
    """A menu or button link: pick a page, or type an address."""

    label = blocks.CharBlock(
        label=_("label"),
        required=False,
        max_length=80,
        help_text=_("Leave empty to use the page's title."),
    )
    label_en = blocks.CharBlock(
        label=_("English label"),
        required=False,
        max_length=80,
        help_text=_("Shown on the English site; the label is used when empty."),
    )
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.CharBlock(
        label=_("address"),
        required=False,
        help_text=_("Used when no page is chosen, e.g. /catalogue/."),
    )

    class Meta:
        icon = "link"
        value_class = LinkValue
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(
                        _("Choose a page or type an address.")
                    )
                }
            )
        return value


class HeroBlock(blocks.StructBlock):
    """The wide banner at the top of a page, loaded first (it is above the fold)."""

    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False)
    image = ImageChooserBlock(label=_("image"), required=False)
    button_text = blocks.CharBlock(label=_("button text"), required=False)
    button_link = LinkBlock(label=_("button link"), required=False)

    class Meta:
        icon = "image"
        label = _("Hero banner")
        template = "blocks/hero_block.html"
        description = _("A large picture with a heading and a button.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class ProductGridBlock(blocks.StructBlock):
    """Products as cards: hand-picked, or chosen by a rule when none are picked."""

    heading = blocks.CharBlock(label=_("heading"), required=False)
    products = blocks.ListBlock(
        ProductChooserBlock(),
        label=_("hand-picked products"),
        required=False,
        help_text=_("Shown in this order. Leave empty to choose products by the rule."),
        default=[],
    )
    category = CategoryChooserBlock(label=_("rule: category"), required=False)
    ocop_group = blocks.ChoiceBlock(
        label=_("rule: OCOP group"), choices=OcopGroup.choices, required=False
    )
    min_stars = blocks.ChoiceBlock(
        label=_("rule: at least this many stars"),
        choices=[(n, "★" * n) for n in range(MIN_STARS, MAX_STARS + 1)],
        required=False,
    )
    seller = SellerChooserBlock(label=_("rule: seller"), required=False)
    count = blocks.IntegerBlock(
        label=_("how many (rule)"), default=8, min_value=1, max_value=24
    )

    class Meta:
        icon = "list-ul"
        label = _("Product grid")
        template = "blocks/product_grid_block.html"
        description = _("OCOP products with live prices, stock and ratings.")

    def products_for(self, value):
        """The products to show now: available ones only, in the editor's order."""
        picked = [product.pk for product in value.get("products") or [] if product]
        if picked:
            return product_listing(picked, available_only=True)
        stars = value.get("min_stars")
        return products_by_rule(
            limit=value.get("count") or 8,
            category=value.get("category"),
            ocop_group=int(value["ocop_group"]) if value.get("ocop_group") else None,
            min_stars=int(stars) if stars else None,
            seller=value.get("seller"),
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["products"] = self.products_for(value)
        return context


class SellerSpotlightBlock(blocks.StructBlock):
    """Cooperatives and producers the centre wants buyers to meet."""

    heading = blocks.CharBlock(label=_("heading"), required=False)
    sellers = blocks.ListBlock(SellerChooserBlock(), label=_("sellers"), min_num=1)

    class Meta:
        icon = "group"
        label = _("Seller spotlight")
        template = "blocks/seller_spotlight_block.html"

    def get_context(self, value, parent_context=None):
        from cms.selectors import sellers_for_spotlight

        context = super().get_context(value, parent_context=parent_context)
        ids = [seller.pk for seller in value.get("sellers") or [] if seller]
        context["sellers"] = sellers_for_spotlight(seller_ids=ids)
        return context


class StoryListBlock(blocks.StructBlock):
    """The latest cooperative stories, newest first."""

    heading = blocks.CharBlock(label=_("heading"), required=False)
    seller = SellerChooserBlock(
        label=_("only stories about this seller"), required=False
    )
    count = blocks.IntegerBlock(
        label=_("how many"), default=3, min_value=1, max_value=12
    )

    class Meta:
        icon = "doc-full"
        label = _("Story list")
        template = "blocks/story_list_block.html"

    def get_context(self, value, parent_context=None):
        from cms.selectors import stories_latest

        context = super().get_context(value, parent_context=parent_context)
        context["stories"] = stories_latest(
            limit=value.get("count") or 3, seller=value.get("seller")
        )
        return context


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=120)
    text = blocks.TextBlock(label=_("text"), required=False)
    button_text = blocks.CharBlock(label=_("button text"))
    link = LinkBlock(label=_("link"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"


class PageBodyBlock(blocks.StreamBlock):
    """What the home page and campaign pages are built from."""

    hero = HeroBlock()
    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="blocks/rich_text_block.html",
    )
    image = ImageBlock()
    product_grid = ProductGridBlock()
    seller_spotlight = SellerSpotlightBlock()
    story_list = StoryListBlock()
    call_to_action = CallToActionBlock()


class StoryBodyBlock(blocks.StreamBlock):
    """A cooperative story: text and pictures."""

    rich_text = blocks.RichTextBlock(
        label=_("Text"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="blocks/rich_text_block.html",
    )
    image = ImageBlock()
