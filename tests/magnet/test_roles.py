import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, ROLES, STAKEHOLDER
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_four_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


@pytest.mark.django_db
def test_icmpd_staff_may_curate_the_registry_and_pmm_may_not():
    staff = UserFactory(role=ICMPD_STAFF)
    pmm = UserFactory(role=PMM_OFFICIAL)
    assert staff.is_staff
    assert staff.has_perm("stakeholders.change_organisation")
    assert not pmm.is_staff
    assert not pmm.has_perm("stakeholders.change_organisation")


def _enrol_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ICMPD_STAFF, PMM_OFFICIAL])
def test_privileged_roles_must_enrol_two_factor_first(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get("/tr/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/tr/accounts/2fa/totp/activate/"
    # The enrolment page itself and the home page stay reachable.
    assert client.get("/tr/accounts/2fa/totp/activate/", follow=True).status_code == 200
    assert client.get("/tr/").status_code == 200


@pytest.mark.django_db
def test_staff_with_two_factor_reach_the_admin(client):
    user = UserFactory(role=ICMPD_STAFF)
    _enrol_totp(user)
    client.force_login(user)
    assert client.get("/en/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [STAKEHOLDER, FIELD_REPORTER])
def test_other_roles_are_not_asked_for_two_factor(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get("/en/admin/")
    assert response.status_code in (302, 403)
    assert "/2fa/" not in response.get("Location", "")


@pytest.mark.django_db
def test_the_requirement_can_be_turned_off_for_the_demo(client, settings):
    settings.MAGNET_REQUIRE_MFA = False
    client.force_login(UserFactory(role=ICMPD_STAFF))
    assert client.get("/en/admin/").status_code == 200


@pytest.mark.django_db
def test_stakeholders_cannot_open_the_admin(client):
    client.force_login(UserFactory(role=STAKEHOLDER))
    assert client.get("/en/admin/", follow=True).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (None, ["Conference", "Library"], ["Directory", "Field reports", "Reports", "Staff", "Admin"]),
        (STAKEHOLDER, ["Directory", "My meetings", "Conference"], ["Field reports", "Staff", ">Reports<", "Admin"]),
        (FIELD_REPORTER, ["Field reports", "Conference"], ["Directory", "Staff", ">Reports<", "Admin"]),
        (PMM_OFFICIAL, [">Reports<", "Conference"], ["Directory", "Field reports", "Staff", "Admin"]),
        (ICMPD_STAFF, ["Directory", "Field reports", ">Reports<", "Staff", "Admin"], []),
    ],
)
def test_navigation_shows_each_role_what_it_may_use(client, role, visible, hidden):
    if role:
        user = UserFactory(role=role)
        _enrol_totp(user)
        client.force_login(user)
    html = client.get("/en/").content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    for label in visible:
        assert label in nav, label
    for label in hidden:
        assert label not in nav, label
