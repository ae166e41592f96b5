"""The admin's widget for a vocabulary term's names in other languages: one text field per
configured language other than Danish (``settings.LANGUAGES``), read from and written to the
JSON field ``translated_names`` ({"en": "Loneliness"}); an empty field leaves the language out.
"""

import json

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import get_language_info


def other_languages():
    """(code, own name) of every configured language but the source language."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_label(code, own_name):
    """The language's name in the admin's language ("Engelsk"), else its own name."""
    try:
        return capfirst(get_language_info(code)["name_translated"])
    except KeyError:
        return own_name


class TranslatedNamesWidget(forms.MultiWidget):
    """Each language's field has a visible label, the language's name ("Engelsk"), tied to it
    with ``<label for>``; the field itself is marked with the language it is written in (and
    Wagtail ties the help text to each, ``aria-describedby``)."""

    template_name = "offers/admin/translated_names_widget.html"

    def __init__(self, attrs=None):
        self.languages = other_languages()
        # dir="auto": Arabic is written right to left, the others left to right.
        widgets = {
            code: forms.TextInput(attrs={"lang": code, "dir": "auto"})
            for code, _name in self.languages
        }
        super().__init__(widgets, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        # From the project's templates (the form renderer only sees Django's and the apps'),
        # with each input rendered by its own widget as usual.
        subwidgets = self.get_context(name, value, attrs)["widget"]["subwidgets"]
        rows = [
            {
                "id": context["attrs"].get("id", ""),
                "label": language_label(code, own_name),
                "input": widget.render(
                    context["name"], context["value"], context["attrs"], renderer
                ),
            }
            for (code, own_name), widget, context in zip(
                self.languages, self.widgets, subwidgets, strict=True
            )
        ]
        return render_to_string(self.template_name, {"rows": rows})

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
