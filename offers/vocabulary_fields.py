"""Form fields choosing vocabulary terms (life situations, target groups, languages, ...) on
the public forms, each term named in the reader's language (``display_name``), not by its
Danish name (``str()``, which the admin shows)."""

from django import forms


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class TermMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name
