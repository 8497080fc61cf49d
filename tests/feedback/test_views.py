import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from feedback import services
from feedback.models import Answer, Response
from feedback.selectors import MIN_GROUP, form_results
from feedback.tokens import make_token
from magnet.roles import FIELD_REPORTER, ICMPD_STAFF, PMM_OFFICIAL, STAKEHOLDER
from tests.factories import UserFactory
from tests.reports.factories import with_totp

from .factories import answers_for, attendee, held_meeting, sent_form

pytestmark = pytest.mark.django_db


def _url(recipient, language="tr"):
    with translation.override(language):
        return reverse("feedback:answer", args=[make_token(recipient)])


def _form_with(count_by_pillar: dict, **options):
    meeting = held_meeting()
    for code, count in count_by_pillar.items():
        for _ in range(count):
            attendee(meeting, code)
    return sent_form(meeting, **options)


def test_the_signed_link_opens_the_form_without_signing_in_and_saves_the_answers(client):
    form = _form_with({"public": 1})
    recipient = form.recipients.get()
    questions = list(form.template.questions.prefetch_related("options"))
    url = _url(recipient)

    page = client.get(url)
    assert page.status_code == 200
    assert "Genel olarak?" in page.content.decode()
    yes = questions[1].options.get(label_tr="Evet")
    answer = client.post(url, {f"q{questions[0].pk}": "4", f"q{questions[1].pk}": str(yes.pk),
                               f"q{questions[3].pk}": "Daha çok saha örneği"})
    assert answer.status_code == 302
    page = client.get(url)
    assert "Bu formu zaten yanıtladınız" in page.content.decode()
    assert page.content.decode().count("checked") == 2  # the rating and the choice, as saved
    assert Response.objects.get().answers.get(question=questions[3]).text == "Daha çok saha örneği"


def test_the_english_page_shows_the_english_questions(client):
    form = _form_with({"public": 1})
    page = client.get(_url(form.recipients.get(), "en"))
    assert "Overall?" in page.content.decode() and "Would you come again?" in page.content.decode()


