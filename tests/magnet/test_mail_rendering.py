"""What a recipient sees in a mail: the portal's real address, one signature, a plain and an HTML
part that say the same, lists written out, allauth's mails in the recipient's language."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command

from magnet.mail import render_mail, render_templated_mail
from meetings import notifications
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, UserFactory
from tests.mail import send_pending
from tests.meetings.factories import InvitationFactory


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("tr", "Çalışma dilleri: Türkçe, İngilizce"),
                                                    ("en", "Working languages: Turkish, English")])
def test_a_meeting_mail_writes_the_working_languages_out(mailoutbox, language, expected):
    invitation = InvitationFactory(person=PersonFactory(preferred_language=language),
                                   meeting__working_languages=["tr", "en"])
    send_pending(*notifications.invitation_mails([invitation]))
    body = mailoutbox[0].body
    assert expected in body
    assert "[" not in body
    assert expected in _html(mailoutbox[0])


@pytest.mark.django_db
def test_every_mail_is_multipart_with_one_signature_and_the_same_text(mailoutbox, settings):
    settings.SITE_URL = "http://127.0.0.1:8790"
    organisation = OrganisationFactory(name="Göç <Derneği> & Co")
    render_templated_mail(to="elif@example.org", template="stakeholders/organisation_approved", language="tr",
                          context={"person": PersonFactory(given_name="Elif"), "organisation": organisation}).send()
    message = mailoutbox[0]
    html = _html(message)
    assert message.body.endswith("-- \nICMPD MAGNET ekibi\nhttp://127.0.0.1:8790/\n")
    assert message.body.count("ICMPD MAGNET ekibi") == 1
    assert html.count("ICMPD MAGNET ekibi") == 1
    assert '<html lang="tr">' in html
    # escaped, never markup from the data; links clickable; no remote images, no <style> to strip
    assert "Göç &lt;Derneği&gt; &amp; Co" in html and "<Derneği>" not in html
    link = re.search(r"http://127\.0\.0\.1:8790/tr/\S+", message.body).group(0)
    assert f'href="{link}"' in html
    assert "<img" not in html and "<style" not in html and "<link" not in html


def test_render_mail_gives_subject_text_and_html_in_the_language_asked():
    person = PersonFactory.build(given_name="Elif", family_name="Kaya")
    subject, text, html = render_mail("meetings/cancelled", {"person": person, "meeting": _FakeMeeting()}, "en")
    assert subject == "Cancelled: Four-Pillar Meeting"
    assert text.startswith("Dear Elif Kaya,") and "The MAGNET team at ICMPD" in text
    assert '<html lang="en">' in html and "Dear Elif Kaya," in html


class _FakeMeeting:
    title = "Four-Pillar Meeting"
    starts_at = None


def test_links_follow_the_port_the_portal_runs_on():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    out = subprocess.run([sys.executable, "-c", code], env={**env, "PORT": "8790", "DJANGO_SETTINGS_MODULE": "magnet.settings"},
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "http://127.0.0.1:8790"


@pytest.mark.django_db
def test_the_site_is_named_magnet_and_follows_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8790"
    call_command("migrate", "magnet", verbosity=0)  # post_migrate, as `make run` does on each start
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("MAGNET", "127.0.0.1:8790")


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "preferred", "greeting", "link"), [
    ("/tr/", "en", "Hello from the MAGNET portal!", "http://testserver/en/accounts/password/reset/key/"),
    ("/en/", "tr", "MAGNET portalından merhaba!", "http://testserver/tr/accounts/password/reset/key/"),
])
def test_password_reset_link_and_mail_in_the_users_language(client, mailoutbox, page, preferred, greeting, link):
    UserFactory(email="elif@example.org", preferred_language=preferred)
    response = client.post(f"{page}accounts/password/reset/", {"email": "elif@example.org"})
    assert response.status_code == 302
    message = mailoutbox[0]
    assert message.body.startswith(greeting)
    assert link in message.body
    assert "127.0.0.1" not in message.body.split("-- ")[0]
    assert message.body.count("-- \n") == 1 and ("ICMPD MAGNET ekibi" if preferred == "tr" else "The MAGNET team at ICMPD") in message.body
    assert f'<html lang="{preferred}">' in _html(message) and greeting.replace("'", "&#x27;") in _html(message)
    assert PASSWORD not in message.body


@pytest.mark.django_db
def test_a_confirmation_mail_sent_again_is_in_the_users_language(client, mailoutbox):
    from allauth.account.models import EmailAddress

    UserFactory(email="elif@example.org", preferred_language="en")
    EmailAddress.objects.filter(email="elif@example.org").update(verified=False)
    client.post("/tr/accounts/login/", {"login": "elif@example.org", "password": PASSWORD})  # sends it again
    message = mailoutbox[-1]
    assert "http://testserver/en/accounts/confirm-email/" in message.body
    assert message.body.startswith("Hello from the MAGNET portal!")
