"""Trigram GIN indexes on the normalised search columns, so `search_text LIKE '%…%'` and similarity
lookups stay fast on a large registry. Postgres only: on SQLite (the embedded default) nothing happens."""

from django.db import migrations

INDEXES = [
    ("stakeholders_organisation", "stakeholders_org_search_trgm"),
    ("stakeholders_person", "stakeholders_person_search_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0004_legal_texts_and_search_keys")]

    operations = [migrations.RunPython(create, drop)]