def test_a_missing_required_answer_keeps_the_others_and_says_why(client):
    form = _form_with({"public": 1})
    questions = list(form.template.questions.all())
    response = client.post(_url(form.recipients.get()), {f"q{questions[3].pk}": "Öneri"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Lütfen bu soruyu yanıtlayın." in body
    assert "Öneri" in body
    assert not Response.objects.exists()


@pytest.mark.parametrize("tamper", [lambda t: t + "x", lambda t: t.replace(t[2], "A" if t[2] != "A" else "B", 1), lambda t: "nonsense"])
def test_a_tampered_link_answers_404(client, tamper):
    form = _form_with({"public": 1})
    token = make_token(form.recipients.get())
    url = reverse("feedback:answer", args=[tamper(token)])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_a_closed_form_shows_no_form_and_refuses_a_post(client):
    form = _form_with({"public": 1})
    recipient = form.recipients.get()
    services.close_form(form=form)
    url = _url(recipient)
    assert "Bu geri bildirim formu kapandı" in client.get(url).content.decode()
    questions = list(form.template.questions.all())
    response = client.post(url, {f"q{questions[0].pk}": "5"})
    assert response.status_code == 400
    assert "Bu geri bildirim formu kapandı" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("role", [None, STAKEHOLDER, FIELD_REPORTER, PMM_OFFICIAL])
def test_staff_results_and_exports_are_refused_to_others(client, role):
    form = _form_with({"public": 5})
    if role:
        client.force_login(with_totp(UserFactory(role=role)))
    for name, args in (("feedback:staff_list", []), ("feedback:staff_results", [form.pk]),
                       ("feedback:staff_export", [form.pk, "xlsx"])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == (403 if role else 302)


def _answer_all(form, ratings):
    for recipient, rating in zip(form.recipients.order_by("pk"), ratings, strict=False):
        services.submit_response(recipient=recipient, answers=answers_for(form, rating=rating, text=f"Öneri {rating}"))


def test_results_follow_the_rule_of_five_overall_and_per_pillar(client):
    form = _form_with({"public": 5, "civil": 2})
    _answer_all(form, [5, 4, 4, 3, 5, 2, 1])
    results = form_results(form=form)
    rating = results["questions"][0]
    assert results["responses"] == 7 and rating["answered"] == 7 and rating["shown"]
    assert [row["count"] for row in rating["rows"]] == [1, 1, 1, 2, 2]
    assert rating["mean"] == round(24 / 7, 1)
    by_pillar = {entry["pillar"]: entry for entry in rating["by_pillar"]}
    assert by_pillar["Kamu kurumları"]["shown"] and by_pillar["Kamu kurumları"]["mean"] == 4.2
    assert not by_pillar["Sivil toplum kuruluşları"]["shown"] and "mean" not in by_pillar["Sivil toplum kuruluşları"]
    assert sorted(results["questions"][3]["texts"]) == sorted(f"Öneri {r}" for r in [5, 4, 4, 3, 5, 2, 1])

    client.force_login(with_totp(UserFactory(role=ICMPD_STAFF)))
    page = client.get(reverse("feedback:staff_results", args=[form.pk])).content.decode()
    assert "<svg" in page and "<title>Genel olarak?</title>" in page
    assert "5 yanıttan az." in page  # the civil society pillar


def test_fewer_than_five_answers_show_nothing_and_export_nothing(client):
    form = _form_with({"public": 4})
    _answer_all(form, [5, 4, 4, 3])
    results = form_results(form=form)
    assert not results["shown"]
    assert all(not item["shown"] and item["rows"] == [] and item["texts"] == [] for item in results["questions"])
    client.force_login(with_totp(UserFactory(role=ICMPD_STAFF)))
    page = client.get(reverse("feedback:staff_results", args=[form.pk])).content.decode()
    assert "<title>Genel olarak?</title>" not in page and "Öneri 5" not in page
    response = client.get(reverse("feedback:staff_export", args=[form.pk, "csv"]))
    assert response.status_code == 302


def test_exports_number_the_answers_without_names_and_hide_small_pillars(client):
    form = _form_with({"public": 5, "civil": 1})
    _answer_all(form, [5, 4, 4, 3, 5, 2])
    client.force_login(with_totp(UserFactory(role=ICMPD_STAFF)))
    response = client.get(reverse("feedback:staff_export", args=[form.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Yanıt", "Sütun", "Soru", "Yanıt"]
    assert {row[1] for row in rows[1:]} == {"Kamu kurumları", "—"}
    assert sum(1 for row in rows[1:] if row[1] == "—") == Answer.objects.filter(response__pillar__code="civil").count()
    assert {row[0] for row in rows[1:]} == {str(n) for n in range(1, 7)}
    names = set(form.recipients.values_list("person__family_name", flat=True))
    assert not any(name in response.content.decode("utf-8-sig") for name in names)
    xlsx = client.get(reverse("feedback:staff_export", args=[form.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == len(rows)
    assert client.get(reverse("feedback:staff_export", args=[form.pk, "pdf"])).status_code == 404


def test_the_staff_list_takes_the_same_number_of_queries_for_few_and_many_forms(client, django_assert_max_num_queries):
    client.force_login(with_totp(UserFactory(role=ICMPD_STAFF)))
    _form_with({"public": 1})
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("feedback:staff_list"))
    for _ in range(6):
        _form_with({"public": 2})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("feedback:staff_list"))


def test_results_take_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    form = _form_with({"public": MIN_GROUP, "civil": MIN_GROUP})
    _answer_all(form, [5, 4, 3, 2, 1, 5, 4, 3, 2, 1])
    client.force_login(with_totp(UserFactory(role=ICMPD_STAFF)))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("feedback:staff_results", args=[form.pk])).status_code == 200
