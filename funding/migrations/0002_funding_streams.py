from django.db import migrations

from funding.reference import ensure


def load(apps, schema_editor):
    ensure(apps.get_model("funding", "FundingStream"), apps.get_model("core", "ServiceCategory"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_service_categories_and_victim_groups"),
        ("funding", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
