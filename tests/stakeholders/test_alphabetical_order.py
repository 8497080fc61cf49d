"""Names sort alphabetically in the reader's language (Turkish rules on /tr/, English on /en/) and
identically on SQLite (the embedded default) and Postgres: the same cases run on both backends."""

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation
from django_countries import countries
from rest_framework.test import APIClient

from magnet.text import sort_key
from stakeholders import selectors
from stakeholders.models import Organisation
from stakeholders.provinces import province_choices
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

from .factories import staff_user

ROOT = Path(__file__).resolve().parents[2]

# (Turkish name, English name or "" for none)
ORGANISATIONS = [
    ("Zeytin Derneği", ""),
    ("Çağdaş Yaşam Derneği", "Contemporary Life Association"),
    ("Cezayir Dostluk Vakfı", ""),
    ("İnsan Hakları Merkezi", "Human Rights Centre"),
    ("Işık Vakfı", ""),
    ("Ödemiş Kooperatifi", ""),
    ("Ozan Vakfı", ""),
    ("Şafak Derneği", "Dawn Association"),
    ("Sağlık Vakfı", ""),
    ("Ülkü Derneği", ""),
    ("Uşak Ticaret Odası", "Usak Chamber of Commerce"),
]
TURKISH_ORDER = [
    "Cezayir Dostluk Vakfı", "Çağdaş Yaşam Derneği", "Işık Vakfı", "İnsan Hakları Merkezi", "Ozan Vakfı",
    "Ödemiş Kooperatifi", "Sağlık Vakfı", "Şafak Derneği", "Uşak Ticaret Odası", "Ülkü Derneği", "Zeytin Derneği",
]
ENGLISH_ORDER = [
    "Cezayir Dostluk Vakfı", "Contemporary Life Association", "Dawn Association", "Human Rights Centre",
    "Işık Vakfı", "Ödemiş Kooperatifi", "Ozan Vakfı", "Sağlık Vakfı", "Ülkü Derneği",
    "Usak Chamber of Commerce", "Zeytin Derneği",
]
FAMILY_NAMES = ["Şahin", "Sarı", "Çelik", "Cengiz", "İnce", "Işık", "Öztürk", "Oral", "Ünal", "Uysal"]
FAMILY_NAMES_TURKISH = ["Cengiz", "Çelik", "Işık", "İnce", "Oral", "Öztürk", "Sarı", "Şahin", "Uysal", "Ünal"]
FAMILY_NAMES_ENGLISH = ["Çelik", "Cengiz", "İnce", "Işık", "Oral", "Öztürk", "Şahin", "Sarı", "Ünal", "Uysal"]


