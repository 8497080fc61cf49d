"""Length limits of free text, in one place (issue 9: 400 KB in one field made a 92-page edition).

Every multi-line text field is declared with `limited_text(...)`: the model validates the limit
(`full_clean`, so every service refuses more), ModelForms and ModelSerializers take it from the
field, and the Textarea carries `maxlength`, which static/js/portal.js turns into a character
counter. Plain forms and serializers use the same constants. Limits count characters, per language.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

NOTE = 2000  # RSVP notes, reasons told to a person, acknowledgement and review comments
DESCRIPTION = 4000  # organisation, pillar, agenda item, session abstract
SUMMARY = 8000  # meeting summary, conference description, periodic report's executive summary
NARRATIVE = 12000  # each narrative section of a field report (about four printed pages)
MINUTES = 30000  # meeting minutes and outcomes
LEGAL_TEXT = 50000  # the KVKK notice and consent texts staff publish


def limited_text(verbose_name, limit: int, **options) -> models.TextField:
    """A TextField whose limit holds in the model, not only in forms (Django's TextField
    `max_length` alone is only a form hint)."""
    return models.TextField(verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options)
