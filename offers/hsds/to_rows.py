"""An HSDS service as a row of the CSV import (offer-format.md), so that every rule of the CSV
import applies to it (``offers.import_rows``) and it is written by the same bulk path.

What our own export writes (``offers.hsds.export``) comes back whole. From another feed, terms
count when their taxonomy is one of ours (by id or name), by code; a record naming none of our
life situations or offer kinds gets ``DEFAULT_TERMS`` (said in a warning). An optional value
our rules refuse (a foreign postcode, a point outside the globe) is left out with a warning;
a required one that cannot be mapped makes the record fail, with nothing of it written.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .. import rules
from ..import_report import RowError, RowInvalid
from ..import_rows import COLUMNS, RowCleaner
from ..models import Price
from . import ids
from .export import NATIONAL_AREA
from .schedules import is_recurring, recurring_rows
from .vocabulary import ANONYMOUS, BY_ID, BY_KEY, NOT_STEP_FREE, REGISTRATION, STEP_FREE

#: A service area's name longer than this is no municipality's name (but a description).
MUNICIPALITY_NAME_LIMIT = 40
#: The summary's limit (OfferPage.summary): a longer first paragraph is shortened to it.
SUMMARY_LIMIT = 500
#: A record naming none of ours gets these (by taxonomy), with a warning.
DEFAULT_TERMS = {"life_situations": "faellesskab", "offer_kinds": "raadgivning"}
DEFAULT_PROVIDER_TYPE = "andet"
#: Optional columns left out (with a warning) when our rules refuse their value.
DROPPABLE = {
    "description", "target_groups", "age_min", "age_max", "address", "postcode", "city",
    "latitude", "longitude", "phone", "email", "website", "schedule", "price_note", "languages",
}  # fmt: skip
#: The HSDS field a CSV column comes from, for the report.
FIELDS = {
    "id": "id", "municipality": "service_areas", "title": "name", "summary": "description",
    "description": "description", "organisation": "organization.name",
    "organisation_type": "attributes", "life_situations": "attributes",
    "target_groups": "attributes", "offer_kinds": "attributes", "age_min": "minimum_age",
    "age_max": "maximum_age", "formats": "attributes", "address": "location.addresses",
    "postcode": "location.addresses", "city": "location.addresses",
    "latitude": "location.latitude", "longitude": "location.longitude", "phone": "phones",
    "email": "email", "website": "url", "schedule": "schedules", "price": "cost_options",
    "price_note": "cost_options", "registration_required": "attributes",
    "anonymous": "attributes", "languages": "languages", "accessible": "attributes",
}  # fmt: skip
NATIONAL_NAMES = {NATIONAL_AREA.casefold(), rules.NATIONAL}


@dataclass
class Record:
    number: int
    hsds_id: str
    row: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    #: The recurring times (``OfferSchedule`` fields), written after the rows
    #: (``offers.hsds.schedules.apply_recurring``).
    schedules: list = field(default_factory=list)


def _text(value):
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split(" ")).strip()


def _first(items):
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def _list(value):
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _terms(service):
    """Our (taxonomy key, code) pairs among the service's attributes."""
    found = []
    names = {str(t.name).casefold(): t for t in BY_KEY.values()}
    for attribute in _list(service.get("attributes")):
        term = attribute.get("taxonomy_term") or {}
        if not isinstance(term, dict) or not term.get("code"):
            continue
        detail = (
            term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
        )
        taxonomy = (
            BY_ID.get(ids.as_uuid(term.get("taxonomy_id")) or "")
            or BY_ID.get(ids.as_uuid(detail.get("id")) or "")
            or names.get(_text(detail.get("name")).casefold())
            or names.get(_text(term.get("taxonomy")).casefold())
        )
        if taxonomy is not None:
            found.append((taxonomy.key, _text(term["code"])))
    return found


def _summary(description):
    first, _sep, rest = description.partition("\n\n")
    if len(first) <= SUMMARY_LIMIT:
        return first.strip(), rest.strip()
    short = first[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",.;: ") + "…"
    return short, description


