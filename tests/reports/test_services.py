from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import FieldReport, FieldReportAttachment, PeriodicReport, ReviewComment, Transition
from reports.services import field_reports as services
from reports.services import periodic

from .factories import (
    FieldReportFactory,
    FigureFactory,
    approved_report,
    compiled_report,
    make_document,
    png_bytes,
)

pytestmark = pytest.mark.django_db

PNG = png_bytes()


def draft_values(period, **overrides):
    values = {
        "period": period, "province": "06", "place": "", "meetings_held": 2, "organisations_engaged": 4,
        "participants_public": 5, "participants_civil": 3, "participants_international": 1,
        "participants_private_academia": 0, "title_tr": "Ankara saha raporu", "title_en": "",
        "situation_overview_tr": "Durum iyi.", "situation_overview_en": "",
        "stakeholder_engagement_tr": "", "stakeholder_engagement_en": "",
        "needs_and_challenges_tr": "", "needs_and_challenges_en": "",
        "recommendations_tr": "", "recommendations_en": "",
    }
    values.update(overrides)
    return values


def test_a_reporter_saves_an_incomplete_draft_and_sees_what_each_language_lacks(reporter, period):
    report = services.save_field_report(author=reporter, values=draft_values(period))

    check = services.completeness(report)
    assert report.status == FieldReport.Status.DRAFT
    assert report.title_tr == "Ankara saha raporu"
    assert (check.filled, check.required, check.complete) == (2, 10, False)
    assert [str(label) for label in check.missing["en"]] == [
        "başlık", "genel durum", "paydaş katılımı", "gözlemlenen ihtiyaçlar ve güçlükler", "öneriler"
    ]


def test_submission_requires_both_languages_and_leaves_the_draft_untouched(reporter, period):
    report = services.save_field_report(author=reporter, values=draft_values(period))

    with pytest.raises(ValidationError) as error:
        services.submit_field_report(report=report, actor=reporter)

    report.refresh_from_db()
    assert error.value.code == "incomplete"
    assert "başlık (EN)" in error.value.messages[0]
    assert report.status == FieldReport.Status.DRAFT
    assert not Transition.objects.exists()


