"""Vietnamese first: every string of ours is translated and served by default."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from tests.factories import ProductFactory

PO_FILE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_vietnamese_translation():
    with PO_FILE.open("rb") as f:
        catalog = read_po(f, locale="vi")
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


def test_no_message_is_listed_twice():
    """gettext's msgmerge and makemessages refuse a catalogue with a duplicate entry."""
    entries = re.findall(
        r'^(?:msgctxt "(.*)"\n)?msgid ((?:".*"\n)+)msgstr', PO_FILE.read_text(), re.M
    )
    duplicates = sorted({entry for entry in entries if entries.count(entry) > 1})
    assert duplicates == []


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default_and_english_under_en(django_app):
    product = ProductFactory()
    assert reverse("catalogue:index") == "/catalogue/"  # no prefix for Vietnamese

    vietnamese = django_app.get(product.get_absolute_url())
    assert '<html lang="vi"' in vietnamese.text
    assert "Thông tin OCOP" in vietnamese.text

    english = django_app.get("/en" + product.get_absolute_url())
    assert '<html lang="en"' in english.text
    assert "OCOP information" in english.text
