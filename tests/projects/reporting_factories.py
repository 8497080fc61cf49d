"""Helpers for the tests of each project's reports (h8): an approved project, organisation members."""

import datetime

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER
from projects.models import Project, ProjectProvince, TargetGroup
from projects.reference_data import load_target_groups
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory, thematic_area
from tests.reports.factories import with_totp


def target_group(code="temporary-protection") -> TargetGroup:
    if not TargetGroup.objects.filter(code=code).exists():  # flushed by transactional tests
        load_target_groups(TargetGroup)
    return TargetGroup.objects.get(code=code)


def member(organisation, *, language="tr", **kwargs):
    user = UserFactory(role=STAKEHOLDER, preferred_language=language, **kwargs)
    person = PersonFactory(user=user, email=user.email, preferred_language=language)
    MembershipFactory(person=person, organisation=organisation)
    return user


def staff(**kwargs):
    return with_totp(UserFactory(role=ICMPD_STAFF, **kwargs))


def pmm(**kwargs):
    return with_totp(UserFactory(role=PMM_OFFICIAL, **kwargs))


def approved_project(*, organisation=None, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 12, 31),
                     provinces=("27", "63"), state=Project.State.FAVOURABLE_WITH_CONDITIONS, **kwargs) -> Project:
    organisation = organisation or OrganisationFactory(name="IOM Türkiye", name_tr="IOM Türkiye", name_en="IOM Türkiye")
    project = Project.objects.create(
        organisation=organisation, title="Gaziantep ve Şanlıurfa'da toplum merkezleri",
        title_tr="Gaziantep ve Şanlıurfa'da toplum merkezleri", title_en="Community centres in Gaziantep and Şanlıurfa",
        summary_tr="Geçici koruma altındaki yabancılar için toplum merkezleri.",
        summary_en="Community centres for persons under temporary protection.",
        starts_on=starts_on, ends_on=ends_on, state=state, reference=kwargs.pop("reference", "PRJ-2026-0001"), **kwargs,
    )
    for code in provinces:
        ProjectProvince.objects.create(project=project, province=code)
    project.thematic_areas.set([thematic_area()])
    project.target_groups.set([target_group()])
    return project
