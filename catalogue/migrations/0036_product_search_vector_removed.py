"""Drop PostgreSQL search structures on products that no query uses any more.

The trigram indexes of migration 0034 were never used: on PostgreSQL words were
matched through ``search_vector`` (a tsquery), and the ``LIKE`` over the folded text
appeared only in the relevance ``CASE`` of the ``ORDER BY``, which no index answers.
The word vector itself now lives in the search rows (search migration
``product_search_rows``), so products drop it and its GIN index: fewer writes on
every product save.
"""

from django.db import migrations

TRIGRAM_INDEXES = (
    ("catalogue_product_search_text_trgm", "search_text"),
    ("catalogue_product_search_title_trgm", "search_title"),
)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalogue_product "
            f"USING gin ({column} gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0035_product_description_sanitise"),
    ]

    operations = [
        migrations.RunPython(drop_trigram_indexes, create_trigram_indexes),
        # Its GIN index (catalogue_product_search_vector) goes with the column.
        migrations.RemoveField(
            model_name="product",
            name="search_vector",
        ),
    ]
