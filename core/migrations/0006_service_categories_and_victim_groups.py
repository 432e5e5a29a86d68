from django.db import migrations

from core.reference import load_service_categories, load_victim_groups


def load(apps, schema_editor):
    load_service_categories(apps.get_model("core", "ServiceCategory"))
    load_victim_groups(apps.get_model("core", "VictimGroup"))


class Migration(migrations.Migration):
    dependencies = [("core", "0005_vocabularies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
