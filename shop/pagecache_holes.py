"""What in a kept page (shop/pagecache.py) is each visitor's own.

The CSRF token in its forms and the CSP nonce of its scripts are holes: cut out when
the page is kept, filled in for each visitor it is served to.

The personal parts are the rest. A buyer who has put something in the basket
carries a basket cookie, and often a session, so no page is kept from what is
rendered for them: their pages show their basket. Yet a storefront page differs
from everyone's only in a few parts: the header's account and basket links, the
bottom bar's, and the messages on every page; the home page's "sellers near you"
(the province of a signed-in buyer's address) and the product page's "Write a
review" (shown to a signed-in buyer who has not reviewed it). Those parts are
rendered through ``{% personal_part %}`` (shop/templatetags/page_parts.py), which
marks them in a page being kept for everyone. A visitor with a session or basket,
signed in or not, is served a kept page with each marked part rendered again from
their own session, user, basket and messages: a few milliseconds instead of the
whole page. The parts that only a signed-in buyer's account changes
(``SIGNED_IN_PARTS``) are left as kept for a visitor who is not signed in.

A page that shows something else for a signed-in buyer says so with
``{% page_differs_when_signed_in %}`` (the product page of a product out of stock:
its stock alert form); such a page is rendered for signed-in buyers. So are all
pages for staff, and for every signed-in visitor where ``PAGE_CACHE_SIGNED_IN`` is
off.

Only the parts named in ``PERSONAL_PARTS`` are rendered, each from its own template,
so a mark cannot name anything else; a part about one object (the product of
"Write a review") names it by its number, and the object is read again. A kept page
is filled for a visitor only if it was kept with its basket part marked (every
storefront layout has one); any other kept page is rendered for them instead.
"""

import logging
import re

from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
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
    "near": "cms/includes/home_near.html",
    "review_write": "oscar/catalogue/partials/review_write.html",
}
#: Parts that only a signed-in visitor's account changes: as kept for anyone else.
SIGNED_IN_PARTS = {"near", "review_write"}
#: Parts about one object: the name it has in the part's template, its model, and
#: the fields the template reads.
PART_OBJECTS = {"review_write": ("product", "catalogue.Product", ("id", "slug"))}
CSRF_HOLE = b"\x00page-cache-csrf\x00"
NONCE_HOLE = b"\x00page-cache-nonce\x00"
# A masked CSRF token is 64 ASCII letters and digits (Django's CSRF_TOKEN_LENGTH);
# a candidate is such a run with no letter or digit either side. To find them at
# the speed of bytes.find, each letter or digit becomes "a" and every other byte a
# space: a candidate is then a space, 64 "a" and a space. (The regular expression
# it replaced took 0.8 ms on a 57 KB category page, a tenth of rendering it.)
_ALNUM_FLAT = bytes(
    ord("a") if chr(byte).isascii() and chr(byte).isalnum() else ord(" ")
    for byte in range(256)
)
_CSRF_RUN = b" " + b"a" * CSRF_TOKEN_LENGTH + b" "
_START = "\x00page-cache-part:{}\x00"
_END = "\x00page-cache-part-end\x00"
_PART_NAME = re.compile(rb"\x00page-cache-part:([a-z_]+)(?::([0-9]{1,18}))?\x00")
_MARKED = re.compile(
    rb"\x00page-cache-part:([a-z_]+)(?::([0-9]{1,18}))?\x00(.*?)"
    rb"\x00page-cache-part-end\x00",
    re.S,
)


def personal_part(context, name: str, object_id=None) -> str:
    """The part ``name`` rendered in ``context``, marked when the page is being kept
    (with ``object_id``, the number of the object the part is about)."""
    template = context.template.engine.get_template(PERSONAL_PARTS[name])
    with context.push():
        html = template.render(context)
    request = context.get("request")
    if not getattr(request, "_page_cache_marking", False):
        return mark_safe(html)  # noqa: S308 (a template's own output)
    request.__dict__.setdefault("_page_cache_parts", set()).add(name)
    mark = name if name not in PART_OBJECTS else f"{name}:{int(object_id)}"
    return mark_safe(_START.format(mark) + html + _END)  # noqa: S308


def page_differs_when_signed_in(context) -> str:
    """Mark the page being rendered as one a signed-in visitor sees otherwise."""
    request = context.get("request")
    if request is not None:
        request._page_cache_anonymous_only = True
    return ""


def marks_removed(content: bytes) -> bytes:
    """A kept page as everyone sees it: its personal parts as rendered for nobody."""
    if b"\x00page-cache-part:" not in content:
        return content
    return _MARKED.sub(rb"\3", content)


def page_parts(request) -> list[str]:
    """The personal parts marked in the page rendered for ``request``."""
    return sorted(getattr(request, "_page_cache_parts", ()))


