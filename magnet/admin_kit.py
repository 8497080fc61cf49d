"""The admin's conventions, one place for every ModelAdmin (README, Architecture: "The admin").

Dates and times — for every ModelAdmin and inline, with no change to them: `install()` (called by
`magnet.apps.AdminConfig.ready` before the admin modules are imported) puts these widgets and fields
into Django's FORMFIELD_FOR_DBFIELD_DEFAULTS. A date is typed the Turkish way (20.01.2027), the
English way (20/01/2027) or as ISO (2027-01-20) — the accepted formats are the active language's
DATE_INPUT_FORMATS in magnet/formats/ —, the expected format is shown (placeholder and a hint the
inputs are described by, in the reader's language), a time is HH:MM on the 24-hour clock, the split
date and time inputs each have a label, and a wrong value is refused with the format and an example.

Translated fields — a ModelAdmin or inline whose model has modeltranslation fields derives from
`TranslationAdmin`, `TranslationStackedInline` or `TranslationTabularInline` below (one import line)
instead of modeltranslation's tabbed classes: Turkish and English of one text sit side by side in
one row (the Turkish first), with no tab switch that moves other fields, and new inline rows show
both. The labels say the language ("Başlık (TR)", "Title (EN)"): settings'
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME, so changelists, filters and the API schema say it too.
tests/magnet/test_admin_conventions.py fails for an admin that still uses modeltranslation's classes.
"""

from datetime import date

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.db import models
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext
from modeltranslation import admin as mt_admin

EXAMPLE_DATE = date(2027, 1, 20)
EXAMPLE_TIME = "14:30"


def date_hint() -> str:
    """The format the admin's calendar writes and the inputs show, in the reader's words:
    "gg.aa.yyyy" in Turkish, "dd/mm/yyyy" in English."""
    written = formats.get_format("DATE_INPUT_FORMATS")[0]
    for code, word in (
        ("%d", pgettext("date format hint", "dd")),
        ("%m", pgettext("date format hint", "mm")),
        ("%Y", pgettext("date format hint", "yyyy")),
    ):
        written = written.replace(code, word)
    return written


def time_hint() -> str:
    return pgettext("time format hint", "HH:MM")


def date_example() -> str:
    return EXAMPLE_DATE.strftime(formats.get_format("DATE_INPUT_FORMATS")[0])


def _invalid_date() -> str:
    return gettext("Enter the date as %(format)s, for example %(example)s.") % {
        "format": date_hint(),
        "example": date_example(),
    }


def _invalid_time() -> str:
    return gettext("Enter the time on the 24-hour clock as %(format)s, for example %(example)s.") % {
        "format": time_hint(),
        "example": EXAMPLE_TIME,
    }


invalid_date = lazy(_invalid_date, str)
invalid_time = lazy(_invalid_time, str)


def _described_by(attrs: dict, hint_id: str, helptext_from: str, helptext_to: str) -> str:
    """The hint first, then what Django described the field by (its help text lives under the id of
    the first input for a split field, so the reference is moved there)."""
    ids = [hint_id]
    for ref in (attrs.get("aria-describedby") or "").split():
        ids.append(helptext_to if ref == helptext_from else ref)
    return " ".join(dict.fromkeys(ids))


class DateWidget(admin_widgets.AdminDateWidget):
    """The admin's date input with the calendar, a placeholder and a visible format hint."""

    template_name = "magnet/widgets/date.html"

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        attrs.setdefault("placeholder", date_hint())
        attrs.setdefault("inputmode", "numeric")
        if attrs.get("id"):
            attrs["aria-describedby"] = _described_by(attrs, f"{attrs['id']}_hint", "", "")
        context = super().get_context(name, value, attrs)
        context["hint"] = gettext("Format: %(format)s") % {"format": date_hint()}
        return context


class TimeWidget(admin_widgets.AdminTimeWidget):
    """HH:MM, 24-hour: a stored 09:30:00 shows as 09:30."""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or "%H:%M")

    def get_context(self, name, value, attrs):
        attrs = {"placeholder": time_hint(), "inputmode": "numeric", **(attrs or {})}
        return super().get_context(name, value, attrs)


