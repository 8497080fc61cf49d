"""Benchmark: library search on `seed_scale_library` data (2,000 documents, 20,000 pages).

Run from the repository root, after `manage.py seed_scale_library`:
    DEBUG=1 DATABASE_URL=postgres://… .venv/bin/python benchmarks/library_search.py [rounds]

For each query (Turkish and English, common and rare words, with accents and without), as ICMPD staff
(every document) and anonymously (public ones): the first page exactly as the library page builds it —
count, the 20 best by rank with their highlighted snippets, pillars and thematic areas — timed over
several rounds; prints p50/p95 per query and overall, and the number of queries each search takes.
Target: under 200 ms with a bounded number of queries. A measurement, not a test.
"""

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

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

QUERIES = [
    "sığınmacı", "siginmacilarin", "göçmen kaçakçılığı", "istanbul", "İSTANBUL geri kabul", "Hakkari sağlık",
    "asylum seekers", "readmission agreements", "temporary protection children", "xyzzy",
]


def first_page(user, q):
    from library import selectors

    page = Paginator(selectors.search_documents(user=user, filters=selectors.Filters(q=q)), 20).get_page(1)
    documents = list(page.object_list)
    selectors.attach_snippets(documents, q)
    for document in documents:
        list(document.pillars.all())
        list(document.thematic_areas.all())
    return page.paginator.count, documents


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    from library.models import Document
    from magnet.models import User
    from magnet.roles import ICMPD_STAFF

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    staff = User.objects.filter(groups__name=ICMPD_STAFF).first() or User.objects.filter(is_superuser=True).first()
    total = Document.objects.count()
    pages = sum(Document.objects.values_list("pages", flat=True).exclude(pages=None))
    print(f"{total} documents, {pages} pages of text; {rounds} rounds; database {connection.vendor}")
    print(f"{'who':<10} {'query':<32} {'found':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    everything = []
    for who, user in (("staff", staff), ("anonymous", AnonymousUser())):
        for q in QUERIES:
            first_page(user, q)  # warm the caches, as a running server has them
            timings = []
            for _ in range(rounds):
                if user is not None and hasattr(user, "_magnet_roles"):
                    del user._magnet_roles
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    found, _documents = first_page(user, q)
                    timings.append((time.perf_counter() - started) * 1000)
            everything.extend(timings)
            print(f"{who:<10} {q:<32} {found:>6} {statistics.median(timings):>8.1f} {percentile(timings, .95):>8.1f} "
                  f"{len(queries):>8}")
    print(f"overall: p50 {statistics.median(everything):.1f} ms, p95 {percentile(everything, .95):.1f} ms, "
          f"max {max(everything):.1f} ms over {len(everything)} searches")


if __name__ == "__main__":
    main()
