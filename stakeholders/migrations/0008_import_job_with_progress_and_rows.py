"""Imports become background jobs: the upload row (ImportBatch, renamed ImportJob) gets a status and
progress counters, and each checked row is kept (ImportJobRow) for the paginated preview. Uploads
already written are marked done; the others must be uploaded again (their check ran in the request)."""

import django.db.models.deletion
from django.db import migrations, models


def mark_status(apps, schema_editor):
    ImportJob = apps.get_model("stakeholders", "ImportJob")
    ImportJob.objects.filter(imported_at__isnull=False).update(status="done", content=b"")
    ImportJob.objects.filter(imported_at__isnull=True).update(
        status="failed", file_errors=["Upload the file again: it was checked before imports ran in the background."]
    )


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0007_person_directory_text_names_only")]

    operations = [
        migrations.RenameModel("ImportBatch", "ImportJob"),
        migrations.AddField(
            model_name="importjob",
            name="status",
            field=models.CharField(
                choices=[("queued", "Waiting to be checked"), ("validating", "Being checked"), ("ready", "Checked"),
                         ("importing", "Being imported"), ("done", "Imported"), ("failed", "Failed")],
                default="queued", max_length=16, verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="importjob",
            name="language",
            field=models.CharField(default="tr", help_text="of the upload: errors are written in it", max_length=2, verbose_name="language"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="processed_count",
            field=models.PositiveIntegerField(default=0, verbose_name="rows processed"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="file_errors",
            field=models.JSONField(blank=True, default=list, verbose_name="errors in the file"),
        ),
        migrations.AddField(
            model_name="importjob",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated"),
        ),
        migrations.RunPython(mark_status, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ImportJobRow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("line", models.PositiveIntegerField(verbose_name="line")),
                ("values", models.JSONField(default=dict, verbose_name="values")),
                ("errors", models.JSONField(default=list, verbose_name="errors")),
                ("job", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="rows",
                                          to="stakeholders.importjob", verbose_name="import")),
            ],
            options={"verbose_name": "import row", "verbose_name_plural": "import rows", "ordering": ["job", "line"]},
        ),
        migrations.AddIndex(
            model_name="importjobrow",
            index=models.Index(fields=["job", "line"], name="stakeholder_job_id_0ff53a_idx"),
        ),
    ]
