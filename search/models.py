"""The database backend's own search table (PostgreSQL).

Listing, filtering, sorting and counting 100,000 products straight from the catalogue
means joining products, stock records, sellers and categories for every request. On
PostgreSQL the database backend instead reads one narrow row per product on sale,
holding everything a buyer can filter, sort or count by, with an index for each sort.
``search.services.product_search_rows_refresh`` keeps it in step, in the same
transaction as the change. The table exists on SQLite too (empty and unread): there
the backend still queries the catalogue directly.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class ProductSearchRow(models.Model):
    """One product on sale (``search.selectors.browsable_products``), as search sees it.

    Copies of the product's own fields, plus what comes from its stock records and
    categories: every price, seller and category it has (arrays, so "any of its
    stock records" stays exact for a product several sellers offer) and whether any
    seller has it in stock. Products not on sale have no row.
    """

    product = models.OneToOneField(
        "catalogue.Product",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(max_length=255)
    date_created = models.DateTimeField()
    ocop_group = models.PositiveSmallIntegerField(null=True)
    ocop_stars = models.PositiveSmallIntegerField(null=True)
    ocop_decision_date = models.DateField(null=True)
    ocop_valid_until = models.DateField(null=True)
    origin_province = models.CharField(max_length=128)
    #: The stars in force (0 for none) from ``stars_from`` to ``stars_until``
    #: (inclusive; empty for no bound). A rating starts and lapses by date alone, so
    #: the backend brings rows whose dates no longer hold up to date before it reads
    #: them (``search.services.product_search_rows_stars_update``).
    stars_now = models.PositiveSmallIntegerField(default=0)
    stars_from = models.DateField(null=True)
    stars_until = models.DateField(null=True)
    #: The lowest and highest of ``prices``: the sort by price, and the price filter
    #: settled without reading the array for a product with one price.
    min_price = models.BigIntegerField(null=True)
    max_price = models.BigIntegerField(null=True)
    #: Every distinct price of its stock records, in whole đồng.
    prices = ArrayField(models.BigIntegerField())
    #: Bit n set when some price is in ``search.query.PRICE_RANGES[n]``: the price
    #: facet counted from one small number instead of four tests of the prices.
    price_ranges = models.PositiveSmallIntegerField(default=0)
    seller_ids = ArrayField(models.BigIntegerField())
    category_ids = ArrayField(models.BigIntegerField())
    #: The only seller and the only category, when there is exactly one (most
    #: products; None otherwise): facet counts group by a number, not an array.
    sole_seller_id = models.BigIntegerField(null=True)
    sole_category_id = models.BigIntegerField(null=True)
    in_stock = models.BooleanField()
    #: Words of the product's folded search text and of its folded title.
    search_vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)

    def __str__(self):
        return self.title
