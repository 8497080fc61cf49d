"""Every free text has a length limit, held by the model, the form and the API (issue 9, item 10:
400 KB of text made a 92-page edition), and the form shows it with a character counter."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from rest_framework.test import APIClient

from magnet import limits

from .factories import FieldReportFactory, staff_user
from .test_views import form_data

pytestmark = pytest.mark.django_db
OUR_APPS = ("magnet", "stakeholders", "meetings", "conference", "reports")
# Written by the code, never typed by a person.
MACHINE_WRITTEN = {"search_text", "error", "history_change_reason"}


def test_every_text_field_people_type_has_a_limit_in_the_model():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.editable and field.name not in MACHINE_WRITTEN
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert unbounded == []


def test_the_field_report_form_refuses_too_long_text_and_shows_the_counter(client, period, reporter):
    client.force_login(reporter)
    page = client.get(reverse("reports:field_report_create")).content.decode()
    assert f'maxlength="{limits.NARRATIVE}"' in page
    assert 'data-counter="{count} / {limit} karakter"' in page

    response = client.post(reverse("reports:field_report_create"),
                           {**form_data(period), "situation_overview_tr": "a" * (limits.NARRATIVE + 1)})

    assert response.status_code == 400
    assert f"en fazla {limits.NARRATIVE} karakter" in response.content.decode()
    assert not FieldReportFactory._meta.model.objects.exists()


def test_services_refuse_too_long_text_whatever_door_it_came_through(reporter, staff):
    from reports.services.field_reports import comment_on_field_report, save_field_report

    report = FieldReportFactory(author=reporter, status="submitted")
    with pytest.raises(ValidationError) as refused:
        comment_on_field_report(report=report, actor=staff, body="x" * (limits.NOTE + 1))
    assert "body" in refused.value.message_dict
    with pytest.raises(ValidationError):
        save_field_report(author=reporter, report=report, values={"recommendations_en": "x" * (limits.NARRATIVE + 1)})


def test_the_api_refuses_too_long_text():
    api = APIClient()
    api.force_authenticate(staff_user())
    response = api.post("/api/v1/organisations/", {
        "name_tr": "Uzun Dernek", "type": "ngo", "country": "TR", "province": "34",
        "description_en": "x" * (limits.DESCRIPTION + 1)}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"description_en"}


def test_a_too_long_comment_on_an_action_is_refused_not_dropped(client, staff, period):
    from reports.models import PeriodicReport

    from .factories import sent_report

    report = sent_report(staff=staff, period=period)
    client.force_login(staff)

    client.post(reverse("reports:periodic_report_action", kwargs={"pk": report.pk, "action": "reopen"}),
                {"comment": "x" * (limits.NOTE + 1)})

    assert PeriodicReport.objects.get(pk=report.pk).status == "sent"
