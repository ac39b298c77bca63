from decimal import Decimal

import django.core.validators
from django.db import migrations, models


def same_rate_everywhere(apps, schema_editor):
    """Existing sellers keep charging what they charged before, wherever the buyer is."""
    Partner = apps.get_model("partner", "Partner")
    Partner.objects.update(shipping_charge_other_province=models.F("shipping_charge"))


class Migration(migrations.Migration):
    dependencies = [("partner", "0012_line_dispatch")]

    operations = [
        migrations.AlterField(
            model_name="partner",
            name="shipping_charge",
            field=models.DecimalField(
                decimal_places=0,
                default=Decimal("0"),
                help_text=(
                    "Charged once per order to an address in your own province; 0 "
                    "for free delivery."
                ),
                max_digits=12,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="shipping charge within your province (đồng)",
            ),
        ),
        migrations.AddField(
            model_name="partner",
            name="shipping_charge_other_province",
            field=models.DecimalField(
                decimal_places=0,
                default=Decimal("0"),
                help_text=(
                    "Charged once per order to an address in any other province; 0 "
                    "for free delivery."
                ),
                max_digits=12,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="shipping charge to other provinces (đồng)",
            ),
        ),
        migrations.RunPython(same_rate_everywhere, migrations.RunPython.noop),
    ]
