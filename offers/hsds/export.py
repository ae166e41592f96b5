"""Our offers, organisations and vocabulary as HSDS 3.0 objects (plain dicts for JSON).

An offer is a *service*; its organisation an *organization*; its meeting place a *location*
(with its address and step-free access) and the service there a *service_at_location*; its
municipality the *service_area* (``NATIONAL_AREA`` for a national offer); its terms
*attributes* linking *taxonomy_terms* (``offers.hsds.vocabulary``). Price is a *cost_option*
(``option``: our price code), the free-text time a *schedule*'s description and each
recurring time a schedule of its own (``offers.hsds.schedules``), "last confirmed"
the ``assured_date``. Only what the offer shows the public is exported: never who submitted it.

Empty values are left out (the schemas allow no ``null``); what a schema requires is always
there. Reads only prefetched relations: see ``queries.for_export``.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Accessibility, Price
from . import ids
from .schedules import schedule_json
from .vocabulary import LANGUAGE, offer_terms

#: The service area of a national offer (``import_hsds`` reads it, and ``national``, back).
NATIONAL_AREA = "Hele Danmark"
#: Our offers' country (ISO 3166-1) and currency (ISO 4217).
COUNTRY = "DK"
CURRENCY = "DKK"


def compact(data, keep=()):
    """``data`` without empty values (None, "", []), except the keys in ``keep``."""
    return {k: v for k, v in data.items() if k in keep or v not in (None, "", [])}


def iso_datetime(moment) -> str:
    """A moment in UTC with milliseconds, as HSDS' examples write it."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def modified(offer):
    """When the offer or what is shown of it last changed: published or confirmed."""
    moments = [m for m in (offer.last_published_at, offer.last_confirmed_at) if m is not None]
    return max(moments) if moments else None


# Vocabulary


def taxonomy_json(taxonomy):
    return {"id": taxonomy.id, "name": str(taxonomy.name), "description": str(taxonomy.description)}


def term_json(term):
    return compact(
        {
            "id": term.id,
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "taxonomy": str(term.taxonomy.name),
            "taxonomy_id": term.taxonomy.id,
            "taxonomy_detail": taxonomy_json(term.taxonomy),
            "language": LANGUAGE,
        },
        keep=("description",),
    )


# Organisations


def organization_json(organisation, services=None):
    oid = ids.organization_id(organisation.pk)
    phones = phone_list(organisation.phone, "organization_id", oid)
    data = compact(
        {
            "id": oid,
            "name": organisation.name,
            # HSDS requires a description; ours is the kind of provider.
            "description": organisation.provider_type.name,
            "email": organisation.email,
            "website": organisation.website,
            "tax_id": organisation.cvr,
            "phones": phones,
        },
        keep=("description",),
    )
    if services is not None:
        data["services"] = services
    return data


# Services


def service_core(offer):
    """The service's own (one-to-one) fields and its organisation: a list's item."""
    sid = ids.service_id(offer.external_id, offer.pk)
    text = offer.summary + (f"\n\n{offer.description}" if offer.description else "")
    price = Price(offer.price).label
    has_age = offer.age_min is not None or offer.age_max is not None
    last_modified = modified(offer)
    return compact(
        {
            "id": sid,
            "organization_id": ids.organization_id(offer.organisation_id),
            "name": offer.title,
            "description": text,
            "url": offer.website,
            "email": offer.email,
            "status": "active",
            "application_process": _("Kræver tilmelding.")
            if offer.registration_required
            else _("Ingen tilmelding."),
            "fees_description": f"{price}: {offer.price_note}" if offer.price_note else str(price),
            "eligibility_description": str(offer.age_range) if has_age else "",
            "minimum_age": offer.age_min,
            "maximum_age": offer.age_max,
            "assured_date": timezone.localdate(offer.last_confirmed_at).isoformat(),
            "last_modified": iso_datetime(last_modified) if last_modified else None,
            "organization": organization_json(offer.organisation),
        }
    )


