from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.forms import AlphabeticalChoiceIterator
from magnet.widgets import StaticChoicesSelect
from stakeholders.models import Pillar

from . import selectors
from .models import Registration, Session
from .services.registration import DETAIL_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RegistrationForm(forms.ModelForm):
    """What the registration type needs, prefilled from the registry. Saving goes through
    conference.services.registration, never through this form."""

    workshops = forms.MultipleChoiceField(
        label=_("Workshops"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A full workshop puts you on its waiting list."),
    )

    class Meta:
        model = Registration
        fields = DETAIL_FIELDS
        widgets = {
            **{field: StaticChoicesSelect(choices_key=f"registration-{field}") for field in ("country", "nationality", "passport_country")},
            "arrival_on": DateInput(),
            "departure_on": DateInput(),
            "passport_expires_on": DateInput(),
            "date_of_birth": DateInput(),
        }

    def __init__(self, *args, conference, registration_type, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.registration_type = registration_type
        organisations = selectors.organisations_for_person(person)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].help_text = _("Your organisations in the registry.")
        if not organisations.exists():
            del self.fields["organisation"]
            self.fields["organisation_name"].required = True
            self.fields["organisation_name"].label = _("Organisation")
        self.fields["pillar"].iterator = AlphabeticalChoiceIterator  # before the queryset, which builds the choices
        self.fields["pillar"].queryset = Pillar.objects.order_by("order")
        self.fields["pillar"].required = False
        self.fields["pillar"].help_text = _("Taken from the organisation when it is in the registry.")
        if registration_type.asks_workshops:
            held = {w.pk: w for w in selectors.workshops(conference=conference)}
            self.fields["workshops"].choices = [
                (pk, _workshop_label(w)) for pk, w in held.items()
            ]
            if not held:
                del self.fields["workshops"]
        else:
            del self.fields["workshops"]
        if not registration_type.asks_hotel:
            del self.fields["needs_hotel"]
        for name in Registration.PASSPORT_FIELDS:
            self.fields[name].widget.attrs["data-visa-field"] = "1"
        # The browser's date picker offers only what validate_details accepts.
        self.fields["date_of_birth"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["passport_expires_on"].widget.attrs["min"] = conference.ends_on.isoformat()
        if self.instance.pk and "workshops" in self.fields and not self.is_bound:
            self.initial["workshops"] = [str(c.session_id) for c in self.instance.workshop_choices.all()]

    def _post_clean(self):
        # The service validates the whole registration (validate_details, with its conference, type
        # and person); here only the fields themselves are checked.
        pass

    def details(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in DETAIL_FIELDS}

    def workshop_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("workshops") or ()]


def _workshop_label(session) -> str:
    from django.utils.formats import date_format

    when = date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
    if session.capacity is not None and session.held >= session.capacity:
        return _("%(title)s — %(when)s (full: waiting list)") % {"title": session.title, "when": when}
    return f"{session.title} — {when}"


class DecisionForm(forms.Form):
    registrations = forms.ModelMultipleChoiceField(queryset=Registration.objects.none(), widget=forms.MultipleHiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    reason = forms.CharField(label=_("Reason (told to the participant)"), required=False, max_length=limits.NOTE,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for declining."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class CheckInForm(forms.Form):
    token = forms.CharField(label=_("Badge code"), required=False, max_length=200)
    registration = forms.IntegerField(required=False, widget=forms.HiddenInput)
    session = forms.ModelChoiceField(
        label=_("Where"), queryset=Session.objects.none(), required=False, empty_label=_("Conference entrance")
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(conference=conference).exclude(
            kind=Session.Kind.BREAK
        ).order_by("starts_at")

    def clean(self):
        data = super().clean()
        if not data.get("token") and not data.get("registration"):
            raise forms.ValidationError(_("Scan a badge or search for a name."))
        return data


class BadgeBatchForm(forms.Form):
    registration_type = forms.ModelChoiceField(
        label=_("Registration type"), queryset=None, required=False, empty_label=_("All types")
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration_type"].queryset = selectors.registration_types(conference=conference)
