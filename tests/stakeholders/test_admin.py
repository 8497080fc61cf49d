import pytest

from stakeholders.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

from .factories import staff_user

pytestmark = pytest.mark.django_db
CHANGELIST = "/en/admin/stakeholders/organisation/"


def test_admin_search_is_turkish_aware(client):
    OrganisationFactory(name_tr="İstanbul Barosu", name_en="Istanbul Bar Association")
    OrganisationFactory(name_tr="Ankara Barosu", name_en="Ankara Bar Association")
    client.force_login(staff_user())
    response = client.get(CHANGELIST, {"q": "İSTANBUL"})
    assert [o.name_tr for o in response.context["cl"].result_list] == ["İstanbul Barosu"]
    response = client.get("/en/admin/stakeholders/person/", {"q": "ISIK"})
    assert response.status_code == 200


def test_admin_reject_action_asks_for_a_reason_then_rejects(client, mailoutbox, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(status="pending", proposed_by=PersonFactory(preferred_language="en"))
    client.force_login(staff_user())
    response = client.post(CHANGELIST, {"action": "reject_selected", "_selected_action": [organisation.pk]})
    assert response.status_code == 200
    assert "The reason is sent by e-mail" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "reject_selected", "_selected_action": [organisation.pk], "reason": "Duplicate of GİB"})
    organisation.refresh_from_db()
    assert (organisation.status, organisation.status_reason) == ("rejected", "Duplicate of GİB")
    assert "Duplicate of GİB" in mailoutbox[0].body


def test_admin_merge_action_keeps_the_chosen_organisation(client):
    keep, drop = OrganisationFactory(), OrganisationFactory()
    membership = MembershipFactory(organisation=drop)
    client.force_login(staff_user())
    response = client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [keep.pk, drop.pk]})
    assert response.status_code == 200
    client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": [keep.pk, drop.pk], "target": keep.pk})
    membership.refresh_from_db()
    drop.refresh_from_db()
    assert membership.organisation == keep
    assert drop.merged_into == keep


def test_admin_export_action_neutralises_formulas(client):
    organisation = OrganisationFactory(name_tr="=1+2")
    client.force_login(staff_user())
    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [organisation.pk]})
    assert "'=1+2" in response.content.decode("utf-8-sig")


def test_markup_in_names_is_escaped_in_the_admin(client):
    OrganisationFactory(name_tr="<script>alert(1)</script>", name="<script>alert(1)</script>")
    client.force_login(staff_user())
    html = client.get(CHANGELIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Organisation.objects.count() == 1
