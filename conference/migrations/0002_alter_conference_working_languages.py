import json

from django.db import migrations, models

import magnet.languages

_NAMES = {"türkçe": "tr", "turkish": "tr", "english": "en", "ingilizce": "en", "i̇ngilizce": "en",
          "arabic": "ar", "arapça": "ar", "persian": "fa", "farsça": "fa", "russian": "ru", "rusça": "ru",
          "french": "fr", "fransızca": "fr"}


def free_text_to_codes(apps, schema_editor):
    """Working languages were free text ("Türkçe, English"); they become a JSON list of codes."""
    Conference = apps.get_model("conference", "Conference")
    for conference in Conference.objects.all():
        names = [part.strip().lower() for part in (conference.working_languages or "").split(",")]
        codes = [_NAMES[name] for name in names if name in _NAMES]
        Conference.objects.filter(pk=conference.pk).update(working_languages=json.dumps(codes))


class Migration(migrations.Migration):
    dependencies = [("conference", "0001_initial")]

    operations = [
        migrations.RunPython(free_text_to_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="conference",
            name="working_languages",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[magnet.languages.validate_working_languages],
                verbose_name="working languages",
            ),
        ),
    ]
