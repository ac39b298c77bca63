"""Facet counts group the search rows by small numbers instead of arrays and tests.

Counting the whole catalogue's facets (100,000 rows, the first browse after a
change) spent most of its time hashing the seller and category arrays and testing
every price against each price range. The rows now also keep which price ranges
they have prices in (a bit each) and their one seller and one category when there
is exactly one; the arrays stay for the filters and for the few products with
several.
"""

from django.db import migrations, models

from search.query import PRICE_RANGES


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    bits = " ".join(
        f"WHEN p >= {low}{f' AND p < {high}' if high is not None else ''} "
        f"THEN {1 << n}"
        for n, (_key, low, high) in enumerate(PRICE_RANGES)
    )
    schema_editor.execute(
        "UPDATE search_productsearchrow SET "
        f"price_ranges = (SELECT coalesce(bit_or(CASE {bits} ELSE 0 END), 0) "
        "FROM unnest(prices) AS p), "
        "sole_seller_id = CASE WHEN cardinality(seller_ids) = 1 "
        "THEN seller_ids[1] END, "
        "sole_category_id = CASE WHEN cardinality(category_ids) = 1 "
        "THEN category_ids[1] END"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_row_word_indexes_without_pending_list")]

    operations = [
        migrations.AddField(
            model_name="productsearchrow",
            name="price_ranges",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="productsearchrow",
            name="sole_category_id",
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="productsearchrow",
            name="sole_seller_id",
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
