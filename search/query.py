"""The search contract: what the storefront asks for and what it gets back.

Storefront views speak only these types; a backend (``search.backends``) answers them.
Every backend passes the same contract tests (tests/search/test_contract.py).
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Sort(StrEnum):
    """Orders a buyer can choose. ``RELEVANCE`` without words is the browse order."""

    RELEVANCE = "relevance"
    PRICE_ASC = "price"
    PRICE_DESC = "-price"
    NEWEST = "newest"
    STARS = "stars"


#: Price facet buckets in whole đồng: (key, lowest included, highest excluded).
PRICE_RANGES = (
    ("0-100000", 0, 100_000),
    ("100000-200000", 100_000, 200_000),
    ("200000-500000", 200_000, 500_000),
    ("500000-", 500_000, None),
)

#: Facet names in ``ProductSearchResult.facets``; each maps a value to a count.
FACETS = ("category", "ocop_group", "stars", "province", "seller", "price", "in_stock")


@dataclass(frozen=True)
class ProductQuery:
    """A buyer's question to the catalogue.

    Filters within one facet are alternatives (group 1 or 2); different facets all
    apply (group 1 and in stock). ``scope_category_ids`` is the category page the buyer
    is on (a category and its descendants), not a choice they can untick.
    """

    text: str = ""
    scope_category_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    ocop_groups: tuple[int, ...] = ()
    stars: tuple[int, ...] = ()
    provinces: tuple[str, ...] = ()
    seller_ids: tuple[int, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = 24
    #: Ask for facet counts; suggestions-as-you-type do not need them.
    facets: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class ProductSearchResult:
    """Product ids in display order for one page, with the totals around them.

    ``facets[name][value]`` counts the products that would match if that value were
    ticked, with every other facet's choices kept (so the counts beside the ticked
    boxes of one facet add up to the total). ``suggestion`` is a corrected spelling of
    the words; when the words as typed found nothing, ``corrected`` is true and the
    products are those of the suggestion.
    """

    product_ids: list[int]
    total: int
    facets: dict[str, dict] = field(default_factory=dict)
    #: Names for facet values that are ids, by facet and id: a seller's name, a
    #: category's (Vietnamese name, English name) for the page to pick from
    #: (counts are kept across languages, so the choice is made when shown).
    facet_labels: dict[str, dict] = field(default_factory=dict)
    suggestion: str | None = None
    corrected: bool = False
