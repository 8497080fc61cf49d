"""API tokens move from DRF's authtoken (keys stored in plain text, readable by staff in the admin) to
knox (a SHA-512 digest only). The old keys are dropped, not converted: staff could read every one of
them, so each must be treated as disclosed; owners make new tokens on their account page. The
authtoken app's table, permissions and migration records go too, so nothing of it is left behind."""

from django.db import migrations


def drop_authtoken(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name('authtoken_token')}")
    # Its permissions (and any group's hold on them) go with its content types.
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="authtoken").delete()
    schema_editor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [
        ("magnet", "0004_role_change_record"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(drop_authtoken, migrations.RunPython.noop)]
