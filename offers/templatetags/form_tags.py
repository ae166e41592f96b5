"""Rendering public form fields. Django 5.2 ties help text and errors to the input itself
(aria-describedby="<id>_helptext <id>_error", aria-invalid), so the templates use those ids."""

from django import forms, template

register = template.Library()


@register.filter
def field_kind(field):
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"
