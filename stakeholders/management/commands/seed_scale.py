"""Build a large, realistic registry for benchmarks: by default 10,000 organisations and 50,000 people
across the four pillars, with Turkish names, memberships and approved/pending statuses. Uses
bulk_create (which skips save()), so the normalised search columns are computed here in Python."""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from stakeholders.models import Membership, Organisation, OrganisationType, Person, ThematicArea
from stakeholders.provinces import PROVINCES

GIVEN = ["Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Özlem", "Gülşen", "İrem", "Şule", "Çiğdem", "Ebru",
         "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "İsmail", "Çağrı", "Uğur", "Oğuz", "Şükrü", "Gökhan", "Barış",
         "Muhammad", "Fatima", "Reza", "Maryam", "Ahmad", "Leila", "Omar", "Nilufar", "Hassan", "Zahra"]
FAMILY = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan",
          "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Işık", "Işıkoğlu", "Güneş",
          "Ağaoğlu", "Al-Hassan", "Rahimi", "Ahmadi", "Karimi", "Haddad", "Hosseini"]
ORG_STEMS = {
    "public": ["İl Göç İdaresi Müdürlüğü", "Valiliği", "Belediyesi", "İl Emniyet Müdürlüğü", "İl Sağlık Müdürlüğü"],
    "civil": ["Göçmen Dayanışma Derneği", "Barosu", "Mülteci Hakları Vakfı", "Kadın Kooperatifi", "Gençlik Derneği"],
    "international": ["Ofisi", "Temsilciliği", "Program Birimi", "Saha Ofisi", "Konsolosluğu"],
    "private_academia": ["Üniversitesi", "Göç Araştırmaları Merkezi", "Lojistik A.Ş.", "Tekstil Ltd. Şti.", "Ticaret Odası"],
}
EN_STEMS = {
    "public": "Provincial public office", "civil": "Civil society organisation",
    "international": "International office", "private_academia": "Company or university",
}
PROVINCE_NAMES = dict(PROVINCES)


class Command(BaseCommand):
    help = "Create a large registry for benchmarks (default 10,000 organisations, 50,000 people)."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=10_000)
        parser.add_argument("--people", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for repeatable data")
        parser.add_argument("--batch-size", type=int, default=2_000)

    @transaction.atomic
    def handle(self, *args, organisations, people, seed, batch_size, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        types = list(OrganisationType.objects.select_related("pillar"))
        areas = list(ThematicArea.objects.all())
        run = Organisation.objects.count()  # keeps names unique when the command runs twice
        provinces = list(PROVINCE_NAMES)

        new_organisations = []
        for i in range(organisations):
            type_ = rng.choice(types)
            province = rng.choice(provinces)
            stem = rng.choice(ORG_STEMS[type_.pillar.code])
            name = f"{PROVINCE_NAMES[province]} {stem} {run + i + 1}"
            organisation = Organisation(
                name=name, name_tr=name, name_en=f"{EN_STEMS[type_.pillar.code]} {PROVINCE_NAMES[province]} {run + i + 1}",
                acronym=f"ORG{run + i + 1}", type=type_, pillar_id=type_.pillar_id, country="TR", province=province,
                status=Organisation.Status.APPROVED if rng.random() < 0.9 else Organisation.Status.PENDING,
            )
            organisation.refresh_search_columns()
            new_organisations.append(organisation)
        created = Organisation.objects.bulk_create(new_organisations, batch_size=batch_size)
        Through = Organisation.thematic_areas.through
        Through.objects.bulk_create(
            [Through(organisation_id=o.pk, thematicarea_id=a.pk) for o in created for a in rng.sample(areas, 2)],
            batch_size=batch_size * 2,
        )
        self.stdout.write(f"{len(created)} organisations in {time.monotonic() - started:.1f}s")

        offset = Person.objects.count()
        new_people = []
        for i in range(people):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            person = Person(
                given_name=given, family_name=family, email=f"person{offset + i + 1}@scale.magnet.local",
                preferred_language=rng.choice(("tr", "tr", "en")), in_directory=rng.random() < 0.6,
            )
            person.refresh_search_columns()
            new_people.append(person)
        created_people = Person.objects.bulk_create(new_people, batch_size=batch_size)
        if created:
            Membership.objects.bulk_create(
                [
                    Membership(
                        person_id=p.pk, organisation_id=rng.choice(created).pk, role="Uzman",
                        is_focal_point=rng.random() < 0.05,
                        status=Membership.Status.APPROVED if rng.random() < 0.95 else Membership.Status.PENDING,
                    )
                    for p in created_people
                ],
                batch_size=batch_size,
            )
        self.stdout.write(self.style.SUCCESS(
            f"{len(created)} organisations and {len(created_people)} people in {time.monotonic() - started:.1f}s"
        ))
