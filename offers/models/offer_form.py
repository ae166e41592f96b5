"""The offer editor's form: an offer names an organisation of its own municipality or a
national one (``Organisation.objects.visible_in``), whoever edits it."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from home.models import MunicipalityPage

WRONG_MUNICIPALITY = _(
    "Vælg en organisation fra tilbuddets egen kommune eller en landsdækkende organisation."
)


def municipality_of_parent(parent):
    """The municipality page an offer below ``parent`` belongs to, or None if national."""
    if parent is not None and issubclass(parent.specific_class, MunicipalityPage):
        return parent
    return None


class OfferPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        if field is not None and self.parent_page is not None:
            field.queryset = field.queryset.visible_in(municipality_of_parent(self.parent_page))
            field.error_messages["invalid_choice"] = WRONG_MUNICIPALITY
