"""Form fields shared by the apps."""

from django import forms
from django.forms.models import ModelChoiceIterator

from .text import sort_key


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
