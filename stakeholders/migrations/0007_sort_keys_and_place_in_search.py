from django.db import migrations, models

from magnet.text import search_key, sort_key
from stakeholders.provinces import PROVINCE_NAMES


def fill_sort_keys_and_search_places(apps, schema_editor):
    """The same values as Organisation/Person.refresh_search_columns() (historical models have no methods)."""
    Organisation = apps.get_model("stakeholders", "Organisation")
    Person = apps.get_model("stakeholders", "Person")
    organisations = list(Organisation.objects.all())
    for o in organisations:
        name_tr = o.name_tr or o.name
        name_en = o.name_en or name_tr
        place = PROVINCE_NAMES.get(o.province, "") if o.province else o.city
        parts = [o.acronym, name_tr, name_en, o.name, place]
        o.search_text = search_key(" ".join(dict.fromkeys(p for p in parts if p)))
        o.sort_tr, o.sort_en = sort_key(name_tr, "tr"), sort_key(name_en, "en")
    Organisation.objects.bulk_update(organisations, ["search_text", "sort_tr", "sort_en"], batch_size=500)
    people = list(Person.objects.only("given_name", "family_name"))
    for p in people:
        p.sort_tr = sort_key(f"{p.family_name} {p.given_name}", "tr")
        p.sort_en = sort_key(f"{p.family_name} {p.given_name}", "en")
    Person.objects.bulk_update(people, ["sort_tr", "sort_en"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('stakeholders', '0006_organisation_history_in_every_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='organisation',
            name='sort_en',
            field=models.CharField(db_index=True, default='', editable=False, max_length=240),
        ),
        migrations.AddField(
            model_name='organisation',
            name='sort_tr',
            field=models.CharField(db_index=True, default='', editable=False, max_length=240),
        ),
        migrations.AddField(
            model_name='person',
            name='sort_en',
            field=models.CharField(db_index=True, default='', editable=False, max_length=240),
        ),
        migrations.AddField(
            model_name='person',
            name='sort_tr',
            field=models.CharField(db_index=True, default='', editable=False, max_length=240),
        ),
        migrations.RunPython(fill_sort_keys_and_search_places, migrations.RunPython.noop),
    ]
