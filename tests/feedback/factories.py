"""Feedback test data: a complete bilingual template and a held meeting with attendees by pillar."""

import datetime

from feedback import services
from feedback.models import Option, Question, QuestionTemplate
from meetings.models import Invitation, Meeting
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, pillar
from tests.meetings.factories import MeetingFactory, in_days


def template(*, complete: bool = True) -> QuestionTemplate:
    tpl = QuestionTemplate.objects.create(title="Değerlendirme", title_tr="Değerlendirme", title_en="Evaluation")
    Question.objects.create(template=tpl, order=1, kind="rating", text="Genel olarak?", text_tr="Genel olarak?",
                            text_en="Overall?" if complete else "", required=True)
    single = Question.objects.create(template=tpl, order=2, kind="single", text="Tekrar gelir misiniz?",
                                     text_tr="Tekrar gelir misiniz?", text_en="Would you come again?")
    for order, (tr, en) in enumerate([("Evet", "Yes"), ("Hayır", "No")]):
        Option.objects.create(question=single, order=order, label=tr, label_tr=tr, label_en=en)
    multiple = Question.objects.create(template=tpl, order=3, kind="multiple", text="Yararlı bölümler?",
                                       text_tr="Yararlı bölümler?", text_en="Useful parts?")
    for order, (tr, en) in enumerate([("Sunumlar", "Presentations"), ("Grup çalışması", "Group work"), ("Tanışma", "Meeting others")]):
        Option.objects.create(question=multiple, order=order, label=tr, label_tr=tr, label_en=en)
    Question.objects.create(template=tpl, order=4, kind="text", text="Öneriniz?", text_tr="Öneriniz?", text_en="Your suggestion?")
    return tpl


def attendee(meeting: Meeting, code: str = "public", *, attended=True, organisation=None, **person) -> Invitation:
    person = PersonFactory(**person)
    MembershipFactory(person=person, organisation=organisation or OrganisationFactory(pillar=pillar(code)))
    return Invitation.objects.create(meeting=meeting, person=person, response=Invitation.Response.ACCEPTED,
                                     attended=attended)


def held_meeting(*, days_ago: int = 2, **fields) -> Meeting:
    starts = in_days(-days_ago, 10)
    return MeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=5), status=Meeting.Status.HELD, **fields)


def sent_form(meeting: Meeting, **options):
    form = services.create_form(template=template(), meeting=meeting, **options)
    services.send_form(form=form)
    form.refresh_from_db()
    return form


def answers_for(form, *, rating=4, single=0, multiple=(0,), text=""):
    questions = list(form.template.questions.prefetch_related("options"))
    rating_q, single_q, multiple_q, text_q = questions
    single_options = list(single_q.options.all())
    multiple_options = list(multiple_q.options.all())
    return {
        rating_q.pk: rating,
        single_q.pk: single_options[single].pk,
        multiple_q.pk: [multiple_options[i].pk for i in multiple],
        text_q.pk: text,
    }
