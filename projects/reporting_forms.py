"""Forms of each project's reports (parse input; the rules are in projects.services.reporting)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magnet import limits
from stakeholders.provinces import province_choices

from .models import ProjectFigure, TargetGroup
from .services.reporting import FigureInput

FIGURE_ROWS = 4  # rows of "people reached" the form offers (empty ones are ignored)


class ProjectReportForm(forms.Form):
    summary_tr = forms.CharField(label=_("Summary of progress (Turkish)"), required=False, max_length=limits.SUMMARY,
                                 widget=forms.Textarea(attrs={"rows": 6, "lang": "tr"}))
    summary_en = forms.CharField(label=_("Summary of progress (English)"), required=False, max_length=limits.SUMMARY,
                                 widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}))
    activities_held = forms.IntegerField(label=_("Activities held"), min_value=0, required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        groups = list(TargetGroup.objects.filter(is_active=True).order_by("order", "pk"))
        group_choices = [("", "---------"), *((str(g.pk), g.name) for g in groups)]
        provinces = [("", _("Nationwide or not by province")), *province_choices()]
        self.rows = []
        for i in range(FIGURE_ROWS):
            self.fields[f"group_{i}"] = forms.ChoiceField(label=_("Target group"), choices=group_choices, required=False)
            self.fields[f"province_{i}"] = forms.ChoiceField(label=_("Province"), choices=provinces, required=False)
            self.fields[f"people_{i}"] = forms.IntegerField(label=_("People reached"), min_value=0, required=False)
            self.rows.append((self[f"group_{i}"], self[f"province_{i}"], self[f"people_{i}"]))
        if not self.is_bound:
            self.initial.update({"summary_tr": report.summary_tr, "summary_en": report.summary_en})
            reached = [f for f in report.figures.all() if f.kind == ProjectFigure.Kind.PEOPLE_REACHED]
            for i, figure in enumerate(reached[:FIGURE_ROWS]):
                self.initial.update({f"group_{i}": str(figure.target_group_id or ""), f"province_{i}": figure.province,
                                     f"people_{i}": figure.value})
            activities = [f for f in report.figures.all() if f.kind == ProjectFigure.Kind.ACTIVITIES_HELD]
            if activities:
                self.initial["activities_held"] = activities[0].value

    def clean(self):
        data = super().clean()
        for i in range(FIGURE_ROWS):
            if data.get(f"people_{i}") is not None and not data.get(f"group_{i}"):
                self.add_error(f"group_{i}", _("Say which target group the people reached belong to."))
        return data

    def figures(self) -> list[FigureInput]:
        data = self.cleaned_data
        result = [FigureInput(kind=ProjectFigure.Kind.PEOPLE_REACHED, value=data[f"people_{i}"],
                              target_group_id=int(data[f"group_{i}"]), province=data[f"province_{i}"] or "")
                  for i in range(FIGURE_ROWS) if data.get(f"people_{i}") is not None and data.get(f"group_{i}")]
        if data.get("activities_held") is not None:
            result.append(FigureInput(kind=ProjectFigure.Kind.ACTIVITIES_HELD, value=data["activities_held"]))
        return result


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=limits.NOTE)


class PlanForm(forms.Form):
    interval_months = forms.IntegerField(label=_("Interim report every (months)"), min_value=1, max_value=24,
                                         initial=6)
