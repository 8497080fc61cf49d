from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.uploads import ContentValidator
from stakeholders.provinces import province_choices

from .models import (
    ATTACHMENT_KINDS,
    ATTACHMENT_MAX_BYTES,
    NARRATIVE_FIELDS,
    PILLAR_PARTICIPANT_FIELDS,
    FieldReport,
    PeriodicReport,
    ReportingPeriod,
)
from .services.field_reports import EDITABLE_FIELDS, FigureInput


class FieldReportForm(forms.ModelForm):
    """The report's own fields. Texts come in Turkish and English side by side; a draft may lack some."""

    new_attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        validators=[ContentValidator(ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)],
        help_text=_("PDF, PNG or JPEG, up to 10 MB."),
    )
    attachment_caption = forms.CharField(label=_("Caption of the attachment"), max_length=200, required=False)
    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove attachments"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FieldReport
        fields = EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.exclude(kind=ReportingPeriod.Kind.PROJECT).order_by("-starts_on", "pk")
        self.fields["province"].choices = [("", "---------"), *province_choices()]
        for name in ("title", *NARRATIVE_FIELDS):
            for lang, label in (("tr", _("Turkish")), ("en", _("English"))):
                field = self.fields[f"{name}_{lang}"]
                field.required = False
                field.label = f"{capfirst(FieldReport._meta.get_field(name).verbose_name)} ({label})"
        for name in NARRATIVE_FIELDS:
            for lang in ("tr", "en"):
                field = self.fields[f"{name}_{lang}"]
                field.widget = forms.Textarea(attrs={"rows": 6, "lang": lang, "maxlength": field.max_length})
        for lang in ("tr", "en"):
            self.fields[f"title_{lang}"].widget.attrs["lang"] = lang
        attachments = self.instance.attachments.all() if self.instance.pk else []
        self.fields["remove_attachments"].choices = [(str(a.pk), a.original_name) for a in attachments]
        if not attachments:
            del self.fields["remove_attachments"]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("title_tr") or cleaned.get("title_en")):
            self.add_error("title_tr", _("Give the report a title in at least one language."))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}

    def pillar_fields(self):
        return [self[name] for name in PILLAR_PARTICIPANT_FIELDS.values()]

    def narrative_pairs(self):
        return [(FieldReport._meta.get_field(name).verbose_name, self[f"{name}_tr"], self[f"{name}_en"])
                for name in NARRATIVE_FIELDS]


class FigureForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label_tr = forms.CharField(label=_("Label (Turkish)"), max_length=160, required=False)
    label_en = forms.CharField(label=_("Label (English)"), max_length=160, required=False)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, required=False)
    unit_tr = forms.CharField(label=_("Unit (Turkish)"), max_length=40, required=False)
    unit_en = forms.CharField(label=_("Unit (English)"), max_length=40, required=False)
    is_statistic = forms.BooleanField(
        label=_("Official statistic (published only after PMM clears it)"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        has_label = cleaned.get("label_tr") or cleaned.get("label_en")
        if cleaned.get("DELETE"):
            return cleaned
        if has_label and cleaned.get("value") is None:
            self.add_error("value", _("Give the figure a value."))
        if cleaned.get("value") is not None and not has_label:
            self.add_error("label_tr", _("Give the figure a label."))
        return cleaned

    def to_input(self) -> FigureInput | None:
        data = self.cleaned_data
        if data.get("DELETE") or not (data.get("label_tr") or data.get("label_en")):
            return None
        return FigureInput(
            id=data.get("id"),
            label_tr=data["label_tr"],
            label_en=data["label_en"],
            value=data["value"],
            unit_tr=data["unit_tr"],
            unit_en=data["unit_en"],
            is_statistic=data["is_statistic"],
        )


FigureFormSet = forms.formset_factory(FigureForm, extra=2, can_delete=True, max_num=30, validate_max=True)


def figure_initial(report) -> list[dict]:
    if not report or not report.pk:
        return []
    return [
        {"id": f.pk, "label_tr": f.label_tr, "label_en": f.label_en, "value": f.value, "unit_tr": f.unit_tr,
         "unit_en": f.unit_en, "is_statistic": f.is_statistic}
        for f in report.figures.all()
    ]


class ReviewForm(forms.Form):
    ACTIONS = (("comment", _("Comment")), ("request_changes", _("Request changes")), ("approve", _("Approve")))
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=limits.NOTE)


class PeriodicReportForm(forms.ModelForm):
    class Meta:
        model = PeriodicReport
        fields = ("kind", "period", "title_tr", "title_en", "executive_summary_tr", "executive_summary_en")
        widgets = {
            "executive_summary_tr": forms.Textarea(attrs={"rows": 10, "lang": "tr"}),
            "executive_summary_en": forms.Textarea(attrs={"rows": 10, "lang": "en"}),
            "title_tr": forms.TextInput(attrs={"lang": "tr"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.order_by("-starts_on", "pk")
        for name in ("title", "executive_summary"):
            for lang, label in (("tr", _("Turkish")), ("en", _("English"))):
                self.fields[f"{name}_{lang}"].label = f"{capfirst(PeriodicReport._meta.get_field(name).verbose_name)} ({label})"

    def values(self) -> dict:
        return dict(self.cleaned_data)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=limits.NOTE)


class PeriodicReportFilter(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PeriodicReport.Kind.choices])
    period = forms.ModelChoiceField(label=_("Period"), required=False, queryset=ReportingPeriod.objects.order_by("-starts_on"),
                                    empty_label=_("All periods"))


class FieldReportFilter(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All states")), *FieldReport.Status.choices])
    period = forms.ModelChoiceField(label=_("Period"), required=False, queryset=ReportingPeriod.objects.order_by("-starts_on"),
                                    empty_label=_("All periods"))
