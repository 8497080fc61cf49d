"""Forms of the proposal pages. They parse input only: every rule (what a draft keeps, what a
submission needs, who may act) is in projects.services.proposals."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.forms import AlphabeticalModelMultipleChoiceField
from stakeholders.models import Organisation, ThematicArea
from stakeholders.provinces import province_choices

from .models import Currency, Opinion, TargetGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, limit, rows=4):
    return forms.CharField(label=label, required=False, max_length=limit,
                           widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}))


class ProposalForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Submitting organisation"), queryset=Organisation.objects.none(),
                                          required=False)
    title_tr = forms.CharField(label=_("Title (Turkish)"), max_length=255, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=255, required=False)
    summary_tr = _text(_("Summary (Turkish)"), limits.DESCRIPTION, 6)
    summary_en = _text(_("Summary (English)"), limits.DESCRIPTION, 6)
    planned_activities_tr = _text(_("Planned activities (Turkish)"), limits.DESCRIPTION)
    planned_activities_en = _text(_("Planned activities (English)"), limits.DESCRIPTION)
    expected_results_tr = _text(_("Expected results (Turkish)"), limits.DESCRIPTION)
    expected_results_en = _text(_("Expected results (English)"), limits.DESCRIPTION)
    implementing_organisations = AlphabeticalModelMultipleChoiceField(
        label=_("Implementing organisations"), required=False,
        queryset=Organisation.objects.filter(status=Organisation.Status.APPROVED),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    partner_organisations = AlphabeticalModelMultipleChoiceField(
        label=_("Partner organisations"), required=False,
        queryset=Organisation.objects.filter(status=Organisation.Status.APPROVED),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    donors = forms.CharField(label=_("Donors"), max_length=500, required=False,
                             help_text=_("Separate several donors with commas."))
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.EUR, required=False)
    budget = forms.DecimalField(label=_("Budget"), required=False, min_value=0, max_digits=14, decimal_places=2)
    starts_on = forms.DateField(label=_("Planned start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Planned end"), required=False, widget=DATE)
    nationwide = forms.BooleanField(label=_("Nationwide (all 81 provinces)"), required=False)
    provinces = forms.MultipleChoiceField(label=_("Provinces"), required=False, choices=(),
                                          widget=forms.CheckboxSelectMultiple)
    thematic_areas = forms.ModelMultipleChoiceField(label=_("Thematic areas"), required=False,
                                                    queryset=ThematicArea.objects.all(),
                                                    widget=forms.CheckboxSelectMultiple)
    target_groups = forms.ModelMultipleChoiceField(label=_("Target groups"), required=False,
                                                   queryset=TargetGroup.objects.filter(is_active=True),
                                                   widget=forms.CheckboxSelectMultiple)

    PAIRS = (
        ("title", _("Title")),
        ("summary", _("Summary")),
        ("planned_activities", _("Planned activities")),
        ("expected_results", _("Expected results")),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinces"].choices = province_choices()
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None

    def pairs(self):
        return [(label, self[f"{name}_tr"], self[f"{name}_en"]) for name, label in self.PAIRS]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        for field in ("implementing_organisations", "partner_organisations", "thematic_areas", "target_groups"):
            data[field] = [obj.pk for obj in data.get(field) or ()]
        return data


def initial_from(project) -> dict:
    initial = {field: getattr(project, field) for field in (
        "title_tr", "title_en", "summary_tr", "summary_en", "planned_activities_tr", "planned_activities_en",
        "expected_results_tr", "expected_results_en", "donors", "currency", "budget", "starts_on", "ends_on",
        "nationwide",
    )}
    initial["provinces"] = list(project.province_rows.values_list("province", flat=True))
    for field in ("implementing_organisations", "partner_organisations", "thematic_areas", "target_groups"):
        initial[field] = list(getattr(project, field).values_list("pk", flat=True))
    return initial


class OpinionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Opinion"), choices=Opinion.Kind.choices, widget=forms.RadioSelect)
    reasons_tr = _text(_("Reasons (Turkish)"), limits.NOTE)
    reasons_en = _text(_("Reasons (English)"), limits.NOTE)
    conditions_tr = _text(_("Conditions (Turkish)"), limits.NOTE, 3)
    conditions_en = _text(_("Conditions (English)"), limits.NOTE, 3)


class MessageForm(forms.Form):
    body = _text(_("Message"), limits.NOTE)


class OverlapNoteForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    explanation = _text(_("How your proposal differs"), limits.NOTE, 3)


class ProvinceNeedForm(forms.Form):
    province = forms.ChoiceField(label=_("Province"), choices=())
    target_group = forms.ModelChoiceField(label=_("Target group"), queryset=TargetGroup.objects.filter(is_active=True))
    number = forms.IntegerField(label=_("Number of persons"), min_value=0)
    as_of = forms.DateField(label=_("As of"), widget=DATE)
    source = forms.CharField(label=_("Source"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
