"""Field reports at benchmark scale (default 2,000 across eight quarters and 40 reporters), with the
narrative lengths real reports have. bulk_create, so it takes seconds."""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from magnet.models import User
from magnet.roles import FIELD_REPORTER, assign_role
from reports.models import FieldReport, ReportingPeriod
from stakeholders.provinces import PROVINCES

TEXT = ("İl göç idaresi ve sivil toplum kuruluşlarıyla yapılan görüşmelerde geçici koruma altındaki kişilerin "
        "uyum ihtiyaçları ve sınır hattındaki köylerde yaşayanların kaygıları ele alındı. ")
NARRATIVE = {
    f"{field}_{language}": TEXT * repeat
    for field, repeat in (("situation_overview", 8), ("stakeholder_engagement", 4), ("needs_and_challenges", 4),
                          ("recommendations", 2))
    for language in ("tr", "en")
}


class Command(BaseCommand):
    help = "Add field reports for benchmarks (default 2,000)."

    def add_arguments(self, parser):
        parser.add_argument("--field-reports", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, field_reports, seed, **options):
        started = time.monotonic()
        rng = random.Random(seed)
        periods = []
        for year in (2025, 2026):
            for quarter in range(4):
                starts = datetime.date(year, quarter * 3 + 1, 1)
                ends = (starts + datetime.timedelta(days=92)).replace(day=1) - datetime.timedelta(days=1)
                name = f"{year} Ç{quarter + 1}"
                period, _created = ReportingPeriod.objects.get_or_create(
                    kind=ReportingPeriod.Kind.QUARTER, starts_on=starts, ends_on=ends,
                    defaults={"name": name, "name_tr": name, "name_en": f"{year} Q{quarter + 1}",
                              "due_on": ends + datetime.timedelta(days=10)},
                )
                periods.append(period)
        reporters = []
        for i in range(40):
            user, created = User.objects.get_or_create(email=f"reporter{i + 1}@scale.magnet.local")
            if created:
                assign_role(user, FIELD_REPORTER)
            reporters.append(user)
        provinces = [code for code, _name in PROVINCES]
        now = timezone.now()
        statuses = [FieldReport.Status.APPROVED] * 6 + [FieldReport.Status.SUBMITTED] * 2 + [FieldReport.Status.DRAFT]
        FieldReport.objects.bulk_create(
            [
                FieldReport(
                    author=rng.choice(reporters), period=rng.choice(periods), province=rng.choice(provinces),
                    title=f"Saha raporu {i + 1}", title_tr=f"Saha raporu {i + 1}", title_en=f"Field report {i + 1}",
                    **NARRATIVE, meetings_held=rng.randint(0, 12), organisations_engaged=rng.randint(0, 30),
                    participants_public=rng.randint(0, 50), participants_civil=rng.randint(0, 50),
                    status=(status := rng.choice(statuses)),
                    submitted_at=now if status != FieldReport.Status.DRAFT else None,
                    approved_at=now if status == FieldReport.Status.APPROVED else None,
                )
                for i in range(field_reports)
            ],
            batch_size=1_000,
        )
        self.stdout.write(self.style.SUCCESS(f"{field_reports} field reports in {time.monotonic() - started:.1f}s"))
