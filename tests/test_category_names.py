"""Category names and the footer text in the visitor's language (issue 16).

A category has a Vietnamese name and, optionally, an English one; English pages show
the English one (the Vietnamese one while it is empty), Vietnamese pages the
Vietnamese one, everywhere a buyer reads it: menus, breadcrumbs, the category page's
heading and title, search facets. The footer text works the same way.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import NavigationSettings
from tests.factories import ProductFactory, UserFactory
from tests.language import visible_texts

Category = get_model("catalogue", "Category")

pytestmark = pytest.mark.django_db


def shown(html: str) -> set[str]:
    """Every piece of text a reader sees on the page, whitespace folded."""
    return {" ".join(text.split()) for text in visible_texts(html)} - {""}


@pytest.fixture
def tea(home_page):
    drinks = Category.add_root(name="Đồ uống", name_en="Beverages", slug="do-uong")
    tea = drinks.add_child(name="Chè", name_en="Tea", slug="che")
    herbs = Category.add_root(name="Dược liệu", slug="duoc-lieu")  # no English name
    product = ProductFactory(title="Chè Shan tuyết Bản Liền", categories=None)
    product.categories.add(tea)
    ProductFactory(title="Cao atiso Sa Pa", categories=None).categories.add(herbs)
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    navigation.footer_text = "<p>Do trung tâm xúc tiến thương mại vận hành.</p>"
    navigation.footer_text_en = "<p>Run by the trade promotion centre.</p>"
    navigation.save()
    return product


def menu_categories(page) -> set[str]:
    """The names of the categories menu's links (header and bottom bar)."""
    links = page.html.select(".site-categories a[href*='/category/']")
    return {link.get_text() for link in links}


def storefront_pages(app, product):
    """Pages that show categories, in the active language."""
    tea = product.categories.get()
    return {
        "catalogue": app.get(reverse("catalogue:index")),
        "category": app.get(tea.get_absolute_url()),
        "product": app.get(product.get_absolute_url()),
        "search": app.get(reverse("search:search"), {"q": "che"}),
        "reviews": app.get(
            reverse(
                "catalogue:reviews-list",
                kwargs={"product_slug": product.slug, "product_pk": product.pk},
            )
        ),
    }


def test_english_pages_show_english_category_names_and_footer(django_app, tea):
    with translation.override("en"):
        pages = storefront_pages(django_app, tea)
    for name, page in pages.items():
        assert page.request.path.startswith("/en/"), name
        texts = shown(page.text)
        assert menu_categories(page) == {"Beverages", "Dược liệu"}, name
        assert not {"Đồ uống", "Chè"} & texts, name
        assert "Run by the trade promotion centre." in texts, name
        assert "Do trung tâm xúc tiến thương mại vận hành." not in texts, name
    # Breadcrumbs, heading and title of the category page; breadcrumbs of a product.
    category = pages["category"]
    assert category.html.select_one("h1").get_text(strip=True) == "Tea"
    assert category.html.title.get_text().startswith("Tea |")
    crumbs = [a.get_text() for a in pages["product"].html.select(".breadcrumb a")]
    assert crumbs[-2:] == ["Beverages", "Tea"]
    crumbs = [a.get_text() for a in pages["reviews"].html.select(".breadcrumb a")]
    assert "Tea" in crumbs
    # The search facet; a category without an English name keeps its Vietnamese one.
    facet = pages["catalogue"].html.select_one('[data-facet="category"]')
    labels = {" ".join(label.get_text().split()) for label in facet.select("label")}
    assert labels == {"Tea (1)", "Dược liệu (1)"}


def test_vietnamese_pages_keep_vietnamese_category_names_and_footer(django_app, tea):
    pages = storefront_pages(django_app, tea)
    for name, page in pages.items():
        assert not page.request.path.startswith("/en/"), name
        texts = shown(page.text)
        assert menu_categories(page) == {"Đồ uống", "Dược liệu"}, name
        assert not {"Beverages", "Tea"} & texts, name
        assert "Do trung tâm xúc tiến thương mại vận hành." in texts, name
        assert "Run by the trade promotion centre." not in texts, name
    assert pages["category"].html.select_one("h1").get_text(strip=True) == "Chè"
    facet = pages["catalogue"].html.select_one('[data-facet="category"]')
    labels = {" ".join(label.get_text().split()) for label in facet.select("label")}
    assert labels == {"Chè (1)", "Dược liệu (1)"}


def test_the_english_footer_falls_back_to_the_vietnamese_text(django_app, tea):
    navigation = NavigationSettings.objects.get()
    navigation.footer_text_en = ""
    navigation.save()
    with translation.override("en"):
        page = django_app.get(reverse("catalogue:index"))
    assert "Do trung tâm xúc tiến thương mại vận hành." in shown(page.text)


def test_the_dashboard_category_form_saves_the_english_name(django_app, home_page):
    staff = UserFactory(email="vanhanh@example.com", is_staff=True, is_superuser=True)
    django_app.set_user(staff)
    page = django_app.get(reverse("dashboard:catalogue-category-create"))
    form = page.forms["create_update_category_form"]
    form["name"] = "Thủ công mỹ nghệ"
    form["name_en"] = "Handicrafts"
    form.submit().follow()
    category = Category.objects.get()
    assert (category.name, category.name_en) == ("Thủ công mỹ nghệ", "Handicrafts")
    assert category.slug == "thu-cong-my-nghe"  # from the Vietnamese name, as before

    edit = django_app.get(
        reverse("dashboard:catalogue-category-update", kwargs={"pk": category.pk})
    )
    form = edit.forms["create_update_category_form"]
    assert form["name_en"].value == "Handicrafts"
    form["name_en"] = "Crafts"
    form.submit().follow()
    category.refresh_from_db()
    assert (category.name_en, category.slug) == ("Crafts", "thu-cong-my-nghe")
    with translation.override("en"):
        assert category.display_name == "Crafts"
    assert category.display_name == "Thủ công mỹ nghệ"


def test_the_english_category_name_finds_its_products(django_app, tea):
    with translation.override("en"):
        page = django_app.get(reverse("search:search"), {"q": "tea"})
    titles = [a.get_text(strip=True) for a in page.html.select(".ocop-card-title")]
    assert titles == ["Chè Shan tuyết Bản Liền"]
