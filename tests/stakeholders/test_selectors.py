import datetime

import pytest
from django.utils import timezone, translation

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from stakeholders import selectors, services
from stakeholders.models import Membership, Organisation, Person
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    pillar,
    thematic_area,
)

from .factories import approved_stakeholder

pytestmark = pytest.mark.django_db


def test_person_for_user_is_none_until_the_registry_knows_them():
    user = UserFactory()
    assert selectors.person_for_user(user) is None
    person = services.ensure_person_for_user(user=user)
    assert selectors.person_for_user(user) == person


def test_needs_onboarding_until_profile_and_an_organisation_request_exist():
    user = UserFactory()
    assert selectors.needs_onboarding(user) is True
    person = services.ensure_person_for_user(user=user)
    services.complete_profile(
        person=person, notice_acknowledged=True, directory_consent=False, communications_consent=False,
        given_name="Ali", family_name="Veli",
    )
    assert selectors.needs_onboarding(user) is True
    services.join_organisation(person=person, organisation=OrganisationFactory())
    assert selectors.needs_onboarding(user) is False


def test_staff_and_officials_never_need_onboarding():
    assert selectors.needs_onboarding(UserFactory(role=ICMPD_STAFF)) is False
    assert selectors.needs_onboarding(UserFactory(role=PMM_OFFICIAL)) is False


def test_only_approved_members_of_approved_organisations_use_the_directory():
    pending_member = UserFactory()
    person = PersonFactory(user=pending_member)
    MembershipFactory(person=person, status=Membership.Status.PENDING)
    member_of_pending_org = UserFactory()
    MembershipFactory(person=PersonFactory(user=member_of_pending_org), organisation=OrganisationFactory(status="pending"))
    assert selectors.can_use_directory(approved_stakeholder()) is True
    assert selectors.can_use_directory(UserFactory(role=ICMPD_STAFF)) is True
    assert selectors.can_use_directory(pending_member) is False
    assert selectors.can_use_directory(member_of_pending_org) is False
    assert selectors.can_use_directory(UserFactory()) is False


@pytest.mark.parametrize(
    ("query", "expected"),
    [("istanbul", ["İstanbul Barosu"]), ("goc", ["Göç İdaresi Başkanlığı"]), ("GÖÇ", ["Göç İdaresi Başkanlığı"]),
     ("IŞIK", ["Işık Vakfı"]), ("ışık", ["Işık Vakfı"]), ("isik", ["Işık Vakfı"]), ("çağrı", ["Göç İdaresi Başkanlığı"])],
)
def test_directory_search_is_turkish_aware_and_accent_insensitive(query, expected):
    user = approved_stakeholder(organisation=OrganisationFactory(name="Ankara Valiliği", name_tr="Ankara Valiliği", name_en="Governorship of Ankara"))
    OrganisationFactory(name="İstanbul Barosu", name_tr="İstanbul Barosu", name_en="Istanbul Bar")
    pmm = OrganisationFactory(name="Göç İdaresi Başkanlığı", name_tr="Göç İdaresi Başkanlığı", name_en="PMM")
    OrganisationFactory(name="Işık Vakfı", name_tr="Işık Vakfı", name_en="Light Foundation")
    MembershipFactory(organisation=pmm, person=PersonFactory(given_name="Çağrı", family_name="Er", in_directory=True))
    with translation.override("tr"):
        names = [o.name_tr for o in selectors.directory_organisations(user, query=query)]
    assert names == expected


def test_directory_search_ignores_people_who_did_not_opt_in():
    user = approved_stakeholder()
    organisation = OrganisationFactory(name_tr="Kızılay")
    MembershipFactory(organisation=organisation, person=PersonFactory(given_name="Gizli", family_name="Kişi", in_directory=False))
    assert list(selectors.directory_organisations(user, query="gizli")) == []


@pytest.mark.postgres
def test_directory_is_in_turkish_alphabetical_order():
    user = approved_stakeholder(organisation=OrganisationFactory(name_tr="Zonguldak Valiliği"))
    for name in ["Şanlıurfa Valiliği", "Sakarya Valiliği", "Çorum Valiliği", "Cizre Belediyesi", "İzmir Barosu", "Iğdır Valiliği", "Ordu Valiliği", "Ödemiş Belediyesi"]:
        OrganisationFactory(name=name, name_tr=name)
    with translation.override("tr"):
        names = [o.display_name for o in selectors.directory_organisations(user)]
    assert names == [
        "Cizre Belediyesi", "Çorum Valiliği", "Iğdır Valiliği", "İzmir Barosu", "Ordu Valiliği", "Ödemiş Belediyesi",
        "Sakarya Valiliği", "Şanlıurfa Valiliği", "Zonguldak Valiliği",
    ]


