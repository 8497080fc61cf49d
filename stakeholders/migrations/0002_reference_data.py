from django.db import migrations

from stakeholders.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("stakeholders", "Pillar"),
        apps.get_model("stakeholders", "OrganisationType"),
        apps.get_model("stakeholders", "ThematicArea"),
    )


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
