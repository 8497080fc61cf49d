"""The answer form: one field per question of the template, in the reader's language. The form only
shapes the input; feedback.services.submit_response checks it (required, scale, options)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from magnet import limits

from .models import Question

RATING_CHOICES = [
    ("1", _("1 – very poor")), ("2", _("2 – poor")), ("3", _("3 – fair")), ("4", _("4 – good")), ("5", _("5 – very good")),
]


class AnswerForm(forms.Form):
    def __init__(self, *args, questions, response=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        initial = _initial(response)
        for question in questions:
            name = f"q{question.pk}"
            label = question.text
            options = [(str(o.pk), o.label) for o in question.options.all()]
            if question.kind == Question.Kind.RATING:
                field = forms.ChoiceField(label=label, choices=RATING_CHOICES, widget=forms.RadioSelect, required=False)
            elif question.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(label=label, choices=options, widget=forms.RadioSelect, required=False)
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(label=label, choices=options, widget=forms.CheckboxSelectMultiple, required=False)
            else:
                field = forms.CharField(label=label, max_length=limits.NOTE, required=False,
                                        widget=forms.Textarea(attrs={"rows": 4}))
            field.question = question
            field.initial = initial.get(question.pk)
            self.fields[name] = field

    def answers(self) -> dict:
        """{question id: value} for feedback.services.submit_response."""
        return {field.question.pk: self.cleaned_data.get(name) for name, field in self.fields.items()}


def _initial(response) -> dict:
    if response is None:
        return {}
    values = {}
    for answer in response.answers.all():
        if answer.rating is not None:
            values[answer.question_id] = str(answer.rating)
        elif answer.option_id:
            values.setdefault(answer.question_id, []).append(str(answer.option_id))
        else:
            values[answer.question_id] = answer.text
    # a single choice is one value, not a list
    return {key: (value[0] if isinstance(value, list) and len(value) == 1 else value) for key, value in values.items()}
