from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from magnet import limits
from magnet.forms import AlphabeticalModelChoiceField, AlphabeticalModelMultipleChoiceField
from magnet.uploads import ContentValidator
from magnet.widgets import StaticChoicesSelect

from .models import ImportJob, Organisation, OrganisationType, Person, Pillar, ThematicArea
from .provinces import province_choices
from .services.imports import MAX_BYTES, check_file

LANGUAGE_CHOICES = [
    ("tr", _("Turkish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ku", _("Kurdish")),
    ("ru", _("Russian")),
    ("fr", _("French")),
    ("de", _("German")),
    ("ps", _("Pashto")),
    ("ur", _("Urdu")),
]


class ProfileForm(forms.ModelForm):
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages you speak"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Person
        fields = ["given_name", "family_name", "position", "phone", "preferred_language", "languages_spoken"]
        help_texts = {
            "given_name": _("Exactly as written in your language, e.g. Çağrı, محمد, Zeynep."),
            "preferred_language": _("E-mails and documents are sent to you in this language."),
        }


class OnboardingForm(ProfileForm):
    notice_acknowledged = forms.BooleanField(
        label=_("I have read the information notice."),
        error_messages={"required": _("Please confirm that you have read the information notice.")},
    )
    directory_consent = forms.BooleanField(label=_("Show me in the directory (optional)."), required=False)
    communications_consent = forms.BooleanField(
        label=_("Send me network communications (optional)."), required=False
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class JoinForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(status=Organisation.Status.APPROVED),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This organisation cannot be joined.")},
    )
    role = forms.CharField(label=_("Your role or position there"), max_length=200, required=False)


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.pillar.name} — {obj.name}"


class ProposeOrganisationForm(forms.Form):
    name_tr = forms.CharField(label=_("Name in Turkish"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=32, required=False)
    type = TypeChoiceField(
        label=_("Pillar and type"), queryset=OrganisationType.objects.select_related("pillar").order_by("pillar__order", "order")
    )
    country = LazyTypedChoiceField(
        label=_("Country"), choices=countries, initial="TR", widget=StaticChoicesSelect(choices_key="countries")
    )
    province = forms.ChoiceField(
        label=_("Province (Türkiye)"), choices=lambda: [("", "—"), *province_choices()], required=False
    )
    city = forms.CharField(label=_("City (outside Türkiye)"), max_length=120, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("E-mail address"), required=False)
    thematic_areas = AlphabeticalModelMultipleChoiceField(
        label=_("Thematic areas"), queryset=ThematicArea.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    description_tr = forms.CharField(label=_("Description in Turkish"), widget=forms.Textarea, max_length=limits.DESCRIPTION, required=False)
    description_en = forms.CharField(label=_("Description in English"), widget=forms.Textarea, max_length=limits.DESCRIPTION, required=False)
    role = forms.CharField(label=_("Your role or position there"), max_length=200, required=False)
    confirmed_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("country") == "TR" and not data.get("province"):
            self.add_error("province", _("Choose the province for an organisation in Türkiye."))
        if data.get("country") and data.get("country") != "TR":
            data["province"] = ""
            if not data.get("city"):
                self.add_error("city", _("Give the city for an organisation outside Türkiye."))
        return data


class OrganisationEditForm(forms.ModelForm):
    thematic_areas = AlphabeticalModelMultipleChoiceField(
        label=_("Thematic areas"), queryset=ThematicArea.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Organisation
        fields = ["description_tr", "description_en", "website", "email", "thematic_areas"]
        labels = {"description_tr": _("Description in Turkish"), "description_en": _("Description in English")}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    pillar = AlphabeticalModelChoiceField(label=_("Pillar"), queryset=Pillar.objects.all(), required=False, empty_label=_("All"))
    # A callable: the list is built per request, in the reader's language and alphabet; the widget
    # keeps its HTML per language.
    country = LazyTypedChoiceField(
        label=_("Country"), choices=lambda: [("", _("All")), *countries], required=False,
        widget=StaticChoicesSelect(choices_key="countries-or-all"),
    )
    thematic_area = AlphabeticalModelChoiceField(
        label=_("Thematic area"), queryset=ThematicArea.objects.all(), required=False, empty_label=_("All")
    )


class StaffFilterForm(DirectoryFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Organisation.Status.choices), required=False
    )


class DecisionForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))])
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(status=Organisation.Status.PENDING), required=False
    )
    memberships = forms.ModelMultipleChoiceField(queryset=None, required=False)
    reason = forms.CharField(label=_("Reason (sent to the person when rejecting)"), widget=forms.Textarea, required=False,
                             max_length=limits.NOTE)

    def __init__(self, *args, **kwargs):
        from .models import Membership

        super().__init__(*args, **kwargs)
        self.fields["memberships"].queryset = Membership.objects.filter(status=Membership.Status.PENDING)

    def clean(self):
        data = super().clean()
        if not data.get("organisations") and not data.get("memberships"):
            raise ValidationError(_("Select at least one organisation or membership."))
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason: it is sent to the person."))
        return data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportJob.Kind.choices)
    file = forms.FileField(label=_("XLSX or CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(".csv"):
            ContentValidator(("xlsx",), max_bytes=MAX_BYTES)(upload)
        upload.seek(0)
        check_file(filename=name, content=upload.read(MAX_BYTES + 1))  # a zip bomb stops here
        upload.seek(0)
        return upload


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Keep this organisation"), queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = organisations
        self.fields["target"].widget = forms.RadioSelect()
        self.fields["target"].label_from_instance = lambda o: f"#{o.pk} {o} — {o.get_status_display()}"


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to the person)"), widget=forms.Textarea, max_length=limits.NOTE)
