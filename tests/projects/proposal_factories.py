"""Builders for the proposal tests: a member of an organisation, PMM officials, a complete proposal."""

import datetime

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from projects.models import Project, TargetGroup
from projects.reference_data import load_target_groups
from projects.services import proposals as services
from stakeholders.models import ThematicArea
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, pillar
from tests.reports.factories import with_totp


def target_groups() -> dict[str, TargetGroup]:
    load_target_groups(TargetGroup)  # a transactional test flushed the migration's rows
    return {g.code: g for g in TargetGroup.objects.all()}


def member(organisation=None, *, language="tr", email=None, **user):
    """A stakeholder account with an approved, current membership of the organisation."""
    organisation = organisation or OrganisationFactory()
    kwargs = {"preferred_language": language, **user}
    if email:
        kwargs["email"] = email
    account = UserFactory(**kwargs)
    person = PersonFactory(user=account, email=account.email, preferred_language=language)
    MembershipFactory(person=person, organisation=organisation)
    return account


def pmm(language="tr", **user):
    """A PMM official with two-factor enrolled (required before their pages)."""
    return with_totp(UserFactory(role=PMM_OFFICIAL, preferred_language=language, **user))


def staff(**user):
    return with_totp(UserFactory(role=ICMPD_STAFF, **user))


def iom():
    return OrganisationFactory(name="Uluslararası Göç Örgütü", name_tr="Uluslararası Göç Örgütü",
                               name_en="International Organization for Migration", acronym="IOM",
                               pillar=pillar("international"), country="TR", province="06")


def complete_data(*, provinces=("27",), areas=None, groups=None, starts=datetime.date(2027, 1, 1),
                  ends=datetime.date(2028, 12, 31), implementing=None, **overrides) -> dict:
    groups = groups if groups is not None else [target_groups()["migrant-workers"].pk]
    areas = areas if areas is not None else [ThematicArea.objects.order_by("pk").first().pk]
    data = {
        "title_tr": "Gaziantep'te göçmen işçilerin işe uyumu",
        "title_en": "Labour market integration of migrant workers in Gaziantep",
        "summary_tr": "Göçmen işçiler ve işverenler için mesleki eğitim ve danışmanlık.",
        "summary_en": "Vocational training and counselling for migrant workers and employers.",
        "planned_activities_tr": "Eğitimler, işveren toplantıları.",
        "planned_activities_en": "Training courses, employer meetings.",
        "expected_results_tr": "500 kişi işe yerleşir.",
        "expected_results_en": "500 people find work.",
        "donors": "Avrupa Birliği",
        "currency": "EUR",
        "budget": "1250000.00",
        "starts_on": starts,
        "ends_on": ends,
        "nationwide": False,
        "provinces": list(provinces),
        "thematic_areas": areas,
        "target_groups": groups,
        "implementing_organisations": implementing if implementing is not None else [],
    }
    data.update(overrides)
    return data


def proposal(author, *, submit=False, **data) -> Project:
    organisation = data.pop("organisation", None) or author_organisation(author)
    values = complete_data(**data)
    if not values["implementing_organisations"]:
        values["implementing_organisations"] = [organisation.pk]
    project = services.save_draft(actor=author, data=values, organisation=organisation)
    if submit:
        project = services.submit(project=project, actor=author)
    return project


def author_organisation(user):
    from projects.access import member_organisations

    return member_organisations(user).first()
