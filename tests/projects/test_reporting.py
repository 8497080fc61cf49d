"""Each approved project's reports (issue 14, item ç) and the clearance of their figures (items a, b):
the plan, reminders, who may write / review / read, the hand-over to the submission trail, the
public key figures that show only what PMM cleared."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from magnet import statistics
from magnet.outbox import OutboxMail
from projects.models import Project, ProjectFigure, ProjectReport
from projects.services import reporting
from projects.services.reporting import FigureInput
from reports import keyfigures
from reports.models import PeriodicReport
from reports.services import periodic
from tests.factories import OrganisationFactory, UserFactory
from tests.reports.factories import make_document

from .reporting_factories import approved_project, member, pmm, staff, target_group

pytestmark = pytest.mark.django_db
Kind = ProjectReport.Kind


@pytest.fixture
def project():
    return approved_project()


@pytest.fixture
def writer(project):
    return member(project.organisation, first_name="Zeynep", last_name="Aydın")


@pytest.fixture
def icmpd():
    return staff(preferred_language="en")


@pytest.fixture
def official():
    return pmm()


def _plan(project, months=6):
    reporting.ensure_reporting_plan(project=project, interval_months=months)
    return list(project.reports.order_by("due_on", "pk"))


def _written(report, writer, *, people=120, activities=8):
    return reporting.save_project_report(
        report=report, actor=writer, summary_tr="Gaziantep'te iki toplum merkezi açıldı.",
        summary_en="Two community centres opened in Gaziantep.",
        figures=[FigureInput(kind=ProjectFigure.Kind.PEOPLE_REACHED, value=people,
                             target_group_id=target_group().pk, province="27"),
                 FigureInput(kind=ProjectFigure.Kind.ACTIVITIES_HELD, value=activities)])


def _sent(report, writer, icmpd):
    """Written, submitted, accepted, then generated (stored editions), approved and sent on the trail."""
    _written(report, writer)
    reporting.submit_project_report(report=report, actor=writer)
    report = reporting.accept_and_put_on_trail(report=report, actor=icmpd)
    trail = PeriodicReport.objects.get(pk=report.trail_report_id)
    periodic.approve_periodic_report(report=trail, actor=icmpd)
    for language in ("tr", "en", "bilingual"):
        make_document(trail, requested_by=icmpd, language=language)
    periodic.send_to_pmm(report=trail, actor=icmpd)
    return report, trail


# --- The plan ------------------------------------------------------------------------------------


def test_plan_dates_every_six_months_then_final_and_results():
    slots = reporting.plan_dates(starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 12, 31),
                                 interval_months=6)
    assert [(kind, n, str(start), str(end), str(due)) for kind, n, start, end, due in slots] == [
        ("interim", 1, "2026-01-01", "2026-06-30", "2026-07-30"),
        ("interim", 2, "2026-07-01", "2026-12-31", "2027-01-30"),
        ("interim", 3, "2027-01-01", "2027-06-30", "2027-07-30"),
        ("final", 1, "2026-01-01", "2027-12-31", "2028-02-29"),
        ("results", 1, "2026-01-01", "2027-12-31", "2028-03-30"),
    ]


def test_a_project_shorter_than_one_interval_has_only_the_final_and_results_reports():
    slots = reporting.plan_dates(starts_on=datetime.date(2026, 3, 15), ends_on=datetime.date(2026, 7, 31),
                                 interval_months=6)
    assert [kind for kind, *_ in slots] == ["final", "results"]


def test_an_approved_project_gets_its_plan_once(project, icmpd):
    plan = reporting.ensure_reporting_plan(project=project, actor=icmpd, interval_months=12)
    again = reporting.ensure_reporting_plan(project=project, actor=icmpd, interval_months=3)
    assert again.pk == plan.pk and plan.interval_months == 12
    assert list(project.reports.values_list("kind", "sequence")) == [("interim", 1), ("final", 1), ("results", 1)]


def test_no_plan_without_a_favourable_opinion_or_for_non_staff(icmpd, writer):
    pending = approved_project(state=Project.State.SUBMITTED, reference="PRJ-2026-0002")
    with pytest.raises(ValidationError):
        reporting.ensure_reporting_plan(project=pending, actor=icmpd)
    with pytest.raises(ValidationError):
        reporting.ensure_reporting_plan(project=approved_project(reference="PRJ-2026-0003"), actor=writer)
    assert not ProjectReport.objects.exists()


# --- Reminders -----------------------------------------------------------------------------------


def test_reminders_go_once_to_the_organisation_in_each_members_language(project, writer):
    english = member(project.organisation, language="en")
    member(OrganisationFactory(), language="tr")  # another organisation: not reminded
    first = _plan(project)[0]  # due 2026-07-30
    assert reporting.send_due_reminders(today=datetime.date(2026, 7, 1)) == 0  # not yet within 14 days
    assert reporting.send_due_reminders(today=datetime.date(2026, 7, 20)) == 1
    assert reporting.send_due_reminders(today=datetime.date(2026, 7, 21)) == 0
    rows = OutboxMail.objects.filter(template="projects/report_reminder")
    assert sorted((row.recipient, row.language) for row in rows) == sorted(
        [(writer.email, "tr"), (english.email, "en")])
    first.refresh_from_db()
    assert first.reminded_at is not None


def test_a_submitted_report_is_not_reminded(project, writer):
    first = _plan(project)[0]
    _written(first, writer)
    reporting.submit_project_report(report=first, actor=writer)
    assert reporting.send_due_reminders(today=datetime.date(2026, 7, 20)) == 0


# --- Writing and review --------------------------------------------------------------------------


def test_submitting_needs_both_languages(project, writer):
    first = _plan(project)[0]
    reporting.save_project_report(report=first, actor=writer, summary_tr="Yalnız Türkçe.", summary_en="")
    with pytest.raises(ValidationError) as refused:
        reporting.submit_project_report(report=first, actor=writer)
    assert refused.value.code == "incomplete"
    first.refresh_from_db()
    assert first.status == ProjectReport.Status.DUE and first.summary_tr == "Yalnız Türkçe."


def test_another_organisations_member_can_neither_see_nor_write(client, project, writer):
    first = _plan(project)[0]
    outsider = member(OrganisationFactory())
    with pytest.raises(ValidationError):
        _written(first, outsider)
    client.force_login(outsider)
    assert client.get(reverse("projects:report_detail", args=[first.pk])).status_code == 404
    assert client.get("/api/v1/project-reports/").json()["count"] == 0
    assert client.get(f"/api/v1/project-reports/{first.pk}/").status_code == 404


def test_the_member_writes_and_submits_from_the_page(client, project, writer, icmpd):
    first = _plan(project)[0]
    client.force_login(writer)
    response = client.post(reverse("projects:report_detail", args=[first.pk]), {
        "summary_tr": "Kilis'te eğitimler yapıldı.", "summary_en": "Trainings were held in Kilis.",
        "group_0": str(target_group().pk), "province_0": "79", "people_0": "45", "activities_held": "3",
        "submit": "1"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == ProjectReport.Status.SUBMITTED
    assert sorted(first.figures.values_list("kind", "value", "province")) == [
        ("activities_held", 3, ""), ("people_reached", 45, "79")]
    assert OutboxMail.objects.filter(template="projects/report_submitted", recipient=icmpd.email).exists()


def test_people_reached_without_a_target_group_is_refused_and_nothing_is_lost(client, project, writer):
    first = _plan(project)[0]
    client.force_login(writer)
    response = client.post(reverse("projects:report_detail", args=[first.pk]), {
        "summary_tr": "Metin", "summary_en": "Text", "people_0": "45", "save": "1"})
    assert response.status_code == 400
    assert "Metin" in response.content.decode()
    assert not first.figures.exists()


def test_staff_send_back_then_accept_onto_the_trail(project, writer, icmpd, official):
    first = _plan(project)[0]
    _written(first, writer)
    reporting.submit_project_report(report=first, actor=writer)
    with pytest.raises(ValidationError):
        reporting.request_changes(report=first, actor=icmpd, comment=" ")
    reporting.request_changes(report=first, actor=icmpd, comment="İl dağılımını ekleyin.")
    assert OutboxMail.objects.filter(template="projects/report_changes_requested", recipient=writer.email).exists()
    reporting.submit_project_report(report=first, actor=writer)
    with pytest.raises(ValidationError):
        reporting.accept_and_put_on_trail(report=first, actor=writer)  # only staff review
    first = reporting.accept_and_put_on_trail(report=first, actor=icmpd)
    trail = PeriodicReport.objects.get(pk=first.trail_report_id)
    assert (trail.source, trail.source_id, trail.kind, trail.status) == ("projects.report", first.pk, "interim", "draft")
    assert trail.title_en == "Community centres in Gaziantep and Şanlıurfa — Interim report 1"
    assert trail.executive_summary_en == "Two community centres opened in Gaziantep."
    assert trail.figures["figures"][0]["value"] in (8, 120)
    assert not trail.field_reports.exists()
    # PMM sees nothing of it before it is sent.
    from projects.selectors import project_reports_for

    assert not project_reports_for(official).exists()


def test_pmm_sees_only_the_sent_version_and_acknowledges_through_the_api(client, project, writer, icmpd, official):
    first, trail = _sent(_plan(project)[0], writer, icmpd)
    second = ProjectReport.objects.get(project=project, kind=Kind.INTERIM, sequence=2)
    client.force_login(official)
    listed = client.get("/api/v1/project-reports/").json()
    assert [row["id"] for row in listed["results"]] == [first.pk]
    assert listed["results"][0]["sent_to_pmm"]["status"] == "sent"
    assert client.get(reverse("projects:report_detail", args=[second.pk])).status_code == 404
    # Re-opened on the trail: PMM still holds version 1, in the state it was sent.
    periodic.reopen_periodic_report(report=trail, actor=icmpd, comment="Düzeltme")
    response = client.post(f"/api/v1/project-reports/{first.pk}/acknowledge/", {"comment": "Teslim alındı."})
    assert response.status_code == 201 and response.json()["version"] == 1
    again = client.post(f"/api/v1/project-reports/{first.pk}/acknowledge/", {})
    assert again.status_code == 409
    page = client.get(reverse("projects:report_detail", args=[first.pk])).content.decode()
    assert "trail-status" in page


def test_a_member_may_not_acknowledge(client, project, writer, icmpd):
    first, _trail = _sent(_plan(project)[0], writer, icmpd)
    client.force_login(writer)
    assert client.post(f"/api/v1/project-reports/{first.pk}/acknowledge/", {}).status_code == 403


def test_the_project_report_pdf_is_rendered_in_both_languages(project, writer, icmpd):
    from reports.rendering import render_html

    first = _plan(project)[0]
    _written(first, writer)
    reporting.submit_project_report(report=first, actor=writer)
    first = reporting.accept_and_put_on_trail(report=first, actor=icmpd)
    trail = PeriodicReport.objects.get(pk=first.trail_report_id)
    html = render_html(trail, language="bilingual", version=1)
    assert "Gaziantep ve Şanlıurfa&#x27;da toplum merkezleri" in html or "Gaziantep ve Şanlıurfa'da" in html
    assert "Community centres in Gaziantep and Şanlıurfa" in html
    assert "Geçici koruma altındaki yabancılar" in html and "Persons under temporary protection" in html
    assert "Stakeholder registry" not in html  # the project's template, not the portal's


# --- Clearance: one rule -------------------------------------------------------------------------


def test_only_pmm_clears_and_only_what_pmm_received(project, writer, icmpd, official):
    first = _plan(project)[0]
    _written(first, writer)
    figure = first.figures.first()
    with pytest.raises(ValidationError):
        reporting.clear_figure(figure=figure, actor=official)  # not sent to PMM yet
    first, _trail = _sent(first, writer, icmpd)
    figure = first.figures.first()
    with pytest.raises(ValidationError):
        statistics.clear(figure, actor=icmpd)
    cleared = reporting.clear_figure(figure=figure, actor=official)
    when = cleared.cleared_at
    assert statistics.clear(cleared, actor=official).cleared_at == when  # idempotent


def test_field_report_figures_and_project_figures_obey_the_same_rule():
    from reports.models import FieldReportFigure

    assert issubclass(FieldReportFigure, statistics.Statistic) and issubclass(ProjectFigure, statistics.Statistic)
    assert ProjectFigure(value=1).is_statistic and not ProjectFigure(value=1).is_publishable


def _public(client, language="tr"):
    page = client.get(f"/{language}/figures/").content.decode()
    csv_response = client.get(f"/{language}/figures/key-figures.csv")
    data = client.get(f"/{language}/figures/key-figures.json").json()
    api = client.get(f"/api/v1/key-figures/?language={language}").json()
    return page, csv_response, data, api


def test_public_figures_show_nothing_uncleared_then_the_cleared_figures_with_their_date(
        client, project, writer, icmpd, official):
    first, _trail = _sent(_plan(project)[0], writer, icmpd)
    # Staff compile a release before PMM cleared the project's figures: nothing public yet.
    early = keyfigures.prepare_release(actor=icmpd)
    page, csv_response, data, api = _public(client)
    assert "no-release" in page and csv_response.status_code == 404
    assert data["figures"] is None and api["figures"] is None and api["cleared_at"] is None
    # PMM clears that release: public, but without the uncleared project figures.
    keyfigures.clear_release(release=early, actor=official)
    page, csv_response, data, api = _public(client)
    assert data["figures"]["reach"]["by_target_group"] == [] and data["figures"]["reach"]["activities_held"] == 0
    assert "120" not in csv_response.content.decode()
    # PMM clears the project's figures; a new release is public only once cleared in its turn.
    for figure in first.figures.all():
        reporting.clear_figure(figure=figure, actor=official)
    later = keyfigures.prepare_release(actor=icmpd)
    assert _public(client)[2]["figures"]["reach"]["activities_held"] == 0
    later = keyfigures.clear_release(release=later, actor=official)
    page, csv_response, data, api = _public(client)
    assert data["cleared_at"] == later.cleared_at.isoformat() == api["cleared_at"]
    assert data["figures"]["reach"]["by_target_group"] == [
        {"code": "temporary-protection", "name": "Geçici koruma altındaki yabancılar", "people": 120}]
    assert data["figures"]["reach"]["activities_held"] == 8
    assert data["figures"]["projects"]["approved"] == 1
    assert "Geçici koruma altındaki yabancılar" in page and 'id="clearance"' in page
    assert "Geçici koruma altındaki yabancılar,Kişi sayısı" in csv_response.content.decode() or \
        "Geçici koruma altındaki yabancılar" in csv_response.content.decode()
    english = _public(client, "en")
    assert english[2]["figures"]["reach"]["by_target_group"][0]["name"] == "Persons under temporary protection"
    assert "Persons under temporary protection" in english[0]


def test_only_staff_prepare_and_only_pmm_clear_a_release(client, icmpd, official):
    with pytest.raises(ValidationError):
        keyfigures.prepare_release(actor=official)
    release = keyfigures.prepare_release(actor=icmpd)
    with pytest.raises(ValidationError):
        keyfigures.clear_release(release=release, actor=icmpd)
    stakeholder = UserFactory()
    client.force_login(stakeholder)
    assert client.get(reverse("key_figures:releases")).status_code == 403
    assert client.post(reverse("key_figures:clear", args=[release.pk])).status_code == 403
    release.refresh_from_db()
    assert release.cleared_at is None


def test_pmm_clears_a_release_from_its_page(client, icmpd, official):
    release = keyfigures.prepare_release(actor=icmpd)
    client.force_login(official)
    assert client.get(reverse("key_figures:releases")).status_code == 200
    assert client.post(reverse("key_figures:clear", args=[release.pk])).status_code == 302
    release.refresh_from_db()
    assert release.cleared_by == official


# --- Query counts --------------------------------------------------------------------------------


def test_the_project_report_list_query_count_does_not_grow(client, icmpd, django_assert_max_num_queries):
    reporting.ensure_reporting_plan(project=approved_project(), interval_months=6)
    client.force_login(icmpd)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("projects:report_list"))
    for n in range(8):
        reporting.ensure_reporting_plan(project=approved_project(reference=f"PRJ-2026-01{n:02d}"), interval_months=3)
    with django_assert_max_num_queries(20) as many:
        client.get(reverse("projects:report_list"))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_project_report_api_query_count_does_not_grow(client, project, writer, django_assert_max_num_queries):
    _plan(project, months=12)
    client.force_login(writer)
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/project-reports/")
    _plan(approved_project(organisation=project.organisation, reference="PRJ-2026-0009"), months=2)
    with django_assert_max_num_queries(20) as many:
        client.get("/api/v1/project-reports/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_public_page_query_count_is_fixed(client, icmpd, official, django_assert_max_num_queries):
    keyfigures.clear_release(release=keyfigures.prepare_release(actor=icmpd), actor=official)
    with django_assert_max_num_queries(6):
        client.get("/en/figures/")
    with django_assert_max_num_queries(6):
        client.get("/api/v1/key-figures/")


def test_the_json_download_is_utf8_json(client, icmpd, official):
    keyfigures.clear_release(release=keyfigures.prepare_release(actor=icmpd), actor=official)
    response = client.get("/tr/figures/key-figures.json")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["language"] == "tr"
    assert not mail.outbox
