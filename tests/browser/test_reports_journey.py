"""The whole trail in Chromium: a field reporter writes and submits, ICMPD staff approve, compile and
generate the PDFs, send them to PMM; a PMM official downloads an edition and acknowledges receipt."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL
from reports.models import DownloadLog, FieldReport, PeriodicReport, ReportDocument
from tests.factories import PASSWORD, UserFactory
from tests.reports.factories import PeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, language="tr"):
    page.context.clear_cookies()
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_field_report_to_pmm_acknowledgement(page, settings, tmp_path):
    settings.MAGNET_REQUIRE_MFA = False  # two-factor enrolment has its own tests
    reporter = UserFactory(role=FIELD_REPORTER, email="saha@example.org", first_name="Ayşe", last_name="Güneş")
    staff = UserFactory(role=ICMPD_STAFF, email="icmpd@example.org", preferred_language="en")
    pmm = UserFactory(role=PMM_OFFICIAL, email="gib@example.org")
    PeriodFactory(name="Ekim 2026", name_tr="Ekim 2026", name_en="October 2026")

    # 1. The field reporter writes on a phone: a draft first, then both languages, then submits.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, reporter.email)
    page.goto("/tr/reports/field/new/")
    page.fill("#id_title_tr", "Iğdır: sınır köylerinde farkındalık")
    page.select_option("#id_period", label="Ekim 2026")
    page.select_option("#id_province", "76")
    page.fill("#id_situation_overview_tr", "Sınır köylerinde toplantılar yapıldı.")
    page.click("button[name=save]")
    expect(page.locator(".message.success")).to_contain_text("Taslak kaydedildi.")
    expect(page.locator(".completeness")).to_contain_text("İngilizcesi eksik olanlar")
    page.fill("#id_title_en", "Iğdır: awareness in border villages")
    page.fill("#id_situation_overview_en", "Meetings were held in border villages.")
    for name, tr, en in (("stakeholder_engagement", "Muhtarlarla görüşüldü.", "We met the village heads."),
                         ("needs_and_challenges", "Tercüman gerekli.", "Interpreters are needed."),
                         ("recommendations", "Düzenli toplantı önerilir.", "Regular meetings are recommended.")):
        page.fill(f"#id_{name}_tr", tr)
        page.fill(f"#id_{name}_en", en)
    page.fill("#id_participants_civil", "12")
    page.click("button[name=submit]")
    expect(page.locator(".message.success")).to_contain_text("Rapor incelemeye gönderildi.")
    assert FieldReport.objects.get().status == FieldReport.Status.SUBMITTED

    # 2. ICMPD staff approve it and compile the October report (desktop, English).
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, staff.email, "en")
    page.goto("/en/reports/field/")
    page.click("text=Iğdır: awareness in border villages")
    page.click("button[value=approve]")
    expect(page.locator(".message.success")).to_contain_text("The report is approved.")
    page.goto("/en/reports/new/")
    page.select_option("#id_kind", "monthly")
    page.select_option("#id_period", label="October 2026")
    page.fill("#id_title_tr", "Ekim 2026 faaliyet raporu")
    page.fill("#id_title_en", "Activity report, October 2026")
    page.fill("#id_executive_summary_tr", "Iğdır'da farkındalık toplantıları yapıldı.")
    page.fill("#id_executive_summary_en", "Awareness meetings were held in Iğdır.")
    page.click("main form button[type=submit]")
    expect(page.locator("#figures-title")).to_have_text("Figures pulled in")
    expect(page.get_by_text("1 approved field report is annexed.")).to_be_visible()
    page.click("button:has-text('Approve')")
    # Celery is eager here: the three editions render inside this request (15 s and more on a busy CI box).
    page.click("button:has-text('Generate PDF')", timeout=90_000)
    expect(page.locator(".message.success")).to_contain_text("PDF generation is queued (version 1).")
    page.goto(page.url)
    expect(page.locator("#editions .badge.ok", has_text="Done")).to_have_count(3)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Send to PMM')")
    expect(page.locator(".message.success")).to_contain_text("The report is sent to PMM.")
    report = PeriodicReport.objects.get()
    assert report.status == PeriodicReport.Status.SENT

    # 3. The PMM official finds it in the Reports area, downloads the Turkish edition, acknowledges.
    sign_in(page, pmm.email)
    page.goto("/tr/reports/")
    page.click("text=Ekim 2026 faaliyet raporu")
    turkish = ReportDocument.objects.get(language="tr")
    row = page.locator("tr", has_text="Türkçe")
    expect(row.locator("code.hash")).to_have_text(turkish.sha256)
    with page.expect_download() as download:
        row.locator("a", has_text="PDF indir").click()
    path = tmp_path / "indirilen.pdf"
    download.value.save_as(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == turkish.sha256
    assert DownloadLog.objects.get().user == pmm
    page.fill("#id_ack_comment", "Rapor teslim alınmıştır.")
    page.click("button:has-text('sürümü teslim aldığımı bildir')")
    expect(page.locator(".message.success")).to_contain_text("Teslim alındığı bildirildi.")
    expect(page.locator(".notice.ok")).to_have_text(re.compile(r"1\. sürümü .* teslim aldığınızı bildirdiniz\."))
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.ACKNOWLEDGED