@pytest.mark.django_db
def test_directory_search_api_and_choices_sort_in_the_readers_alphabet_on_this_database(client):
    """Runs on whatever database the session uses; the test below runs it again on SQLite."""
    for name_tr, name_en in ORGANISATIONS:
        organisation = OrganisationFactory(name=name_tr, name_tr=name_tr, name_en=name_en)
    for family_name in FAMILY_NAMES:
        MembershipFactory(organisation=organisation, person=PersonFactory(family_name=family_name, given_name="Ali"))
    staff = staff_user()
    api = APIClient()
    api.force_authenticate(staff)

    def names(queryset):
        return [o.display_name for o in queryset]

    with translation.override("tr"):
        assert names(selectors.directory_organisations(staff)) == TURKISH_ORDER
        assert names(selectors.directory_organisations(staff, query="VAKFI")) == [n for n in TURKISH_ORDER if "Vakfı" in n]
        assert [p.family_name for p in selectors.directory_people(staff, organisation)] == FAMILY_NAMES_TURKISH
        response = api.get("/api/v1/organisations/", HTTP_ACCEPT_LANGUAGE="tr")
        assert [o["name_tr"] for o in response.json()["results"]] == TURKISH_ORDER
        client.force_login(staff)
        admin_list = client.get("/tr/admin/stakeholders/organisation/").context["cl"].result_list
        assert [o.name_tr for o in admin_list] == TURKISH_ORDER
        listed = [name for code, name in countries]
        assert listed.index("Cibuti") < listed.index("Çad") < listed.index("Çin") < listed.index("Danimarka")
        assert listed.index("Suudi Arabistan") < listed.index("Şili") < listed.index("Tacikistan")
        provinces = [name for code, name in province_choices()]
        assert provinces[provinces.index("Bursa") + 1 : provinces.index("Bursa") + 4] == ["Çanakkale", "Çankırı", "Çorum"]
        assert provinces.index("Isparta") < provinces.index("İstanbul") < provinces.index("İzmir") < provinces.index("Kahramanmaraş")
    with translation.override("en"):
        assert names(selectors.directory_organisations(staff)) == ENGLISH_ORDER
        assert [p.family_name for p in selectors.directory_people(staff, organisation)] == FAMILY_NAMES_ENGLISH
        listed = [name for code, name in countries]
        assert listed.index("Chad") < listed.index("Chile") < listed.index("China")
        assert listed.index("Curaçao") < listed.index("Cyprus") and listed.index("Åland Islands") < listed.index("Albania")
    assert Organisation.objects.count() == len(ORGANISATIONS)


@pytest.mark.postgres
def test_sqlite_sorts_exactly_like_postgres():
    """The same cases on SQLite, in a child pytest without DATABASE_URL (the embedded default)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTEST_ADDOPTS")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{__file__}::test_directory_search_api_and_choices_sort_in_the_readers_alphabet_on_this_database"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 passed" in result.stdout


def test_sort_key_orders_turkish_and_english_letters():
    words = ["zil", "çay", "cam", "ılık", "iğne", "İzmir", "Irmak", "öğle", "ocak", "şal", "sal", "ünlü", "uzun", "ğ", "g"]
    assert sorted(words, key=lambda w: sort_key(w, "tr")) == [
        "cam", "çay", "g", "ğ", "ılık", "Irmak", "iğne", "İzmir", "ocak", "öğle", "sal", "şal", "uzun", "ünlü", "zil",
    ]
    assert sorted(["Émile", "Eda", "Ezgi", "Zoë", "Zoe"], key=lambda w: sort_key(w, "tr")) == ["Eda", "Émile", "Ezgi", "Zoë", "Zoe"]
    assert sorted(["İzmir", "Irmak", "Ilgaz", "Iğdır"], key=lambda w: sort_key(w, "en")) == ["Iğdır", "Ilgaz", "Irmak", "İzmir"]
    assert sort_key("Çağrı", "tr") == sort_key(unicodedata.normalize("NFD", "Çağrı"), "tr")
    assert sort_key("Ak Parti", "tr") < sort_key("Ak1", "tr") < sort_key("Akademi", "tr")  # space < digit < letter
    assert set(sort_key("Çağrı 12 — İŞ", "tr")) <= set("0123456789")


@pytest.mark.django_db
def test_filter_choices_sort_in_the_readers_alphabet(client):
    from stakeholders.forms import DirectoryFilterForm

    with translation.override("tr"):
        form = DirectoryFilterForm()
        pillars = [label for value, label in form.fields["pillar"].choices][1:]
        assert pillars == sorted(pillars, key=lambda name: sort_key(name, "tr"))
        assert pillars.index("Özel sektör ve akademi") < pillars.index("Sivil toplum kuruluşları")
        country_names = [label for value, label in form.fields["country"].choices]
        assert country_names[0] == "Tümü" and country_names.index("Cibuti") < country_names.index("Çad")
    with translation.override("en"):
        form = DirectoryFilterForm()
        assert [label for value, label in form.fields["pillar"].choices][1] == "Civil society"
        assert "Chad" in [label for value, label in form.fields["country"].choices]
