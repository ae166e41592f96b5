"""The fixed values of an offer (offer-format.md) and the rules on them, each defined once.

The model, the admin, the public form, the CSV import and the search all read them here: the
formats, the marker for a national offer, the yes/no values, the characters no text may hold
and the age bounds. The postcode rule has its own module, ``offers.postcodes``.

(Not to be confused with ``search.vocabulary``: the search's cached taxonomy terms.)
"""

import re

from django.utils.translation import gettext_lazy as _

#: Format slug -> (OfferPage field, label), in the order of offer-format.md.
FORMATS = {
    "fysisk": ("is_physical", _("Fysisk fremmøde")),
    "online": ("is_online", _("Online")),
    "telefon": ("is_phone", _("Telefon")),
}
#: Format slug -> OfferPage field.
FORMAT_FIELDS = {slug: field for slug, (field, _label) in FORMATS.items()}
#: The format of an offer with a meeting place (an address).
PHYSICAL = "fysisk"

#: Where an offer's municipality is named (the import's ``municipality`` column, the search's
#: ``municipality=``, the admin's filters): an offer for the whole country.
NATIONAL = "national"

#: The yes/no answers of offer-format.md (``registration_required``, ``anonymous``, the form's
#: radio buttons, ``accessible``).
YES = "ja"
NO = "nej"
YES_NO = {YES: True, NO: False}

#: C0 control characters except tab, newline and carriage return, and DEL: no offer text or
#: search parameter may hold them (PostgreSQL refuses NUL; the others are invisible junk).
CONTROL_CHARACTER_RANGES = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CHARACTER_RANGES}]")

#: Ages are whole years from 0 to this (an offer's and a target group's span, the search's age).
MIN_AGE = 0
MAX_AGE = 120
AGE_ORDER_MESSAGE = _('"Alder til" skal være mindst lige så høj som "alder fra".')


def ages_in_order(age_min, age_max) -> bool:
    """An age span's lower bound must not exceed its upper one (either may be missing)."""
    return age_min is None or age_max is None or age_min <= age_max
