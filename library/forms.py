from django import forms
from django.utils.translation import gettext_lazy as _

from magnet.forms import AlphabeticalModelChoiceField
from stakeholders.models import Pillar, ThematicArea

from .models import Document


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    pillar = AlphabeticalModelChoiceField(label=_("Pillar"), queryset=Pillar.objects.all(), required=False, empty_label=_("All"))
    thematic_area = AlphabeticalModelChoiceField(
        label=_("Thematic area"), queryset=ThematicArea.objects.all(), required=False, empty_label=_("All")
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + list(Document.Kind.choices), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False,
        choices=[("", _("All")), (Document.Language.TURKISH, _("Turkish")), (Document.Language.ENGLISH, _("English"))],
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All"))] + [(year, str(year)) for year in years]
