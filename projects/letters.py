"""The opinion letter: PMM's opinion on a proposal as a PDF in both languages (Turkish first), made
with magnet.pdf (PDF/A, embedded fonts, nothing fetched) and stored by reports.documents."""

from django.utils import translation

from magnet.pdf import RenderedPdf, render_pdf

TEMPLATE = "pdf/projects/opinion_letter.html"


def letter_context(letter) -> dict:
    opinion = letter.opinion
    project = opinion.project
    return {
        "letter": letter,
        "opinion": opinion,
        "project": project,
        "provinces": [row.get_province_display() for row in project.province_rows.order_by("province")],
        "thematic_areas": list(project.thematic_areas.all()),
        "target_groups": list(project.target_groups.all()),
        "implementing": list(project.implementing_organisations.order_by("name")),
        "languages": ["tr", "en"],
    }


def render_opinion_letter_pdf(letter) -> RenderedPdf:
    from projects.models import OpinionLetter

    letter = OpinionLetter.objects.select_related("opinion__project__organisation", "opinion__given_by").get(pk=letter.pk)
    with translation.override("tr"):
        return render_pdf(TEMPLATE, letter_context(letter))
