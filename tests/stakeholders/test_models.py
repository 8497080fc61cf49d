import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from stakeholders.models import Organisation, OrganisationType
from tests.factories import OrganisationFactory, PersonFactory, pillar

pytestmark = pytest.mark.django_db


def test_organisation_search_columns_are_normalised_on_save():
    organisation = OrganisationFactory(name="Göç İdaresi Başkanlığı", name_tr="Göç İdaresi Başkanlığı", name_en="PMM HQ", acronym="GİB")
    organisation.refresh_from_db()
    assert organisation.search_text == "gib goc idaresi baskanligi pmm hq ankara"  # the province is searched too
    assert organisation.acronym_key == "gib"


def test_person_search_column_folds_turkish_letters():
    person = PersonFactory(given_name="IŞIL", family_name="Çağlayan", email="isil@example.org")
    assert person.search_text == "isil caglayan isil@example.org"


def test_organisation_in_turkiye_needs_a_province():
    organisation = OrganisationFactory.build(province="", pillar=pillar("public"))
    organisation.type = OrganisationType.objects.filter(pillar=organisation.pillar).first()
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "province" in error.value.message_dict


def test_organisation_abroad_may_not_have_a_province():
    organisation = OrganisationFactory.build(country="AT", province="06", city="Wien")
    organisation.type = OrganisationType.objects.filter(pillar=organisation.pillar).first()
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "province" in error.value.message_dict


def test_organisation_type_must_belong_to_the_pillar():
    organisation = OrganisationFactory.build(pillar=pillar("civil"))
    organisation.type = OrganisationType.objects.get(code="ministry")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "type" in error.value.message_dict


def test_organisation_history_records_both_languages():
    organisation = OrganisationFactory(name_en="Old name")
    organisation.name_en = "New name"
    organisation.save()
    assert [h.name_en for h in organisation.history.order_by("history_id")] == ["Old name", "New name"]


def test_location_is_the_province_in_turkiye_and_city_and_country_abroad():
    assert OrganisationFactory(province="34").location == "İstanbul"
    with translation.override("en"):
        assert Organisation(country="AT", city="Viyana").location == "Viyana, Austria"
