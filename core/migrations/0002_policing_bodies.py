from django.db import migrations

from core.reference import load_policing_bodies


def load(apps, schema_editor):
    load_policing_bodies(apps.get_model("core", "PolicingBody"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
