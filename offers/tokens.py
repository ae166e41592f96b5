"""Private links for associations without an account: signed, single-purpose, expiring.

A token names one offer and one purpose (``edit`` or ``confirm``), so a link to update one
offer cannot update another or confirm anything. An organisation's page ("Jeres tilbud på
Socialkompas", ``offers.organisation_page``) has a token of its own purpose (``organisation``)
naming the organisation and the municipality: ``make_organisation_token``. ``bound_to`` ties a
token to a value that changes when it has been used (e.g. the confirmation time), which makes it
work once.
"""

import base64

from django.conf import settings
from django.core import signing

SALT = "socialkompas.offers.links"


class InvalidLink(Exception):
    """The link is not ours, was changed, is for another offer or purpose, or was used."""


class ExpiredLink(InvalidLink):
    pass


#: The purpose of an organisation's page link: one organisation in one municipality.
ORGANISATION = "organisation"


def make_token(offer_id: int, purpose: str, bound_to: str = "") -> str:
    return _wrap({"o": offer_id, "p": purpose, "b": bound_to})


def make_organisation_token(organisation_id: int, municipality_id: int) -> str:
    """The token of an organisation's page in one municipality (its Danish page's id)."""
    return _wrap({"g": organisation_id, "m": municipality_id, "p": ORGANISATION})


def _wrap(data: dict) -> str:
    signed = signing.dumps(data, salt=SALT, compress=True)
    # Wagtail's page URLs allow only letters, digits, "_" and "-" in a path segment, and a
    # signature has ":" in it: so the whole token is base64-encoded once more.
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def _unwrap(token: str) -> str:
    try:
        padded = token + "=" * (-len(token) % 4)
        return base64.urlsafe_b64decode(padded.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidLink from exc


def _load(token: str, purpose: str) -> dict:
    max_age = settings.SOCIALKOMPAS_LINK_MAX_AGE_DAYS[purpose] * 24 * 3600
    try:
        data = signing.loads(_unwrap(token), salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredLink from exc
    except signing.BadSignature as exc:
        raise InvalidLink from exc
    if not isinstance(data, dict) or data.get("p") != purpose:
        raise InvalidLink
    return data


def check_token(token: str, offer_id: int, purpose: str, bound_to: str = "") -> None:
    data = _load(token, purpose)
    if data.get("o") != offer_id or data.get("b") != bound_to:
        raise InvalidLink


def check_organisation_token(token: str, organisation_id: int, municipality_id: int) -> None:
    """Raises unless ``token`` is the page link of this organisation in this municipality."""
    data = _load(token, ORGANISATION)
    if data.get("g") != organisation_id or data.get("m") != municipality_id:
        raise InvalidLink
