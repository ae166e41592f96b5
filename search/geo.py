"""Near me: where the person is (from the browser or a Danish postcode) and how far offers are.

Nothing is looked up outside the server: postcodes come from the offers' table
(``offers/postcode_places.py``, ``offers/data/postcodes_dk.csv``), distances are great-circle
distances computed here.
"""

import math
import re

from offers.postcode_places import Place, postcodes
from offers.postcodes import is_postcode

__all__ = ["Place", "distance_km", "parse_near", "place_of_postcode", "postcode_of", "postcodes"]

EARTH_RADIUS_KM = 6371.0088
# ASCII digits only (re.ASCII): float() would read "５５.４９" too.
NEAR = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$", re.ASCII)


def postcode_of(text):
    """The postcode a person typed ("6000", " 6000 Kolding"): its first word if that is a
    postcode (four ASCII digits, offers/postcodes.py), else None."""
    words = (text or "").split(maxsplit=1)
    return words[0] if words and is_postcode(words[0]) else None


def place_of_postcode(text):
    """The Place of a Danish postcode ("6000", " 6000 Kolding"), or None."""
    return postcodes().get(postcode_of(text))


def parse_near(text):
    """The Place of "<lat>,<lon>" (WGS84 decimal degrees), or None when it is not that."""
    match = NEAR.match(text or "")
    if not match:
        return None
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Place(round(latitude, 4), round(longitude, 4))


def distance_km(a_lat, a_lon, b_lat, b_lon):
    """Great-circle (haversine) distance in kilometres."""
    a_lat, a_lon, b_lat, b_lon = map(math.radians, (a_lat, a_lon, b_lat, b_lon))
    h = (
        math.sin((b_lat - a_lat) / 2) ** 2
        + math.cos(a_lat) * math.cos(b_lat) * math.sin((b_lon - a_lon) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
