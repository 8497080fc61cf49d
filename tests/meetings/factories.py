import datetime

import factory
from django.utils import timezone

from meetings.models import AgendaItem, Invitation, Meeting
from tests.factories import PersonFactory


def in_days(days: float, hour: int = 10) -> datetime.datetime:
    """A time `days` from today at `hour` o'clock, Türkiye time."""
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Dört Sütun Toplantısı {n}")
    title_tr = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Four-Pillar Meeting {n}")
    summary = "Göç yönetiminde kurumlar arası işbirliği."
    summary_tr = factory.SelfAttribute("summary")
    summary_en = "Inter-institutional cooperation in migration management."
    kind = Meeting.Kind.FOUR_PILLAR
    starts_at = factory.LazyFunction(lambda: in_days(10, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    venue_name = "Göç İdaresi Başkanlığı Konferans Salonu"
    province = "06"
    working_languages = factory.LazyFunction(lambda: ["tr", "en"])
    status = Meeting.Status.PUBLISHED

    @factory.post_generation
    def pillars(self, create, extracted, **kwargs):
        if create and extracted:
            self.pillars.set(extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    starts_at = factory.LazyAttribute(lambda o: o.meeting.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    kind = AgendaItem.Kind.SESSION
    title = factory.Sequence(lambda n: f"Oturum {n}")
    title_tr = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Session {n}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    sent_at = factory.LazyFunction(timezone.now)
