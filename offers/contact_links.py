"""The addresses behind an offer's actions ("Ring", "Vis på kort"), each rule defined once.

Nothing is loaded from another site until the citizen follows a link: "Vis på kort" is a plain
link to OpenStreetMap (the point when the offer has one, else a search for its address).
"""

import re
from urllib.parse import quote, urlencode

#: Denmark's country code, for an 8-digit number written without it.
COUNTRY_CODE = "+45"
DANISH_DIGITS = 8
OSM = "https://www.openstreetmap.org/"
#: How close the map opens on a point (OpenStreetMap's zoom levels: 19 is a house).
MAP_ZOOM = 17


def tel_uri(phone):
    """``tel:+4512345678`` for "12 34 56 78", "+45 12 34 56 78" or "0045 1234 5678"; "" when the
    text holds no number (a tel: link must be only a number: RFC 3966)."""
    text = (phone or "").strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    if text.startswith("+"):
        number = "+" + digits
    elif digits.startswith("00") and len(digits) > 4:
        number = "+" + digits[2:]
    elif len(digits) == DANISH_DIGITS:
        number = COUNTRY_CODE + digits
    else:
        number = digits  # a short number (e.g. 114) or one we cannot place: as written
    return f"tel:{number}"


def map_url(offer):
    """OpenStreetMap for the offer's meeting place, or "" when it has none to show."""
    if not offer.is_physical:
        return ""
    if offer.latitude is not None and offer.longitude is not None:
        lat, lon = f"{offer.latitude:.6f}", f"{offer.longitude:.6f}"
        return f"{OSM}?{urlencode({'mlat': lat, 'mlon': lon})}#map={MAP_ZOOM}/{lat}/{lon}"
    place = " ".join(part for part in (offer.postcode, offer.city) if part)
    address = ", ".join(part for part in (offer.address, place) if part)
    if not offer.address:
        return ""  # a town alone is no meeting place
    return f"{OSM}search?query={quote(address)}"
