"""Postgres only: GIN indexes on the two search vectors, and the `magnet_turkish_fold` text search
configuration (the turkish one with unaccent before the stemmer) that highlights the original text
of a document for a folded query ("goc" marks "Göç")."""

from django.db import migrations

INDEXES = (("library_doc_search_tr", "search_tr"), ("library_doc_search_en", "search_en"))


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "DO $$ BEGIN "
        "IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'magnet_turkish_fold') THEN "
        "CREATE TEXT SEARCH CONFIGURATION magnet_turkish_fold (COPY = turkish); "
        "ALTER TEXT SEARCH CONFIGURATION magnet_turkish_fold "
        "ALTER MAPPING FOR word, hword, hword_part WITH unaccent, turkish_stem; "
        "END IF; END $$"
    )
    for name, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON library_document USING gin ({column})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS magnet_turkish_fold")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_documents")]

    operations = [migrations.RunPython(forwards, backwards)]
