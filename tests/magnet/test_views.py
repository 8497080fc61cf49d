import pytest
from django.db import connection

from magnet.roles import ICMPD_STAFF
from magnet.views import forget_health
from tests.factories import UserFactory


@pytest.mark.django_db
def test_root_redirects_to_the_default_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/tr/"


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "heading"), [("tr", "Dört sütun"), ("en", "The four pillars")])
def test_home_page_is_in_the_language_of_its_url(client, prefix, heading):
    response = client.get(f"/{prefix}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{prefix}">' in html
    assert heading in html


@pytest.mark.django_db
def test_health_reports_database_and_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down(client):
    forget_health()
    settings_dict = connection.settings_dict
    original = dict(settings_dict)
    connection.close()
    settings_dict.update({"NAME": "/nonexistent/dir/db.sqlite3", "HOST": "127.0.0.1", "PORT": "1"})
    try:
        response = client.get("/health/")
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(original)
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_health_says_when_the_broker_is_down(client, settings):
    from magnet.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    forget_health()
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 200
    assert response.json()["broker"] == "down"
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "text"), [("tr", "Sayfa bulunamadı"), ("en", "Page not found")])
def test_missing_page_is_a_friendly_404_in_the_users_language(client, settings, prefix, text):
    settings.DEBUG = False
    response = client.get(f"/{prefix}/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.django_db
def test_staff_without_two_factor_are_sent_to_enrol(client):
    client.force_login(UserFactory(role=ICMPD_STAFF))
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_staff_home_lists_every_curation_area_with_what_is_waiting(client, settings):
    from tests.factories import OrganisationFactory

    settings.MAGNET_REQUIRE_MFA = False
    OrganisationFactory(status="pending")
    client.force_login(UserFactory(role=ICMPD_STAFF))
    response = client.get("/en/staff/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 organisation waiting for approval" in html
    for url in ("/en/registry/staff/queue/", "/en/meetings/", "/en/reports/field/", "/en/admin/"):
        assert f'href="{url}"' in html


@pytest.mark.django_db
def test_staff_home_is_closed_to_other_roles(client):
    assert client.get("/en/staff/").status_code == 302  # anonymous: sign in first
    client.force_login(UserFactory())
    assert client.get("/en/staff/").status_code == 403


@pytest.mark.django_db
def test_a_page_that_sends_mail_still_answers_when_the_broker_is_down(
    client, settings, broker_down, django_capture_on_commit_callbacks
):
    from stakeholders.models import Organisation
    from tests.factories import OrganisationFactory

    settings.MAGNET_REQUIRE_MFA = False
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    client.force_login(UserFactory(role=ICMPD_STAFF))
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/registry/staff/queue/", {"decision": "approve", "organisations": [organisation.pk]}
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "link"),
    [(None, None), ("Stakeholder", None), ("Field reporter", "/en/reports/field/"), ("PMM official", "/en/reports/")],
)
def test_home_page_leads_each_role_to_the_reports_it_may_see(client, settings, role, link):
    settings.MAGNET_REQUIRE_MFA = False
    if role:
        client.force_login(UserFactory(role=role))
    html = client.get("/en/").content.decode()
    card = html.split("What you can do here", 1)[1]
    assert (f'<a href="{link}">Reports</a>' in card) if link else ("<h3>Reports</h3>" in card)
