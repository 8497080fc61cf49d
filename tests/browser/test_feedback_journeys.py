"""Participant feedback and the network page in Chromium: an attendee answers the form from the link
in their mail on a phone (Turkish and English), changes an answer; staff read the results and the
network page. Every page passes axe without serious violations."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from feedback import services
from feedback.models import Answer, Response
from magnet.roles import ICMPD_STAFF
from tests.browser.axe import serious_violations
from tests.factories import UserFactory
from tests.feedback.factories import attendee, held_meeting, template

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])


def _link(mail, language):
    return re.search(rf"http\S+/{language}/feedback/answer/\S+/", mail.body).group(0)


@pytest.mark.parametrize("language", ["tr", "en"])
def test_an_attendee_answers_the_feedback_form_from_the_mail_on_a_phone(page, live_server, mailoutbox, settings, language):
    settings.SITE_URL = live_server.url
    meeting = held_meeting(title_tr="Van Dört Sütun Toplantısı", title_en="Van Four-Pillar Meeting")
    invitation = attendee(meeting, "civil", given_name="Çağrı", family_name="Işıkoğlu", preferred_language=language)
    form = services.create_form(template=template(), meeting=meeting)
    services.send_form(form=form)
    (mail,) = mailoutbox
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(_link(mail, language))
    if language == "tr":
        page.get_by_role("heading", name="Van Dört Sütun Toplantısı").wait_for()
        page.get_by_label("4 – iyi").check()
        page.get_by_label("Evet").check()
        page.get_by_label("Sunumlar").check()
        page.get_by_label("Grup çalışması").check()
        page.get_by_label("Öneriniz?").fill("Daha çok saha örneği")
        page.get_by_role("button", name="Yanıtlarımı gönder").click()
        page.get_by_text("Teşekkürler, yanıtlarınız kaydedildi.").wait_for()
        page.get_by_text("Bu formu zaten yanıtladınız.").wait_for()
        page.get_by_label("5 – çok iyi").check()
        page.get_by_label("Grup çalışması").uncheck()
        page.get_by_role("button", name="Yanıtlarımı gönder").click()
        page.get_by_text("Teşekkürler, yanıtlarınız kaydedildi.").wait_for()
    else:
        page.get_by_role("heading", name="Van Four-Pillar Meeting").wait_for()
        page.get_by_role("button", name="Send my answers").click()  # the rating is required
        page.get_by_text("Please answer this question.").wait_for()
        page.get_by_label("5 – very good").check()
        page.get_by_label("No").check()
        page.get_by_label("Meeting others").check()
        page.get_by_role("button", name="Send my answers").click()
        page.get_by_text("Thank you, your answers have been saved.").wait_for()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"/tmp/h5-feedback-answer-{language}.png", full_page=True)

    response = Response.objects.get()
    assert response.person_id is None and response.pillar.code == "civil"
    assert list(Answer.objects.filter(response=response, rating__isnull=False).values_list("rating", flat=True)) == [5]
    chosen = set(Answer.objects.filter(response=response, option__isnull=False).values_list(f"option__label_{language}", flat=True))
    assert chosen == ({"Evet", "Sunumlar"} if language == "tr" else {"No", "Meeting others"})
    assert form.recipients.get(person=invitation.person).answered


def test_staff_read_the_results_and_the_network_page_without_accessibility_faults(page, live_server, settings):
    settings.MAGNET_REQUIRE_MFA = False
    meeting = held_meeting(title_tr="İzmir Sektörel Toplantısı", title_en="İzmir Sectoral Meeting")
    for code in ["public"] * 3 + ["civil"] * 3:
        attendee(meeting, code)
    form = services.create_form(template=template(), meeting=meeting)
    services.send_form(form=form)
    questions = list(form.template.questions.prefetch_related("options"))
    for number, recipient in enumerate(form.recipients.order_by("pk")):
        services.submit_response(recipient=recipient, answers={questions[0].pk: 3 + number % 3,
                                                               questions[1].pk: questions[1].options.first().pk})
    _sign_in(page, live_server, UserFactory(role=ICMPD_STAFF))

    for language in ("tr", "en"):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/{language}/feedback/staff/{form.pk}/")
        page.locator("svg[role=img] title").first.wait_for(state="attached")
        assert serious_violations(page) == []
        page.screenshot(path=f"/tmp/h5-feedback-results-{language}.png", full_page=True)
        page.goto(f"/{language}/reports/network/")
        page.locator("svg[role=img]").first.wait_for()
        assert serious_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=f"/tmp/h5-network-{language}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/{language}/reports/network/")
        page.screenshot(path=f"/tmp/h5-network-wide-{language}.png", full_page=True)
