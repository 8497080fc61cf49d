"""The agenda builder's forms: one small form per row (prefix "row-N"), plus the new-person and
template fields. They only check the shape of the input; the rules live in meetings.agenda."""

import datetime
import re

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from magnet import limits

from .agenda import Row
from .models import AgendaItem

TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
ROW_FIELDS = (
    "id", "position", "day", "start", "duration", "kind", "title_tr", "title_en",
    "description_tr", "description_en", "speaker_query", "moderator_query", "delete",
)
LIST_FIELDS = ("speakers", "moderators")
MAX_ROWS = 200


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [int(v) for v in (value or []) if str(v).isdigit() and len(str(v)) < 19]


class AgendaRowForm(forms.Form):
    id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput(attrs={"data-role": "id"}))
    position = forms.IntegerField(required=False, widget=forms.HiddenInput(attrs={"data-role": "position"}))
    day = forms.ChoiceField(label=_("Day"))
    start = forms.CharField(
        label=_("Start"), max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": r"([01]?\d|2[0-3])[:.][0-5]\d", "size": 5,
                                      "placeholder": "09:30", "autocomplete": "off", "data-role": "start"}),
    )
    duration = forms.IntegerField(
        label=pgettext_lazy("duration", "Minutes"), min_value=1, max_value=24 * 60,
        widget=forms.NumberInput(attrs={"min": 1, "max": 1440, "step": 5, "data-role": "duration", "class": "ab-duration"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices, widget=forms.Select(attrs={"data-role": "kind"}))
    title_tr = forms.CharField(label=_("Title (TR)"), max_length=255, required=False,
                               widget=forms.TextInput(attrs={"lang": "tr", "data-role": "title_tr"}))
    title_en = forms.CharField(label=_("Title (EN)"), max_length=255, required=False,
                               widget=forms.TextInput(attrs={"lang": "en", "data-role": "title_en"}))
    description_tr = forms.CharField(
        label=_("Description (TR)"), max_length=limits.DESCRIPTION, required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "tr", "data-role": "description_tr"}),
    )
    description_en = forms.CharField(
        label=_("Description (EN)"), max_length=limits.DESCRIPTION, required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en", "data-role": "description_en"}),
    )
    speakers = IdListField(required=False)
    moderators = IdListField(required=False)
    speaker_query = forms.CharField(
        label=_("Add a speaker"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-role": "query", "data-list": "speakers",
                                      "placeholder": _("Name or e-mail")}),
    )
    moderator_query = forms.CharField(
        label=_("Add a moderator"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-role": "query", "data-list": "moderators",
                                      "placeholder": _("Name or e-mail")}),
    )
    delete = forms.BooleanField(label=_("Remove"), required=False, widget=forms.CheckboxInput(attrs={"data-role": "delete"}))

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), d) for d in days]
        if len(days) <= 1:
            self.fields["day"].widget = forms.HiddenInput()
        self.fields["day"].widget.attrs["data-role"] = "day"

    def clean_start(self):
        match = TIME.match(self.cleaned_data["start"] or "")
        if not match:
            raise forms.ValidationError(_("Give the time as HH:MM, 24-hour (e.g. 09:30)."))
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def to_row(self) -> Row:
        data = self.cleaned_data
        return Row(
            pk=data.get("id"), day=datetime.date.fromisoformat(data["day"]), start=data["start"],
            duration=data["duration"], kind=data["kind"],
            **{name: data.get(name) or "" for name in ("title_tr", "title_en", "description_tr", "description_en")},
            speakers=list(dict.fromkeys(data.get("speakers") or [])),
            moderators=list(dict.fromkeys(data.get("moderators") or [])),
        )


def raw_rows(post) -> list[dict]:
    """The rows as posted (strings), in the order the page put them (its hidden positions)."""
    try:
        count = min(int(post.get("rows", "0")), MAX_ROWS)
    except ValueError:
        count = 0
    rows = []
    for index in range(count):
        prefix = f"row-{index}-"
        if f"{prefix}start" not in post:
            continue
        row = {name: post.get(prefix + name, "") for name in ROW_FIELDS}
        for name in LIST_FIELDS:
            row[name] = [v for v in post.getlist(prefix + name) if v.isdigit() and len(v) < 19]
        rows.append(row)
    rows.sort(key=lambda r: int(r["position"]) if r["position"].lstrip("-").isdigit() else MAX_ROWS)
    return rows


def raw_from_row(row: Row) -> dict:
    return {
        "id": str(row.pk or ""), "position": "", "day": row.day.isoformat(), "start": row.start.strftime("%H:%M"),
        "duration": str(row.duration), "kind": row.kind, "title_tr": row.title_tr, "title_en": row.title_en,
        "description_tr": row.description_tr, "description_en": row.description_en,
        "speakers": [str(p) for p in row.speakers], "moderators": [str(p) for p in row.moderators],
        "speaker_query": "", "moderator_query": "", "delete": "",
    }


def is_blank(raw: dict) -> bool:
    """A row nobody has typed into (the empty row at the end of the table)."""
    texts = ("title_tr", "title_en", "description_tr", "description_en", "speaker_query", "moderator_query")
    return not raw.get("id") and not any((raw.get(n) or "").strip() for n in texts) and not raw.get("speakers") and not raw.get("moderators")


def bind(raw: dict, index: int, days) -> AgendaRowForm:
    prefix = f"row-{index}"
    data = MultiValueDict()
    for name in ROW_FIELDS:
        data[f"{prefix}-{name}"] = raw.get(name, "")
    for name in LIST_FIELDS:
        data.setlist(f"{prefix}-{name}", list(raw.get(name, [])))
    data[f"{prefix}-position"] = str(index)
    return AgendaRowForm(data, prefix=prefix, days=days)


class NewPersonForm(forms.Form):
    new_given_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    new_family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    new_organisation = forms.CharField(
        label=_("Organisation"), max_length=255, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "ab-organisations"}),
        help_text=_("An organisation in the registry; leave empty if none."),
    )
    new_email = forms.EmailField(label=_("E-mail"), required=False)
    new_item = forms.TypedChoiceField(label=_("Speaker of item"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_item"].choices = [("", _("(only add to the registry)"))] + list(items)


class TemplateNameForm(forms.Form):
    template_name_tr = forms.CharField(label=_("Template name (TR)"), max_length=200, required=False)
    template_name_en = forms.CharField(label=_("Template name (EN)"), max_length=200, required=False)
