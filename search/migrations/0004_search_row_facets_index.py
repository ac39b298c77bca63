"""Facet counts read a covering index of the search rows instead of the rows.

Counting facets over the whole catalogue reads every search row; each row carries
its words (two text vectors, most of its 650 bytes), so the scan went through 64 MB
for a few small columns. The index holds just what facet counts and filters read,
about a quarter of that, and PostgreSQL counts from it without visiting the rows
(an index-only scan) wherever the visibility map says a page has not changed since
it was last vacuumed. Autovacuum is therefore asked to visit this table after 1% of
its rows changed or were added rather than 20%: a catalogue import or a day of
seller edits would otherwise send most of the count back to the rows.
"""

from django.db import migrations

INDEX = (
    "CREATE INDEX search_row_facets ON search_productsearchrow "
    "(ocop_group, stars_now, in_stock, origin_province, price_ranges, "
    "sole_seller_id, sole_category_id) "
    "INCLUDE (min_price, max_price, prices, seller_ids, category_ids)"
)
VACUUM_OFTEN = (
    "autovacuum_vacuum_scale_factor = 0.01, "
    "autovacuum_vacuum_insert_scale_factor = 0.01, "
    "autovacuum_analyze_scale_factor = 0.02"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(INDEX)
    schema_editor.execute(f"ALTER TABLE search_productsearchrow SET ({VACUUM_OFTEN})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_row_facets")
    schema_editor.execute(
        "ALTER TABLE search_productsearchrow RESET ("
        "autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor, "
        "autovacuum_analyze_scale_factor)"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_row_price_ranges_and_sole_ids")]

    operations = [migrations.RunPython(create, drop)]
