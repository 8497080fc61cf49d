from django.db import migrations

from magnet.text import search_key
from stakeholders.reference_data import load_legal_texts


def load(apps, schema_editor):
    load_legal_texts(apps.get_model("stakeholders", "LegalText"))
    Organisation = apps.get_model("stakeholders", "Organisation")
    for organisation in Organisation.objects.exclude(acronym="").only("pk", "acronym"):
        Organisation.objects.filter(pk=organisation.pk).update(acronym_key=search_key(organisation.acronym))


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0003_consent_and_search_columns")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
