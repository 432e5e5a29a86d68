"""The office's returns lists read a page in index order: (status, due_on, id) and
(status, submitted_at, id) replace the indexes without the id (docs/adr/0029)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0006_variation_targets"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="monitoringreturn",
            name="grants_return_status_due",
        ),
        migrations.RemoveIndex(
            model_name="monitoringreturn",
            name="grants_return_submitted",
        ),
        migrations.AddIndex(
            model_name="monitoringreturn",
            index=models.Index(
                fields=["status", "due_on", "id"], name="grants_return_status_due_pk"
            ),
        ),
        migrations.AddIndex(
            model_name="monitoringreturn",
            index=models.Index(
                fields=["status", "submitted_at", "id"], name="grants_return_submitted_pk"
            ),
        ),
    ]
