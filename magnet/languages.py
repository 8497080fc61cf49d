"""Working languages of meetings and the conference (interpretation is planned around them)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WORKING_LANGUAGES = [
    ("tr", _("Turkish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ru", _("Russian")),
    ("fr", _("French")),
]


def working_language_labels(codes) -> list[str]:
    """Names in the active language, as plain strings: the `join` filter cannot join lazy strings
    where autoescape is off (plain-text mails) and would print the Python list instead."""
    labels = dict(WORKING_LANGUAGES)
    return [str(labels[code]) for code in codes or [] if code in labels]


def validate_working_languages(codes) -> None:
    if set(codes or []) - dict(WORKING_LANGUAGES).keys():
        raise ValidationError(_("Unknown working language."), code="working_language")
