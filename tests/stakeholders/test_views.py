import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from magnet.roles import FIELD_REPORTER
from stakeholders import selectors, services
from stakeholders.models import ConsentRecord, ImportJob, Membership, Organisation, OrganisationType, Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

from .factories import approved_stakeholder, staff_user

pytestmark = pytest.mark.django_db
XSS = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def _onboarded(client, **user_fields):
    user = UserFactory(**user_fields)
    person = services.ensure_person_for_user(user=user)
    services.complete_profile(person=person, notice_acknowledged=True, directory_consent=False,
                              communications_consent=False, given_name=user.first_name, family_name=user.last_name)
    client.force_login(user)
    return user, person


# --- Anonymous and unapproved visitors ----------------------------------------------------------


def test_anonymous_directory_shows_aggregates_and_never_a_person(client):
    organisation = OrganisationFactory(name_tr="Türk Kızılay")
    MembershipFactory(organisation=organisation, person=PersonFactory(given_name="Gizem", family_name="Saklı"))
    response = client.get("/tr/registry/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Türkiye" in html and "Saklı" not in html and "Türk Kızılay" not in html


def test_anonymous_cannot_open_an_organisation_page(client):
    assert client.get(f"/en/registry/organisations/{OrganisationFactory().pk}/").status_code == 404


def test_unapproved_stakeholder_sees_aggregates_only(client):
    _onboarded(client)
    OrganisationFactory(name_tr="Görünmez Dernek")
    html = client.get("/en/registry/").content.decode()
    assert "Görünmez Dernek" not in html
    assert "once the MAGNET team has approved your membership" in html


# --- Onboarding -----------------------------------------------------------------------------------


def test_onboarding_form_records_consents_and_goes_to_join(client):
    user = UserFactory(first_name="Çağrı", last_name="Işıkoğlu")
    client.force_login(user)
    assert client.get("/tr/registry/welcome/").status_code == 200
    response = client.post("/tr/registry/welcome/", {
        "given_name": "Çağrı", "family_name": "Işıkoğlu", "position": "Uzman", "phone": "+90 312 555 01 02",
        "preferred_language": "en", "languages_spoken": ["tr", "fa"], "notice_acknowledged": "on",
        "communications_consent": "on",
    })
    assert response.status_code == 302
    assert response["Location"] == "/tr/registry/join/"
    person = Person.objects.get(user=user)
    assert (person.in_directory, person.receives_communications, person.languages_spoken) == (False, True, ["tr", "fa"])
    assert ConsentRecord.objects.filter(person=person).count() == 3


def test_onboarding_without_the_notice_shows_a_bilingual_error_and_saves_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/registry/welcome/", {"given_name": "A", "family_name": "B", "preferred_language": "tr"})
    assert response.status_code == 200
    assert "Please confirm that you have read the information notice." in response.content.decode()
    assert ConsentRecord.objects.count() == 0


def test_onboarding_redirects_to_sign_in_for_anonymous(client):
    response = client.get("/tr/registry/welcome/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Joining and proposing -----------------------------------------------------------------------


def test_join_search_works_without_javascript(client):
    _onboarded(client)
    OrganisationFactory(name="Göç İdaresi Başkanlığı", name_tr="Göç İdaresi Başkanlığı", acronym="GİB")
    OrganisationFactory(name_tr="Gizli Bekleyen", status="pending")
    html = client.get("/tr/registry/join/", {"q": "goc"}).content.decode()
    assert "Göç İdaresi Başkanlığı" in html
    assert "Gizli Bekleyen" not in html


def test_join_search_json_lists_approved_organisations_only(client):
    _onboarded(client)
    approved = OrganisationFactory(name_tr="İstanbul Barosu", name_en="Istanbul Bar Association", acronym="")
    OrganisationFactory(name_tr="İstanbul Bekleyen", status="pending")
    data = client.get("/en/registry/organisations/search.json", {"q": "ISTANBUL"}).json()
    assert data == {"results": [{"id": approved.pk, "name": "Istanbul Bar Association", "acronym": "", "pillar": "Public institutions", "location": "Ankara"}]}


def test_join_creates_a_pending_membership(client):
    _user, person = _onboarded(client)
    organisation = OrganisationFactory()
    response = client.post("/tr/registry/join/", {"organisation": organisation.pk, "role": "Uzman"})
    assert response.status_code == 302
    assert Membership.objects.get(person=person).status == "pending"


def test_joining_a_pending_organisation_is_refused(client):
    _user, person = _onboarded(client)
    response = client.post("/tr/registry/join/", {"organisation": OrganisationFactory(status="pending").pk})
    assert response.status_code == 200
    assert Membership.objects.filter(person=person).count() == 0


PROPOSAL = {
    "name_tr": "Kızılay Mersin Şubesi", "name_en": "", "acronym": "KMS", "type": "", "country": "TR", "province": "33",
    "city": "", "website": "https://mersin.example.org", "email": "info@mersin.example.org", "role": "Başkan",
}


def _proposal(**overrides):
    return {**PROPOSAL, "type": OrganisationType.objects.get(code="ngo").pk, **overrides}


def test_proposal_looking_like_an_existing_organisation_asks_is_it_one_of_these(client):
    _onboarded(client)
    existing = OrganisationFactory(name_tr="Türk Kızılay", name_en="Turkish Red Crescent", acronym="KMS")
    response = client.post("/en/registry/propose/", _proposal())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Is it one of these?" in html and "Turkish Red Crescent (KMS)" in html
    assert Organisation.objects.count() == 1
    assert f'value="{existing.pk}"' in html
    # Confirming that it is new sends it.
    response = client.post("/en/registry/propose/", _proposal(confirmed_new="on"))
    assert response.status_code == 302
    assert Organisation.objects.get(name_tr="Kızılay Mersin Şubesi").status == "pending"


def test_proposal_with_bad_input_shows_errors_and_writes_nothing(client):
    _onboarded(client)
    response = client.post("/en/registry/propose/", _proposal(website="not a url", email="x@", province="", name_tr="x" * 300))
    form = response.context["form"]
    assert set(form.errors) == {"website", "email", "province", "name_tr"}
    assert Organisation.objects.count() == 0


# --- Directory -----------------------------------------------------------------------------------


def test_markup_in_names_is_shown_as_text_on_directory_and_organisation_pages(client):
    organisation = OrganisationFactory(name=XSS, name_tr=XSS, name_en=XSS, description=XSS, description_tr=XSS)
    MembershipFactory(organisation=organisation, person=PersonFactory(given_name=XSS, in_directory=True))
    client.force_login(approved_stakeholder())
    for url in ("/tr/registry/", f"/tr/registry/organisations/{organisation.pk}/"):
        html = client.get(url).content.decode()
        assert "<script>alert(2)</script>" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_organisation_page_lists_only_opted_in_people(client):
    organisation = OrganisationFactory()
    MembershipFactory(organisation=organisation, person=PersonFactory(given_name="Görünür", in_directory=True))
    MembershipFactory(organisation=organisation, person=PersonFactory(given_name="Saklı", in_directory=False))
    client.force_login(approved_stakeholder())
    html = client.get(f"/tr/registry/organisations/{organisation.pk}/").content.decode()
    assert "Görünür" in html and "Saklı" not in html


def _directory_queries(client, django_assert_max_num_queries, count):
    from stakeholders.models import Pillar

    public = Pillar.objects.get(code="public")
    type_ = OrganisationType.objects.filter(pillar=public).first()
    organisations = []
    for i in range(count):
        o = Organisation(name=f"Kurum {i}", name_tr=f"Kurum {i}", pillar=public, type=type_, province="06", status="approved")
        o.refresh_search_columns()
        organisations.append(o)
    Organisation.objects.bulk_create(organisations)
    client.force_login(approved_stakeholder())
    with django_assert_max_num_queries(12) as captured:
        response = client.get("/tr/registry/", {"q": "kurum", "page": 2})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_directory_runs_the_same_queries_with_10_or_2000_organisations(client, django_assert_max_num_queries):
    few = _directory_queries(client, django_assert_max_num_queries, 10)
    Organisation.objects.all().delete()
    many = _directory_queries(client, django_assert_max_num_queries, 2000)
    assert few == many


def test_focal_point_edits_own_organisation_but_not_another(client):
    mine = OrganisationFactory()
    other = OrganisationFactory()
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), organisation=mine, is_focal_point=True)
    client.force_login(user)
    response = client.post(f"/tr/registry/organisations/{mine.pk}/edit/", {"description_tr": "Yeni açıklama", "website": "https://x.example.org"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.description_tr == "Yeni açıklama"
    assert client.get(f"/tr/registry/organisations/{other.pk}/edit/").status_code == 404


def test_plain_member_cannot_edit_their_organisation(client):
    organisation = OrganisationFactory()
    client.force_login(approved_stakeholder(organisation=organisation))
    assert client.get(f"/tr/registry/organisations/{organisation.pk}/edit/").status_code == 404


# --- My data ------------------------------------------------------------------------------------


def test_my_data_download_is_json_of_the_signed_in_person_only(client):
    user, person = _onboarded(client, first_name="Çağrı")
    PersonFactory(given_name="Başkası")
    response = client.get("/tr/registry/my-data/download.json")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert data["person"]["given_name"] == "Çağrı"
    assert "Başkası" not in response.content.decode()


def test_withdrawing_consent_on_my_data(client):
    user, person = _onboarded(client)
    services.record_consent(person=person, kind="directory", given=True, channel="web")
    response = client.post("/tr/registry/my-data/consent/", {"kind": "directory", "given": "0"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.in_directory is False


def test_consent_change_needs_post(client):
    _onboarded(client)
    assert client.get("/tr/registry/my-data/consent/").status_code == 405


def test_deletion_anonymises_and_signs_out(client):
    user, person = _onboarded(client, first_name="Silinecek")
    MembershipFactory(person=person)
    assert client.post("/tr/registry/my-data/delete/", {}).status_code == 200  # unconfirmed: nothing happens
    response = client.post("/tr/registry/my-data/delete/", {"confirm": "1"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.anonymised_at is not None and person.given_name == "—"
    assert Membership.objects.filter(person=person).count() == 1
    assert client.get("/tr/registry/my-data/").status_code == 302  # signed out


# --- Staff ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/tr/registry/staff/", "/tr/registry/staff/queue/", "/tr/registry/staff/import/",
                                 "/tr/registry/staff/organisations/", "/tr/registry/staff/organisations/export.csv"])
def test_staff_pages_are_forbidden_to_stakeholders_and_reporters(client, url):
    client.force_login(approved_stakeholder())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(role=FIELD_REPORTER))
    assert client.get(url).status_code == 403


def test_staff_dashboard_shows_counts_by_pillar_country_and_theme(client):
    OrganisationFactory.create_batch(3)
    OrganisationFactory(country="AT", province="", city="Wien")
    client.force_login(staff_user())
    response = client.get("/en/registry/staff/")
    assert response.status_code == 200
    by_pillar = {p.code: p.organisation_count for p in response.context["by_pillar"]}
    assert by_pillar == {"public": 4, "civil": 0, "international": 0, "private_academia": 0}
    assert [(c["country"], c["organisation_count"]) for c in response.context["by_country"]] == [("TR", 3), ("AT", 1)]


def test_bulk_approve_and_reject_on_the_queue(client, mailoutbox, django_capture_on_commit_callbacks):
    proposer = PersonFactory(preferred_language="en")
    pending = [OrganisationFactory(status="pending", proposed_by=proposer) for _ in range(2)]
    membership = MembershipFactory(status="pending")
    client.force_login(staff_user())
    response = client.post("/en/registry/staff/queue/", {"decision": "reject", "organisations": [pending[0].pk]})
    assert response.status_code == 200
    assert "Give the reason" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/registry/staff/queue/", {
            "decision": "approve", "organisations": [o.pk for o in pending], "memberships": [membership.pk],
        })
    assert response.status_code == 302
    assert set(Organisation.objects.filter(pk__in=[o.pk for o in pending]).values_list("status", flat=True)) == {"approved"}
    membership.refresh_from_db()
    assert membership.status == "approved"
    assert len(mailoutbox) == 3


def test_export_neutralises_formulas_and_keeps_turkish(client):
    OrganisationFactory(name_tr="=HYPERLINK(\"http://evil\")", acronym="@SUM(1)")
    OrganisationFactory(name_tr="Şanlıurfa Valiliği")
    client.force_login(staff_user())
    csv_text = client.get("/tr/registry/staff/organisations/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@SUM(1)" in csv_text and "Şanlıurfa Valiliği" in csv_text
    response = client.get("/tr/registry/staff/organisations/export.xlsx", {"q": "hyperlink"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")"


def test_unknown_export_format_is_404(client):
    client.force_login(staff_user())
    assert client.get("/tr/registry/staff/organisations/export.exe").status_code == 404


def _upload(client, name, content, kind="organisations"):
    """Upload through the page; the dry run (a task sent on commit) runs in-process."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/en/registry/staff/import/", {"kind": kind, "file": SimpleUploadedFile(name, content)})


def _rows(client, url, **params):
    response = client.get(url, params)
    return response.context["job"], list(response.context["page"])


def test_import_dry_run_lists_every_rows_errors_and_writes_nothing(client, django_capture_on_commit_callbacks):
    client.force_login(staff_user())
    csv_content = (
        "name_tr,name_en,type,country,province,website,thematic_areas\n"
        "Adana Göç Derneği,Adana Migration Association,association,TR,Adana,https://adana.example.org,asylum\n"
        "Bozuk Satır,,no-such-type,TR,,not a url,nope\n"
        "Adana Göç Derneği,,association,TR,01,,\n"
    ).encode()
    response = _upload(client, "orgs.csv", csv_content)
    assert response.status_code == 302
    job, rows = _rows(client, response["Location"], errors="1")
    assert (job.status, job.row_count, job.error_count) == ("ready", 3, 2)
    assert [row.line for row in rows] == [3, 4]
    errors = " ".join(rows[0].errors)
    assert "unknown organisation type" in errors and "province" in errors and "website" in errors and "nope" in errors
    assert "line 2" in " ".join(rows[1].errors)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    assert Organisation.objects.count() == 0
    assert ImportJob.objects.get().imported_at is None


def test_valid_import_writes_every_row_once(client, django_capture_on_commit_callbacks):
    client.force_login(staff_user())
    csv_content = (
        "name_tr;name_en;type;country;province;city;thematic_areas\n"
        "Adana Göç Derneği;Adana Migration Association;association;TR;Adana;;asylum,harmonisation\n"
        "Viyana Göç Ofisi;Vienna Migration Office;international-organisation;AT;;Wien;\n"
    ).encode()
    url = _upload(client, "orgs.csv", csv_content)["Location"]
    assert client.get(url).context["job"].can_import
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    adana = Organisation.objects.get(name_tr="Adana Göç Derneği")
    assert Organisation.objects.count() == 2
    assert (adana.province, adana.pillar.code, adana.search_text) == ("01", "civil", "adana goc dernegi adana migration association adana")
    job = ImportJob.objects.get()
    assert (job.status, job.row_count, bytes(job.content), job.rows.count()) == ("done", 2, b"", 0)


def test_people_import_links_memberships(client):
    OrganisationFactory(name_tr="Türk Kızılay", acronym="TK")
    client.force_login(staff_user())
    csv_content = (
        "given_name,family_name,email,phone,organisation,role,is_focal_point\n"
        "محمد,رحیمی,m.rahimi@example.org,+90 532 000 00 00,tk,Tercüman,evet\n"
        "Ayşe,Işık,bad-email,123,Yok Böyle Kurum,,\n"
    ).encode()
    url = _upload(client, "people.csv", csv_content, kind="people")["Location"]
    _job, rows = _rows(client, url, errors="1")
    assert [row.line for row in rows] == [3]
    assert len(rows[0].errors) == 3


def test_malformed_import_files_get_a_clear_error(client):
    client.force_login(staff_user())
    response = _upload(client, "orgs.xlsx", b"PK\x03\x04 not really a workbook")
    assert response.status_code == 200
    assert "not a XLSX file" in response.content.decode() or "content is not" in response.content.decode()
    url = _upload(client, "orgs.csv", "name_tr\n".encode("utf-16"))["Location"]
    assert client.get(url).context["job"].file_errors == ["The CSV file must be saved as UTF-8."]
    url = _upload(client, "orgs.csv", b"foo,bar\n1,2\n")["Location"]
    assert client.get(url).context["job"].file_errors == ["Missing columns: name_tr, type, country."]


def test_staff_pages_render_in_both_languages(client):
    OrganisationFactory(status="pending", proposed_by=PersonFactory())
    client.force_login(staff_user())
    for prefix in ("tr", "en"):
        for name in ("staff_dashboard", "staff_queue", "staff_organisations", "staff_import"):
            with __import__("django").utils.translation.override(prefix):
                url = reverse(f"stakeholders:{name}")
            assert client.get(url).status_code == 200, url


def test_selectors_person_for_user_matches_view(client):
    user, person = _onboarded(client)
    assert selectors.person_for_user(user) == person


# --- Speed at scale (issue 10) -------------------------------------------------------------------


def test_directory_asks_once_whether_the_user_is_an_approved_stakeholder(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(approved_stakeholder())
    client.get("/tr/registry/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/tr/registry/").status_code == 200
    checks = [q["sql"] for q in captured.captured_queries if 'FROM "stakeholders_membership"' in q["sql"]]
    assert len(checks) == 1


def test_approval_queue_shows_the_oldest_rows_and_the_totals_in_bounded_queries(client, django_assert_max_num_queries):
    from stakeholders.views import QUEUE_SIZE

    client.force_login(staff_user())
    OrganisationFactory.create_batch(QUEUE_SIZE + 3, status=Organisation.Status.PENDING)
    with django_assert_max_num_queries(12):
        response = client.get("/tr/registry/staff/queue/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="organisations"') == QUEUE_SIZE
    assert f"{QUEUE_SIZE} of {QUEUE_SIZE + 3}" in client.get("/en/registry/staff/queue/").content.decode()


def test_directory_search_finds_the_province_and_says_which_member_matched(client):
    in_istanbul = OrganisationFactory(name="Boğaziçi Göç Derneği", name_tr="Boğaziçi Göç Derneği", province="34")
    OrganisationFactory(name="Ankara Dayanışma", name_tr="Ankara Dayanışma", province="06")
    through_member = OrganisationFactory(name="Kuzey Vakfı", name_tr="Kuzey Vakfı", province="06")
    MembershipFactory(organisation=through_member, person=PersonFactory(given_name="Çağrı", family_name="Işıkoğlu", in_directory=True))
    client.force_login(staff_user())

    by_place = client.get(reverse("stakeholders:directory"), {"q": "istanbul"})
    assert [o.pk for o in by_place.context["page"]] == [in_istanbul.pk]
    assert "<mark>İstanbul</mark>" in by_place.content.decode()

    by_member = client.get(reverse("stakeholders:directory"), {"q": "cagri isik"})
    assert [o.pk for o in by_member.context["page"]] == [through_member.pk]
    assert "Eşleşen üye: <mark>Çağrı Işık</mark>oğlu" in by_member.content.decode()

    by_name = client.get(reverse("stakeholders:directory"), {"q": "KUZEY"})
    assert "<mark>Kuzey</mark> Vakfı" in by_name.content.decode()
    assert "Eşleşen üye" not in by_name.content.decode()


def test_registry_figures_come_from_the_cache_until_the_registry_changes(client, django_assert_max_num_queries):
    from stakeholders.services import approve_organisation
    from tests.factories import pillar

    pending = OrganisationFactory(status=Organisation.Status.PENDING, pillar=pillar("civil"))
    staff = staff_user()
    client.force_login(staff)
    before = client.get("/en/registry/staff/").context["by_pillar"]
    civil = next(p.organisation_count for p in before if p.code == "civil")
    with django_assert_max_num_queries(7):  # session, user, roles, two-factor, navigation: no figure query
        assert client.get("/en/registry/staff/").status_code == 200

    approve_organisation(organisation=pending)

    after = client.get("/en/registry/staff/").context["by_pillar"]
    assert next(p.organisation_count for p in after if p.code == "civil") == civil + 1
    home = client.get("/en/").context["pillar_counts"]
    assert next(p.organisation_count for p in home if p.code == "civil") == civil + 1


def test_directory_country_filter_keeps_the_chosen_country_selected_in_each_language(client):
    client.force_login(approved_stakeholder())
    plain = client.get("/en/registry/").content.decode()
    chosen = client.get("/en/registry/", {"country": "DE"}).content.decode()
    other = client.get("/en/registry/", {"country": "FR"}).content.decode()
    assert '<option value="DE" selected>' not in plain
    assert '<option value="DE" selected>' in chosen and '<option value="FR" selected>' not in chosen
    assert '<option value="FR" selected>' in other and '<option value="DE" selected>' not in other