def service_full(offer):
    """The fully nested service (``GET /services/{id}``, ``full=true``)."""
    data = service_core(offer)
    sid = data["id"]
    phones = phones_json(offer, sid)
    location = location_json(offer, sid)
    data.update(
        compact(
            {
                "phones": phones,
                "schedules": [
                    {"id": ids.part_id("schedule", sid), "service_id": sid, "description": text}
                    for text in [offer.schedule]
                    if text
                ]
                + [
                    schedule_json(row, number, sid)
                    for number, row in enumerate(offer.schedules.all(), start=1)
                ],
                "service_areas": [service_area_json(offer, sid)],
                "service_at_locations": [service_at_location_json(offer, sid, location)]
                if location
                else [],
                "languages": [
                    {
                        "id": ids.part_id("language", f"{sid}:{language.code}"),
                        "service_id": sid,
                        "name": language.name,
                        "code": language.code,
                    }
                    for language in offer.languages.all()
                ],
                "cost_options": [cost_option_json(offer, sid)],
                "contacts": [
                    compact(
                        {
                            "id": ids.part_id("contact", sid),
                            "service_id": sid,
                            "name": offer.organisation.name,
                            "email": offer.email,
                            "phones": phones,
                        }
                    )
                ]
                if offer.email or offer.phone
                else [],
                "attributes": [attribute_json(term, sid) for term in offer_terms(offer)],
            }
        )
    )
    return data


def phones_json(offer, sid):
    return phone_list(offer.phone, "service_id", sid)


def phone_list(number, owner_field, owner_id):
    """A service's or organisation's one phone number as HSDS ``phones`` (none: [])."""
    if not number:
        return []
    phone_id = ids.part_id("phone", owner_id)
    return [{"id": phone_id, owner_field: owner_id, "number": number, "type": "voice"}]


def service_area_json(offer, sid):
    municipality = offer.municipality
    return {
        "id": ids.service_area_id(offer.municipality_id),
        "service_id": sid,
        "name": municipality.title if municipality else NATIONAL_AREA,
        "description": _("%(name)s Kommune") % {"name": municipality.title}
        if municipality
        else _("Landsdækkende tilbud"),
    }


def cost_option_json(offer, sid):
    return compact(
        {
            "id": ids.part_id("cost_option", sid),
            "service_id": sid,
            "option": offer.price,
            "currency": CURRENCY,
            "amount": 0 if offer.price == Price.FREE else None,
            "amount_description": offer.price_note,
        }
    )


def attribute_json(term, sid):
    return {
        "id": ids.part_id("attribute", f"{sid}:{term.id}"),
        "link_id": sid,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term.id,
        "taxonomy_term": term_json(term),
    }


# Locations


def has_place(offer):
    return offer.is_physical and bool(
        offer.address or offer.postcode or offer.city or offer.latitude is not None
    )


def location_json(offer, sid):
    """The meeting place of a physical offer, the website of an online one, else None."""
    lid = ids.part_id("location", sid)
    if has_place(offer):
        municipality = offer.municipality
        addresses = []
        if offer.address:
            addresses = [
                {
                    "id": ids.part_id("address", sid),
                    "location_id": lid,
                    "address_1": offer.address,
                    "city": offer.city,
                    "state_province": municipality.title if municipality else offer.city,
                    "postal_code": offer.postcode,
                    "country": COUNTRY,
                    "address_type": "physical",
                }
            ]
        accessibility = {
            Accessibility.YES: _("Niveaufri adgang."),
            Accessibility.NO: _("Ikke niveaufri adgang."),
        }.get(offer.accessible)
        return compact(
            {
                "id": lid,
                "location_type": "physical",
                "name": offer.address or offer.city or offer.title,
                # HSDS has no field for a point's precision: the postcode's point is kept (to
                # map and measure by) and said to be approximate, as the offer page's "ca.".
                "description": _("Omtrentlig placering: punktet er postnummerets midte.")
                if offer.location_approximate and offer.latitude is not None
                else "",
                "latitude": float(offer.latitude) if offer.latitude is not None else None,
                "longitude": float(offer.longitude) if offer.longitude is not None else None,
                "addresses": addresses,
                "accessibility": [
                    {"id": ids.part_id("accessibility", sid), "location_id": lid, "description": d}
                    for d in [accessibility]
                    if d
                ],
            }
        )
    if offer.is_online and offer.website:
        return {
            "id": lid,
            "location_type": "virtual",
            "name": offer.title,
            "url": offer.website,
        }
    return None


def service_at_location_json(offer, sid, location, service=None):
    data = compact(
        {
            "id": ids.part_id("service_at_location", sid),
            "service_id": sid,
            "location_id": location["id"],
            "description": offer.summary,
            "location": location,
            "service": service,
        }
    )
    return data