def test_directory_filters_by_pillar_country_and_thematic_area():
    user = approved_stakeholder()
    civil = OrganisationFactory(pillar=pillar("civil"), thematic_areas=[thematic_area("asylum")])
    abroad = OrganisationFactory(country="AT", province="", city="Wien")
    assert list(selectors.directory_organisations(user, pillar=pillar("civil"))) == [civil]
    assert list(selectors.directory_organisations(user, country="AT")) == [abroad]
    assert list(selectors.directory_organisations(user, thematic_area=thematic_area("asylum"))) == [civil]


def test_stakeholders_never_see_pending_organisations_but_staff_do():
    pending = OrganisationFactory(status="pending")
    assert pending not in selectors.directory_organisations(approved_stakeholder())
    assert pending in selectors.directory_organisations(UserFactory(role=ICMPD_STAFF))
    assert selectors.organisation_for_directory(approved_stakeholder(), pending.pk) is None


def test_organisation_people_are_only_those_who_opted_in_and_are_approved():
    organisation = OrganisationFactory()
    user = approved_stakeholder()
    visible = MembershipFactory(organisation=organisation, person=PersonFactory(in_directory=True)).person
    MembershipFactory(organisation=organisation, person=PersonFactory(in_directory=False))
    MembershipFactory(organisation=organisation, person=PersonFactory(in_directory=True), status="pending")
    MembershipFactory(organisation=organisation, person=PersonFactory(in_directory=True, anonymised_at=timezone.now()))
    assert list(selectors.directory_people(user, organisation)) == [visible]
    assert selectors.directory_people(UserFactory(), organisation).count() == 0
    assert selectors.directory_people(UserFactory(role=ICMPD_STAFF), organisation).count() == 2


def test_possible_duplicates_by_acronym_or_normalised_name():
    sgdd = OrganisationFactory(name="Sığınmacılar ve Göçmenlerle Dayanışma Derneği", name_tr="Sığınmacılar ve Göçmenlerle Dayanışma Derneği", acronym="SGDD-ASAM")
    OrganisationFactory(name_tr="Ankara Barosu")
    assert selectors.possible_duplicates(name="Something else", acronym="sgdd-asam") == [sgdd]
    assert selectors.possible_duplicates(name="SIĞINMACILAR VE GÖÇMENLERLE DAYANIŞMA DERNEĞİ") == [sgdd]
    assert selectors.possible_duplicates(name="Kızılay") == []


@pytest.mark.postgres
def test_possible_duplicates_catch_near_misses_on_postgres():
    sgdd = OrganisationFactory(name_tr="Sığınmacılar ve Göçmenlerle Dayanışma Derneği", acronym="")
    assert selectors.possible_duplicates(name="Siginmacilar ve Gocmenler Dayanisma Dernegi") == [sgdd]


def test_registry_growth_counts_new_and_total_per_pillar_in_order():
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    old = OrganisationFactory()
    Organisation.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(datetime.datetime(2025, 6, 1)))
    new = OrganisationFactory()
    Organisation.objects.filter(pk=new.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 2, 1)))
    later = OrganisationFactory()
    Organisation.objects.filter(pk=later.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 5, 1)))
    OrganisationFactory(status="pending")
    old_person = MembershipFactory(organisation=old).person
    Person.objects.filter(pk=old_person.pk).update(created_at=timezone.make_aware(datetime.datetime(2025, 6, 1)))
    new_person = MembershipFactory(organisation=new).person
    Person.objects.filter(pk=new_person.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 0)))
    gone = MembershipFactory(organisation=new).person
    Person.objects.filter(pk=gone.pk).update(anonymised_at=timezone.now(), created_at=timezone.make_aware(datetime.datetime(2026, 2, 1)))
    growth = selectors.registry_growth(start=start, end=end)
    assert [row["pillar_code"] for row in growth] == ["public", "civil", "international", "private_academia"]
    assert {k: growth[0][k] for k in ("organisations_new", "organisations_total", "people_new", "people_total")} == {
        "organisations_new": 1, "organisations_total": 2, "people_new": 1, "people_total": 2,
    }
    assert growth[1]["organisations_total"] == 0


def test_my_data_contains_profile_memberships_and_consents():
    user = approved_stakeholder(first_name="Çağrı")
    person = selectors.person_for_user(user)
    services.record_consent(person=person, kind="directory", given=True, channel="web")
    data = selectors.my_data(person)
    assert data["person"]["given_name"] == "Çağrı"
    assert data["account"]["email"] == user.email
    assert [m["status"] for m in data["memberships"]] == ["approved"]
    assert [(c["kind"], c["given"], c["version"], c["channel"]) for c in data["consents"]] == [("directory", True, 1, "web")]
