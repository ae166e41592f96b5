"""The admin's widget for a vocabulary term's names in other languages: one text field per
configured language other than Danish (``settings.LANGUAGES``), read from and written to the
JSON field ``translated_names`` ({"en": "Loneliness"}); an empty field leaves the language out.
"""

import json

from django import forms
from django.conf import settings


def other_languages():
    """(code, own name) of every configured language but the source language."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class TranslatedNamesWidget(forms.MultiWidget):
    """Each language's field is named by the language's own name (its placeholder and
    accessible name), e.g. "English"."""

    def __init__(self, attrs=None):
        self.languages = other_languages()
        widgets = {
            code: forms.TextInput(attrs={"lang": code, "aria-label": name, "placeholder": name})
            for code, name in self.languages
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value or "{}")
            except ValueError:
                value = {}
        value = value if isinstance(value, dict) else {}
        return [value.get(code, "") for code, _name in self.languages]

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        names = {
            code: text.strip()
            for (code, _name), text in zip(self.languages, values, strict=True)
            if text and text.strip()
        }
        return json.dumps(names, ensure_ascii=False)
