"""Benchmark: a ~40-page bilingual periodic report, end to end and WeasyPrint alone.

Run from the repository root:  DEBUG=1 .venv/bin/python benchmarks/report_pdf.py

It builds its own data on the configured database inside a transaction that it rolls back (the
generated file is deleted too), then measures in the same process:

- end to end: collect the figures (the registry, meetings and conference selectors and the field
  report totals), build the context, template, WeasyPrint (PDF/A), store with SHA-256 — the same
  service the Celery task runs;
- WeasyPrint alone on the very HTML the end-to-end run produced.

It prints both times, their ratio, the peak memory of the process and the split between collecting
data, templating and WeasyPrint. Targets: end to end within 1.5x of WeasyPrint alone, under 6 s,
under 300 MB. This is a measurement, not a test: it never fails a build.
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magnet.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.db import transaction  # noqa: E402

FIELD_REPORTS = 10  # with the fixed sections this gives about 40 pages in the bilingual edition
RUNS = 2  # each measurement is repeated (alternating) and the best run is reported: the machine is shared
PARAGRAPH_TR = (
    "İl göç idaresi, valilik, belediye ve sivil toplum kuruluşlarıyla yapılan görüşmelerde düzensiz göç "
    "hareketlerinin mevsimsel seyri, geçici koruma altındaki kişilerin uyum ihtiyaçları ve sınır hattındaki "
    "köylerde yaşayanların güvenlik kaygıları ayrıntılı biçimde ele alındı. Katılımcılar, Iğdır, Şırnak ve "
    "İzmir'deki uygulamaların karşılaştırılmasını istedi. "
)
PARAGRAPH_EN = (
    "Meetings with the provincial migration directorate, the governorate, the municipality and civil society "
    "discussed in detail the seasonal pattern of irregular migration, the integration needs of people under "
    "temporary protection and the security concerns of those living in border villages. Participants asked for "
    "a comparison of practice in Iğdır, Şırnak and İzmir. "
)


def build_data():
    """Users, a period, approved field reports with long narratives, a compiled periodic report."""
    import datetime

    from django.utils import timezone

    from magnet.models import User
    from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, assign_role
    from reports.models import FieldReport, FieldReportFigure, ReportingPeriod
    from reports.services.periodic import create_periodic_report

    staff = User.objects.create_user("bench-staff@example.org", first_name="Elif", last_name="Şahin")
    reporter = User.objects.create_user("bench-reporter@example.org", first_name="Ayşe", last_name="Güneş")
    assign_role(staff, ICMPD_STAFF)
    assign_role(reporter, FIELD_REPORTER)
    period = ReportingPeriod.objects.create(
        kind="quarter", name="Benchmark çeyreği", name_tr="Benchmark çeyreği", name_en="Benchmark quarter",
        starts_on=datetime.date(2031, 1, 1), ends_on=datetime.date(2031, 3, 31), due_on=datetime.date(2031, 4, 10),
    )
    provinces = ["27", "35", "65", "31", "76", "73", "34", "06", "01", "63", "47", "22", "79"]
    for number in range(FIELD_REPORTS):
        narrative = {}
        for field in ("situation_overview", "stakeholder_engagement", "needs_and_challenges", "recommendations"):
            narrative[f"{field}_tr"] = PARAGRAPH_TR * 3
            narrative[f"{field}_en"] = PARAGRAPH_EN * 3
        report = FieldReport.objects.create(
            author=reporter, period=period, province=provinces[number % len(provinces)], place="Sınır kapısı",
            title=f"Saha raporu {number + 1}", title_tr=f"Saha raporu {number + 1}: İl gözlemi",
            title_en=f"Field report {number + 1}: provincial observation", status=FieldReport.Status.APPROVED,
            submitted_at=timezone.now(), approved_at=timezone.now(), meetings_held=2, organisations_engaged=6,
            participants_public=10 + number, participants_civil=7, participants_international=3,
            participants_private_academia=2, **narrative,
        )
        for index in range(4):
            FieldReportFigure.objects.create(report=report, label=f"Gösterge {index}", label_tr=f"Gösterge {index}",
                                             label_en=f"Indicator {index}", value=100 + index, unit="kişi",
                                             unit_tr="kişi", unit_en="people", order=index)
    values = {"kind": "quarterly", "period": period, "title_tr": "Göç İdaresi Başkanlığına çeyrek dönem raporu",
              "title_en": "Quarterly report to the Presidency of Migration Management",
              "executive_summary_tr": PARAGRAPH_TR * 6, "executive_summary_en": PARAGRAPH_EN * 6}
    return staff, create_periodic_report(actor=staff, values=values)


def main():
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from magnet.pdf import html_to_pdf
    from reports.figures import compile_figures
    from reports.models import ReportDocument
    from reports.rendering import render_html
    from reports.services import generation

    html_to_pdf("<p>warm-up: Göç İdaresi Başkanlığı</p>")  # fonts and WeasyPrint's own start-up, for both runs
    with transaction.atomic():
        staff, report = build_data()
        html = render_html(report, language="bilingual", version=1)
        end_to_end_runs, alone_runs, stored_files = [], [], []
        for run in range(1, RUNS + 1):
            document = ReportDocument.objects.create(report=report, version=run, language="bilingual",
                                                     requested_by=staff)
            run_timings = {}
            started = time.perf_counter()
            report.figures = compile_figures(period=report.period)  # what "Compile the figures" does
            report.save(update_fields=["figures"])
            run_timings["figures"] = time.perf_counter() - started
            document = generation.render_document(document_id=document.pk, timings=run_timings)
            end_to_end_runs.append((time.perf_counter() - started, run_timings, document))
            stored_files.append(document.file.name)

            started = time.perf_counter()
            alone = html_to_pdf(html)
            alone_runs.append(time.perf_counter() - started)
        transaction.set_rollback(True)
    from django.core.files.storage import default_storage

    for name in stored_files:
        default_storage.delete(name)
    end_to_end, timings, document = min(end_to_end_runs, key=lambda run: run[0])
    weasyprint_alone = min(alone_runs)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = end_to_end / weasyprint_alone
    collect = timings["figures"] + timings.get("collect", 0)
    print(f"bilingual periodic report: {document.page_count} pages, {document.size / 1024:.0f} KB "
          f"(WeasyPrint alone: {alone.page_count} pages)")
    print(f"end to end          {end_to_end:6.2f} s  (runs: {', '.join(f'{r[0]:.2f}' for r in end_to_end_runs)})")
    print(f"WeasyPrint alone    {weasyprint_alone:6.2f} s  (runs: {', '.join(f'{r:.2f}' for r in alone_runs)})")
    print(f"ratio               {ratio:6.2f} x   (target <= 1.5)")
    print(f"peak memory (RSS)   {peak_mb:6.0f} MB  (target < 300)")
    print("split of the end-to-end time:")
    print(f"  collecting data   {collect:6.2f} s  (figures {timings['figures']:.2f} s, annexes and context "
          f"{timings.get('collect', 0):.2f} s)")
    print(f"  templating        {timings.get('template', 0):6.2f} s")
    print(f"  WeasyPrint        {timings.get('weasyprint', 0):6.2f} s")
    print(f"  storing           {timings.get('store', 0):6.2f} s")
    verdict = end_to_end <= 6 and ratio <= 1.5 and peak_mb < 300
    print("targets met" if verdict else "targets NOT met")


if __name__ == "__main__":
    main()
