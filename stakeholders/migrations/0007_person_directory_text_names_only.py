"""The directory matches people by name only: a separate normalised column without the e-mail
address (search_text keeps it for staff searches), filled for existing rows, with its own trigram
index on Postgres."""

from django.db import migrations, models

from magnet.text import search_key

INDEX = "stakeholders_person_directory_trgm"


def fill(apps, schema_editor):
    Person = apps.get_model("stakeholders", "Person")
    batch = []
    for person in Person.objects.only("pk", "given_name", "family_name").iterator(chunk_size=2000):
        person.directory_text = search_key(f"{person.given_name} {person.family_name}")
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["directory_text"])
            batch = []
    Person.objects.bulk_update(batch, ["directory_text"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON stakeholders_person USING gin (directory_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0006_organisation_history_in_every_language")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="directory_text",
            field=models.TextField(
                default="", editable=False,
                help_text="search_key() of the names only: the directory never matches an e-mail",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="search_text",
            field=models.TextField(default="", editable=False, help_text="search_key() of names and e-mail (staff)"),
        ),
        migrations.RunPython(fill, drop_index),
    ]
