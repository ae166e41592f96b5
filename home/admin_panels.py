"""Panels for the admin's edit forms."""

from wagtail.admin.panels import FieldPanel

#: What a read-only field without a value shows (Wagtail shows the word "None").
EMPTY_VALUE = "–"


class ReadOnlyFieldPanel(FieldPanel):
    """A read-only field that shows a dash, not "None", while it has no value (an error
    report's "Løst" until it is resolved)."""

    def __init__(self, field_name, *args, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, *args, **kwargs)

    def format_value_for_display(self, value):
        if value is None or value == "":
            return EMPTY_VALUE
        return super().format_value_for_display(value)
