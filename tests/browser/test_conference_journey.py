"""Browser journeys of the conference: a participant registers on a phone, gets the e-mail and
downloads the badge; staff check the person in by the badge's QR token."""

import re

import pytest
from django.core import mail
from pypdf import PdfReader

from conference.models import Registration
from conference.tokens import badge_token
from magnet.roles import ICMPD_STAFF
from tests.conference.factories import RegistrationTypeFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto("/en/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def test_register_get_the_email_download_the_badge_and_be_checked_in_by_qr(page, settings):
    settings.MAGNET_REQUIRE_MFA = False
    rtype = RegistrationTypeFactory(requires_approval=False, name_en="Delegate", name_tr="Delege")
    conference = rtype.conference
    participant = UserFactory(email="gulsen@example.org", first_name="Gülşen", last_name="Işıkoğlu", preferred_language="en")
    page.set_viewport_size({"width": 390, "height": 844})

    _sign_in(page, participant.email)
    page.goto("/en/conference/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Organisation").fill("Göç İdaresi Başkanlığı")
    page.get_by_label("Pillar").select_option(label="Public institutions")
    page.get_by_label("Country represented").select_option("TR")
    page.get_by_label("Nationality").select_option("TR")
    page.get_by_label("photo and video consent").check()
    page.get_by_role("button", name="Submit registration").click()

    page.wait_for_url(f"**/en/conference/{conference.slug}/my-registration/")
    registration = Registration.objects.get(person__user=participant)
    assert registration.status == Registration.Status.APPROVED
    assert [m.to for m in mail.outbox] == [["gulsen@example.org"]]
    assert registration.code in mail.outbox[0].body
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my badge (PDF)").click()
    badge = PdfReader(download_info.value.path())
    assert "Gülşen Işıkoğlu" in badge.pages[0].extract_text()

    staff = UserFactory(role=ICMPD_STAFF)
    page.context.clear_cookies()
    _sign_in(page, staff.email)
    page.goto(f"/en/conference/{conference.slug}/check-in/")
    page.get_by_label("Badge code").fill(badge_token(registration))  # what the camera scanner fills in
    page.get_by_role("button", name="Check in", exact=True).click()
    assert page.get_by_role("alert").inner_text().startswith("Checked in.")
    assert "Gülşen Işıkoğlu" in page.get_by_role("alert").inner_text()

    page.get_by_label("Badge code").fill(badge_token(registration))
    page.get_by_role("button", name="Check in", exact=True).click()
    assert "Already checked in." in page.get_by_role("alert").inner_text()
    page.screenshot(path="/tmp/conference-checkin-phone.png", full_page=True)
