"""Demo data of each project's reports (h8): an approved project of the demo stakeholder's
organisation with its reporting plan, the first interim report written, accepted, sent to PMM
through the submission trail (PDFs rendered here by the same services the Celery task runs) and
acknowledged, its figures cleared by PMM, and a key-figures release cleared for the public page.
Idempotent: a second run finds everything and changes nothing. Called by `manage.py seed_demo`."""

import datetime

from django.contrib.auth import get_user_model

from reports import keyfigures, submission
from reports.models import KeyFiguresRelease, PeriodicReport, ReportDocument
from reports.services import generation, periodic
from stakeholders.models import Organisation, ThematicArea

from .models import Opinion, Project, ProjectFigure, ProjectProvince, ProjectReport, TargetGroup
from .services import reporting
from .services.reporting import FigureInput

REFERENCE = "PRJ-2026-0101"
ORGANISATION = "Sığınmacılar ve Göçmenlerle Dayanışma Derneği"


def _users():
    User = get_user_model()
    return (User.objects.get(email="stakeholder@demo.magnet.local"), User.objects.get(email="staff@demo.magnet.local"),
            User.objects.get(email="pmm@demo.magnet.local"))


def _project() -> Project:
    project = Project.objects.filter(reference=REFERENCE).first()
    if project is not None:
        return project
    organisation = Organisation.objects.get(name_tr=ORGANISATION)
    project = Project.objects.create(
        organisation=organisation, reference=REFERENCE, state=Project.State.FAVOURABLE_WITH_CONDITIONS,
        title="Gaziantep ve Hatay'da geçici koruma altındaki kadınlara psikososyal destek",
        title_tr="Gaziantep ve Hatay'da geçici koruma altındaki kadınlara psikososyal destek",
        title_en="Psychosocial support for women under temporary protection in Gaziantep and Hatay",
        summary_tr="Toplum merkezlerinde bireysel ve grup görüşmeleri, yönlendirme ve farkındalık oturumları.",
        summary_en="Individual and group sessions, referrals and awareness sessions in community centres.",
        donors="Avrupa Birliği", currency="EUR", budget=850000,
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 6, 30),
        planned_activities_tr="Psikososyal destek oturumları, ev sahibi toplulukla ortak etkinlikler.",
        planned_activities_en="Psychosocial support sessions, joint activities with the host community.",
        expected_results_tr="3.000 kadına ulaşılması.", expected_results_en="3,000 women reached.",
    )
    for province in ("27", "31"):
        ProjectProvince.objects.create(project=project, province=province)
    project.thematic_areas.set(ThematicArea.objects.filter(code__in=("harmonisation", "vulnerable-migrants")))
    project.target_groups.set(TargetGroup.objects.filter(code__in=("temporary-protection", "host-communities")))
    Opinion.objects.create(
        project=project, kind=Opinion.Kind.FAVOURABLE_WITH_CONDITIONS,
        reasons="Proje ildeki ihtiyaçlarla örtüşüyor.", reasons_tr="Proje ildeki ihtiyaçlarla örtüşüyor.",
        reasons_en="The project matches the needs in the provinces.",
        conditions="Faaliyetler il göç idaresi müdürlükleriyle eş güdüm içinde yürütülmelidir.",
        conditions_tr="Faaliyetler il göç idaresi müdürlükleriyle eş güdüm içinde yürütülmelidir.",
        conditions_en="Activities are to be coordinated with the provincial migration directorates.",
    )
    return project


def seed(stdout) -> None:
    member, staff, pmm = _users()
    project = _project()
    reporting.ensure_reporting_plan(project=project, actor=staff, interval_months=6)
    first = ProjectReport.objects.get(project=project, kind=ProjectReport.Kind.INTERIM, sequence=1)
    if first.status == ProjectReport.Status.DUE:
        groups = {g.code: g.pk for g in TargetGroup.objects.all()}
        reporting.save_project_report(
            report=first, actor=member,
            summary_tr="Ocak–Haziran 2026'da Gaziantep ve Hatay'daki iki toplum merkezinde 1.240 kadına psikososyal "
                       "destek sağlandı; 36 farkındalık oturumu yapıldı. Hatay'da ev sahibi toplulukla ortak "
                       "etkinlikler başladı.",
            summary_en="From January to June 2026, 1,240 women received psychosocial support in two community "
                       "centres in Gaziantep and Hatay; 36 awareness sessions were held. Joint activities with the "
                       "host community started in Hatay.",
            figures=[FigureInput(kind=ProjectFigure.Kind.PEOPLE_REACHED, value=780,
                                 target_group_id=groups["temporary-protection"], province="27"),
                     FigureInput(kind=ProjectFigure.Kind.PEOPLE_REACHED, value=460,
                                 target_group_id=groups["temporary-protection"], province="31"),
                     FigureInput(kind=ProjectFigure.Kind.PEOPLE_REACHED, value=210,
                                 target_group_id=groups["host-communities"], province="31"),
                     FigureInput(kind=ProjectFigure.Kind.ACTIVITIES_HELD, value=36)])
        reporting.submit_project_report(report=first, actor=member)
        first = reporting.accept_and_put_on_trail(report=first, actor=staff, comment="Teşekkürler.")
    trail = PeriodicReport.objects.get(pk=first.trail_report_id)
    if trail.status == PeriodicReport.Status.DRAFT:
        periodic.approve_periodic_report(report=trail, actor=staff)
        for document in generation.request_generation(report=trail, actor=staff):
            generation.render_document(document_id=document.pk)
        if trail.documents.exclude(state=ReportDocument.State.DONE).exists():
            raise RuntimeError("projects demo: PDF generation failed")
        periodic.send_to_pmm(report=trail, actor=staff, comment="SGDD-ASAM projesinin 1. ara raporu.")
        submission.acknowledge(trail.pk, actor=pmm, comment="Ara rapor teslim alınmıştır.")
    for figure in first.figures.awaiting_clearance():
        reporting.clear_figure(figure=figure, actor=pmm)
    # The second interim report is being written (a draft with Turkish only).
    second = ProjectReport.objects.get(project=project, kind=ProjectReport.Kind.INTERIM, sequence=2)
    if second.status == ProjectReport.Status.DUE and not second.summary_tr:
        reporting.save_project_report(report=second, actor=member, summary_tr="Temmuz–Aralık dönemi taslağı.",
                                      summary_en="")
    if not KeyFiguresRelease.objects.filter(cleared_at__isnull=False).exists():
        keyfigures.clear_release(release=keyfigures.prepare_release(actor=staff), actor=pmm)
    stdout.write("Project reports: 1 approved project with its plan, 1 interim report sent and acknowledged, "
                 "cleared key figures.")
