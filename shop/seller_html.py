"""Rich text that sellers write: product and seller descriptions.

Sellers are not staff (DESIGN.md, "Who is trusted"), so what they type is HTML from a
stranger. Two fields allow a few tags, everything else a seller types is plain text
and escaped by Django's templates (and published as text by the API and datasets):

- ``Product.description`` and ``Partner.description`` (the seller's profile):
  ``p``, ``br``, ``strong``, ``em``, ``ul``, ``ol``, ``li`` and ``a`` with an
  ``http``/``https`` ``href`` only, which gets ``rel="nofollow noopener"``. Any other
  tag is dropped (its text is kept; ``script`` and ``style`` lose their content too),
  and so is every other attribute (``onerror``, ``style``, ``class``...).

The text is cleaned once on the way in (the models' ``save()``, which the dashboard,
the Django admin, the demo loader and any script go through; a data migration
cleaned the rows written before) and again on the way out (``seller_html`` template
filter, the API's serializers), so a row written around ``save()`` — an ``update()``
or a restored backup — is still harmless. Wagtail rich text typed by staff editors is
filtered by Wagtail itself and is not handled here.
"""

import html

import nh3
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a"})
WEB_SCHEMES = frozenset({"http", "https"})
LINK_REL = "nofollow noopener"


def _web_links_only(tag: str, attribute: str, value: str) -> str | None:
    # Relative, mailto:, tel: and javascript: links are all dropped: a seller links
    # to its own website or social page, nothing else.
    if tag == "a" and attribute == "href":
        return (
            value if value.strip().lower().startswith(("http://", "https://")) else None
        )
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={"a": {"href"}},
    attribute_filter=_web_links_only,
    url_schemes=set(WEB_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def seller_html_clean(value: str | None) -> str:
    """``value`` with only the allowed tags and attributes left (see the module).

    Idempotent: cleaning a cleaned text changes nothing, so it is safe to run on
    every save and every display.
    """
    if not value:
        return ""
    return _CLEANER.clean(value)


def seller_html_render(value: str | None) -> SafeString:
    """``value`` cleaned and marked safe for a page.

    Text without any tag (typed in a plain text box, or written before the editor
    had one) keeps its paragraphs and line breaks.
    """
    cleaned = seller_html_clean(value)
    if "<" not in cleaned:
        # Already escaped by the cleaner ("&" is "&amp;"): add the paragraphs only.
        cleaned = seller_html_clean(linebreaks(cleaned, autoescape=False))
    return mark_safe(cleaned)  # noqa: S308 - cleaned by the allowlist just above


def seller_html_text(value: str | None) -> str:
    """``value`` as plain text (tags dropped, entities decoded): for short previews
    and meta descriptions, which are escaped where they are shown."""
    return html.unescape(strip_tags(seller_html_clean(value))).strip()
