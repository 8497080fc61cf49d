"""The network figures (reports.network) on a crafted dataset with exact numbers, their page, XLSX and
API (staff and PMM only), and bounded queries with few and many events."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conference.models import Registration
from meetings.models import Invitation, Meeting
from reports.network import network_figures
from tests.conference.factories import ConferenceFactory, RegistrationFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    pillar,
    thematic_area,
)
from tests.meetings.factories import MeetingFactory

from .factories import pmm_user, staff_user

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _meeting(day, people, *, area=None, status=Meeting.Status.HELD, absent=()):
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=4), status=status)
    if area:
        meeting.thematic_areas.set([thematic_area(area)])
    for person in people:
        Invitation.objects.create(meeting=meeting, person=person, response=Invitation.Response.ACCEPTED, attended=True)
    for person in absent:
        Invitation.objects.create(meeting=meeting, person=person, response=Invitation.Response.ACCEPTED, attended=False)
    return meeting


def _member(organisation):
    person = PersonFactory()
    MembershipFactory(person=person, organisation=organisation)
    return person


@pytest.fixture
def network():
    """A (public) since 2025, D (public) seen only in 2025, B (civil) and C (international) new in 2026."""
    org_a = OrganisationFactory(pillar=pillar("public"), name_en="Org A")
    org_b = OrganisationFactory(pillar=pillar("civil"), name_en="Org B")
    org_c = OrganisationFactory(pillar=pillar("international"), name_en="Org C")
    org_d = OrganisationFactory(pillar=pillar("public"), name_tr="Kurum D", name_en="Org D")
    a1, a2, b1, c1, d1 = _member(org_a), _member(org_a), _member(org_b), _member(org_c), _member(org_d)
    absent = _member(org_b)
    _meeting(datetime.date(2025, 3, 10), [a1, d1], area="border-management")
    first = _meeting(datetime.date(2026, 2, 10), [a1, b1], area="border-management", absent=[absent])
    second = _meeting(datetime.date(2026, 5, 5), [a1, a2, b1, c1], area="harmonisation")
    _meeting(datetime.date(2027, 1, 20), [a1, b1], status=Meeting.Status.PUBLISHED)  # not held
    conference = ConferenceFactory(starts_on=datetime.date(2026, 9, 15), ends_on=datetime.date(2026, 9, 16))
    RegistrationFactory(conference=conference, person=c1, organisation=org_c, pillar=pillar("international"),
                        status=Registration.Status.CHECKED_IN)
    RegistrationFactory(conference=conference, pillar=pillar("civil"), status=Registration.Status.CHECKED_IN)  # no organisation
    RegistrationFactory(conference=conference, pillar=pillar("civil"), status=Registration.Status.APPROVED)  # did not come
    return {"first": first, "second": second, "conference": conference}


def test_the_figures_of_a_crafted_network_are_exact(network):
    figures = network_figures(start=START, end=END)

    events = [(e["kind"], e["id"], e["date"], e["by_pillar"], e["total"]) for e in figures["events"]]
    assert events == [
        ("meeting", network["first"].pk, "2026-02-10", {"public": 1, "civil": 1, "international": 0, "private_academia": 0}, 2),
        ("meeting", network["second"].pk, "2026-05-05", {"public": 2, "civil": 1, "international": 1, "private_academia": 0}, 4),
        ("conference", network["conference"].pk, "2026-09-15", {"public": 0, "civil": 1, "international": 1, "private_academia": 0}, 2),
    ]
    assert [(m["month"], m["total"], m["by_pillar"]["public"]) for m in figures["over_time"]] == [
        ("2026-02", 2, 1), ("2026-05", 4, 2), ("2026-09", 2, 0)]
    assert figures["participants"] == {"total": 5, "new": 4, "returning": 1}
    assert figures["organisations"] == {"total": 3, "new": 2, "returning": 1}
    assert figures["first_met"] == {"organisations": 3, "by_pillar": {"public": 1, "civil": 1, "international": 1, "private_academia": 0}}
    assert figures["dormant"]["count"] == 1
    assert figures["dormant"]["organisations"] == [
        {"name_tr": "Kurum D", "name_en": "Org D", "pillar": "public", "last_seen": "2025-03-10"}]


def test_a_meeting_with_the_same_pillars_again_is_not_a_first_meeting(network):
    later = network_figures(start=datetime.date(2026, 6, 1), end=END)
    assert later["first_met"]["organisations"] == 0  # the conference: C alone with a person of no organisation
    assert later["participants"] == {"total": 2, "new": 1, "returning": 1}


def test_a_thematic_area_keeps_only_its_meetings_and_leaves_the_conference_out(network):
    figures = network_figures(start=START, end=END, thematic_area=thematic_area("border-management"))
    assert [e["id"] for e in figures["events"]] == [network["first"].pk]
    assert figures["participants"] == {"total": 2, "new": 1, "returning": 1}
    assert figures["first_met"]["organisations"] == 2  # A and B, at the first meeting
    assert figures["thematic_area"]["code"] == "border-management"


def test_the_figures_take_the_same_number_of_queries_for_few_and_many_events(network):
    with CaptureQueriesContext(connection) as few:
        network_figures(start=START, end=END)
    people = [_member(OrganisationFactory(pillar=pillar(code))) for code in ("public", "civil", "international", "private_academia") * 3]
    for month in range(1, 12):
        _meeting(datetime.date(2026, month, 20), people[month % 4::2])
    with CaptureQueriesContext(connection) as many:
        figures = network_figures(start=START, end=END)
    assert len(figures["events"]) == 14
    assert len(many.captured_queries) == len(few.captured_queries) <= 12


@pytest.mark.parametrize("maker", [staff_user, pmm_user])
def test_staff_and_pmm_see_the_page_with_charts_and_tables_and_download_xlsx(client, network, maker):
    client.force_login(maker())
    page = client.get(reverse("reports:network"), {"start": "2026-01-01", "end": "2026-12-31"})
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('role="img"') >= 4
    assert "Etkinliklere göre sütun bazında katılım" in body and "Kurum D" in body
    xlsx = client.get(reverse("reports:network_xlsx"), {"start": "2026-01-01", "end": "2026-12-31"})
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Etkinlikler", "Zaman içinde", "Yeni ve yeniden katılan", "Başka sütunla ilk buluşma", "Bir yıldır görülmeyen"]
    assert [cell.value for cell in workbook["Etkinlikler"][3]][-1] == 4


def test_a_period_that_ends_before_it_starts_is_refused_clearly(client):
    client.force_login(staff_user())
    response = client.get(reverse("reports:network"), {"start": "2026-12-31", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "Dönemin sonu başlangıcından önce olamaz." in response.content.decode() or "önce" in response.content.decode()


@pytest.mark.parametrize("role", ["stakeholder", "field reporter"])
def test_other_roles_are_refused_the_page_the_download_and_the_api(client, role):
    from magnet.roles import FIELD_REPORTER, STAKEHOLDER

    client.force_login(UserFactory(role=STAKEHOLDER if role == "stakeholder" else FIELD_REPORTER))
    assert client.get(reverse("reports:network")).status_code == 403
    assert client.get(reverse("reports:network_xlsx")).status_code == 403
    assert client.get("/api/v1/network-figures/").status_code == 403


def test_the_api_answers_the_same_figures_for_staff_and_pmm(client, network):
    client.force_login(pmm_user())
    response = client.get("/api/v1/network-figures/", {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    assert response.json() == network_figures(start=START, end=END)
    assert client.get("/api/v1/network-figures/", {"start": "2026-12-31", "end": "2026-01-01"}).status_code == 400
    assert client.get("/api/v1/network-figures/", {"thematic_area": "no-such-area"}).status_code == 400
    client.logout()
    assert client.get("/api/v1/network-figures/").status_code in (401, 403)
