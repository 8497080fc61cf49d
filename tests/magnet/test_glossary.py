"""One vocabulary in Turkish (locale/GLOSSARY.md): no banned term in the catalogue, in allauth's
strings as our pages show them, or in Turkish written directly in templates and demo data; sentence
case on allauth's pages; date columns named as dates; Turkish capitals in admin labels."""

import re
from pathlib import Path

import allauth
import polib
import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.text import capfirst

from magnet.text import turkish_lower

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = {"magnet", "stakeholders", "meetings", "conference", "reports", "projects"}


def _banned() -> list[tuple[str, re.Pattern]]:
    table = (ROOT / "locale/GLOSSARY.md").read_text(encoding="utf-8").split("## Banned", 1)[1]
    terms = [row.split("|")[1].strip() for row in table.splitlines() if row.startswith("| ") and "---" not in row]
    terms = [t for t in terms if t and t != "Banned"]
    assert len(terms) > 20
    patterns = []
    for term in terms:
        body = re.escape(term.rstrip("*"))
        patterns.append((term, re.compile(rf"(?<!\w){body}" + ("" if term.endswith("*") else r"(?!\w)"))))
    return patterns


BANNED = _banned()


def _offences(text: str) -> list[str]:
    lowered = turkish_lower(text)
    return [term for term, pattern in BANNED if pattern.search(lowered)]


def _allauth_entries():
    catalogue = polib.pofile(str(Path(allauth.__file__).parent / "locale/tr/LC_MESSAGES/django.po"))
    for entry in catalogue:
        places = [path for path, _line in entry.occurrences]
        if entry.obsolete or not any(p.startswith(("account/", "mfa/", "templates/account/", "templates/mfa/")) for p in places):
            continue
        if any(p.endswith("email/base_message.txt") for p in places):
            continue  # the mail greeting and signature are the mails' business (one signature for all mails)
        yield entry


def test_the_turkish_catalogue_uses_no_banned_term():
    catalogue = polib.pofile(str(ROOT / "locale/tr/LC_MESSAGES/django.po"))
    found = {}
    for entry in catalogue:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if offences := _offences(text):
                found[entry.msgid] = offences
    assert found == {}


def test_allauth_pages_speak_the_portals_vocabulary_in_sentence_case():
    wrong = {}
    with translation.override("tr"):
        for entry in _allauth_entries():
            text = translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else translation.gettext(entry.msgid)
            words = [w for w in re.findall(r"[\wÇĞİÖŞÜçğıöşü'-]+", text) if not w.isupper()]
            title_case = len(words) >= 2 and all(w[:1].isupper() for w in words[1:])
            if _offences(text) or title_case:
                wrong[entry.msgid] = text
    assert wrong == {}


def test_turkish_written_in_templates_and_demo_data_uses_no_banned_term():
    sources = [*ROOT.glob("*/demo.py"), *ROOT.glob("*/reference_data.py"), *ROOT.glob("**/templates/**/*.html"), *ROOT.glob("**/templates/**/*.txt")]
    sources = [p for p in sources if ".venv" not in p.parts and "var" not in p.parts]
    assert len(sources) > 50
    found = {str(p.relative_to(ROOT)): o for p in sources if (o := _offences(p.read_text(encoding="utf-8")))}
    assert found == {}


@pytest.mark.parametrize("language", ["tr", "en"])
def test_date_columns_say_what_the_date_is(language):
    bare = re.compile(r"(?:[lnr]ma|[lnr]me|ılma|ilme|ulma|ülme)$")
    found = {}
    with translation.override(language):
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if isinstance(field, (models.DateField, models.DateTimeField)) and bare.search(str(field.verbose_name)):
                    found[f"{model.__name__}.{field.name}"] = str(field.verbose_name)
    assert found == {}


def test_admin_labels_starting_with_i_get_the_turkish_capital():
    """Django's capfirst() upper-cases "i" to "I"; names that start with i/ı are written capitalised
    in the catalogue ("İl"), so labels read "İl", "İçe aktarmalar", "İndirmeler"."""
    wrong = {}
    with translation.override("tr"):
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
                continue
            names = [model._meta.verbose_name, model._meta.verbose_name_plural]
            names += [f.verbose_name for f in model._meta.get_fields() if hasattr(f, "verbose_name") and not f.auto_created]
            for name in names:
                label = capfirst(str(name))
                if label[:1] == "I" and str(name)[:1] == "i":
                    wrong[f"{model.__name__}: {name}"] = label
    assert wrong == {}


@pytest.mark.django_db
def test_turkish_admin_shows_roles_and_labels_in_turkish(client):
    from tests.meetings.factories import MeetingFactory
    from tests.stakeholders.factories import staff_user

    staff = staff_user()
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    users = client.get("/tr/admin/magnet/user/").content.decode()
    assert "ICMPD personeli" in users and "Göç İdaresi Başkanlığı yetkilisi" in users
    assert "PMM official" not in users and "Field reporter" not in users
    meeting = client.get(f"/tr/admin/meetings/meeting/{MeetingFactory().pk}/change/").content.decode()
    assert "Çalışma dilleri" in meeting and ">İl:<" in meeting
    assert "çalışma dilleri:" not in meeting and ">Il:<" not in meeting
