"""Vietnamese titles give ASCII page addresses: "đ" is "d", tone marks go."""

import pytest

from cms.models import CampaignPage
from cms.slugs import ascii_slug, slug_input


def test_vietnamese_title_gives_an_ascii_slug():
    assert ascii_slug("Tuần lễ Đặc sản OCOP 4 sao") == "tuan-le-dac-san-ocop-4-sao"
    assert ascii_slug("ĐƯỜNG ĐI") == "duong-di"


def test_editor_widget_maps_vietnamese_letters_before_wagtail_slugifies():
    formatters = slug_input().attrs["data-w-slug-formatters-value"]
    assert "\\u0111" in formatters or "đ" in formatters  # đ → d, not Wagtail's "dj"


@pytest.mark.django_db
def test_a_page_created_without_a_slug_gets_an_ascii_one(home_page):
    campaign = home_page.add_child(instance=CampaignPage(title="Đặc sản Đồng Văn"))
    assert campaign.slug == "dac-san-dong-van"
