"""Meetings at benchmark scale, on top of `seed_scale`'s registry: by default 500 meetings (past and
upcoming, most published) and 20,000 invitations with answers. bulk_create, so it takes seconds."""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from meetings.models import Invitation, Meeting
from stakeholders.models import Person, Pillar
from stakeholders.provinces import PROVINCES

TOPICS = ["Düzensiz göçle mücadele", "Geçici koruma ve uyum", "Sınır yönetimi", "Göçmen kaçakçılığı",
          "Mülteci hakları", "İşgücü piyasasına erişim", "Geri kabul ve geri dönüş", "Çocuk koruma"]


class Command(BaseCommand):
    help = "Add meetings and invitations for benchmarks (default 500 meetings, 20,000 invitations)."

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=500)
        parser.add_argument("--invitations", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, meetings, invitations, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        now = timezone.now()
        pillars = list(Pillar.objects.all())
        provinces = [code for code, _name in PROVINCES]
        new = []
        for i in range(meetings):
            starts = now + timedelta(days=rng.randint(-540, 180), hours=rng.randint(0, 8))
            title = f"{rng.choice(TOPICS)} toplantısı {i + 1}"
            new.append(Meeting(
                title=title, title_tr=title, title_en=f"Meeting on migration {i + 1}",
                kind=rng.choice(Meeting.Kind.values), starts_at=starts, ends_at=starts + timedelta(hours=3),
                venue_name="Valilik toplantı salonu", province=rng.choice(provinces), working_languages=["tr", "en"],
                capacity=rng.choice((None, 30, 60)),
                visibility=Meeting.Visibility.PILLAR_MEMBERS if rng.random() < 0.3 else Meeting.Visibility.INVITATION_ONLY,
                status=Meeting.Status.PUBLISHED if rng.random() < 0.85 else rng.choice((Meeting.Status.DRAFT, Meeting.Status.CANCELLED)),
            ))
        created = Meeting.objects.bulk_create(new, batch_size=1_000)
        Through = Meeting.pillars.through
        Through.objects.bulk_create(
            [Through(meeting_id=m.pk, pillar_id=p.pk) for m in created for p in rng.sample(pillars, rng.randint(1, 4))]
        )
        people = list(Person.objects.filter(anonymised_at__isnull=True).values_list("pk", flat=True)[:50_000])
        pairs = set()
        per_meeting = max(1, invitations // max(1, len(created)))
        for meeting in created:
            for person_id in rng.sample(people, min(per_meeting, len(people))):
                pairs.add((meeting.pk, person_id))
        responses = [Invitation.Response.ACCEPTED] * 4 + [Invitation.Response.DECLINED, Invitation.Response.NONE,
                                                          Invitation.Response.TENTATIVE]
        Invitation.objects.bulk_create(
            [Invitation(meeting_id=m, person_id=p, sent_at=now, response=rng.choice(responses)) for m, p in pairs],
            batch_size=2_000,
        )
        self.stdout.write(self.style.SUCCESS(
            f"{len(created)} meetings and {len(pairs)} invitations in {time.monotonic() - started:.1f}s"
        ))
