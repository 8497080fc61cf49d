"""Who may change whose account in the admin (issue 9, item 1): only superusers grant roles, staff and
superuser flags, permissions or passwords; ICMPD staff only (de)activate stakeholders and field
reporters and edit their names and language; every role change is recorded."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from magnet.models import RoleChange
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER, assign_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _enrolled(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def staff_client(client):
    staff = _enrolled(UserFactory(role=ICMPD_STAFF))
    client.force_login(staff)
    client.user = staff
    return client


@pytest.fixture
def superuser_client(client):
    superuser = _enrolled(UserFactory(is_superuser=True, is_staff=True))
    client.force_login(superuser)
    client.user = superuser
    return client


def _change_url(user):
    return f"/en/admin/magnet/user/{user.pk}/change/"


def _form(user, **extra):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_staff_cannot_make_a_stakeholder_superuser_or_pmm_official(staff_client):
    """The repro of the review: POST is_superuser=on and groups=<PMM official> as staff."""
    target = UserFactory(role=STAKEHOLDER)
    pmm = Group.objects.get(name=PMM_OFFICIAL)
    response = staff_client.post(
        _change_url(target), _form(target, is_superuser="on", is_staff="on", groups=[pmm.pk], first_name="Zeynep")
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser
    assert not target.is_staff
    assert list(target.groups.values_list("name", flat=True)) == [STAKEHOLDER]
    assert target.first_name == "Zeynep"  # what staff may edit still saves


def test_staff_cannot_set_anyones_password(staff_client):
    target = UserFactory(role=STAKEHOLDER)
    old_hash = target.password
    url = f"/en/admin/magnet/user/{target.pk}/password/"
    assert staff_client.get(url).status_code == 403
    response = staff_client.post(url, {"password1": "Yeni-parola-2026!", "password2": "Yeni-parola-2026!", "usable_password": "true"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.password == old_hash


def test_staff_change_form_offers_only_names_language_and_active(staff_client):
    target = UserFactory(role=FIELD_REPORTER)
    html = staff_client.get(_change_url(target)).content.decode()
    for field in ("first_name", "last_name", "preferred_language", "is_active"):
        assert f'name="{field}"' in html, field
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "email"):
        assert f'name="{field}"' not in html, field
    assert "/password/" not in html


@pytest.mark.parametrize("role", [ICMPD_STAFF, PMM_OFFICIAL, "superuser"])
def test_staff_cannot_edit_an_account_with_as_much_power_or_more(staff_client, role):
    target = UserFactory(is_superuser=True, is_staff=True) if role == "superuser" else UserFactory(role=role)
    response = staff_client.post(_change_url(target), _form(target, first_name="Ele", is_active=""))
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.first_name != "Ele"
    assert staff_client.get(f"/en/admin/magnet/user/{target.pk}/password/").status_code == 403


def test_staff_cannot_edit_their_own_account_in_the_admin(staff_client):
    response = staff_client.post(_change_url(staff_client.user), _form(staff_client.user, is_superuser="on"))
    assert response.status_code == 403
    staff_client.user.refresh_from_db()
    assert not staff_client.user.is_superuser


def test_staff_cannot_add_accounts(staff_client):
    assert staff_client.get("/en/admin/magnet/user/add/").status_code == 403


def test_staff_deactivate_a_stakeholder_and_it_is_recorded(staff_client):
    target = UserFactory(role=STAKEHOLDER)
    response = staff_client.post(_change_url(target), _form(target, is_active=""))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    change = RoleChange.objects.get(user=target, actor__isnull=False)
    assert (change.actor, change.what, change.before, change.after) == (staff_client.user, "is_active", "True", "False")
    assert change.changed_at is not None


def test_bulk_deactivation_skips_accounts_staff_may_not_manage(staff_client):
    stakeholder = UserFactory(role=STAKEHOLDER)
    pmm = UserFactory(role=PMM_OFFICIAL)
    response = staff_client.post(
        "/en/admin/magnet/user/",
        {"action": "deactivate_accounts", "_selected_action": [stakeholder.pk, pmm.pk]},
        follow=True,
    )
    assert response.status_code == 200
    stakeholder.refresh_from_db()
    pmm.refresh_from_db()
    assert not stakeholder.is_active
    assert pmm.is_active
    assert list(RoleChange.objects.filter(actor__isnull=False).values_list("user", flat=True)) == [stakeholder.pk]


def test_superuser_grants_a_role_and_the_change_is_recorded(superuser_client):
    target = UserFactory(role=STAKEHOLDER)
    pmm = Group.objects.get(name=PMM_OFFICIAL)
    stakeholder = Group.objects.get(name=STAKEHOLDER)
    response = superuser_client.post(_change_url(target), _form(target, groups=[pmm.pk, stakeholder.pk]))
    assert response.status_code == 302
    assert set(target.groups.values_list("name", flat=True)) == {PMM_OFFICIAL, STAKEHOLDER}
    change = RoleChange.objects.get(user=target, actor__isnull=False)
    assert (change.actor, change.what) == (superuser_client.user, "groups")
    assert (change.before, change.after) == (STAKEHOLDER, f"{PMM_OFFICIAL}, {STAKEHOLDER}")


def test_superuser_sets_a_password(superuser_client):
    target = UserFactory(role=ICMPD_STAFF)
    url = f"/en/admin/magnet/user/{target.pk}/password/"
    response = superuser_client.post(url, {"password1": "Yeni-parola-2026!", "password2": "Yeni-parola-2026!", "usable_password": "true"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Yeni-parola-2026!")


def test_role_changes_are_read_only_and_for_superusers_only(superuser_client, client):
    target = UserFactory(role=STAKEHOLDER)
    superuser_client.post(_change_url(target), _form(target, is_active="", groups=[target.groups.get().pk]))
    change = RoleChange.objects.get(actor__isnull=False)
    assert change.what == "is_active"
    assert superuser_client.get("/en/admin/magnet/rolechange/").status_code == 200
    assert superuser_client.get(f"/en/admin/magnet/rolechange/{change.pk}/change/").status_code == 200
    assert superuser_client.post(f"/en/admin/magnet/rolechange/{change.pk}/delete/", {"post": "yes"}).status_code == 403
    assert superuser_client.get("/en/admin/magnet/rolechange/add/").status_code == 403
    staff = _enrolled(UserFactory(role=ICMPD_STAFF))
    client.force_login(staff)
    assert client.get("/en/admin/magnet/rolechange/").status_code == 403


def test_assigning_a_role_in_code_is_recorded_too():
    user = UserFactory(role=STAKEHOLDER)
    assign_role(user, FIELD_REPORTER)
    change = RoleChange.objects.filter(user=user, what="groups").first()  # the newest
    assert change.actor is None
    assert change.after == f"{FIELD_REPORTER}, {STAKEHOLDER}"
