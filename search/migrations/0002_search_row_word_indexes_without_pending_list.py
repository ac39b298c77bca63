"""The search rows' GIN indexes take each change at once (``fastupdate = off``).

With PostgreSQL's default, new index entries wait in a pending list of up to 4 MB
that every search reads from start to end: after a catalogue import or a day of
seller edits, a words query at 100,000 products read 468 pending pages and took
three to four times as long. The rows change one product at a time, in the
seller's own transaction, where adding to the index directly costs little.
"""

from django.db import migrations

GIN_INDEXES = ("search_row_words", "search_row_sellers", "search_row_categories")


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        # What already waits is moved into the index now.
        schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in GIN_INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_product_search_rows")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list)]
