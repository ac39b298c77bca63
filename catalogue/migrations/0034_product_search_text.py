"""Folded search text on products, and PostgreSQL's trigram index over it.

The extensions and the index exist only on PostgreSQL; on SQLite those steps do
nothing and the plain ``LIKE`` over the folded text does the work.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


def fill_search_text(apps, schema_editor):
    from search.services import product_search_fields

    Product = apps.get_model("catalogue", "Product")
    batch = []
    products = Product.objects.prefetch_related(
        "categories", "stockrecords__partner"
    ).order_by("id")
    for product in products.iterator(chunk_size=500):
        product.search_title, product.search_text = product_search_fields(
            product=product
        )
        batch.append(product)
        if len(batch) >= 500:
            Product.objects.bulk_update(batch, ["search_title", "search_text"])
            batch = []
    Product.objects.bulk_update(batch, ["search_title", "search_text"])


TRIGRAM_INDEXES = (
    ("catalogue_product_search_text_trgm", "search_text"),
    ("catalogue_product_search_title_trgm", "search_title"),
)


def create_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalogue_product "
            f"USING gin ({column} gin_trgm_ops)"
        )
    schema_editor.execute(
        "UPDATE catalogue_product SET search_vector = to_tsvector('simple', search_text)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS catalogue_product_search_vector ON "
        "catalogue_product USING gin (search_vector)"
    )


def drop_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP INDEX IF EXISTS catalogue_product_search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0033_product_ocop_data"),
        ("partner", "0008_seller_profile_and_bank"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="product",
            name="search_title",
            field=models.TextField(
                blank=True, editable=False, verbose_name="search title"
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="search_text",
            field=models.TextField(
                blank=True, editable=False, verbose_name="search text"
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                models.F("ocop_group"),
                models.OrderBy(models.F("ocop_stars"), descending=True),
                models.F("title"),
                models.F("id"),
                condition=models.Q(("is_public", True), ("parent", None)),
                name="product_browse_order",
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(create_postgresql_indexes, drop_postgresql_indexes),
    ]
