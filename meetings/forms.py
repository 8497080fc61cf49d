import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from magnet import limits
from magnet.filters import parse_id
from magnet.forms import AlphabeticalModelMultipleChoiceField
from magnet.languages import WORKING_LANGUAGES
from magnet.text import reader_order, search_key
from stakeholders.models import Organisation, Person, Pillar, ThematicArea
from stakeholders.provinces import province_choices

from . import selectors
from .models import ActionItem, Invitation, Meeting, Printout


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Invitation.Response.ACCEPTED, _("I will attend")),
            (Invitation.Response.TENTATIVE, _("Maybe (tentative)")),
            (Invitation.Response.DECLINED, _("I cannot attend")),
        ],
        widget=forms.RadioSelect,
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=255, required=False)
    accessibility_needs = forms.CharField(label=_("Accessibility needs"), max_length=255, required=False)
    note = forms.CharField(label=_("Note to the organisers"), max_length=limits.NOTE, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def for_invitation(cls, invitation, data=None):
        initial = {}
        if invitation is not None:
            response = invitation.response
            if response == Invitation.Response.WAITING:
                response = Invitation.Response.ACCEPTED
            initial = {
                "response": response if response != Invitation.Response.NONE else None,
                "dietary_needs": invitation.dietary_needs,
                "accessibility_needs": invitation.accessibility_needs,
                "note": invitation.note,
            }
        return cls(data=data, initial=initial)


class InviteeChoiceField(forms.ModelMultipleChoiceField):
    """Staff pick people by name, organisation and e-mail (names alone repeat)."""

    def label_from_instance(self, obj):
        return selectors.invitee_label(obj)


class InviteForm(forms.Form):
    """Pillars and thematic areas are ticked; organisations and people are found by a search first
    (the registry may hold thousands), and what was ticked stays ticked across searches."""

    MATCHES = 50

    pillars = AlphabeticalModelMultipleChoiceField(
        label=_("Pillars"), queryset=Pillar.objects.order_by("order"), required=False, widget=forms.CheckboxSelectMultiple
    )
    thematic_areas = AlphabeticalModelMultipleChoiceField(
        label=_("Thematic areas"), queryset=ThematicArea.objects.order_by("order"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    find = forms.CharField(
        label=_("Find organisations and people"), max_length=100, required=False,
        help_text=_("Name, acronym or e-mail; Turkish letters optional."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=Organisation.objects.none(), required=False,
        help_text=_("All their approved members are invited."), widget=forms.CheckboxSelectMultiple,
    )
    people = InviteeChoiceField(
        label=_("Individual people"), queryset=Person.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.data if self.is_bound else None
        key = search_key(source.get("find", "")) if source else ""
        self.fields["organisations"].queryset = self._choices(
            Organisation.objects.filter(status=Organisation.Status.APPROVED), "organisations", key
        )
        self.fields["people"].queryset = selectors.with_current_organisations(
            self._choices(Person.objects.filter(anonymised_at__isnull=True).exclude(email=""), "people", key)
        )

    def _choices(self, queryset, name: str, key: str):
        """What was ticked, plus up to MATCHES search matches."""
        ticked = [parse_id(pk) for pk in (self.data.getlist(name) if self.is_bound else [])]
        ticked = [pk for pk in ticked if pk is not None]
        wanted = Q(pk__in=ticked)
        if key:
            wanted |= Q(pk__in=queryset.filter(search_text__contains=key).order_by(reader_order(), "pk").values("pk")[: self.MATCHES])
        return queryset.filter(wanted).order_by(reader_order(), "pk")

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("pillars", "thematic_areas", "organisations", "people")):
            raise forms.ValidationError(_("Choose at least one pillar, thematic area, organisation or person."))
        return data


class WalkInSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a person in the registry"), max_length=100, required=False)


class NewWalkInForm(forms.Form):
    """Someone at the door who is not in the registry yet."""

    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def with_defaults(cls, data):
        today = timezone.localdate()
        defaults = {"start": datetime.date(today.year, 1, 1).isoformat(), "end": datetime.date(today.year, 12, 31).isoformat()}
        return cls(data={**defaults, **{k: v for k, v in data.items() if v}})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period must not be before its start."))
        return data


class PrintoutForm(forms.Form):
    kind = forms.ChoiceField(choices=Printout.Kind.choices)
    language = forms.ChoiceField(choices=[("tr", "Türkçe"), ("en", "English")])


class MeetingAdminForm(forms.ModelForm):
    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=WORKING_LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = [
            "title", "summary", "kind", "pillars", "thematic_areas", "starts_at", "ends_at", "venue_name",
            "venue_address", "province", "city", "online_url", "visibility", "capacity", "rsvp_deadline",
            "reminder_days", "working_languages", "interpretation", "minutes", "outcomes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "---------"), *province_choices()]


# --- Commitments ---------------------------------------------------------------------------------


class CommitmentUpdateForm(forms.Form):
    """The owner's update: a status and a progress note (checked by commitments.update_commitment)."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Progress note"), required=False, max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What has been done, what is next. Required when you drop a commitment."),
    )

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses is not None:  # only what this user may choose (commitments.allowed_statuses)
            self.fields["status"].choices = [c for c in ActionItem.Status.choices if c[0] in statuses]


class CommitmentFilterForm(forms.Form):
    """The staff list's filters; a bad value is ignored (the list shows unfiltered)."""

    STATUS_CHOICES = [("", _("Open or in progress")), *ActionItem.Status.choices, ("all", _("All"))]

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    pillar = forms.ModelChoiceField(label=_("Pillar"), queryset=Pillar.objects.order_by("order", "pk"), required=False,
                                    empty_label=_("All pillars"))
    meeting = forms.TypedChoiceField(label=_("Meeting"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.filter(action_items__isnull=False).distinct().order_by("-starts_at", "pk")
        self.fields["meeting"].choices = [("", _("All meetings"))] + [
            (m.pk, f"{timezone.localtime(m.starts_at):%d.%m.%Y} — {m.title}") for m in meetings[:300]
        ]

    def filters(self):
        from .commitments import StaffFilter

        if not self.is_valid():
            return StaffFilter()
        data = self.cleaned_data
        return StaffFilter(pillar=data["pillar"].pk if data["pillar"] else None, meeting=data["meeting"],
                           overdue=data["overdue"], status=data["status"])