def test_a_complete_report_is_submitted_recorded_and_announced_to_staff(reporter, staff, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    report = FieldReportFactory(author=reporter)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_field_report(report=report, actor=reporter)

    report.refresh_from_db()
    transition = Transition.objects.get()
    assert report.status == FieldReport.Status.SUBMITTED
    assert report.submitted_at is not None
    assert (transition.actor, transition.from_state, transition.to_state) == (reporter, "draft", "submitted")
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert mailoutbox[0].subject == f"[MAGNET] Field report submitted: {report.title_en}"


def test_only_the_author_may_submit(reporter, other_reporter):
    report = FieldReportFactory(author=reporter)

    with pytest.raises(ValidationError) as error:
        services.submit_field_report(report=report, actor=other_reporter)

    assert error.value.code == "forbidden"


def test_a_submitted_report_cannot_be_edited_or_submitted_again(reporter, period):
    report = FieldReportFactory(author=reporter, status=FieldReport.Status.SUBMITTED)

    with pytest.raises(ValidationError):
        services.save_field_report(author=reporter, report=report, values={"title_tr": "Yeni"})
    with pytest.raises(ValidationError):
        services.submit_field_report(report=report, actor=reporter)
    report.refresh_from_db()
    assert report.title_tr.startswith("Gaziantep")


def test_requesting_changes_needs_a_comment_and_sends_it_back_to_the_author_in_their_language(
    reporter, staff, mailoutbox, django_capture_on_commit_callbacks
):
    report = FieldReportFactory(author=reporter, status=FieldReport.Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.request_changes(report=report, actor=staff, comment="  ")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(report=report, actor=staff, comment="Katılımcı sayılarını kontrol edin.")

    report.refresh_from_db()
    assert report.status == FieldReport.Status.CHANGES_REQUESTED
    assert ReviewComment.objects.get().body == "Katılımcı sayılarını kontrol edin."
    assert mailoutbox[0].to == [reporter.email]
    assert mailoutbox[0].subject == f"[MAGNET] Saha raporunuzda değişiklik istendi: {report.title_tr}"
    assert "Katılımcı sayılarını kontrol edin." in mailoutbox[0].body


def test_a_report_sent_back_can_be_corrected_and_submitted_again(reporter, staff):
    report = FieldReportFactory(author=reporter, status=FieldReport.Status.CHANGES_REQUESTED)

    services.save_field_report(author=reporter, report=report, values={"meetings_held": 4})
    services.submit_field_report(report=report, actor=reporter)

    report.refresh_from_db()
    assert (report.status, report.meetings_held) == (FieldReport.Status.SUBMITTED, 4)


@pytest.mark.parametrize("status", ["draft", "changes_requested", "approved"])
def test_invalid_review_transitions_are_refused(reporter, staff, status):
    report = FieldReportFactory(author=reporter, status=status)

    with pytest.raises(ValidationError) as error:
        services.approve_field_report(report=report, actor=staff)

    assert error.value.code == "invalid_transition"
    report.refresh_from_db()
    assert report.status == status


def test_only_staff_review(reporter, pmm):
    report = FieldReportFactory(author=reporter, status=FieldReport.Status.SUBMITTED)

    for actor in (reporter, pmm):
        with pytest.raises(ValidationError) as error:
            services.approve_field_report(report=report, actor=actor)
        assert error.value.code == "forbidden"


def test_approval_is_recorded_and_announced_to_the_author(reporter, staff, mailoutbox, django_capture_on_commit_callbacks):
    report = FieldReportFactory(author=reporter, status=FieldReport.Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_field_report(report=report, actor=staff, comment="Teşekkürler")

    report.refresh_from_db()
    assert report.status == FieldReport.Status.APPROVED
    assert Transition.objects.get().comment == "Teşekkürler"
    assert [m.to for m in mailoutbox] == [[reporter.email]]


def test_a_bad_attachment_saves_nothing(reporter, period):
    report = services.save_field_report(author=reporter, values=draft_values(period))
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")

    with pytest.raises(ValidationError):
        services.save_field_report(author=reporter, report=report, values={"title_tr": "Değişti"}, new_attachment=fake)

    report.refresh_from_db()
    assert report.title_tr == "Ankara saha raporu"
    assert not FieldReportAttachment.objects.exists()


def test_attachments_and_free_figures_are_saved_with_the_draft(reporter, period):
    upload = SimpleUploadedFile("kapı.png", PNG, content_type="image/png")
    figures = [services.FigureInput(label_tr="Başvuru", label_en="Applications", value=Decimal("42"),
                                    unit_tr="adet", unit_en="items", is_statistic=True)]

    report = services.save_field_report(author=reporter, values=draft_values(period), figures=figures,
                                        new_attachment=upload, attachment_caption="Sınır kapısı")

    attachment = report.attachments.get()
    figure = report.figures.get()
    assert (attachment.original_name, attachment.caption) == ("kapı.png", "Sınır kapısı")
    assert attachment.size == attachment.file.size  # the re-encoded file's size
    assert attachment.file.name.startswith("reports/attachments/") and "kapı" not in attachment.file.name
    assert (figure.label_en, figure.value, figure.is_statistic, figure.cleared_at) == ("Applications", Decimal("42"), True, None)


def test_changing_a_cleared_statistic_needs_clearing_again(reporter, pmm):
    report = FieldReportFactory(author=reporter)
    figure = FigureFactory(report=report, is_statistic=True)
    services.clear_statistic(figure=figure, actor=pmm)

    services.save_field_report(author=reporter, report=report, values={}, figures=[
        services.FigureInput(id=figure.pk, label_tr=figure.label_tr, label_en=figure.label_en, value=Decimal("1300"),
                             is_statistic=True)])

    figure.refresh_from_db()
    assert (figure.value, figure.cleared_at) == (Decimal("1300"), None)


def test_only_pmm_clears_statistics_and_clearing_twice_keeps_the_first(reporter, staff, pmm):
    figure = FigureFactory(report=FieldReportFactory(author=reporter), is_statistic=True)
    with pytest.raises(ValidationError):
        services.clear_statistic(figure=figure, actor=staff)

    first = services.clear_statistic(figure=figure, actor=pmm).cleared_at
    second = services.clear_statistic(figure=figure, actor=pmm).cleared_at

    assert first is not None and first == second


# --- Periodic reports ---------------------------------------------------------------------------


def test_compiling_snapshots_the_figures_and_annexes_only_approved_reports_of_the_period(staff, period):
    approved = approved_report(period=period, meetings_held=3, participants_civil=8)
    FieldReportFactory(period=period, status=FieldReport.Status.SUBMITTED)
    approved_report()  # another period

    report = compiled_report(staff=staff, period=period)

    assert list(report.field_reports.all()) == [approved]
    assert report.figures["field"] == {
        "reports": 1, "meetings_held": 3, "organisations_engaged": 7,
        "participants": {"public": 12, "civil": 8, "international": 3, "private_academia": 2},
    }
    assert report.figures["period"] == {"start": period.starts_on.isoformat(), "end": period.ends_on.isoformat()}
    assert [row["pillar_name"] for row in report.figures["tr"]["registry"]][0] == "Kamu kurumları"
    assert [row["pillar_name"] for row in report.figures["en"]["registry"]][0] == "Public institutions"
    assert report.figures["en"]["meetings"]["meetings_held"] == 0
    assert report.figures["en"]["conference"]["registrations"] == 0


def test_the_snapshot_stays_frozen_until_staff_refresh_it(staff, period):
    report = compiled_report(staff=staff, period=period)
    approved_report(period=period)

    assert report.figures["field"]["reports"] == 0
    periodic.refresh_figures(report=report, actor=staff)
    report.refresh_from_db()
    assert report.figures["field"]["reports"] == 1


def test_approval_needs_the_summary_in_both_languages(staff, period):
    report = compiled_report(staff=staff, period=period, executive_summary_en="")

    with pytest.raises(ValidationError) as error:
        periodic.approve_periodic_report(report=report, actor=staff)

    assert error.value.code == "incomplete"


def test_sending_needs_every_edition_of_the_newest_version(staff, period):
    report = compiled_report(staff=staff, period=period)
    periodic.approve_periodic_report(report=report, actor=staff)
    make_document(report, requested_by=staff, language="tr")
    make_document(report, requested_by=staff, language="en")

    with pytest.raises(ValidationError) as error:
        periodic.send_to_pmm(report=report, actor=staff)

    assert error.value.code == "not_generated"


def test_sending_marks_the_newest_editions_sent_and_tells_pmm(staff, pmm, period, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    report = compiled_report(staff=staff, period=period)
    periodic.approve_periodic_report(report=report, actor=staff)
    documents = [make_document(report, requested_by=staff, language=lang) for lang in ("tr", "en", "bilingual")]

    with django_capture_on_commit_callbacks(execute=True):
        periodic.send_to_pmm(report=report, actor=staff)

    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.SENT
    assert all(d.sent_at for d in report.documents.all())
    assert len(documents) == 3
    assert [m.to for m in mailoutbox] == [[pmm.email]]
    assert mailoutbox[0].subject.startswith("[MAGNET] MAGNET'ten yeni rapor: ")


def test_a_draft_cannot_be_sent_and_a_sent_report_cannot_be_approved(staff, period):
    report = compiled_report(staff=staff, period=period)
    with pytest.raises(ValidationError):
        periodic.send_to_pmm(report=report, actor=staff)
    periodic.approve_periodic_report(report=report, actor=staff)
    with pytest.raises(ValidationError):
        periodic.approve_periodic_report(report=report, actor=staff)


def test_pmm_acknowledges_the_sent_version_once(staff, pmm, period, mailoutbox, django_capture_on_commit_callbacks):
    from .factories import sent_report

    report = sent_report(staff=staff, period=period)

    with django_capture_on_commit_callbacks(execute=True):
        ack = periodic.acknowledge_receipt(report=report, actor=pmm, comment="Teslim alındı.")
    with pytest.raises(ValidationError):
        periodic.acknowledge_receipt(report=report, actor=pmm)

    report.refresh_from_db()
    assert (ack.version, ack.comment) == (1, "Teslim alındı.")
    assert report.status == PeriodicReport.Status.ACKNOWLEDGED
    assert [m.to for m in mailoutbox] == [[staff.email]]
    assert "Teslim alındı." in mailoutbox[0].body


def test_staff_cannot_acknowledge_and_nothing_unsent_can_be_acknowledged(staff, pmm, period):
    report = compiled_report(staff=staff, period=period)
    with pytest.raises(ValidationError):
        periodic.acknowledge_receipt(report=report, actor=pmm)
    with pytest.raises(ValidationError) as error:
        periodic.acknowledge_receipt(report=report, actor=staff)
    assert error.value.code == "forbidden"


def test_reissuing_makes_a_new_version_and_supersedes_the_old_one(staff, pmm, period):
    from reports.selectors import document_versions, documents_for

    from .factories import sent_report

    report = sent_report(staff=staff, period=period)
    periodic.reopen_periodic_report(report=report, actor=staff, comment="Düzeltme")
    periodic.approve_periodic_report(report=report, actor=staff)
    for language in ("tr", "en", "bilingual"):
        make_document(report, requested_by=staff, version=2, language=language)
    periodic.send_to_pmm(report=report, actor=staff)

    versions = document_versions(documents_for(pmm).filter(report=report).order_by("-version", "language"))
    assert [(v["version"], v["superseded"], v["sent"]) for v in versions] == [(2, False, True), (1, True, True)]
    assert periodic.sent_version(report) == 2


def test_reopening_needs_a_reason(staff, period):
    report = compiled_report(staff=staff, period=period)
    periodic.approve_periodic_report(report=report, actor=staff)

    with pytest.raises(ValidationError):
        periodic.reopen_periodic_report(report=report, actor=staff, comment="")