def page_is_fillable_when_signed_in(request) -> bool:
    """Whether the page rendered for ``request`` shows a signed-in visitor nothing
    but its personal parts differently."""
    return not getattr(request, "_page_cache_anonymous_only", False)


def _part_objects(marks) -> dict[tuple[str, int], object]:
    """The objects the parts ``marks`` (name, number) are about, one query per part."""
    from django.apps import apps

    found = {}
    for name, (_variable, label, fields) in PART_OBJECTS.items():
        numbers = {number for part, number in marks if part == name}
        if numbers:
            model = apps.get_model(label)
            for obj in model._default_manager.filter(pk__in=numbers).only(*fields):
                found[(name, obj.pk)] = obj
    return found


def _parts_rendered(request, marks) -> dict[tuple[str, int | None], bytes]:
    """Each personal part marked ``(name, number)`` rendered for ``request`` (one
    context for all of them); a part about an object that is gone is left empty."""
    if not marks:
        return {}
    engine = engines["django"].engine
    objects = _part_objects(marks)
    templates = {name: engine.get_template(PERSONAL_PARTS[name]) for name, _ in marks}
    context = RequestContext(request)
    rendered = {}
    # Bound once: the context processors run once for all the parts.
    with context.bind_template(next(iter(templates.values()))):
        for name, number in marks:
            extra = {}
            if name in PART_OBJECTS:
                obj = objects.get((name, number))
                if obj is None:
                    rendered[(name, number)] = b""
                    continue
                extra[PART_OBJECTS[name][0]] = obj
            with context.push(extra):
                rendered[(name, number)] = templates[name].render(context).encode()
    return rendered


def _mark(name: bytes, number: bytes | None) -> tuple[str, int | None]:
    return name.decode(), int(number) if number else None


def personal_page(request, content: bytes) -> bytes:
    """A kept page with its personal parts rendered for ``request``."""
    signed_in = request.user.is_authenticated
    marks = {
        (name, number)
        for name, number in (_mark(*m) for m in _PART_NAME.findall(content))
        if name in PERSONAL_PARTS
        and (signed_in or name not in SIGNED_IN_PARTS)
        and ((number is not None) == (name in PART_OBJECTS))
    }
    rendered = _parts_rendered(request, sorted(marks, key=str))

    def part(match):
        name, number = _mark(*match.group(1, 2))
        if name not in PERSONAL_PARTS:
            return b""  # a mark naming no part: nothing of it is shown
        return rendered.get((name, number), match.group(3))

    return _MARKED.sub(part, content)


def entry_is_fillable(entry, *, signed_in: bool = False) -> bool:
    """Whether a kept page can be served to a visitor with its parts rendered again
    (to a signed-in one: only if nothing else in it differs for them)."""
    if "basket" not in entry.get("parts", ()):
        return False
    return not signed_in or entry.get("signed_in", False)


def _csrf_candidates(content: bytes):
    """Where each run of exactly ``CSRF_TOKEN_LENGTH`` ASCII letters and digits
    starts in ``content`` (see ``_ALNUM_FLAT``)."""
    flat = b" " + content.translate(_ALNUM_FLAT) + b" "
    # flat[i + 1] is content[i]: a match at i is a token starting at content[i].
    start = flat.find(_CSRF_RUN)
    while start != -1:
        yield start
        # Its closing space may open the next candidate.
        start = flat.find(_CSRF_RUN, start + CSRF_TOKEN_LENGTH + 1)


def holes_punched(request, content: bytes) -> bytes:
    """``content`` with this visitor's CSRF tokens and CSP nonce marked as holes."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        # A page's forms mostly share one token: each candidate unmasked once.
        mine: dict[bytes, bool] = {}
        pieces, done = [], 0
        for start in _csrf_candidates(content):
            found = content[start : start + CSRF_TOKEN_LENGTH]
            if found not in mine:
                mine[found] = constant_time_compare(
                    _unmask_cipher_token(found.decode()), secret
                )
            if mine[found]:
                pieces += [content[done:start], CSRF_HOLE]
                done = start + CSRF_TOKEN_LENGTH
        if pieces:
            content = b"".join([*pieces, content[done:]])
    nonce = getattr(request, "_csp_nonce", None)  # set once the page used one
    if nonce:
        content = content.replace(str(nonce).encode(), NONCE_HOLE)
    return content


def holes_filled(request, content: bytes) -> bytes:
    """A kept page's holes filled for this visitor (a cookie is set where needed)."""
    if CSRF_HOLE in content:
        # One masked token for the whole response, as one {% csrf_token %} gives:
        # masking it again for each of a list's forms cost more than the rest of
        # serving the page.
        content = content.replace(CSRF_HOLE, get_token(request).encode())
    if NONCE_HOLE in content:
        content = content.replace(NONCE_HOLE, str(request.csp_nonce).encode())
    return content
