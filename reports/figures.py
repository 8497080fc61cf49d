"""Every read the reports app makes from the other apps, in one place.

`compile_figures(period)` calls the registry, meetings and conference selectors once per language
and adds the totals of the approved field reports; the result is a JSON snapshot that is frozen
into the periodic report when staff compile or refresh it, so every PDF edition made from it is
reproducible and a later change in the registry does not alter a report already sent."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Sum
from django.utils import timezone, translation

from stakeholders.models import Pillar

from .models import PILLAR_PARTICIPANT_FIELDS, FieldReport
from .network import network_figures

LANGUAGES = ("tr", "en")
SNAPSHOT_VERSION = 1


def compile_figures(*, period) -> dict:
    """The figures of a reporting period as a JSON-ready dict:
    {"version", "compiled_at", "period": {"start", "end"},
     "tr": {"registry", "meetings", "conference", "commitments"}, "en": {...},   (names in that language)
     "pillars": [{"code", "name_tr", "name_en"}],
     "field": {"reports", "meetings_held", "organisations_engaged", "participants": {code: n}},
     "network": reports.network.network_figures, "feedback": feedback.selectors.feedback_figures}"""
    # Imported here so that the reports app loads even while another app is being migrated.
    from conference.selectors import conference_figures
    from feedback.selectors import feedback_figures
    from meetings.commitments import commitment_figures
    from meetings.selectors import meeting_figures
    from stakeholders.selectors import registry_growth

    start, end = period.starts_on, period.ends_on
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "compiled_at": timezone.now(),
        "period": {"start": start, "end": end},
        "pillars": [
            {"code": p.code, "name_tr": p.name_tr, "name_en": p.name_en} for p in Pillar.objects.order_by("order", "pk")
        ],
        "field": field_report_totals(period=period),
        # Language-neutral (names in both languages), computed once: the chapters and the network
        # page read the same selectors.
        "network": network_figures(start=start, end=end),
        "feedback": feedback_figures(start=start, end=end),
    }
    for language in LANGUAGES:
        with translation.override(language):
            snapshot[language] = {
                "registry": registry_growth(start=start, end=end),
                "meetings": meeting_figures(start=start, end=end),
                "conference": conference_figures(start=start, end=end),
                "commitments": commitment_figures(start=start, end=end),
            }
    # Dates and datetimes become ISO strings: the snapshot is stored as JSON.
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def field_report_totals(*, period) -> dict:
    """Key figures summed over the approved field reports of the period."""
    sums = {"meetings_held": Sum("meetings_held"), "organisations_engaged": Sum("organisations_engaged")}
    sums.update({code: Sum(column) for code, column in PILLAR_PARTICIPANT_FIELDS.items()})
    totals = FieldReport.objects.filter(period=period, status=FieldReport.Status.APPROVED).aggregate(
        reports=Count("pk"), **sums
    )
    return {
        "reports": totals["reports"],
        "meetings_held": totals["meetings_held"] or 0,
        "organisations_engaged": totals["organisations_engaged"] or 0,
        "participants": {code: totals[code] or 0 for code in PILLAR_PARTICIPANT_FIELDS},
    }
