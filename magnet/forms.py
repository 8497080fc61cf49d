"""Form fields shared by the apps."""

from django import forms
from django.forms.models import ModelChoiceIterator

from .text import sort_key


class AlphabeticalChoiceIterator(ModelChoiceIterator):
    """Choices in the alphabetical order of the reader's language (the empty choice first)."""

    def __iter__(self):
        choices = list(super().__iter__())
        empty = [choice for choice in choices if choice[0] == ""]
        named = [choice for choice in choices if choice[0] != ""]
        return iter(empty + sorted(named, key=lambda choice: sort_key(str(choice[1]))))


class AlphabeticalModelChoiceField(forms.ModelChoiceField):
    iterator = AlphabeticalChoiceIterator


class AlphabeticalModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = AlphabeticalChoiceIterator
