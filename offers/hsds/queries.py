"""What the HSDS API may show, and finding it by its HSDS id.

Deny by default: only offers citizens can see (``OfferPage.objects.public()``: live and not
hidden as stale, see ``offers.freshness``), in the default language (translations are the same
offer), outside every private section of the site and not below an unpublished municipality;
only organisations with such an offer. Drafts, unpublished, hidden and private offers are in no
list, detail, ndjson stream or search.
"""

import math

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from wagtail.models import Locale

from ..models import OfferPage, Organisation
from ..postcode_places import centre_of
from . import ids
from .export import has_place

#: How long the map from HSDS ids to offers is kept (ids never change; a new offer's id missing
#: from it makes the next lookup build it afresh).
ID_MAP_TIMEOUT = 60 * 60
ID_MAP_KEY = "hsds:service-ids"
EARTH_RADIUS_M = 6_371_008.8


def exportable_offers():
    offers = OfferPage.objects.public().filter(
        Q(municipality__isnull=True) | Q(municipality__live=True),
        locale_id=Locale.get_default().pk,
    )
    return offers.exclude(offers.private_q())


def for_export(offers):
    """``offers`` with everything the export reads, in a fixed number of queries."""
    return (
        offers.select_related("organisation__provider_type", "municipality")
        .prefetch_related(
            "life_situations", "target_groups", "offer_kinds", "languages", "schedules"
        )
        .order_by("pk")
    )


def modified_after(offers, moment):
    """Offers published or confirmed at or after ``moment`` (``export.modified``)."""
    changed = Greatest(Coalesce("last_published_at", "last_confirmed_at"), "last_confirmed_at")
    return offers.alias(hsds_modified=changed).filter(hsds_modified__gte=moment)


def with_place():
    """Offers that have a location: a physical one with a place, an online one with a site."""
    place = ~Q(address="") | ~Q(postcode="") | ~Q(city="") | Q(latitude__isnull=False)
    return (Q(is_physical=True) & place) | (Q(is_online=True) & ~Q(website=""))


def exportable_organisations():
    return Organisation.objects.filter(pk__in=exportable_offers().values("organisation_id"))


def organisations_with_services(organisations):
    return organisations.prefetch_related(
        Prefetch("offers", queryset=for_export(exportable_offers()), to_attr="hsds_offers")
    )


def _id_map():
    """{(kind, HSDS id): page id} of the exportable offers (one query, no page loaded)."""
    id_map = {}
    for pk, external_id in exportable_offers().values_list("pk", "external_id"):
        sid = ids.service_id(external_id, pk)
        id_map[("service", sid)] = pk
        id_map[("service_at_location", ids.part_id("service_at_location", sid))] = pk
    cache.set(ID_MAP_KEY, id_map, ID_MAP_TIMEOUT)
    return id_map


def find_offer(hsds_id, kind="service"):
    """The exportable offer whose service id (``kind`` "service") or service-at-location id
    (``kind`` "service_at_location") is ``hsds_id``, or None.

    Looked up in the cached id map; a miss, or an entry that no longer fits (the offer was
    hidden, deleted or its import id given to another), builds the map afresh once."""
    wanted = ids.as_uuid(hsds_id)
    if wanted is None:
        return None
    key = (kind, wanted)
    for id_map in (cache.get(ID_MAP_KEY) or {}, None):
        pk = (id_map if id_map is not None else _id_map()).get(key)
        offer = for_export(exportable_offers().filter(pk=pk)).first() if pk else None
        if offer is not None and _ids_of(offer).get(kind) == wanted:
            break
    else:
        return None
    if kind == "service_at_location" and not (
        has_place(offer) or (offer.is_online and offer.website)
    ):
        return None
    return offer


def _ids_of(offer):
    sid = ids.service_id(offer.external_id, offer.pk)
    return {"service": sid, "service_at_location": ids.part_id("service_at_location", sid)}


def find_organisation(hsds_id):
    wanted = ids.as_uuid(hsds_id)
    if wanted is None:
        return None
    for pk in exportable_organisations().values_list("pk", flat=True):
        if ids.organization_id(pk) == wanted:
            return exportable_organisations().select_related("provider_type").get(pk=pk)
    return None


def organisation_pk(hsds_id):
    """The primary key of the organisation with ``hsds_id`` (any, exportable or not), or None."""
    for pk in Organisation.objects.values_list("pk", flat=True):
        if ids.organization_id(pk) == hsds_id:
            return pk
    return None


def postcode_place(postcode):
    """(latitude, longitude) of a Danish postcode's centre for ``proximity``, or None."""
    centre = centre_of(postcode)
    return (float(centre[0]), float(centre[1])) if centre else None


def within(offers, place, meters):
    """The pks of ``offers`` with a point at most ``meters`` from ``place`` (latitude,
    longitude): a box in the database, then the great-circle distance."""
    latitude, longitude = place
    degrees = math.degrees(meters / EARTH_RADIUS_M)
    widen = max(math.cos(math.radians(latitude)), 0.01)
    box = offers.filter(
        is_physical=True,
        latitude__range=(latitude - degrees, latitude + degrees),
        longitude__range=(longitude - degrees / widen, longitude + degrees / widen),
    )
    return [
        pk
        for pk, lat, lon in box.values_list("pk", "latitude", "longitude")
        if _distance_m((latitude, longitude), (float(lat), float(lon))) <= meters
    ]


def _distance_m(a, b):
    (lat1, lon1), (lat2, lon2) = (map(math.radians, a)), (map(math.radians, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))
