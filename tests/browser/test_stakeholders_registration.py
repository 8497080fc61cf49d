"""The registry journeys in Chromium: a newcomer signs up, confirms the address, completes the
profile and consents, finds an organisation by typing, asks to join; staff approve on the queue;
the newcomer is told by e-mail in Turkish and can use the directory."""

import re

import pytest

from magnet.roles import ICMPD_STAFF
from stakeholders.models import ConsentRecord, Membership
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.stakeholders.factories import approved_stakeholder, ensure_reference_data

PASSWORD = "Göç-yönetimi-2026"
STAFF_PASSWORD = "correct-horse-battery-9"


def _sign_in(page, email, password, prefix="tr"):
    page.goto(f"/{prefix}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_self_registration_to_approval(page, live_server, mailoutbox, settings, chromium):
    ensure_reference_data()
    settings.MAGNET_REQUIRE_MFA = False  # the staff account below has no authenticator in this test
    OrganisationFactory(name="Göç İdaresi Başkanlığı", name_tr="Göç İdaresi Başkanlığı", name_en="Presidency of Migration Management", acronym="GİB")
    OrganisationFactory(name_tr="Ankara Valiliği", name_en="Governorship of Ankara")

    # Sign up and confirm the address.
    page.goto("/tr/accounts/signup/")
    page.locator("input[name=first_name]").fill("Çağrı")
    page.locator("input[name=last_name]").fill("Işıkoğlu")
    page.locator("input[name=email]").fill("cagri@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/tr/accounts/confirm-email/$"))
    link = re.search(r"https?://\S+/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.locator("main form button[type=submit]").click()
    _sign_in(page, "cagri@example.org", PASSWORD)

    # Profile, notice and the two separate optional consents.
    page.goto("/tr/registry/welcome/")
    assert page.get_by_role("heading", name="Profilinizi tamamlayın").is_visible()
    assert page.locator("input[name=given_name]").input_value() == "Çağrı"
    page.locator("input[name=position]").fill("Saha Koordinatörü")
    page.locator("input[name=phone]").fill("+90 312 555 01 02")
    page.get_by_label("Aydınlatma metnini okudum.").check()
    page.get_by_label("Beni rehberde göster (isteğe bağlı).").check()
    page.get_by_role("button", name="Kaydet ve devam et").click()
    page.wait_for_url(re.compile(r"/tr/registry/join/$"))

    # Search as you type, then ask to join.
    page.locator("input[name=q]").press_sequentially("goc", delay=50)
    result = page.locator("#join-results .card").first
    result.wait_for()
    assert "Göç İdaresi Başkanlığı" in result.inner_text()
    assert page.locator("#join-results .card").count() == 1
    result.locator("input[name=role]").fill("Uzman")
    result.get_by_role("button", name="Katılma isteği gönder").click()
    page.wait_for_url(re.compile(r"/tr/registry/my-data/$"))
    assert "Onay bekliyor" in page.locator("main").inner_text()
    membership = Membership.objects.get(person__email="cagri@example.org")
    assert membership.status == "pending"
    assert set(ConsentRecord.objects.filter(person=membership.person).values_list("kind", "given")) == {
        ("notice", True), ("directory", True), ("communications", False)
    }
    page.goto("/tr/registry/")
    assert "onayladığında açılır" in page.locator("main").inner_text()

    # Staff approve on the queue, in another browser context.
    staff = UserFactory(role=ICMPD_STAFF, email="staff@example.org", preferred_language="en")
    staff_context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    staff_page = staff_context.new_page()
    _sign_in(staff_page, staff.email, STAFF_PASSWORD, prefix="en")
    staff_page.goto("/en/registry/staff/queue/")
    staff_page.get_by_label("Çağrı Işıkoğlu").check()
    staff_page.get_by_role("button", name="Approve selected").click()
    staff_page.wait_for_url(re.compile(r"/en/registry/staff/queue/$"))
    assert "No membership waits for approval." in staff_page.locator("main").inner_text()
    staff_context.close()

    # The newcomer is told in Turkish and can now use the directory.
    decision = [m for m in mailoutbox if m.to == ["cagri@example.org"] and "onaylandı" in m.subject]
    assert len(decision) == 1
    assert decision[0].subject == "[MAGNET] Göç İdaresi Başkanlığı üyeliğiniz onaylandı"
    page.goto("/tr/registry/?q=ANKARA")
    # the name, and the province both organisations are in (Turkish alphabetical order)
    cards = page.locator(".result-list .card")
    assert cards.count() == 2
    assert "Ankara Valiliği" in cards.first.inner_text()
    assert "Göç İdaresi Başkanlığı" in cards.nth(1).inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_join_search_works_without_javascript(chromium, live_server, settings):
    ensure_reference_data()
    OrganisationFactory(name_tr="Türk Kızılay", name_en="Turkish Red Crescent", acronym="TK")
    user = UserFactory(email="nojs@example.org")
    from django.utils import timezone

    PersonFactory(user=user, email=user.email, profile_completed_at=timezone.now())
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, user.email, STAFF_PASSWORD)
    page.goto("/tr/registry/join/")
    page.locator("input[name=q]").fill("kizilay")
    page.get_by_role("button", name="Ara", exact=True).click()
    page.wait_for_url(re.compile(r"q=kizilay"))
    page.locator("#join-results .card button[type=submit]").click()
    page.wait_for_url(re.compile(r"/tr/registry/my-data/$"))
    assert Membership.objects.get(person__user=user).status == "pending"
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix", ["tr", "en"])
def test_directory_and_my_data_fit_a_phone(page, prefix):
    ensure_reference_data()
    organisation = OrganisationFactory(name_tr="Sığınmacılar ve Göçmenlerle Dayanışma Derneği", name_en="Association for Solidarity with Asylum Seekers and Migrants", acronym="SGDD-ASAM")
    user = approved_stakeholder(organisation=organisation, email=f"phone-{prefix}@example.org")
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, user.email, STAFF_PASSWORD, prefix=prefix)
    for path in ("registry/", f"registry/organisations/{organisation.pk}/", "registry/my-data/", "registry/join/?q=asam"):
        page.goto(f"/{prefix}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"/{prefix}/registry/")
    page.screenshot(path=f"/tmp/magnet-directory-phone-{prefix}.png", full_page=True)
