"""Text in the wrong language, found by comparing with the translation catalogues.

Every English message of our catalogue and of Oscar's, Wagtail's and Django's is
known here, with its Vietnamese translation (none when those catalogues have none:
such a message shows in English on a Vietnamese page, a bug too). On a Vietnamese
page (or mail) a piece of text equal to one of those English messages was not
translated; on an English page a piece of text equal to one of the Vietnamese
translations leaked. Messages that read the same in both languages ("VietQR") are
not counted.
Messages with placeholders ("Order %(number)s") match any value in their place.
"""

import io
import re
from functools import cache
from pathlib import Path

import django
import oscar
import wagtail
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils.translation.template import templatize

CATALOGUES = [
    Path(settings.BASE_DIR) / "locale",
    Path(oscar.__file__).parent / "locale",
    Path(wagtail.__file__).parent / "locale",
    Path(django.__file__).parent / "conf" / "locale",
]
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
#: Text shown where a user reads it: attributes as well as text nodes.
_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


def _wordy(text: str) -> bool:
    """Whether ``text`` has a word in it (not only punctuation, digits, a symbol)."""
    return len(text) >= 3 and re.search(r"[^\W\d_]{2}", text) is not None


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(" :*")


def _pattern(message: str):
    parts = _PLACEHOLDER.split(_normal(message))
    return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$")


#: Where the English messages are written: Oscar's and Wagtail's catalogues lag their
#: sources ("Submit" is in none; Wagtail's Vietnamese lacks "Slug"), so the messages
#: are also read from the sources.
SOURCES = [
    Path(settings.BASE_DIR) / name
    for name in ("templates", "shop", "payments", "catalogue", "cms", "search")
] + [
    Path(oscar.__file__).parent / "templates",
    Path(oscar.__file__).parent / "apps",
    Path(wagtail.__file__).parent,
]
_KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


def _source_messages():
    """Every message marked for translation in the templates and Python sources."""
    for root in SOURCES:
        for path in root.rglob("*"):
            skipped = "migrations" in path.parts or "tests" in path.parts
            if path.suffix not in (".html", ".txt", ".py") or skipped:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix != ".py":
                if "trans" not in text:
                    continue
                try:
                    text = templatize(text)
                except Exception:  # not a Django template: nothing to read
                    continue
            try:
                found = list(
                    extract_python(io.BytesIO(text.encode()), _KEYWORDS, [], {})
                )
            except Exception:
                continue
            for _line, _function, message, _comments in found:
                for part in message if isinstance(message, tuple) else (message,):
                    if isinstance(part, str):
                        yield part


@cache
def _pairs() -> tuple[tuple[str, str], ...]:
    """(English, Vietnamese) of every message; ours win over Oscar's; "" for a
    message no catalogue translates."""
    seen: dict[str, str] = {}
    same: set[str] = set()  # read the same in both languages ("VietQR")
    for root in CATALOGUES:
        path = root / "vi" / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        with path.open("rb") as f:
            catalog = read_po(f, locale="vi")
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = (
                message.string
                if isinstance(message.string, tuple)
                else (message.string,)
            )
            for english, vietnamese in zip(ids, strings, strict=False):
                english, vietnamese = _normal(english), _normal(vietnamese or "")
                if english == vietnamese:
                    same.add(english)
                if not _wordy(english) or english == vietnamese:
                    continue
                if not seen.get(english):  # a translation wins over none
                    seen[english] = vietnamese
    for message in _source_messages():
        english = _normal(message)
        if _wordy(english) and english not in same:
            seen.setdefault(english, "")
    return tuple(seen.items())


@cache
def _index(side: int):
    exact, patterns = set(), []
    for pair in _pairs():
        text = pair[side]
        if not _wordy(text):
            continue
        if _PLACEHOLDER.search(text):
            if len(_PLACEHOLDER.sub("", text).strip()) >= 8:
                patterns.append((text, _pattern(text)))
        else:
            exact.add(text)
    return exact, patterns


def _find(texts, side: int) -> list[str]:
    exact, patterns = _index(side)
    found = []
    for text in {_normal(t) for t in texts}:
        if not text:
            continue
        if text in exact or any(p.match(text) for _m, p in patterns):
            found.append(text)
    return sorted(found)


def visible_texts(html: str) -> list[str]:
    """The text nodes and the readable attributes of an HTML page.

    Text marked as another language than the page's (``<a lang="en">English</a>``
    in a language menu) is meant to be in that language and is left out.
    """
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    root = soup.find("html")
    page_language = (root.get("lang", "") if root else "").split("-")[0]
    if page_language:
        for tag in soup.find_all(attrs={"lang": True}):
            if tag is not root and tag["lang"].split("-")[0] != page_language:
                tag.decompose()
    texts = [str(node) for node in soup.find_all(string=True)]
    for name in _ATTRIBUTES:
        texts += [tag[name] for tag in soup.find_all(attrs={name: True})]
    texts += [
        tag["value"]
        for tag in soup.find_all("input", attrs={"type": ["submit", "button"]})
        if tag.get("value")
    ]
    return texts


def untranslated(texts) -> list[str]:
    """Pieces of ``texts`` (from a Vietnamese page) that are English messages."""
    return _find(texts, 0)


def leaked_vietnamese(texts) -> list[str]:
    """Pieces of ``texts`` (from an English page) that are Vietnamese translations."""
    return _find(texts, 1)
