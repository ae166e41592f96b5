"""How wagtail-localize translates an offer.

By default it treats every text field as translatable and leaves many-to-many fields alone.
For offers: the import id (unique) stays with the Danish source, the vocabulary follows the
source (terms carry their own names per language, see ``TranslatedNameMixin``), and phone
numbers and postcodes are facts, not text.
"""

from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from .models import OfferPage

NOT_TRANSLATED = ("external_id",)
SYNCHRONIZED = (
    "phone",
    "postcode",
    "life_situations",
    "target_groups",
    "offer_kinds",
    "languages",
)


def configure_offer_translation():
    if "translatable_fields" in OfferPage.__dict__:
        return
    fields = [
        field
        for field in get_translatable_fields(OfferPage)
        if field.field_name not in NOT_TRANSLATED and field.field_name not in SYNCHRONIZED
    ]
    OfferPage.translatable_fields = fields + [SynchronizedField(name) for name in SYNCHRONIZED]
