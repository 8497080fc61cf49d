"""Benchmark: the overlap check of project proposals against thousands of projects.

Run from the repository root, after `manage.py seed_scale_projects` (5,000 projects by default):

    DEBUG=1 .venv/bin/python benchmarks/project_overlap.py [--runs 20]

It takes several existing projects as proposals (one province, several provinces, nationwide, a
title only as typed in the form) and runs `projects.overlaps.find_overlaps` — the selector the form's
live check, the submission and PMM's page all use — printing p50/p95 time, the number of queries and
how many overlaps were found, then EXPLAIN ANALYZE of the trigram lookup. Target: under 300 ms with
a fixed number of queries. A measurement, not a test: it never fails a build.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magnet.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from magnet.text import search_key  # noqa: E402
from projects import overlaps  # noqa: E402
from projects.models import Project  # noqa: E402


def _cases():
    base = Project.objects.filter(state__in=Project.VISIBLE_FOR_OVERLAP)
    cases = []
    single = next(p for p in base.filter(nationwide=False).order_by("pk")[:200] if p.province_rows.count() == 1)
    several = next(p for p in base.filter(nationwide=False).order_by("-pk")[:200] if p.province_rows.count() >= 3)
    wide = base.filter(nationwide=True).order_by("pk").first()
    cases.append(("one province", overlaps.criteria_for(single)))
    cases.append(("three or more provinces", overlaps.criteria_for(several)))
    if wide:
        cases.append(("nationwide", overlaps.criteria_for(wide)))
    cases.append(("title typed in the form", overlaps.Criteria(
        title_key=search_key("Gaziantep'te göçmen işçilerin işgücü piyasasına uyumu"))))
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    total = Project.objects.count()
    print(f"{total} projects, {connection.vendor}")
    all_times = []
    for name, criteria in _cases():
        overlaps.find_overlaps(criteria)  # warm the connection and the caches
        times, queries, found = [], 0, 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                found = len(overlaps.find_overlaps(criteria))
                times.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
        times.sort()
        all_times += times
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{name:28} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
              f"{queries} queries  {found} overlaps listed")
    all_times.sort()
    print(f"{'all cases':28} p50 {statistics.median(all_times):6.1f} ms  "
          f"p95 {all_times[max(0, int(len(all_times) * 0.95) - 1)]:6.1f} ms  (target: under 300 ms)")
    if connection.vendor == "postgresql":
        from django.db import transaction

        key = search_key("Gaziantep'te göçmen işçilerin işgücü piyasasına uyumu")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # as projects.overlaps._text_ids does
            cursor.execute("EXPLAIN ANALYZE SELECT id, state FROM projects_project WHERE title_key %% %s "
                           "ORDER BY similarity(title_key, %s) DESC, id DESC LIMIT 200", [key, key])
            print("\nEXPLAIN ANALYZE (the title lookup of projects.overlaps._text_ids):")
            for (line,) in cursor.fetchall():
                print("  " + line)

if __name__ == "__main__":
    main()
