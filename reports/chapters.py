"""What the "Network" and "Participant feedback" chapters need in one language: the snapshot's figures
with names in that language and their charts (SVG from reports.charts). The network page uses the
same functions, so the page, the PDF and the API show one computation (reports.network)."""

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .charts import bar_chart_svg, stacked_bar_chart_svg
from .network import localise


def _safe(svg: str):
    return mark_safe(svg)  # noqa: S308 — built by reports.charts, every text escaped


def network_part(network: dict | None, language: str) -> dict | None:
    if not network:
        return None
    with translation.override(language):
        figures = localise(network, language)
        pillars = figures["pillars"]
        charts = {}
        if figures["events"]:
            charts["events"] = _safe(stacked_bar_chart_svg(
                title=_("Participation by pillar per event"),
                categories=[e["title"] for e in figures["events"]],
                series=[(p["name"], [e["by_pillar"].get(p["code"], 0) for e in figures["events"]]) for p in pillars],
            ))
        if figures["over_time"]:
            charts["over_time"] = _safe(stacked_bar_chart_svg(
                title=_("Participation by pillar over time"),
                categories=[m["month"] for m in figures["over_time"]],
                series=[(p["name"], [m["by_pillar"].get(p["code"], 0) for m in figures["over_time"]]) for p in pillars],
            ))
        people, organisations = figures["participants"], figures["organisations"]
        if people["total"] or organisations["total"]:
            charts["returning"] = _safe(bar_chart_svg(
                title=_("New and returning participants"),
                categories=[_("People"), _("Organisations")],
                series=[(_("New"), [people["new"], organisations["new"]]),
                        (_("Returning"), [people["returning"], organisations["returning"]])],
            ))
        if figures["first_met"]["organisations"]:
            charts["first_met"] = _safe(bar_chart_svg(
                title=_("Organisations that met another pillar for the first time"),
                categories=[row["pillar_name"] for row in figures["first_met"]["rows"]],
                series=[(_("Organisations"), [row["organisations"] for row in figures["first_met"]["rows"]])],
            ))
    return {**figures, "charts": charts}


def feedback_part(feedback: dict | None, language: str) -> dict | None:
    if not feedback:
        return None
    with translation.override(language):
        events = [{**e, "title": e[f"title_{language}"]} for e in feedback.get("events", [])]
        pillars = [{**p, "name": p[f"name_{language}"]} for p in feedback.get("by_pillar", [])]
        charts = {}
        shown = [p for p in pillars if p["shown"] and p["mean_rating"] is not None]
        if shown:
            charts["by_pillar"] = _safe(bar_chart_svg(
                title=_("Mean rating by pillar (1–5)"),
                categories=[p["name"] for p in shown],
                series=[(_("Mean rating"), [p["mean_rating"] for p in shown])],
            ))
    return {**feedback, "events": events, "by_pillar": pillars, "charts": charts}
