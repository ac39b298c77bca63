"""Clean the product descriptions written before they were sanitised on save.

Issue 14: sellers could store any HTML (scripts, event handlers) in a description.
Rows are rewritten only where cleaning changes them; running it again changes nothing.
"""

from django.db import migrations


def descriptions_clean(apps, schema_editor):
    from shop.seller_html import seller_html_clean

    Product = apps.get_model("catalogue", "Product")
    rows = Product._default_manager.exclude(description="").values_list(
        "pk", "description"
    )
    for pk, description in rows.iterator(chunk_size=500):
        cleaned = seller_html_clean(description)
        if cleaned != description:
            Product._default_manager.filter(pk=pk).update(description=cleaned)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0034_product_search_text")]

    operations = [migrations.RunPython(descriptions_clean, migrations.RunPython.noop)]
