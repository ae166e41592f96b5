"""The HSDS API's query parameters (schema/openapi.json), checked: a bad one is a 400 with a
Danish message naming it. Each endpoint accepts the parameters the API description gives it
and no others."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from ..postcodes import is_postcode
from ..rules import CONTROL_CHARACTERS
from .ids import as_uuid

#: Results per page: the default and the most one page may hold (``per_page``).
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
#: ``search``: at most this many characters and words.
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 10
#: ``proximity``: at most this many meters (about the length of Denmark).
MAX_PROXIMITY = 500_000

PAGED = ("page", "per_page", "format", "search")
SERVICE_FILTERS = ("taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after")
#: The parameters of each endpoint (by its name in ``urls.py``).
ALLOWED = {
    "services": (*PAGED, *SERVICE_FILTERS, "minimal", "full"),
    "taxonomies": PAGED,
    "taxonomy_terms": (*PAGED, "taxonomy_id", "top_only", "parent_id"),
    "organizations": (*PAGED, "full_service", "full"),
    "organization": ("full_service",),
    "service_at_locations": (*PAGED, *SERVICE_FILTERS, "full", "postcode", "proximity"),
}
FORMATS = ("json", "ndjson")
TRUE = ("true", "1")
FALSE = ("false", "0")


class ParamError(Exception):
    def __init__(self, param, message):
        super().__init__(param, message)
        self.param = param
        self.message = str(message)


@dataclass
class Params:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    ndjson: bool = False
    words: tuple = ()
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    parent_id: str | None = None
    modified_after: object = None
    minimal: bool = False
    full: bool = False
    full_service: bool = False
    top_only: bool = False
    postcode: str | None = None
    proximity: int | None = None


def parse(querydict, endpoint) -> Params:
    """The parameters of a request to ``endpoint``, or ParamError for the first bad one."""
    allowed = ALLOWED.get(endpoint, ())
    for name in querydict:
        if name not in allowed:
            if allowed:
                message = _("Ukendt parameter. Mulige: %(names)s.") % {"names": ", ".join(allowed)}
            else:
                message = _("Ukendt parameter: denne adresse tager ingen parametre.")
            raise ParamError(name, message)
    values = {}
    for name in querydict:
        given = querydict.getlist(name)
        if len(given) > 1:
            raise ParamError(name, _("Angiv parameteren højst én gang."))
        text = given[0].strip()
        if CONTROL_CHARACTERS.search(text):
            raise ParamError(name, _("Indeholder et kontroltegn."))
        values[name] = text

    params = Params()
    if "page" in values:
        params.page = _whole(values["page"], "page", 1, None)
    if "per_page" in values:
        params.per_page = _whole(values["per_page"], "per_page", 1, MAX_PER_PAGE)
    if "format" in values:
        if values["format"] not in FORMATS:
            raise ParamError("format", _("Brug json eller ndjson."))
        params.ndjson = values["format"] == "ndjson"
    if "search" in values:
        text = values["search"]
        if len(text) > MAX_SEARCH_LENGTH:
            raise ParamError("search", _("Højst %(limit)s tegn.") % {"limit": MAX_SEARCH_LENGTH})
        params.words = tuple(dict.fromkeys(text.split()))[:MAX_SEARCH_WORDS]
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id"):
        if name in values:
            setattr(params, name, _uuid(values[name], name))
    for name in ("minimal", "full", "full_service", "top_only"):
        if name in values:
            setattr(params, name, _boolean(values[name], name))
    if "modified_after" in values:
        params.modified_after = _moment(values["modified_after"])
    if "postcode" in values:
        if not is_postcode(values["postcode"]):
            raise ParamError("postcode", _("Et postnummer består af 4 cifre (0-9), fx 6000."))
        params.postcode = values["postcode"]
    if "proximity" in values:
        params.proximity = _whole(values["proximity"], "proximity", 1, MAX_PROXIMITY)
        if params.postcode is None:
            raise ParamError("proximity", _("Afstand kræver et postnummer (postcode)."))
    return params


def _whole(text, name, lowest, highest):
    if not text.isascii() or not text.isdigit():
        raise ParamError(name, _('"%(value)s" er ikke et helt tal.') % {"value": text[:20]})
    number = int(text)
    if number < lowest or (highest is not None and number > highest):
        if highest is None:
            message = _("Skal være mindst %(lowest)s.") % {"lowest": lowest}
        else:
            message = _("Skal være mellem %(lowest)s og %(highest)s.") % {
                "lowest": lowest,
                "highest": highest,
            }
        raise ParamError(name, message)
    return number


def _uuid(text, name):
    value = as_uuid(text)
    if value is None:
        raise ParamError(name, _("Skal være et id (en UUID)."))
    return value


def _boolean(text, name):
    if text.lower() in TRUE:
        return True
    if text.lower() in FALSE:
        return False
    raise ParamError(name, _("Brug true eller false."))


def _moment(text):
    try:
        moment = parse_datetime(text.replace(" ", "+"))
        if moment is None:
            day = parse_date(text)
            moment = datetime.datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise ParamError(
            "modified_after", _("Skal være et tidspunkt (ISO 8601), fx 2026-01-31T12:00:00Z.")
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
