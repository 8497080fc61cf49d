"""A conference at benchmark scale (default 5,000 registrations), with a two-day programme of 40
sessions in four rooms, on top of `seed_scale`'s registry. bulk_create, so it takes seconds."""

import random
import time
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from conference.models import Conference, Registration, RegistrationType, Room, Session, WorkshopChoice
from magnet.text import search_key
from stakeholders.models import Membership

SLUG = "scale"


class Command(BaseCommand):
    help = "Add a conference with 5,000 registrations for benchmarks (slug 'scale')."

    def add_arguments(self, parser):
        parser.add_argument("--registrations", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, registrations, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        if Conference.objects.filter(slug=SLUG).exists():
            self.stdout.write("The scale conference exists already.")
            return
        now = timezone.now()
        starts = (now + timedelta(days=120)).date()
        conference = Conference.objects.create(
            slug=SLUG, title_tr="Bölgesel MAGNET Konferansı (ölçek)", title_en="Regional MAGNET Conference (scale)",
            venue_tr="Haliç Kongre Merkezi", venue_en="Haliç Congress Centre", starts_on=starts,
            ends_on=starts + timedelta(days=1), registration_opens_at=now - timedelta(days=30),
            registration_closes_at=now + timedelta(days=90), capacity=registrations + 500,
            working_languages=["tr", "en"], is_published=True,
        )
        types = [
            RegistrationType.objects.create(conference=conference, kind=kind, name_tr=tr, name_en=en,
                                            capacity=registrations + 500, order=order)
            for order, (kind, tr, en) in enumerate((("delegate", "Delege", "Delegate"), ("observer", "Gözlemci", "Observer")))
        ]
        rooms = [Room.objects.create(conference=conference, name_tr=f"Salon {i}", name_en=f"Hall {i}", order=i)
                 for i in range(1, 5)]
        members = list(
            Membership.objects.filter(status=Membership.Status.APPROVED, person__anonymised_at__isnull=True)
            .select_related("person", "organisation").order_by("pk")[: registrations + 200]
        )
        sessions = []
        for day in range(2):
            for slot in range(5):
                at = timezone.make_aware(datetime.combine(starts + timedelta(days=day), datetime.min.time())) + timedelta(
                    hours=9 + slot * 1.5)
                for room in rooms:
                    kind = Session.Kind.WORKSHOP if slot in (2, 3) else Session.Kind.PANEL
                    title = f"Oturum {day + 1}.{slot + 1} — {room.name_tr}"
                    sessions.append(Session(
                        conference=conference, room=room, kind=kind, title_tr=title, title_en=f"Session {day + 1}.{slot + 1}",
                        abstract_tr="Göç yönetiminde çok aktörlü işbirliği. " * 6, abstract_en="Multi-actor cooperation. " * 6,
                        starts_at=at, ends_at=at + timedelta(hours=1, minutes=15),
                        capacity=300 if kind == Session.Kind.WORKSHOP else None,
                    ))
        sessions = Session.objects.bulk_create(sessions)
        speakers = [m.person for m in members[-200:]]
        Session.speakers.through.objects.bulk_create(
            [Session.speakers.through(session_id=s.pk, person_id=p.pk) for s in sessions for p in rng.sample(speakers, 3)]
        )
        Session.moderators.through.objects.bulk_create(
            [Session.moderators.through(session_id=s.pk, person_id=rng.choice(speakers).pk) for s in sessions]
        )
        statuses = [Registration.Status.APPROVED] * 6 + [Registration.Status.SUBMITTED] * 3 + [Registration.Status.CANCELLED]
        new = []
        for membership in members[:registrations]:
            person, organisation = membership.person, membership.organisation
            registration = Registration(
                conference=conference, type=rng.choice(types), person=person, organisation=organisation,
                pillar_id=organisation.pillar_id, country=organisation.country, nationality=organisation.country,
                status=rng.choice(statuses), interpretation_language=person.preferred_language,
            )
            registration.search_text = search_key(
                f"{person.given_name} {person.family_name} {person.email} {registration.code}")
            new.append(registration)
        created = Registration.objects.bulk_create(new, batch_size=1_000)
        workshops = [s for s in sessions if s.kind == Session.Kind.WORKSHOP]
        WorkshopChoice.objects.bulk_create(
            [WorkshopChoice(registration=r, session=rng.choice(workshops), status=WorkshopChoice.Status.HELD)
             for r in created[: len(workshops) * 250]],
            batch_size=2_000,
        )
        self.stdout.write(self.style.SUCCESS(
            f"{len(created)} registrations and {len(sessions)} sessions in {time.monotonic() - started:.1f}s"
        ))
