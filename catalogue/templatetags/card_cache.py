"""``{% product_card product %}…{% end_product_card %}``: a product card rendered once;
``{% product_cards listing %}…{% end_product_cards %}``: a list of them kept between
pages (catalogue/listings.py).

Rendering a card (thumbnail lookup, price and availability through the strategy, the
add-to-basket form, URLs) is most of the cost of a listing. The rendered card is kept
in the ``product_cards`` cache under a key made of *everything the card shows*: the
product's title, slug and OCOP rating, each stock record's price, stock and seller
(name, province, suspension), the pictures, today's date (a rating lapses at
midnight), the language, the currency, the pricing strategy and the template itself.
A changed price, a sold-out stock record, a new picture or a re-rated product is a
new key, so no signal has to invalidate anything and no buyer ever sees a stale card,
even after a bulk ``update()`` that sends no signal. Every value in the key is read
from data the listing has already fetched (``catalogue.selectors``): no query.

The cache is in each process's memory (a key is never stale, so processes need not
share it) and its entries expire after a few minutes, well within the lifetime of a
signed picture link on object storage. The CSRF token is per visitor: the card is
stored with a placeholder that is replaced by the visitor's token on the way out.
"""

import functools
import hashlib
import logging
from pathlib import Path

from django import template
from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone, translation
from django.utils.html import format_html

from catalogue.listings import ProductListing
from shop.pagecache_versions import page_shows_stock_of

register = template.Library()
logger = logging.getLogger(__name__)

#: Bump when something the card shows is added outside the templates' own text.
CARD_VERSION = 2
CACHE_ALIAS = "product_cards"
#: The template of one card, which lists of cards include.
CARD_TEMPLATE = "oscar/catalogue/partials/product.html"
_CSRF_PLACEHOLDER = "csrf-placeholder-9f1c2e"
_CSRF_PLACEHOLDER_HTML = format_html(
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', _CSRF_PLACEHOLDER
)


def _cache():
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:
        return None


def _shown_to(request) -> tuple:
    """What a card depends on besides its product: the card version, language,
    currency, today's date and the pricing strategy."""
    return (
        CARD_VERSION,
        translation.get_language(),
        settings.OSCAR_DEFAULT_CURRENCY,
        timezone.localdate().isoformat(),
        type(getattr(request, "strategy", None)).__qualname__,
    )


def card_fingerprint(product, *, request=None) -> str:
    """A digest of what the card of ``product`` shows (see the module docstring)."""
    parts = [
        *_shown_to(request),
        product.pk,
        product.date_updated,
        product.title,
        product.slug,
        product.structure,
        product.is_public,
        product.ocop_stars,
        product.ocop_group,
        product.ocop_decision_date,
        product.ocop_valid_until,
        product.has_options,
        # The counts under the price (catalogue.selectors.with_counts) and the
        # average rating Oscar keeps on the product.
        getattr(product, "num_sold", None),
        getattr(product, "num_reviews", None),
        product.rating,
    ]
    for record in product.stockrecords.all():
        partner = record.partner
        parts += [
            record.pk,
            record.date_updated,
            record.price,
            record.price_currency,
            record.num_in_stock,
            record.num_allocated,
            record.low_stock_threshold,
            partner.pk,
            partner.name,
            getattr(partner, "province", ""),
            getattr(partner, "is_suspended", False),
        ]
    for image in product.images.all():
        parts += [image.pk, image.original.name, image.display_order, image.caption]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class ProductCardNode(template.Node):
    def __init__(self, product, nodelist, template_digest):
        self.product = product
        self.nodelist = nodelist
        self.template_digest = template_digest

    def render(self, context):
        product = self.product.resolve(context)
        request = context.get("request")
        # A kept page with this card is retired when the product's stock changes
        # (whether or not the card itself is kept).
        page_shows_stock_of(request, product)
        cache = _cache()
        # A variant shows its parent's title and pictures: not worth a key of both.
        if cache is None or product is None or product.is_child:
            return self.nodelist.render(context)
        # The first cards of a list load their picture at once (first_screen).
        first = int(bool(context.get("first_screen")))
        fingerprint = card_fingerprint(product, request=request)
        key = f"card:{self.template_digest}:{first}:{fingerprint}"
        html = cache.get(key)
        if html is None:
            html = _rendered_to_keep(self.nodelist, context)
            cache.set(key, html)
        return _csrf_filled(html, context)


def _rendered_to_keep(nodelist, context) -> str:
    """``nodelist`` rendered with the CSRF placeholder for the visitor's token."""
    with context.push(csrf_token=_CSRF_PLACEHOLDER):
        return nodelist.render(context)


def _csrf_filled(html: str, context) -> str:
    """Kept HTML with the visitor's own CSRF token in place of the placeholder."""
    if _CSRF_PLACEHOLDER_HTML in html:
        html = html.replace(_CSRF_PLACEHOLDER_HTML, CsrfTokenNode().render(context))
    return html


class ProductCardsNode(template.Node):
    def __init__(self, listing, values, nodelist, template_digest):
        self.listing = listing
        self.values = values
        self.nodelist = nodelist
        self.template_digest = template_digest

    def render(self, context):
        listing = self.listing.resolve(context)
        if not isinstance(listing, ProductListing):
            return self.nodelist.render(context)
        request = context.get("request")
        parts = (
            *_shown_to(request),
            self.template_digest,
            _card_template_digest(),  # the card's own template, included by the list
            [value.resolve(context) for value in self.values],
        )
        html = listing.cards(
            request, parts, lambda: _rendered_to_keep(self.nodelist, context)
        )
        return _csrf_filled(html, context)


def _source_digest(origin) -> str:
    """A digest of a template's text (of nothing when it has no file)."""
    try:
        source = Path(origin.name).read_bytes()
    except (AttributeError, TypeError, OSError):
        source = b""
    return hashlib.sha256(source).hexdigest()[:12]


def _template_digest(parser) -> str:
    """The template's own text is part of the key: an edited card is a new card."""
    return _source_digest(getattr(parser, "origin", None))


@functools.cache
def _card_template_digest() -> str:
    """The digest of the card's template, read once per process (a deploy starts
    new processes)."""
    from django.template.loader import get_template

    return _source_digest(get_template(CARD_TEMPLATE).origin)


@register.tag("product_cards")
def do_product_cards(parser, token):
    """``{% product_cards listing [value …] %}…{% end_product_cards %}``: the cards of
    a ``ProductListing`` (catalogue/listings.py), kept between pages. The values name
    whatever else the wrapped HTML depends on; it must show the listing's cards only.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% product_cards listing [value …] %} takes a listing"
        )
    nodelist = parser.parse(("end_product_cards",))
    parser.delete_first_token()
    return ProductCardsNode(
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        nodelist,
        _template_digest(parser),
    )


@register.tag("product_card")
def do_product_card(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% product_card product %} takes a product")
    nodelist = parser.parse(("end_product_card",))
    parser.delete_first_token()
    return ProductCardNode(
        parser.compile_filter(bits[1]), nodelist, _template_digest(parser)
    )
