"""Postgres only: GIN indexes on the two search vectors."""

from django.db import migrations

INDEXES = (("library_doc_search_tr", "search_tr"), ("library_doc_search_en", "search_en"))


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON library_document USING gin ({column})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_documents")]

    operations = [migrations.RunPython(forwards, backwards)]
