"""Projects at benchmark scale (default 5,000) for the overlap check: titles and summaries built from
realistic phrases, 1–4 provinces (some nationwide), 1–3 thematic areas and 1–2 target groups each,
planned dates between 2020 and 2030, states past the draft stage. bulk_create, so it takes seconds."""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from projects.models import Project, ProjectProvince, TargetGroup
from stakeholders.models import Organisation, ThematicArea
from stakeholders.provinces import PROVINCE_NAMES, PROVINCES

SUBJECTS = [
    ("göçmen işçilerin işgücü piyasasına uyumu", "labour market integration of migrant workers"),
    ("geçici koruma altındaki çocuklara eğitim desteği", "education support for children under temporary protection"),
    ("uluslararası koruma başvuru sahiplerine hukuki danışmanlık", "legal counselling for international protection applicants"),
    ("düzensiz göçmenlere psikososyal destek", "psychosocial support for irregular migrants"),
    ("ev sahibi topluluklarla sosyal uyum", "social cohesion with host communities"),
    ("gönüllü geri dönüş ve yeniden entegrasyon", "assisted voluntary return and reintegration"),
    ("sınır yönetiminde kapasite geliştirme", "capacity building in border management"),
    ("insan ticareti mağdurlarının korunması", "protection of victims of human trafficking"),
    ("belediyelerde göç verileri", "migration data in municipalities"),
    ("kadınlara mesleki eğitim ve kreş desteği", "vocational training and childcare for women"),
]
ACTIVITIES = ["eğitim", "danışmanlık", "saha ziyaretleri", "çalıştay", "yayın", "izleme", "koordinasyon toplantıları"]
STATES = [Project.State.SUBMITTED, Project.State.FAVOURABLE, Project.State.FAVOURABLE_WITH_CONDITIONS,
          Project.State.NOT_FAVOURABLE, Project.State.MORE_INFORMATION]


class Command(BaseCommand):
    help = "Add projects for the overlap benchmark (default 5,000)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, projects, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        organisations = list(Organisation.objects.filter(status=Organisation.Status.APPROVED).values_list("pk", flat=True)[:500])
        if not organisations:
            self.stderr.write("No approved organisation: run seed_demo or seed_scale first.")
            return
        areas = list(ThematicArea.objects.values_list("pk", flat=True))
        groups = list(TargetGroup.objects.values_list("pk", flat=True))
        codes = [code for code, _name in PROVINCES]
        now = timezone.now()
        offset = Project.objects.count()
        rows, places = [], []
        for index in range(projects):
            subject_tr, subject_en = rng.choice(SUBJECTS)
            provinces = rng.sample(codes, rng.choice((1, 1, 1, 2, 2, 3, 4)))
            place = PROVINCE_NAMES[provinces[0]]
            starts = datetime.date(rng.randint(2020, 2028), rng.randint(1, 12), 1)
            ends = starts + datetime.timedelta(days=rng.randint(180, 1100))
            activity = ", ".join(rng.sample(ACTIVITIES, 3))
            summary_tr = (f"{place} ve çevresinde {subject_tr}: {activity}. Proje {index + offset} kapsamında "
                          f"yerel kurumlar, sivil toplum ve belediyelerle birlikte çalışılır. ") * rng.randint(1, 3)
            summary_en = (f"{subject_en.capitalize()} in and around {place}: {activity}. Project {index + offset} works "
                          "with local institutions, civil society and municipalities. ") * rng.randint(1, 3)
            project = Project(
                organisation_id=rng.choice(organisations), state=rng.choice(STATES),
                title=f"{place}: {subject_tr} ({index + offset})", title_tr=f"{place}: {subject_tr} ({index + offset})",
                title_en=f"{place}: {subject_en} ({index + offset})", summary=summary_tr, summary_tr=summary_tr,
                summary_en=summary_en, planned_activities_tr=activity, planned_activities_en=activity,
                expected_results_tr="Sonuçlar izlenir.", expected_results_en="Results are monitored.",
                currency=rng.choice(("EUR", "USD", "TRY")), budget=rng.randint(50, 5000) * 1000,
                starts_on=starts, ends_on=ends, nationwide=rng.random() < 0.03, submitted_at=now,
                reference=f"PRJ-SCALE-{index + offset:05d}",
            )
            project.refresh_search_columns()
            rows.append(project)
            places.append(provinces)
        created = Project.objects.bulk_create(rows, batch_size=1000)
        ProjectProvince.objects.bulk_create(
            [ProjectProvince(project=project, province=code)
             for project, provinces in zip(created, places, strict=True) if not project.nationwide for code in provinces],
            batch_size=5000,
        )
        Project.thematic_areas.through.objects.bulk_create(
            [Project.thematic_areas.through(project_id=project.pk, thematicarea_id=area)
             for project in created for area in rng.sample(areas, rng.randint(1, 3))], batch_size=5000,
        )
        Project.target_groups.through.objects.bulk_create(
            [Project.target_groups.through(project_id=project.pk, targetgroup_id=group)
             for project in created for group in rng.sample(groups, rng.randint(1, 2))], batch_size=5000,
        )
        self.stdout.write(f"{len(created)} projects in {time.monotonic() - started:.1f} s "
                          f"({Project.objects.count()} in all).")
