"""A Danish postcode is four ASCII digits: the one rule, for every way a postcode comes in
(the offer in the admin, the public form, the CSV import and the search's ``postcode=``).

Python's ``\\d`` and ``str.isdigit`` accept any script's digits (fullwidth "６０００",
Arabic-Indic "٦٠٠٠"), and ``int()`` reads them, so they would be stored, compared and shown
as something other than what they look like: refused, with a Danish message saying what a
postcode looks like.
"""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

POSTCODE = re.compile(r"\A[0-9]{4}\Z")
POSTCODE_MESSAGE = _("Et postnummer består af 4 cifre (0-9), fx 6000.")

postcode_validator = RegexValidator(POSTCODE, POSTCODE_MESSAGE, code="invalid_postcode")


def is_postcode(text) -> bool:
    return isinstance(text, str) and POSTCODE.match(text) is not None