def service_row(service, municipality=None):
    """The CSV row of one HSDS service, and the warnings of what was assumed."""
    warnings = []
    terms = _terms(service)

    def codes(key):
        return [code for k, code in terms if k == key]

    row = dict.fromkeys(COLUMNS, "")
    hsds_id = _text(service.get("id"))
    row["id"] = ids.as_uuid(hsds_id) or hsds_id
    if municipality:
        row["municipality"] = municipality
    else:
        areas = [_text(a.get("name")) for a in _list(service.get("service_areas"))]
        if len(areas) == 1 and 0 < len(areas[0]) <= MUNICIPALITY_NAME_LIMIT:
            national = areas[0].casefold() in NATIONAL_NAMES
            row["municipality"] = rules.NATIONAL if national else areas[0]
    row["title"] = _text(service.get("name"))
    description = str(service.get("description") or "").replace("\r\n", "\n").strip()
    row["summary"], row["description"] = _summary(description)
    organisation = (
        service.get("organization") if isinstance(service.get("organization"), dict) else {}
    )
    row["organisation"] = _text(organisation.get("name"))
    row["organisation_type"] = (codes("provider_types") or [DEFAULT_PROVIDER_TYPE])[0]
    for key in ("life_situations", "target_groups", "offer_kinds"):
        row[key] = "|".join(codes(key))
        if not row[key] and key in DEFAULT_TERMS:
            row[key] = DEFAULT_TERMS[key]
            warnings.append(
                (key, _("Ingen af vores %(taxonomy)s; sat til %(code)s.")
                 % {"taxonomy": str(BY_KEY[key].name).lower(), "code": DEFAULT_TERMS[key]})
            )  # fmt: skip
    row["age_min"] = _text(service.get("minimum_age"))
    row["age_max"] = _text(service.get("maximum_age"))

    sal = _first(service.get("service_at_locations"))
    location = sal.get("location") if isinstance(sal.get("location"), dict) else {}
    formats = codes("formats")
    if not formats:
        kind = location.get("location_type")
        formats = ["fysisk"] if kind == "physical" else ["online"] if kind == "virtual" else []
        if not formats:
            formats = ["telefon"] if service.get("phones") else ["online"]
    row["formats"] = "|".join(formats)
    if location.get("location_type") == "physical":
        address = _first(location.get("addresses"))
        row["address"] = _text(address.get("address_1"))
        row["postcode"] = _text(address.get("postal_code"))
        row["city"] = _text(address.get("city"))
        row["latitude"] = _text(location.get("latitude"))
        row["longitude"] = _text(location.get("longitude"))

    contact = _first(service.get("contacts"))
    phone = (
        _first(service.get("phones")) or _first(contact.get("phones")) or _first(sal.get("phones"))
    )
    row["phone"] = _text(phone.get("number"))
    row["email"] = _text(service.get("email")) or _text(contact.get("email"))
    row["website"] = _text(service.get("url"))
    schedule = _first([s for s in _list(service.get("schedules")) if not is_recurring(s)])
    row["schedule"] = _text(schedule.get("description")) or _text(schedule.get("notes"))

    cost = _first(service.get("cost_options"))
    option = _text(cost.get("option")).lower()
    fees = _text(service.get("fees_description"))
    if option in Price.values:
        row["price"] = option
    elif (isinstance(cost.get("amount"), int | float) and cost["amount"] > 0) or (
        fees and not cost
    ):
        row["price"] = Price.AT_COST
    else:
        row["price"] = Price.FREE
    row["price_note"] = _text(cost.get("amount_description")) or (
        "" if option in Price.values else fees
    )
    conditions = set(codes("conditions"))
    row["registration_required"] = rules.YES if REGISTRATION in conditions else rules.NO
    row["anonymous"] = rules.YES if ANONYMOUS in conditions else rules.NO
    row["accessible"] = (
        rules.YES if STEP_FREE in conditions else rules.NO if NOT_STEP_FREE in conditions else ""
    )
    row["languages"] = "|".join(
        _text(language.get("code")).lower() for language in _list(service.get("languages"))
    )
    return row, warnings


def records(services, municipality=None):
    """Each service as a Record, its row checked by the CSV import's rules (RowCleaner):
    refused optional values left out with a warning, other problems as its errors."""
    cleaner = RowCleaner()
    out = []
    for number, service in enumerate(services, start=1):
        if not isinstance(service, dict):
            record = Record(number, "")
            record.errors.append(RowError(number, "", _("Posten er ikke et JSON-objekt.")))
            out.append(record)
            continue
        row, warnings = service_row(service, municipality)
        schedules, left_out = recurring_rows(service)
        warnings += [("schedule", message) for message in left_out]
        record = Record(number, row["id"], row, warnings, schedules=schedules)
        if not row["municipality"]:
            record.errors.append(
                RowError(number, "municipality",
                         _("Ingen entydig kommune (ét service_area). Brug --municipality."))
            )  # fmt: skip
        for attempt in range(2):
            try:
                cleaner.clean(row, number)
                break
            except RowInvalid as exc:
                found = [
                    e for e in exc.errors if not (record.errors and e.column == "municipality")
                ]
                columns = {e.column for e in found}
                if attempt or columns - DROPPABLE:
                    record.errors += found
                    break
                for error in found:
                    why = _("Udeladt: %(why)s") % {"why": error.message}
                    record.warnings.append((error.column, why))
                if columns & {"latitude", "longitude"}:
                    columns |= {"latitude", "longitude"}
                for column in columns:
                    row[column] = ""
        out.append(record)
    return out


def describe(record, column, message):
    """One line of the report: which record, which field, why (in Danish)."""
    where = {"number": record.number, "id": record.hsds_id or "?", "message": message}
    field_name = FIELDS.get(column, column)
    if field_name:
        where["field"] = field_name
        return _("Post %(number)s (id %(id)s), felt %(field)s: %(message)s") % where
    return _("Post %(number)s (id %(id)s): %(message)s") % where
