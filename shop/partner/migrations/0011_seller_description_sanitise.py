"""Clean the seller descriptions written before they were sanitised on save.

Issue 14: a seller could store any HTML (scripts, event handlers) in its profile.
Rows are rewritten only where cleaning changes them; running it again changes nothing.
"""

from django.db import migrations


def descriptions_clean(apps, schema_editor):
    from shop.seller_html import seller_html_clean

    Partner = apps.get_model("partner", "Partner")
    rows = Partner._default_manager.exclude(description="").values_list(
        "pk", "description"
    )
    for pk, description in rows.iterator(chunk_size=500):
        cleaned = seller_html_clean(description)
        if cleaned != description:
            Partner._default_manager.filter(pk=pk).update(description=cleaned)


class Migration(migrations.Migration):
    dependencies = [("partner", "0010_seller_marketplace_terms")]

    operations = [migrations.RunPython(descriptions_clean, migrations.RunPython.noop)]
