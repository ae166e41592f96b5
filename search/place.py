"""Far away: which municipality's offers are nearest to a place, and whether a municipality's
own offers are far from it.

Someone in Hobro who lands on Kolding's search page (``/kolding/soeg/?postcode=9500``) finds
Kolding's offers sorted by distance, the nearest well over 100 km away. ``nearness`` says so and
names the municipality whose offers are nearest (Mariagerfjord), for the page to link the same
search there. Only the places of offers count: a municipality is as near as its nearest
public offer with a meeting place (``is_physical`` with coordinates), its own offers only (the
national ones have no place). The query, the filters and the language play no part: "far" is
about where the person is, not about what they look for.

Cost, measured on the demo plus 50,000 generated offers in 98 municipalities (``make bench``
data, 30,050 of them with a meeting place; 2-core machine, PostgreSQL 15): one query of about
4 ms for a place in Denmark (the nearest offer of any municipality, in a box of 10 km around
the place, found through the partial index ``offer_place_idx`` on the offers' latitude and
longitude, migration offers 0013), plus about 2 ms for the municipality's own nearest offer
(its few hundred offers, through its municipality index) when the nearest is someone else's:
``nearness`` took 8-9 ms in all (median). The box is widened only when it holds nothing near
enough: 35 ms at sea off Jutland, 80 ms from Berlin. One aggregate by municipality (the
nearest offer of each, then the nearest of those) reads every offer with a place: 80-100 ms
wherever the place; without the index the box was a sequential scan, 28 ms.
"""

import math
from dataclasses import dataclass

from django.db.models import FloatField, Value
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt

from home.localization import default_locale_id
from offers.models import OfferPage

from . import geo, vocabulary

#: A place further than this from every offer of a municipality is "far" from it. 40 km is
#: more than the way from the edge of a municipality to the town where its offers meet, in
#: the large ones too (Hadsund-Hobro in Mariagerfjord is 30 km, Ringkøbing-Skjern is about 60
#: km across with its towns inside), and more than from a neighbouring town (Vejle-Kolding,
#: 25 km), whose people may well use the offers: nobody who lives in or near the municipality
#: is sent elsewhere. Beyond it (about an hour by bus), the person has most likely come to the
#: wrong municipality's page (Hobro on Kolding's: 119 km).
FAR_KM = 40
#: The first bounding box is this far around the place in each direction (see nearest_offer):
#: at 50,000 offers it holds about a hundred offers in a town, 1,700 at 40 km.
FIRST_BOX_KM = 10
#: Beyond this, the box is dropped: every offer is considered.
WIDEST_BOX_KM = 1000


@dataclass(frozen=True)
class Nearness:
    """A place as seen from a municipality's search page."""

    place: geo.Place
    #: The municipality (its Danish page's id).
    municipality_id: int
    #: km from the place to the municipality's nearest own offer with a place (None: it has
    #: none, and then the place is not called far).
    distance_km: float | None
    #: The place is further than FAR_KM from every own offer of the municipality.
    far: bool
    #: The live municipality whose public offers are nearest to the place: (id, slug, title)
    #: of its Danish page, or None when no offer has a place. The municipality itself when
    #: its own offers are the nearest.
    nearest: tuple | None
    #: km from the place to the nearest offer of ``nearest``.
    nearest_distance_km: float | None

    @property
    def elsewhere(self):
        """The municipality to suggest instead: the nearest, when the place is far and that is
        another municipality (else None: abroad or at sea, its own offers may be the nearest
        there are)."""
        if self.far and self.nearest and self.nearest[0] != self.municipality_id:
            return self.nearest
        return None

    def as_json(self):
        return {
            "far": self.far,
            "distance_km": self.distance_km,
            "nearest_municipality": self.nearest[1] if self.nearest else None,
            "nearest_distance_km": self.nearest_distance_km,
        }


def nearness(place, municipality):
    """How near ``place`` (a geo.Place) is to ``municipality`` (a Danish MunicipalityPage)
    and which municipality's offers are nearest to it. Two queries, one when the
    municipality's own offers are the nearest."""
    by_id = {m[0]: m for m in vocabulary.municipalities()}
    nearest = nearest_offer(place, _placed_offers().filter(municipality_id__in=list(by_id)))
    if nearest and nearest[0] == municipality.pk:
        own = nearest
    else:
        own = nearest_offer(
            place, _placed_offers().filter(municipality_id=municipality.pk), box=False
        )
    return Nearness(
        place=place,
        municipality_id=municipality.pk,
        distance_km=_round(own[1]) if own else None,
        far=own is not None and own[1] > FAR_KM,
        nearest=by_id.get(nearest[0]) if nearest else None,
        nearest_distance_km=_round(nearest[1]) if nearest else None,
    )


def nearest_offer(place, offers, *, box=True):
    """(municipality id, km) of the offer of ``offers`` nearest to ``place``, or None.

    With ``box`` (the whole country's offers): only the offers in a box FIRST_BOX_KM around the
    place in each direction, which the index on latitude finds without reading the others. The
    nearest offer in the box is the nearest of all if it is within the box's half-width (the
    circle the box contains); if it is further, a box of its distance holds the true nearest
    one; if the box is empty, it is widened four times (and beyond WIDEST_BOX_KM dropped).
    A place in a Danish town takes one query; the countryside, the sea or abroad may take more.
    """
    half_width = FIRST_BOX_KM if box else None
    while True:
        in_box = offers.filter(**_box(place, half_width)) if half_width else offers
        found = (
            in_box.annotate(km=_distance_km(place))
            .order_by("km", "pk")
            .values_list("municipality_id", "km")
            .first()
        )
        if half_width is None or (found and found[1] <= half_width):
            return found
        if found:
            half_width = found[1] * 1.0001  # rounding: the offer itself is surely inside
        else:
            half_width *= 4
        if half_width > WIDEST_BOX_KM:
            half_width = None


def _placed_offers():
    """The public Danish offers with a meeting place (a translation has its offer's place)."""
    return OfferPage.objects.public().filter(
        locale_id=default_locale_id(),
        is_physical=True,
        latitude__isnull=False,
        longitude__isnull=False,
    )


def _box(place, half_width_km):
    """Lookups for the offers within ``half_width_km`` north, south, east and west of
    ``place``: every point within that distance of it is inside."""
    angle = half_width_km / geo.EARTH_RADIUS_KM  # radians along a great circle
    d_lat = math.degrees(angle)
    lookups = {"latitude__range": (place.latitude - d_lat, place.latitude + d_lat)}
    cos_lat = math.cos(math.radians(place.latitude))
    if angle < math.pi / 2 and math.sin(angle) < cos_lat:  # not around a pole
        d_lon = math.degrees(math.asin(math.sin(angle) / cos_lat))
        lookups["longitude__range"] = (place.longitude - d_lon, place.longitude + d_lon)
    return lookups


def _distance_km(place):
    """The great-circle (haversine) distance in km from ``place`` to an offer, as geo does."""
    lat = Radians(Cast("latitude", FloatField()))
    lon = Radians(Cast("longitude", FloatField()))
    lat0 = Value(math.radians(place.latitude))
    lon0 = Value(math.radians(place.longitude))
    h = Power(Sin((lat - lat0) / 2), 2) + Value(math.cos(math.radians(place.latitude))) * Cos(
        lat
    ) * Power(Sin((lon - lon0) / 2), 2)
    return Value(2 * geo.EARTH_RADIUS_KM) * ASin(Least(Sqrt(h), Value(1.0)))


def _round(km):
    return None if km is None else round(km, 1)
