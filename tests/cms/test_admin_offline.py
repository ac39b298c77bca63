"""The Wagtail admin works offline and needs no guessing (issue 17): no avatar from
gravatar.com, no "new release" check against releases.wagtail.org, TinyMCE under its
GPL licence key (no evaluation-mode warning), and every number a block asks for has a
default. The browser test (tests/browser/test_back_office.py) also records that no
request leaves the server while an editor publishes a page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail import blocks

from cms.blocks import PageBodyBlock, ProductGridBlock, StoryBodyBlock, StoryListBlock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = UserFactory(email="bientap@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_the_admin_names_no_outside_server(django_app, home_page, editor):
    pages = [
        django_app.get("/admin/", user=editor),
        django_app.get(f"/admin/pages/{home_page.pk}/edit/", user=editor),
    ]
    for page in pages:
        assert "gravatar.com" not in page.text
        assert "releases.wagtail.org" not in page.text
        assert "w-upgrade" not in page.text  # the release check's controller


def test_tinymce_runs_under_its_gpl_licence_key(django_app):
    staff = UserFactory(is_staff=True)
    page = django_app.get(reverse("dashboard:index"), user=staff)
    assert "'license_key': 'gpl'" in page.text


def _numbers(block, path=()):
    """Every number field inside ``block``, with where it is."""
    if isinstance(block, blocks.IntegerBlock):
        yield ".".join(path), block
    children = getattr(block, "child_blocks", None) or {}
    for name, child in children.items():
        yield from _numbers(child, (*path, name))
    if isinstance(block, blocks.ListBlock):
        yield from _numbers(block.child_block, path)


def test_every_number_a_block_asks_for_has_a_default():
    numbers = dict(_numbers(PageBodyBlock())) | dict(_numbers(StoryBodyBlock()))
    assert "product_grid.count" in numbers, "the walk is broken"
    assert {path: n.get_default() for path, n in numbers.items()} == {
        path: n.get_default() for path, n in numbers.items() if n.get_default()
    }


def test_how_many_products_and_stories_default_to_a_screenful():
    assert ProductGridBlock().child_blocks["count"].get_default() == 8
    assert StoryListBlock().child_blocks["count"].get_default() == 3
