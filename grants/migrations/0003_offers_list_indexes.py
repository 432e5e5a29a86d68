# The office's grant list and the instalments due read a page in the list's order from an
# index instead of sorting every row of the body (make bench: 20,000 awards, 80,000
# instalments).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0002_monitoring_returns"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="award",
            index=models.Index(
                fields=["body", "-created_at", "-id"], name="grants_award_body_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="instalment",
            index=models.Index(
                fields=["due_on", "award", "number"], name="grants_instalment_due_order"
            ),
        ),
    ]
