from django.db import migrations

# Common NAPAS member banks (reference/vietqr.md). More can be added in the admin.
BANKS = [
    ("970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
    ("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    ("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    ("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    ("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    ("970422", "MB", "Ngân hàng TMCP Quân đội"),
    ("970416", "ACB", "Ngân hàng TMCP Á Châu"),
    ("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    ("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
]


def seed_banks(apps, schema_editor):
    Bank = apps.get_model("partner", "Bank")
    for bin_, short_name, name in BANKS:
        Bank.objects.update_or_create(
            bin=bin_, defaults={"short_name": short_name, "name": name}
        )


class Migration(migrations.Migration):
    dependencies = [("partner", "0008_seller_profile_and_bank")]
    operations = [migrations.RunPython(seed_banks, migrations.RunPython.noop)]
