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


def _dkfds_class(widget):
    """Det Fælles Designsystem's class for a widget's input element."""
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "form-checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "form-radio"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-input"


def _with_class(attrs, css_class):
    existing = attrs.get("class")
    return f"{existing} {css_class}" if existing else css_class


@register.filter
def dkfds_widget(field):
    """The field's input with dkfds's class; Django still adds aria-describedby/aria-invalid."""
    widget = field.field.widget
    return field.as_widget(attrs={"class": _with_class(widget.attrs, _dkfds_class(widget))})


@register.filter
def dkfds_choice(choice):
    """One checkbox or radio button of a multiple-choice field, with dkfds's class."""
    attrs = dict(choice.data.get("attrs") or {})
    attrs["class"] = _with_class(attrs, _dkfds_class(choice.parent_widget))
    context = {"widget": {**choice.data, "attrs": attrs, "wrap_label": False}}
    return choice.parent_widget._render(choice.template_name, context, choice.renderer)
