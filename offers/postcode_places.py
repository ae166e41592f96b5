"""Where a Danish postcode is, and an offer's place from its postcode when it gives no point.

The table is ``data/postcodes_dk.csv`` (see data/README.md): a point inside each postcode's
area, read once per process; nothing is looked up outside the server. "Near me" (search.geo)
measures from it, the HSDS API's ``proximity`` too, and an offer with a meeting place but
without an exact point gets its postcode's point, marked approximate (``location_approximate``,
shown as "ca."): a new offer at 6580 is then as near as Vamdrup is, not behind every other.
"""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

POSTCODES = Path(__file__).resolve().parent / "data" / "postcodes_dk.csv"
#: The offers' latitude and longitude have 6 decimals.
PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    #: "6000 Kolding" for a postcode, "" for a point from the browser.
    name: str = ""


@cache
def postcodes():
    """{postcode: Place}, read once per process."""
    with POSTCODES.open(encoding="utf-8", newline="") as f:
        return {
            row["postcode"]: Place(
                float(row["latitude"]), float(row["longitude"]), f"{row['postcode']} {row['name']}"
            )
            for row in csv.DictReader(f)
        }


def centre_of(postcode):
    """(latitude, longitude) of a postcode ("6580") as Decimals with 6 decimals, or None."""
    place = postcodes().get(postcode) if isinstance(postcode, str) else None
    if place is None:
        return None
    return _decimal(place.latitude), _decimal(place.longitude)


@cache
def _centres():
    """Every postcode's point: an approximate point that is one followed its postcode."""
    return frozenset(centre_of(code) for code in postcodes())


def _decimal(value):
    return Decimal(str(value)).quantize(PLACES)


def place_from_postcode(offer):
    """Give ``offer`` (an OfferPage, not saved) the place its postcode says, where it has no
    exact point: the one rule for the editor, the public form and the import (called from
    ``OfferPage.clean`` and ``save``, and by the import before it compares).

    - a meeting place (``is_physical``) without a point and with a known postcode: the
      postcode's point, approximate;
    - an approximate point whose postcode changed (or that is no longer a meeting place, or
      whose postcode is unknown): the new postcode's point, or none;
    - any other point is exact (an administrator typed it, or the import gave it).

    Half a point (latitude without longitude) is left for ``rule_errors`` to refuse.
    """
    if (offer.latitude is None) != (offer.longitude is None):
        return
    centre = centre_of(offer.postcode) if offer.is_physical else None
    if offer.latitude is None:
        point = None
    else:
        point = (_decimal(offer.latitude), _decimal(offer.longitude))
        if not offer.location_approximate or point == centre:
            return
        if point not in _centres():  # typed by someone: exact
            offer.location_approximate = False
            return
    if centre is None:
        if point is not None:
            offer.latitude = offer.longitude = None
        offer.location_approximate = False
        return
    offer.latitude, offer.longitude = centre
    offer.location_approximate = True
