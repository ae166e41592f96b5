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


def ages_of_groups(spans):
    """The ages an offer without a range of its own is for, from its target groups' spans
    (``[(age_min, age_max), ...]``, None for no bound): the groups are alternatives, and a
    group without a span covers every age (``search.parameters.age_condition`` matches the
    same way). Returns ``(age_min, age_max)``; ``(None, None)`` is every age."""
    spans = list(spans)
    if not spans:
        return None, None
    lows, highs = [low for low, _high in spans], [high for _low, high in spans]
    return (
        None if None in lows else min(lows),
        None if None in highs else max(highs),
    )


def ages_overlap(first, second) -> bool:
    """Whether two age spans (``(age_min, age_max)``, None for no bound) share an age."""
    (low_a, high_a), (low_b, high_b) = first, second
    return (high_b is None or low_a is None or low_a <= high_b) and (
        high_a is None or low_b is None or low_b <= high_a
    )


def age_text(age_min, age_max):
    """An age span as the pages say it: "18-25 år", "Fra 65 år", "Op til 12 år", "Alle aldre"."""
    if age_min is not None and age_max is not None:
        return _("%(min)s-%(max)s år") % {"min": age_min, "max": age_max}
    if age_min is not None:
        return _("Fra %(min)s år") % {"min": age_min}
    if age_max is not None:
        return _("Op til %(max)s år") % {"max": age_max}
    return _("Alle aldre")


def length_limit(model, field_name):
    """A text field's length limit, as its model declares it: the public form and the import
    check the same number the editor does."""
    return model._meta.get_field(field_name).max_length
