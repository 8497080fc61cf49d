"""The first target groups, and trigram GIN indexes on the folded title and summary keys (the
overlap check's similarity). Postgres only for the trigram part: on SQLite (the embedded default) nothing happens."""

from django.db import migrations

from projects.reference_data import load_target_groups

INDEXES = [
    ("projects_project", "title_key", "projects_project_title_trgm"),
    ("projects_project", "summary_key", "projects_project_summary_trgm"),
]


def seed(apps, schema_editor):
    load_target_groups(apps.get_model("projects", "TargetGroup"))


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_proposals_opinions_overlaps")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(create, drop),
    ]
