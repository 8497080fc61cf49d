import pytest
from django.conf import settings as django_settings
from django.test import Client

from library.models import Document
from magnet.roles import ICMPD_STAFF
from tests.browser.axe import serious_violations
from tests.factories import UserFactory
from tests.library.helpers import pdf_bytes
from tests.stakeholders.factories import approved_stakeholder, ensure_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )


def test_staff_upload_a_turkish_pdf_and_a_member_finds_a_word_inside_it_on_a_phone(page, live_server, settings, tmp_path):
    settings.MAGNET_REQUIRE_MFA = False
    ensure_reference_data()
    pdf = tmp_path / "goc-idaresi-notu.pdf"
    pdf.write_bytes(pdf_bytes(
        "Göç İdaresi Başkanlığı, Hatay'daki sığınmacıların sağlık hizmetlerine erişimini değerlendirdi.",
        title="Hatay saha ziyareti",
    ))

    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))
    page.goto("/en/admin/library/document/add/")
    page.locator("#id_title_tr").fill("Hatay saha ziyareti notu")  # both languages side by side
    page.locator("#id_title_en").fill("Note on the field visit to Hatay")
    page.locator("#id_year").fill("2026")
    page.locator("#id_visibility").select_option("members")
    page.locator("#id_file").set_input_files(str(pdf))
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("was added successfully").wait_for()
    document = Document.objects.get(title_tr="Hatay saha ziyareti notu")
    assert document.text_state == Document.TextState.DONE  # read by the task after the commit
    assert "sığınmacıların" in document.text

    _sign_in(page, live_server, approved_stakeholder())
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/tr/library/")
    page.locator("#id_q").fill("sığınmacı")
    page.get_by_role("button", name="Ara", exact=True).click()
    result = page.locator(".library-card", has_text="Hatay saha ziyareti notu")
    assert result.locator("mark").first.inner_text() == "sığınmacıların"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    page.screenshot(path=str(tmp_path / "library-tr.png"), full_page=True)

    page.goto("/en/library/?q=SIGINMACI")
    result = page.locator(".library-card", has_text="Note on the field visit to Hatay")
    assert result.locator("mark").first.inner_text() == "sığınmacıların"
    assert page.get_by_text("1 document").is_visible()
    assert serious_violations(page) == []
    result.get_by_role("link").first.click()
    page.get_by_role("heading", name="Note on the field visit to Hatay").wait_for()
    assert page.get_by_role("link", name="Download (PDF)").is_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(tmp_path / "library-en-detail.png"), full_page=True)
    import shutil

    for name in ("library-tr.png", "library-en-detail.png"):
        shutil.copy(tmp_path / name, f"/tmp/h6-{name}")


def test_an_anonymous_visitor_finds_public_documents_only(page, live_server):
    ensure_reference_data()
    from tests.library.helpers import add

    add("Açık rapor", content=pdf_bytes("Göç verileri paylaşıldı."), visibility=Document.Visibility.PUBLIC)
    add("Gizli rapor", content=pdf_bytes("Göç verileri üyelere."), visibility=Document.Visibility.MEMBERS)

    page.goto("/en/library/?q=goc")
    assert page.locator(".library-card").count() == 1
    assert page.get_by_text("Açık rapor").is_visible()
    assert not page.get_by_text("Gizli rapor").is_visible()
    assert serious_violations(page) == []
