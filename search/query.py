"""The search contract: what the storefront asks for and what it gets back.

Storefront views speak only these types; a backend (``search.backends``) answers them.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProductQuery:
    """A buyer's question to the catalogue."""

    text: str = ""
    category_ids: tuple[int, ...] = ()
    ocop_group: int | None = None
    page: int = 1
    per_page: int = 24


@dataclass(frozen=True)
class ProductSearchResult:
    """Product ids in display order for one page, with the totals around them."""

    product_ids: list[int]
    total: int
    facets: dict[str, dict] = field(default_factory=dict)
