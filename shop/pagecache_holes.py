"""What in a kept page (shop/pagecache.py) is each visitor's own.

The CSRF token in its forms and the CSP nonce of its scripts are holes: cut out when
the page is kept, filled in for each visitor it is served to.

The personal parts are the rest. A buyer who has put something in the basket
carries a basket cookie, and often a session, so no page is kept from what is
rendered for them: their pages show their basket. Yet a storefront page differs
from everyone's only in a few parts, the same on every page: the header's account
and basket links, the bottom bar's, and the messages. Those parts are rendered
through ``{% personal_part %}`` (shop/templatetags/page_parts.py), which marks them
in a page being kept for everyone. A visitor who is not signed in is served a kept
page with each marked part rendered again from their own session, basket and
messages: a few milliseconds instead of the whole page.

Signed-in visitors get every page rendered: their pages may show more of them (a
wish list, the dashboard link, a review they wrote) than the marked parts.

Only the parts named in ``PERSONAL_PARTS`` are rendered, each from its own template,
so a mark cannot name anything else. A kept page is filled for a visitor only if it
was kept with its basket part marked (every storefront layout has one); any other
kept page is rendered for them instead.
"""

import logging
import re

from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import RequestContext, engines
from django.utils.crypto import constant_time_compare
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

#: The personal parts of a storefront page, and the template each is rendered from.
PERSONAL_PARTS = {
    "accounts": "oscar/partials/nav_accounts.html",
    "basket": "oscar/partials/mini_basket.html",
    "bottom_basket": "oscar/partials/bottom_nav_basket.html",
    "bottom_account": "oscar/partials/bottom_nav_account.html",
    "messages": "oscar/partials/alert_messages.html",
}
CSRF_HOLE = b"\x00page-cache-csrf\x00"
NONCE_HOLE = b"\x00page-cache-nonce\x00"
_CSRF_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_START = "\x00page-cache-part:{}\x00"
_END = "\x00page-cache-part-end\x00"
_PART_NAME = re.compile(rb"\x00page-cache-part:([a-z_]+)\x00")
_MARKED = re.compile(
    rb"\x00page-cache-part:([a-z_]+)\x00(.*?)\x00page-cache-part-end\x00", re.S
)


def personal_part(context, name: str) -> str:
    """The part ``name`` rendered in ``context``, marked when the page is being kept."""
    template = context.template.engine.get_template(PERSONAL_PARTS[name])
    with context.push():
        html = template.render(context)
    request = context.get("request")
    if not getattr(request, "_page_cache_marking", False):
        return mark_safe(html)  # noqa: S308 (a template's own output)
    request.__dict__.setdefault("_page_cache_parts", set()).add(name)
    return mark_safe(_START.format(name) + html + _END)  # noqa: S308


def marks_removed(content: bytes) -> bytes:
    """A kept page as everyone sees it: its personal parts as rendered for nobody."""
    if b"\x00page-cache-part:" not in content:
        return content
    return _MARKED.sub(rb"\2", content)


def page_parts(request) -> list[str]:
    """The personal parts marked in the page rendered for ``request``."""
    return sorted(getattr(request, "_page_cache_parts", ()))


def _parts_rendered(request, names) -> dict[bytes, bytes]:
    """Each personal part rendered for ``request`` (one context for all of them)."""
    engine = engines["django"].engine
    templates = {name: engine.get_template(PERSONAL_PARTS[name]) for name in names}
    context = RequestContext(request)
    rendered = {}
    with context.bind_template(next(iter(templates.values()))):
        for name, template in templates.items():
            with context.push():
                rendered[name.encode()] = template.render(context).encode()
    return rendered


def personal_page(request, content: bytes) -> bytes:
    """A kept page with its personal parts rendered for ``request``."""
    names = {m.decode() for m in _PART_NAME.findall(content)}
    rendered = _parts_rendered(request, sorted(names & PERSONAL_PARTS.keys()))
    return _MARKED.sub(lambda m: rendered.get(m.group(1), b""), content)


def entry_is_fillable(entry) -> bool:
    """Whether a kept page can be served to a visitor with its parts rendered again."""
    return "basket" in entry.get("parts", ())


def holes_punched(request, content: bytes) -> bytes:
    """``content`` with this visitor's CSRF tokens and CSP nonce marked as holes."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:

        def hole_if_token(match):
            token = match.group().decode()
            if constant_time_compare(_unmask_cipher_token(token), secret):
                return CSRF_HOLE
            return match.group()

        content = _CSRF_CANDIDATE.sub(hole_if_token, content)
    nonce = getattr(request, "_csp_nonce", None)  # set once the page used one
    if nonce:
        content = content.replace(str(nonce).encode(), NONCE_HOLE)
    return content


def holes_filled(request, content: bytes) -> bytes:
    """A kept page's holes filled for this visitor (a cookie is set where needed)."""
    if CSRF_HOLE in content:
        parts = content.split(CSRF_HOLE)
        filled = [parts[0]]
        for part in parts[1:]:
            filled += [get_token(request).encode(), part]
        content = b"".join(filled)
    if NONCE_HOLE in content:
        content = content.replace(NONCE_HOLE, str(request.csp_nonce).encode())
    return content
