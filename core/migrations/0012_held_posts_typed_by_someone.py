import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forget_anonymous(apps, schema_editor):
    """Forms held from nobody in particular are no one's to confirm now (24 hours at most)."""
    apps.get_model("core", "HeldPost").objects.filter(sent_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_password_reset_requests"),
    ]

    operations = [
        migrations.RunPython(forget_anonymous, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="heldpost",
            name="sent_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="heldpost",
            index=models.Index(fields=["sent_by", "created_at"], name="core_held_sent_by_idx"),
        ),
    ]