class _SubDate(admin_widgets.BaseAdminDateWidget):
    def get_context(self, name, value, attrs):
        return super().get_context(name, value, {"placeholder": date_hint(), "inputmode": "numeric", **(attrs or {})})


class _SubTime(admin_widgets.BaseAdminTimeWidget):
    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs, format=format or "%H:%M")

    def get_context(self, name, value, attrs):
        return super().get_context(name, value, {"placeholder": time_hint(), "inputmode": "numeric", **(attrs or {})})


class SplitDateTimeWidget(admin_widgets.AdminSplitDateTime):
    """Date and time inputs, each with its own label ("Tarih", "Saat"), both described by one hint."""

    template_name = "magnet/widgets/split_datetime.html"

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(self, [_SubDate, _SubTime], attrs)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        base_id = attrs.get("id")
        if base_id:
            attrs["aria-describedby"] = _described_by(
                attrs, f"{base_id}_hint", f"{base_id}_helptext", f"{base_id}_0_helptext"
            )
        context = super().get_context(name, value, attrs)
        context["date_label"] = pgettext("date input", "Date")
        context["time_label"] = pgettext("time input", "Time")
        context["hint_id"] = f"{base_id}_hint" if base_id else ""
        context["hint"] = gettext("Date %(date)s, time %(time)s (24-hour clock)") % {
            "date": date_hint(),
            "time": time_hint(),
        }
        return context


class DateField(forms.DateField):
    default_error_messages = {"invalid": invalid_date()}


class SplitDateTimeField(forms.SplitDateTimeField):
    widget = SplitDateTimeWidget
    default_error_messages = {"invalid_date": invalid_date(), "invalid_time": invalid_time()}


class TimeField(forms.TimeField):
    default_error_messages = {"invalid": invalid_time()}


def install() -> None:
    """Every ModelAdmin made after this gets the widgets and fields above (idempotent)."""
    from django.contrib.admin import options

    options.FORMFIELD_FOR_DBFIELD_DEFAULTS.update({
        models.DateTimeField: {"form_class": SplitDateTimeField, "widget": SplitDateTimeWidget},
        models.DateField: {"form_class": DateField, "widget": DateWidget},
        models.TimeField: {"form_class": TimeField, "widget": TimeWidget},
    })


class TranslationFieldsMixin:
    """Puts the language versions of one text on one row (Turkish first), instead of one under the
    other: `get_fieldsets` groups them; the admin's CSS (static/css/admin.css) makes the row two
    equal columns, one under the other on a phone."""

    side_by_side = True

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.side_by_side:
            return fieldsets
        origin = {
            field.name: name for name, fields in self.trans_opts.all_fields.items() for field in fields
        }
        grouped = []
        for name, options in fieldsets:
            options = dict(options)
            options["fields"] = _pair(options.get("fields", ()), origin)
            grouped.append((name, options))
        return grouped


def _pair(fields, origin: dict) -> list:
    lines: list = []
    for field in fields:
        text = origin.get(field) if isinstance(field, str) else None
        previous = lines[-1] if lines else None
        previous_text = origin.get(previous[-1] if isinstance(previous, tuple) else previous) if previous else None
        if text and previous_text == text:
            lines[-1] = (*previous, field) if isinstance(previous, tuple) else (previous, field)
        else:
            lines.append(field)
    return lines


class TranslationAdmin(TranslationFieldsMixin, mt_admin.TranslationAdmin):
    """A ModelAdmin for a model with translated fields."""


# modeltranslation's name, so that moving an admin over changes only its import line; there are no
# tabs here: the languages sit side by side.
TabbedTranslationAdmin = TranslationAdmin


class TranslationStackedInline(TranslationFieldsMixin, mt_admin.TranslationStackedInline):
    pass


class TranslationTabularInline(TranslationFieldsMixin, mt_admin.TranslationTabularInline):
    side_by_side = False  # a table already puts each language in its own column
