"""Wagtail's default moderation workflow and its task in Vietnamese.

Wagtail creates them as "Moderators approval" (wagtailcore 0048) from the group
names, untranslated: editors read it in "Gửi tới Moderators approval" and in each
page's status. Renamed here only while they still carry Wagtail's name, so a name an
operator chose is kept; the groups keep theirs (Wagtail's own migrations find them
by name).
"""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
VIETNAMESE_NAME = "Kiểm duyệt của biên tập viên"


def rename(old, new):
    def run(apps, schema_editor):
        for model in ("Workflow", "Task"):
            apps.get_model("wagtailcore", model).objects.filter(name=old).update(
                name=new
            )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_blocks_campaigns_stories_navigation"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            rename(WAGTAIL_NAME, VIETNAMESE_NAME),
            rename(VIETNAMESE_NAME, WAGTAIL_NAME),
        )
    ]
