"""Conference factories: an open conference with a registration type, rooms and sessions."""

from datetime import date, datetime, timedelta

import factory
from django.utils import timezone

from conference.models import Conference, Registration, RegistrationType, Room, Session
from tests.factories import PersonFactory, pillar


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    title = factory.Sequence(lambda n: f"Bölgesel MAGNET Konferansı {n}")
    title_tr = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Regional MAGNET Conference {n}")
    slug = factory.Sequence(lambda n: f"magnet-{n}")
    venue = "Haliç Kongre Merkezi"
    venue_tr = "Haliç Kongre Merkezi"
    venue_en = "Haliç Congress Centre"
    city = "İstanbul"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=120))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=1))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    capacity = 100
    is_published = True


class RegistrationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationType
        django_get_or_create = ("conference", "kind")

    conference = factory.SubFactory(ConferenceFactory)
    kind = RegistrationType.Kind.DELEGATE
    name = "Delege"
    name_tr = "Delege"
    name_en = "Delegate"
    capacity = 50
    requires_approval = True
    colour = "#0b3d6e"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    conference = factory.SubFactory(ConferenceFactory)
    name = "Salon A"
    name_tr = "Salon A"
    name_en = "Hall A"


def at(conference, day: int, hour: int, minute: int = 0) -> datetime:
    moment = datetime.combine(conference.starts_on + timedelta(days=day), datetime.min.time()).replace(hour=hour, minute=minute)
    return timezone.make_aware(moment)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    room = factory.LazyAttribute(lambda o: RoomFactory(conference=o.conference))
    kind = Session.Kind.PLENARY
    title = factory.Sequence(lambda n: f"Açılış oturumu {n}")
    title_tr = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Opening session {n}")
    starts_at = factory.LazyAttribute(lambda o: at(o.conference, 0, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)

    @factory.post_generation
    def moderators(self, create, extracted, **kwargs):
        if create and extracted:
            self.moderators.set(extracted)


def details(**overrides) -> dict:
    """What a registration form submits, as the service takes it."""
    values = {
        "pillar": pillar("public"),
        "organisation_name": "Göç İdaresi Başkanlığı",
        "country": "TR",
        "nationality": "TR",
        "interpretation_language": "tr",
        "photo_consent": True,
        "arrival_on": date.today() + timedelta(days=119),
        "departure_on": date.today() + timedelta(days=122),
    }
    values.update(overrides)
    return values


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration written directly (no seat counting): for arranging selectors and views."""

    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceFactory)
    type = factory.LazyAttribute(lambda o: RegistrationTypeFactory(conference=o.conference))
    person = factory.SubFactory(PersonFactory)
    pillar = factory.LazyFunction(lambda: pillar("public"))
    organisation_name = "Göç İdaresi Başkanlığı"
    country = "TR"
    nationality = "TR"
    status = Registration.Status.APPROVED
