import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from magnet.models import OutboxMail
from projects.models import Opinion, OpinionLetter, Project, ProjectEvent, ThreadMessage
from projects.services import proposals as services
from tests.factories import OrganisationFactory, UserFactory
from tests.mail import send_pending

from .proposal_factories import complete_data, iom, member, pmm, proposal, staff, target_groups

pytestmark = pytest.mark.django_db
State = Project.State


@pytest.fixture
def groups():
    return target_groups()


def test_a_draft_keeps_whatever_was_typed(groups):
    organisation = iom()
    author = member(organisation)
    project = services.save_draft(actor=author, organisation=organisation, data={"title_tr": "Yalnızca başlık"})
    assert project.state == State.DRAFT
    assert project.title_tr == "Yalnızca başlık" and project.title_en == ""
    assert project.created_by == author
    assert list(project.events.values_list("kind", "to_state")) == [("created", "draft")]
    errors = services.submission_errors(project)
    assert set(errors) >= {"title_en", "summary_tr", "summary_en", "starts_on", "ends_on", "budget", "provinces",
                           "thematic_areas", "target_groups", "implementing_organisations"}


def test_submit_needs_both_languages_and_names_what_is_missing(groups):
    author = member(iom())
    project = proposal(author, title_en="", summary_en="   ")
    with pytest.raises(ValidationError) as refused:
        services.submit(project=project, actor=author)
    assert set(refused.value.message_dict) == {"title_en", "summary_en"}
    assert str(refused.value.message_dict["title_en"][0]) == "Başlığı Türkçe ve İngilizce yazın."
    project.refresh_from_db()
    assert project.state == State.DRAFT and project.reference == ""


def test_submit_sets_reference_due_date_and_mails_pmm_in_their_language(groups, settings):
    settings.PROJECTS_OPINION_DAYS = 21
    turkish, english = pmm("tr"), pmm("en")
    UserFactory(role="PMM official", is_active=False)
    author = member(iom())
    project = proposal(author, submit=True)
    assert project.state == State.SUBMITTED
    assert project.reference == f"PRJ-{timezone.localdate().year}-{project.pk:04d}"
    assert project.due_on == timezone.localdate() + datetime.timedelta(days=21)
    event = project.events.get(kind="submitted")
    assert (event.actor, event.from_state, event.to_state) == (author, "draft", "submitted")
    rows = OutboxMail.objects.filter(template="projects/submitted").order_by("recipient")
    assert sorted((r.recipient, r.language) for r in rows) == sorted([(turkish.email, "tr"), (english.email, "en")])
    send_pending()
    from django.core import mail

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Göç İdaresi Başkanlığının görüşüne sunulan proje teklifi" in subjects[turkish.email]
    assert "Project proposal for PMM's opinion" in subjects[english.email]


def test_only_members_of_the_organisation_may_change_or_submit(groups):
    author = member(iom())
    project = proposal(author)
    other = member(OrganisationFactory())
    nobody = UserFactory()
    for actor in (other, nobody, pmm(), staff()):
        with pytest.raises(ValidationError):
            services.save_draft(actor=actor, project=project, data={"title_tr": "x"})
        with pytest.raises(ValidationError):
            services.submit(project=project, actor=actor)
    with pytest.raises(ValidationError):
        services.save_draft(actor=other, organisation=project.organisation, data={"title_tr": "x"})


def test_only_pmm_gives_opinions_staff_cannot(groups):
    author = member(iom())
    project = proposal(author, submit=True)
    for actor in (staff(), author, UserFactory(role="Field reporter")):
        with pytest.raises(ValidationError):
            services.give_opinion(project=project, actor=actor, kind="favourable", reasons_tr="a", reasons_en="b")
    assert Project.objects.get(pk=project.pk).state == State.SUBMITTED
    assert not Opinion.objects.exists()


def test_opinion_needs_bilingual_reasons_and_conditions(groups):
    author = member(iom())
    project = proposal(author, submit=True)
    official = pmm()
    with pytest.raises(ValidationError) as refused:
        services.give_opinion(project=project, actor=official, kind="favourable_conditions",
                              reasons_tr="Uygun.", reasons_en="", conditions_tr="", conditions_en="Report monthly.")
    assert set(refused.value.message_dict) == {"reasons_en", "conditions_tr"}
    assert Project.objects.get(pk=project.pk).state == State.SUBMITTED


def test_favourable_with_conditions_queues_letter_and_mails_the_submitter(groups, django_capture_on_commit_callbacks):
    author = member(iom(), language="en")
    project = proposal(author, submit=True)
    official = pmm()
    OutboxMail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        opinion = services.give_opinion(
            project=project, actor=official, kind="favourable_conditions",
            reasons_tr="Teklif ihtiyaca uygundur.", reasons_en="The proposal meets a need.",
            conditions_tr="Üç ayda bir ara rapor gönderin.", conditions_en="Send an interim report every three months.",
        )
    project.refresh_from_db()
    assert project.state == State.FAVOURABLE_WITH_CONDITIONS and project.decided_at is not None
    assert opinion.reasons_en == "The proposal meets a need."
    letter = OpinionLetter.objects.get(opinion=opinion)
    assert letter.state == "done" and len(letter.sha256) == 64
    rows = list(OutboxMail.objects.filter(template="projects/opinion"))
    assert [(r.recipient, r.language) for r in rows] == [(author.email, "en")]
    from django.core import mail

    send_pending()
    (sent,) = [m for m in mail.outbox if m.to == [author.email]]
    assert sent.subject.endswith("PMM's opinion on Labour market integration of migrant workers in Gaziantep: "
                                 "Favourable with conditions")
    assert "Send an interim report every three months." in sent.body
    event = project.events.get(kind="opinion")
    assert (event.actor, event.from_state, event.to_state) == (official, "submitted", "favourable_conditions")


