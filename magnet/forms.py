"""Input is cleaned at the boundary: every text value a form or an API serializer accepts loses its
control and bidi override characters (magnet.text.clean_input), so nothing stored can break an export
or mislead a reader later.

`install()` (called from MagnetConfig.ready) wraps the one conversion every text field goes through —
Django's forms.CharField.to_python (so EmailField, URLField, SlugField… and the forms of allauth and
the admin too) and DRF's CharField.to_internal_value — instead of asking each of the portal's forms
and serializers to remember a mixin. Multi-line fields (a Textarea; a serializer field of a model
TextField) keep tabs and line breaks; password fields are left exactly as typed."""

from functools import wraps

from django import forms

from .text import clean_input


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
