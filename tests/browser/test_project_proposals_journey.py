"""Done means (issue 14, item c): an IOM staff member submits a proposal on a phone, sees an overlap
and explains it; a PMM official gives a favourable-with-conditions opinion and downloads the letter.
Both languages; axe on every page of the journey."""

import hashlib
import os

import pytest
from django.conf import settings as django_settings
from django.test import Client

from projects.models import OpinionLetter, OverlapNote, Project
from stakeholders.models import ThematicArea
from tests.browser.axe import serious_violations
from tests.factories import OrganisationFactory
from tests.projects.proposal_factories import iom, member, pmm, proposal, target_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("MAGNET_SCREENSHOTS")  # a folder: the journey's pages are saved there to look at

WORDS = {
    "tr": {
        "new": "Proje teklifi kaydedin", "title_tr": "Başlık (Türkçe)", "title_en": "Başlık (İngilizce)",
        "summary_tr": "Özet (Türkçe)", "summary_en": "Özet (İngilizce)",
        "act_tr": "Planlanan faaliyetler (Türkçe)", "act_en": "Planlanan faaliyetler (İngilizce)",
        "res_tr": "Beklenen sonuçlar (Türkçe)", "res_en": "Beklenen sonuçlar (İngilizce)",
        "start": "Planlanan başlangıç", "end": "Planlanan bitiş", "budget": "Bütçe",
        "implementing": "Uygulayıcı kurumlar", "group": "Göçmen işçiler", "submit": "Kaydedin ve Göç İdaresi Başkanlığına sunun",
        "submitted": "Teklif Göç İdaresi Başkanlığının görüşüne sunuldu.", "reason": "aynı il: Gaziantep",
        "explain": "Teklifinizin farkı", "save_explanation": "Açıklamayı kaydedin",
        "explained": "Açıklamanız kaydedildi", "due": "Göç İdaresi Başkanlığının yanıtı için son tarih",
    },
    "en": {
        "new": "Register a project proposal", "title_tr": "Title (Turkish)", "title_en": "Title (English)",
        "summary_tr": "Summary (Turkish)", "summary_en": "Summary (English)",
        "act_tr": "Planned activities (Turkish)", "act_en": "Planned activities (English)",
        "res_tr": "Expected results (Turkish)", "res_en": "Expected results (English)",
        "start": "Planned start", "end": "Planned end", "budget": "Budget",
        "implementing": "Implementing organisations", "group": "Migrant workers", "submit": "Save and submit to PMM",
        "submitted": "The proposal is submitted for PMM's opinion.", "reason": "same province: Gaziantep",
        "explain": "How your proposal differs", "save_explanation": "Save explanation",
        "explained": "Your explanation is saved", "due": "PMM's answer is due on",
    },
}


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _axe(page):
    assert serious_violations(page) == []


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_an_iom_officer_submits_a_proposal_on_a_phone_sees_an_overlap_and_explains_it(page, live_server, settings, lang):
    settings.MAGNET_REQUIRE_MFA = False
    groups = target_groups()
    area = ThematicArea.objects.get(code="labour-migration")
    earlier = proposal(member(OrganisationFactory(name_en="Gaziantep Chamber of Industry")), submit=True,
                       areas=[area.pk], groups=[groups["migrant-workers"].pk],
                       title_tr="Gaziantep'te sanayide çalışan göçmen işçilere iş sağlığı eğitimi",
                       title_en="Occupational safety training for migrant workers in Gaziantep's industry")
    organisation = iom()
    officer = member(organisation, language=lang, first_name="Deniz", last_name="Aksoy")
    words = WORDS[lang]
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server, officer)

    page.goto(f"/{lang}/projects/")
    _axe(page)
    page.get_by_role("link", name=words["new"]).click()
    page.get_by_label(words["title_tr"]).fill("Gaziantep'te göçmen işçilere mesleki eğitim ve işe yerleştirme")
    page.get_by_label(words["title_en"]).fill("Vocational training and job placement for migrant workers in Gaziantep")
    page.get_by_label(words["summary_tr"]).fill("Göçmen işçiler için mesleki eğitim ve işverenlerle eşleştirme.")
    page.get_by_label(words["summary_en"]).fill("Vocational training and employer matching for migrant workers.")
    page.get_by_label(words["act_tr"]).fill("Sekiz eğitim dönemi.")
    page.get_by_label(words["act_en"]).fill("Eight training cycles.")
    page.get_by_label(words["res_tr"]).fill("600 kişi işe yerleşir.")
    page.get_by_label(words["res_en"]).fill("600 people find work.")
    page.get_by_label(words["start"]).fill("2027-01-01")
    page.get_by_label(words["end"]).fill("2028-12-31")
    page.get_by_label("Gaziantep", exact=True).check()
    page.get_by_label(str(area.name_tr if lang == "tr" else area.name_en), exact=True).check()
    page.get_by_label(words["group"], exact=True).check()
    page.get_by_label(words["implementing"]).select_option(str(organisation.pk))
    page.get_by_label(words["budget"]).fill("1500000")
    # The live check lists the earlier project, with its reason, before anything is saved.
    live = page.locator("#overlap-check .overlap-result")
    live.first.wait_for()
    assert earlier.title_tr in live.first.inner_text() or earlier.title_en in live.first.inner_text()
    assert words["reason"] in live.first.inner_text()
    _shot(page, f"proposal-form-{lang}")
    _axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name=words["submit"]).click()
    page.get_by_text(words["submitted"]).wait_for()
    project = Project.objects.get(organisation=organisation)
    assert project.state == Project.State.SUBMITTED
    assert page.get_by_text(words["due"]).is_visible()
    assert words["reason"] in page.locator("#overlaps").inner_text()
    page.get_by_label(words["explain"]).fill("Bizimki kadın işçilere ve çocuk bakım desteğine odaklanıyor.")
    page.get_by_role("button", name=words["save_explanation"]).click()
    page.get_by_text(words["explained"]).wait_for()
    _shot(page, f"proposal-detail-{lang}")
    _axe(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    note = OverlapNote.objects.get(project=project)
    assert (note.other_id, note.explanation) == (earlier.pk, "Bizimki kadın işçilere ve çocuk bakım desteğine odaklanıyor.")


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_a_pmm_official_gives_a_favourable_opinion_with_conditions_and_downloads_the_letter(page, live_server, settings, lang):
    settings.MAGNET_REQUIRE_MFA = False
    target_groups()
    author = member(iom())
    project = proposal(author, submit=True)
    official = pmm(lang, first_name="Mehmet", last_name="Yılmaz")
    _sign_in(page, live_server, official)
    labels = {
        "tr": ("Şartlı uygun", "Gerekçe (Türkçe)", "Gerekçe (İngilizce)", "Şartlar (Türkçe)", "Şartlar (İngilizce)",
               "Görüşü kaydedin", "Görüş kaydedildi", "Görüş yazısını indirin (PDF)"),
        "en": ("Favourable with conditions", "Reasons (Turkish)", "Reasons (English)", "Conditions (Turkish)",
               "Conditions (English)", "Record the opinion", "The opinion is recorded", "Download the opinion letter (PDF)"),
    }[lang]
    kind, reasons_tr, reasons_en, conditions_tr, conditions_en, record, recorded, download = labels

    page.goto(f"/{lang}/projects/")
    _axe(page)
    page.get_by_role("link", name=project.title_tr if lang == "tr" else project.title_en).first.click()
    page.get_by_label(kind, exact=True).check()
    page.get_by_label(reasons_tr).fill("Teklif ildeki ihtiyaca yanıt veriyor.")
    page.get_by_label(reasons_en).fill("The proposal answers a need in the province.")
    page.get_by_label(conditions_tr).fill("Ara raporları üç ayda bir gönderin.")
    page.get_by_label(conditions_en).fill("Send interim reports every three months.")
    page.get_by_role("button", name=record).click()
    page.get_by_text(recorded).wait_for()
    page.reload()  # the letter was rendered by the (eager) task after the commit
    _shot(page, f"proposal-opinion-{lang}")
    _axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=download).click()
    content = download_info.value.path().read_bytes()
    letter = OpinionLetter.objects.get(opinion__project=project)
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == letter.sha256
    assert letter.downloads.filter(user=official).count() == 1
    assert Project.objects.get(pk=project.pk).state == Project.State.FAVOURABLE_WITH_CONDITIONS
    page.goto(f"/{lang}/projects/coverage/")
    assert "Gaziantep" in page.locator(".coverage-table").inner_text()
    _shot(page, f"coverage-{lang}")
    _axe(page)