def test_more_information_then_resubmission(groups, settings):
    author = member(iom())
    project = proposal(author, submit=True)
    official = pmm()
    services.give_opinion(project=project, actor=official, kind="more_information",
                          reasons_tr="Bütçe dökümünü ekleyin.", reasons_en="Add the budget breakdown.")
    project.refresh_from_db()
    assert project.state == State.MORE_INFORMATION and project.decided_at is None
    assert not OpinionLetter.objects.exists()
    services.save_draft(actor=author, project=project, data={"budget": "1300000"})
    project = services.submit(project=project, actor=author)
    assert project.state == State.SUBMITTED
    assert list(project.events.values_list("kind", flat=True)) == [
        "created", "submitted", "opinion", "resubmitted"]
    with pytest.raises(ValidationError):
        services.submit(project=project, actor=author)  # already with PMM


def test_thread_question_and_answer_mail_the_other_side(groups):
    author = member(iom(), language="en")
    project = proposal(author, submit=True)
    official = pmm("tr")
    OutboxMail.objects.all().delete()
    services.ask_question(project=project, actor=official, body="Hangi ilçelerde çalışacaksınız?")
    services.answer(project=project, actor=author, body="Şahinbey and Şehitkamil.")
    assert list(ThreadMessage.objects.values_list("from_pmm", "author")) == [(True, official.pk), (False, author.pk)]
    assert sorted(OutboxMail.objects.values_list("template", "recipient", "language")) == [
        ("projects/answer", official.email, "tr"), ("projects/question", author.email, "en")]
    assert list(project.events.filter(kind__in=["question", "answer"]).values_list("kind", flat=True)) == [
        "question", "answer"]
    from django.core import mail

    send_pending()
    sent = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    assert "PMM has a question on your project proposal" in sent[author.email][0]
    assert "Hangi ilçelerde çalışacaksınız?" in sent[author.email][1]
    assert "proje teklifine yeni yanıt" in sent[official.email][0]
    assert "Şahinbey and Şehitkamil." in sent[official.email][1]
    with pytest.raises(ValidationError):
        services.ask_question(project=project, actor=staff(), body="?")
    with pytest.raises(ValidationError):
        services.answer(project=project, actor=member(OrganisationFactory()), body="!")
    with pytest.raises(ValidationError):
        services.answer(project=project, actor=author, body="   ")


def test_withdraw_is_refused_after_the_opinion(groups):
    author = member(iom())
    project = proposal(author, submit=True)
    services.give_opinion(project=project, actor=pmm(), kind="not_favourable", reasons_tr="Örtüşme var.",
                          reasons_en="It overlaps.")
    with pytest.raises(ValidationError):
        services.withdraw(project=project, actor=author)
    other = proposal(author, submit=True)
    services.withdraw(project=other, actor=author)
    assert Project.objects.get(pk=other.pk).state == State.WITHDRAWN
    assert ProjectEvent.objects.filter(project=other, kind="withdrawn").count() == 1


def test_a_changed_draft_cannot_be_edited_once_submitted(groups):
    author = member(iom())
    project = proposal(author, submit=True)
    with pytest.raises(ValidationError):
        services.save_draft(actor=author, project=project, data={"title_tr": "Yeni"})


def test_bad_input_is_refused_with_nothing_saved(groups):
    organisation = iom()
    author = member(organisation)
    with pytest.raises(ValidationError) as refused:
        services.save_draft(actor=author, organisation=organisation,
                            data=complete_data(starts_on=datetime.date(2028, 1, 1), ends_on=datetime.date(2027, 1, 1)))
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.save_draft(actor=author, organisation=organisation, data={"provinces": ["99"]})
    with pytest.raises(ValidationError):
        services.save_draft(actor=author, organisation=organisation, data={"summary_tr": "x" * 4001})
    assert not Project.objects.exists()


def test_overlap_explanation_is_kept_and_removed(groups):
    author = member(iom())
    earlier = proposal(member(OrganisationFactory()), submit=True)
    project = proposal(author)
    note = services.explain_overlap(project=project, actor=author, other=earlier,
                                    explanation="Biz yalnızca kadın işçilerle çalışıyoruz.")
    assert note.written_by == author
    services.explain_overlap(project=project, actor=author, other=earlier, explanation="")
    assert not project.overlap_notes.exists()
    with pytest.raises(ValidationError):
        services.explain_overlap(project=project, actor=pmm(), other=earlier, explanation="x")


def test_province_figures_only_by_pmm_or_staff(groups):
    group = groups["temporary-protection"]
    need = services.save_province_need(actor=pmm(), province="27", target_group=group, number=430000,
                                       as_of=datetime.date(2026, 10, 1), source="Göç İdaresi Başkanlığı")
    again = services.save_province_need(actor=staff(), province="27", target_group=group, number=420000,
                                        as_of=datetime.date(2026, 11, 1), source="Göç İdaresi Başkanlığı")
    assert need.pk == again.pk and again.number == 420000
    with pytest.raises(ValidationError):
        services.save_province_need(actor=member(iom()), province="27", target_group=group, number=1,
                                    as_of=datetime.date(2026, 11, 1), source="x")
