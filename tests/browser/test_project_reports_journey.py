"""Each project's reports in Chromium (issue 14): a member of the project's organisation writes and
submits an interim report on a phone; ICMPD staff accept it, generate the PDFs and send it to PMM on
the submission trail; a PMM official acknowledges it and clears its figures. The public key-figures
page shows a figure only after PMM clears it, in Turkish and English; axe finds nothing serious."""

import pytest
from playwright.sync_api import expect

from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from projects.models import ProjectReport
from projects.services import reporting
from reports.models import PeriodicReport
from tests.browser.axe import serious_violations
from tests.factories import PASSWORD, UserFactory
from tests.projects.reporting_factories import approved_project, member, target_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, language="tr"):
    page.context.clear_cookies()
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_an_interim_report_is_sent_and_acknowledged_then_its_figures_are_public_after_clearance(page, settings):
    settings.MAGNET_REQUIRE_MFA = False
    project = approved_project()
    writer = member(project.organisation, email="iom@example.org", first_name="Deniz", last_name="Kaya")
    icmpd = UserFactory(role=ICMPD_STAFF, email="icmpd@example.org", preferred_language="en")
    official = UserFactory(role=PMM_OFFICIAL, email="gib@example.org")
    reporting.ensure_reporting_plan(project=project, actor=icmpd, interval_months=6)
    group = target_group()

    # 1. The organisation's member writes the first interim report on a phone and submits it.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, writer.email)
    page.goto("/tr/projects/reports/")
    page.click("text=Ara rapor 1")
    page.fill("#id_summary_tr", "Gaziantep'te iki toplum merkezi açıldı.")
    page.click("button[name=submit]")
    expect(page.locator(".message.error, .message.warning").first).to_be_visible()  # English missing
    page.fill("#id_summary_en", "Two community centres opened in Gaziantep.")
    page.select_option("#id_group_0", str(group.pk))
    page.select_option("#id_province_0", "27")
    page.fill("#id_people_0", "375")
    page.fill("#id_activities_held", "12")
    assert serious_violations(page) == []
    page.click("button[name=submit]")
    expect(page.locator(".message.success")).to_contain_text("Rapor incelenmek üzere ICMPD’ye gönderildi.")
    expect(page.locator("#report-status")).to_have_text("İncelemeye gönderildi")

    # 2. ICMPD staff accept it and send it to PMM on the trail (desktop, English).
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, icmpd.email, "en")
    page.goto("/en/projects/reports/?status=submitted")
    page.click("text=Interim report 1")
    assert serious_violations(page) == []
    page.click("button:has-text('Accept and prepare for PMM')")
    expect(page.locator(".message.success")).to_contain_text("The report is accepted.")
    expect(page.locator("#project-figures-title")).to_have_text("Figures reported by the project")
    page.click("button:has-text('Approve')")
    page.click("button:has-text('Generate PDF')", timeout=90_000)  # Celery is eager: renders in this request
    page.goto(page.url)
    expect(page.locator("#editions .badge.ok", has_text="Done")).to_have_count(3)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Send to PMM')")
    expect(page.locator(".message.success")).to_contain_text("The report is sent to PMM.")

    # 3. Not public yet: staff compile the key figures; PMM has cleared nothing.
    page.goto("/en/figures/releases/")
    page.click("button:has-text('Compile the key figures now')")
    page.context.clear_cookies()
    page.goto("/en/figures/")
    expect(page.locator("#no-release")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("375")

    # 4. The PMM official acknowledges the report and clears its figures, then a release.
    sign_in(page, official.email)
    page.goto("/tr/projects/reports/")
    page.click("text=Ara rapor 1")
    expect(page.locator("#trail-status")).to_have_text("Göç İdaresi Başkanlığına gönderildi")
    page.click("text=Göç İdaresi Başkanlığına gönderilen raporu açın")
    page.fill("#id_ack_comment", "Ara rapor teslim alınmıştır.")
    page.click("button:has-text('sürümü teslim aldığımı bildir')")
    expect(page.locator(".message.success")).to_contain_text("Teslim alındığı bildirildi.")
    trail = PeriodicReport.objects.get(source="projects.report")
    assert trail.status == PeriodicReport.Status.ACKNOWLEDGED
    page.goto("/tr/projects/reports/")
    assert serious_violations(page) == []
    for _ in range(2):
        page.locator("#clearance-title ~ div button:has-text('Yayımlanmasını onayla')").first.click()
    expect(page.locator("text=Onayınızı bekleyen veri yok.")).to_be_visible()
    # The release compiled before the clearance carries no project figure; a new one does.
    sign_in(page, icmpd.email, "en")
    page.goto("/en/figures/releases/")
    page.click("button:has-text('Compile the key figures now')")
    sign_in(page, official.email)
    page.goto("/tr/figures/releases/")
    assert serious_violations(page) == []
    page.locator("button:has-text('Yayımlanmasını onayla')").first.click()
    expect(page.locator(".message.success")).to_contain_text("Temel göstergelerin yayımlanması onaylandı.")

    # 5. Anyone sees the cleared figures with the date of clearance, in Turkish and English, on a phone.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    for language, group_name, cleared in (("tr", "Geçici koruma altındaki yabancılar", "Göç İdaresi Başkanlığının onay tarihi"),
                                          ("en", "Persons under temporary protection", "Cleared by PMM on")):
        page.goto(f"/{language}/figures/")
        expect(page.locator("#clearance")).to_contain_text(cleared)
        expect(page.locator("#reach-table")).to_contain_text(group_name)
        expect(page.locator("#reach-table")).to_contain_text("375")
        expect(page.locator("#activities-held")).to_have_text("12")
        assert serious_violations(page) == []
    assert ProjectReport.objects.get(kind="interim", sequence=1).figures.filter(cleared_at__isnull=True).count() == 0
