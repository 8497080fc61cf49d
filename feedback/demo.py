"""Demo data for participant feedback and the network figures (idempotent): an evaluation template in
both languages, three earlier four-pillar and sectoral meetings (Gaziantep, İzmir, Van) held between
August 2025 and October 2026 with attendance, so the network page has history (returning people, organisations
meeting another pillar for the first time, some not seen for a year), and feedback forms with answers
for the earlier meetings and for the held meeting of the meetings demo."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from meetings.models import Invitation, Meeting
from stakeholders.models import Membership, Organisation, Pillar, ThematicArea

from . import services
from .models import FeedbackForm, Option, Question, QuestionTemplate, Recipient

TEMPLATE = ("Toplantı değerlendirme formu", "Meeting evaluation form")
QUESTIONS = [
    ("rating", "Toplantıyı genel olarak nasıl değerlendirirsiniz?", "How would you rate the meeting overall?", True, []),
    ("rating", "Toplantı kendi çalışmanız için ne kadar yararlıydı?", "How useful was the meeting for your own work?", True, []),
    ("single", "Bir sonraki toplantıya katılmak ister misiniz?", "Would you take part in the next meeting?", False,
     [("Evet", "Yes"), ("Belki", "Maybe"), ("Hayır", "No")]),
    ("multiple", "En yararlı bulduğunuz bölümler hangileriydi?", "Which parts did you find most useful?", False,
     [("Sunumlar", "Presentations"), ("Grup çalışması", "Group work"), ("Diğer sütunlarla tanışma", "Meeting the other pillars"),
      ("Saha örnekleri", "Examples from the field")]),
    ("text", "Bir sonraki toplantıda neyi farklı yapmalıyız?", "What should we do differently next time?", False, []),
]
COMMENTS = [
    "Yerel yönetimlerin daha fazla söz alması iyi olur.",
    "Sivil toplumla ortak saha ziyareti planlanabilir.",
    "More time for the working groups, please.",
    "Sunumlar kısaltılıp tartışmaya daha çok zaman ayrılabilir.",
    "Simultaneous interpretation worked very well.",
    "Özel sektörden daha fazla katılımcı davet edilmeli.",
]
PAST_MEETINGS = [
    # (day, title tr, title en, province, kind, thematic area, attendees by pillar); the Van meeting
    # falls in the demo's October 2026 report, so its Network and feedback chapters have content.
    (datetime.date(2025, 8, 12), "Gaziantep Göç Yönetimi Dört Sütun Toplantısı", "Gaziantep Four-Pillar Meeting on Migration Management", "27",
     Meeting.Kind.FOUR_PILLAR, "border-management", {"public": 3, "civil": 2}),
    (datetime.date(2026, 5, 14), "İzmir Düzensiz Göçle Mücadele Sektörel Toplantısı", "İzmir Sectoral Meeting on Irregular Migration", "35",
     Meeting.Kind.SECTORAL, "border-management", {"public": 3, "civil": 2, "international": 2, "private_academia": 1}),
    (datetime.date(2026, 10, 15), "Van Sınır Yönetimi ve Uyum Dört Sütun Toplantısı", "Van Four-Pillar Meeting on Border Management and Harmonisation", "65",
     Meeting.Kind.FOUR_PILLAR, "harmonisation", {"public": 2, "civil": 2, "international": 2, "private_academia": 2}),
]


def _template() -> QuestionTemplate:
    template = QuestionTemplate.objects.filter(title_en=TEMPLATE[1]).first()
    if template:
        return template
    template = QuestionTemplate.objects.create(title=TEMPLATE[0], title_tr=TEMPLATE[0], title_en=TEMPLATE[1])
    for order, (kind, text_tr, text_en, required, options) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(template=template, order=order, kind=kind, text=text_tr, text_tr=text_tr,
                                           text_en=text_en, required=required)
        for number, (label_tr, label_en) in enumerate(options, start=1):
            Option.objects.create(question=question, order=number, label=label_tr, label_tr=label_tr, label_en=label_en)
    return template


def _people_by_pillar() -> dict:
    people = {}
    memberships = Membership.objects.filter(
        status=Membership.Status.APPROVED, organisation__status=Organisation.Status.APPROVED, person__anonymised_at=None
    ).select_related("organisation__pillar").order_by("person_id", "-is_focal_point", "pk")
    seen = set()
    for membership in memberships:
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        people.setdefault(membership.organisation.pillar.code, []).append(membership.person_id)
    return people


def _past_meetings(stdout) -> list[Meeting]:
    people = _people_by_pillar()
    meetings = []
    for index, (day, title_tr, title_en, province, kind, area, attendance) in enumerate(PAST_MEETINGS):
        meeting = Meeting.objects.filter(title_en=title_en).first()
        if meeting is None:
            starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            meeting = Meeting(title=title_tr, title_tr=title_tr, title_en=title_en, kind=kind, province=province,
                              venue_name="Valilik Toplantı Salonu", starts_at=starts,
                              ends_at=starts + datetime.timedelta(hours=6), status=Meeting.Status.HELD,
                              working_languages=["tr", "en"])
            meeting.full_clean()
            meeting.save()
            meeting.pillars.set(Pillar.objects.all())
            meeting.thematic_areas.set(ThematicArea.objects.filter(code=area))
            rows = []
            for code, count in attendance.items():
                # Rotate through each pillar's people so that some come back and some do not.
                pool = people.get(code, [])
                chosen = [pool[(index + n) % len(pool)] for n in range(min(count, len(pool)))] if pool else []
                rows += [Invitation(meeting=meeting, person_id=pid, response=Invitation.Response.ACCEPTED,
                                    sent_at=starts - datetime.timedelta(days=20), attended=True, checked_in_at=starts)
                         for pid in dict.fromkeys(chosen)]
            Invitation.objects.bulk_create(rows, ignore_conflicts=True)
        meetings.append(meeting)
    stdout.write(f"feedback: {len(meetings)} earlier meetings held with attendance.")
    return meetings


def _answer(form: FeedbackForm, share: float, seed: int) -> int:
    """Answers from a share of the recipients, varied but believable (ratings mostly 4–5)."""
    rng = random.Random(seed)
    questions = list(form.template.questions.prefetch_related("options"))
    recipients = list(form.recipients.filter(answered=False).order_by("pk"))
    count = 0
    for number, recipient in enumerate(recipients):
        if number >= max(5, round(len(recipients) * share)):
            break
        answers = {}
        for question in questions:
            options = [o.pk for o in question.options.all()]
            if question.kind == Question.Kind.RATING:
                answers[question.pk] = rng.choice([3, 4, 4, 5, 5])
            elif question.kind == Question.Kind.SINGLE:
                answers[question.pk] = rng.choice(options[:2] * 3 + options[2:])
            elif question.kind == Question.Kind.MULTIPLE:
                answers[question.pk] = rng.sample(options, rng.randint(1, 2))
            elif rng.random() < 0.7:
                answers[question.pk] = rng.choice(COMMENTS)
        services.submit_response(recipient=recipient, answers=answers, language=recipient.person.preferred_language)
        count += 1
    return count


@transaction.atomic
def seed(stdout):
    template = _template()
    meetings = _past_meetings(stdout)
    held = Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gt=timezone.now() - datetime.timedelta(days=60))
    meetings += [m for m in held if m not in meetings]
    answered = 0
    for index, meeting in enumerate(meetings):
        form = FeedbackForm.objects.filter(meeting=meeting).first()
        if form is None:
            form = services.create_form(template=template, meeting=meeting)
            services.send_form(form=form)
            answered += _answer(form, share=0.8, seed=index)
            if meeting.starts_at < timezone.now() - datetime.timedelta(days=30):
                services.close_form(form=form)
    stdout.write(f"feedback: 1 template, {FeedbackForm.objects.count()} forms, "
                 f"{Recipient.objects.filter(answered=True).count()} answers ({answered} new).")
