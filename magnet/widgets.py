"""Form widgets shared by the apps."""

from django import forms
from django.utils import translation


class StaticChoicesSelect(forms.Select):
    """A select whose choices do not change while the process runs (the ~250 countries): its HTML is
    rendered once per language, name, selected value and attributes and then reused. Rendering
    the country list took longer than the rest of the directory page together."""

    _rendered: dict = {}
    MAX_ENTRIES = 2_000  # language x list x selected country x attributes, bounded all the same

    def __init__(self, *, choices_key: str, **kwargs):
        super().__init__(**kwargs)
        self.choices_key = choices_key  # names the list of choices: two lists never share a key

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            self.choices_key,
            translation.get_language(),
            name,
            repr(value),
            repr(sorted({**self.attrs, **(attrs or {})}.items())),
        )
        html = self._rendered.get(key)
        if html is None:
            if len(self._rendered) >= self.MAX_ENTRIES:
                self._rendered.clear()
            html = self._rendered[key] = super().render(name, value, attrs, renderer)
        return html
