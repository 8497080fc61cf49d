"""Form fields shared by the apps (choices in the reader's alphabetical order), and input cleaned at
the boundary: every text value a form or an API serializer accepts loses its control and bidi
override characters (magnet.text.clean_input), so nothing stored can break an export or mislead a
reader later.

`install()` (called from MagnetConfig.ready) wraps the one conversion every text field goes through —
Django's forms.CharField.to_python (so EmailField, URLField, SlugField… and the forms of allauth and
the admin too) and DRF's CharField.to_internal_value — instead of asking each of the portal's forms
and serializers to remember a mixin. Multi-line fields (a Textarea; a serializer field of a model
TextField) keep tabs and line breaks; password fields are left exactly as typed."""

from functools import wraps

from django import forms
from django.forms.models import ModelChoiceIterator

from .text import clean_input, sort_key


def _form_field_cleans(to_python):
    @wraps(to_python)
    def cleaned(self, value):
        value = to_python(self, value)
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = clean_input(value, multiline=isinstance(self.widget, forms.Textarea))
        return value

    cleaned.cleans_input = True
    return cleaned


def _serializer_field_cleans(to_internal_value):
    @wraps(to_internal_value)
    def cleaned(self, data):
        value = to_internal_value(self, data)
        if isinstance(value, str) and self.style.get("input_type") != "password":
            value = clean_input(value, multiline=self.style.get("base_template") == "textarea.html")
        return value

    cleaned.cleans_input = True
    return cleaned


def install() -> None:
    """Idempotent."""
    from rest_framework import fields

    if not getattr(forms.CharField.to_python, "cleans_input", False):
        forms.CharField.to_python = _form_field_cleans(forms.CharField.to_python)
    if not getattr(fields.CharField.to_internal_value, "cleans_input", False):
        fields.CharField.to_internal_value = _serializer_field_cleans(fields.CharField.to_internal_value)


class AlphabeticalChoiceIterator(ModelChoiceIterator):
    """Choices in the alphabetical order of the reader's language (the empty choice first)."""

    def __iter__(self):
        # As ModelChoiceIterator: the empty choice comes without a query (widgets peek at it).
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        choices = [self.choice(obj) for obj in queryset]
        yield from sorted(choices, key=lambda choice: sort_key(str(choice[1])))


class AlphabeticalModelChoiceField(forms.ModelChoiceField):
    iterator = AlphabeticalChoiceIterator


class AlphabeticalModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = AlphabeticalChoiceIterator
