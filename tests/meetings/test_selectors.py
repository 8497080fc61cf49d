import datetime

import pytest

from magnet.roles import ICMPD_STAFF
from meetings import selectors
from meetings.models import Meeting
from stakeholders.models import Membership, Organisation
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    pillar,
    thematic_area,
)
from tests.meetings.factories import InvitationFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def _member(user=None, **organisation):
    person = PersonFactory(user=user)
    MembershipFactory(person=person, organisation=OrganisationFactory(**organisation))
    return person


def test_a_stakeholder_sees_only_meetings_they_are_invited_to_or_open_to_their_pillar():
    user = UserFactory()
    person = _member(user=user, pillar=pillar("civil"))
    invited = MeetingFactory()
    InvitationFactory(meeting=invited, person=person)
    MeetingFactory()  # invitation only, not invited
    open_to_civil = MeetingFactory(visibility=Meeting.Visibility.PILLAR_MEMBERS, pillars=[pillar("civil")])
    MeetingFactory(visibility=Meeting.Visibility.PILLAR_MEMBERS, pillars=[pillar("public")])
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    InvitationFactory(meeting=draft, person=person)

    visible = set(selectors.visible_meetings(user=user).values_list("pk", flat=True))

    assert visible == {invited.pk, open_to_civil.pk}


def test_a_pending_membership_does_not_open_pillar_meetings():
    user = UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(person=person, organisation=OrganisationFactory(pillar=pillar("civil")), status=Membership.Status.PENDING)
    MeetingFactory(visibility=Meeting.Visibility.PILLAR_MEMBERS, pillars=[pillar("civil")])

    assert list(selectors.visible_meetings(user=user)) == []


def test_staff_see_every_meeting_including_drafts():
    staff = UserFactory(role=ICMPD_STAFF)
    meetings = {MeetingFactory(status=s).pk for s in Meeting.Status.values}

    assert set(selectors.visible_meetings(user=staff).values_list("pk", flat=True)) == meetings


def test_a_user_without_a_registry_person_sees_nothing():
    MeetingFactory(visibility=Meeting.Visibility.PILLAR_MEMBERS, pillars=[pillar("civil")])

    assert list(selectors.visible_meetings(user=UserFactory())) == []


def test_invitees_by_pillar_are_approved_members_of_approved_organisations_with_an_email():
    civil = pillar("civil")
    chosen = _member(pillar=civil)
    _member(pillar=pillar("public"))
    pending_member = PersonFactory()
    MembershipFactory(person=pending_member, organisation=OrganisationFactory(pillar=civil), status=Membership.Status.PENDING)
    _member(pillar=civil, status=Organisation.Status.SUSPENDED)
    anonymised = _member(pillar=civil)
    anonymised.anonymised_at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    anonymised.save()
    no_email = _member(pillar=civil)
    no_email.email = ""
    no_email.save()
    former = PersonFactory()
    MembershipFactory(person=former, organisation=OrganisationFactory(pillar=civil), until=datetime.date(2020, 1, 1))

    invitees = list(selectors.select_invitees(pillars=[civil]))

    assert invitees == [chosen]


def test_thematic_areas_narrow_the_pillar_choice_and_individuals_are_added():
    civil = pillar("civil")
    smuggling = thematic_area("migrant-smuggling")
    on_theme = _member(pillar=civil, thematic_areas=[smuggling])
    _member(pillar=civil, thematic_areas=[thematic_area("asylum")])
    _member(pillar=pillar("public"), thematic_areas=[smuggling])
    individual = PersonFactory()

    invitees = set(selectors.select_invitees(pillars=[civil], thematic_areas=[smuggling], people=[individual]))

    assert invitees == {on_theme, individual}


def test_a_person_in_two_chosen_organisations_is_selected_once():
    person = PersonFactory()
    first, second = OrganisationFactory(), OrganisationFactory()
    MembershipFactory(person=person, organisation=first)
    MembershipFactory(person=person, organisation=second)

    assert list(selectors.select_invitees(organisations=[first, second])) == [person]


def test_meeting_figures_count_by_pillar_type_and_country_with_every_pillar():
    held = MeetingFactory(status=Meeting.Status.HELD, starts_at=in_days(-3), ends_at=in_days(-3, 15))
    public_person = _member(pillar=pillar("public"))
    civil_person = _member(pillar=pillar("civil"), country="DE")
    InvitationFactory(meeting=held, person=public_person, response="accepted", attended=True)
    InvitationFactory(meeting=held, person=civil_person, response="declined")
    InvitationFactory(meeting=held, person=_member(pillar=pillar("public")), walk_in=True, attended=True, sent_at=None)
    future = MeetingFactory()
    InvitationFactory(meeting=future, person=public_person, response="accepted")
    today = in_days(0).date()

    figures = selectors.meeting_figures(start=today - datetime.timedelta(days=30), end=today)

    assert figures["meetings_held"] == 1
    assert figures["meetings"] == [
        {"id": held.pk, "title": held.title, "kind": "four_pillar", "starts_at": held.starts_at, "invited": 2, "accepted": 1, "attended": 2}
    ]
    assert [(r["pillar_code"], r["invited"], r["accepted"], r["attended"]) for r in figures["by_pillar"]] == [
        ("public", 1, 1, 2),
        ("civil", 1, 0, 0),
        ("international", 0, 0, 0),
        ("private_academia", 0, 0, 0),
    ]
    assert {(r["country"], r["invited"], r["attended"]) for r in figures["by_country"]} == {("TR", 1, 2), ("DE", 1, 0)}
    assert sum(r["invited"] for r in figures["by_organisation_type"]) == 2


def test_meeting_figures_take_a_bounded_number_of_queries(django_assert_max_num_queries):
    for days in range(1, 6):
        meeting = MeetingFactory(status=Meeting.Status.HELD, starts_at=in_days(-days), ends_at=in_days(-days, 15))
        for _ in range(3):
            InvitationFactory(meeting=meeting, person=factory_member())
    today = in_days(0).date()

    with django_assert_max_num_queries(6):
        selectors.meeting_figures(start=today - datetime.timedelta(days=30), end=today)


def factory_member():
    return _member(pillar=pillar("international"))
