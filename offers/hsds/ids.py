"""The stable ids of what the HSDS API exports: UUIDs that never change.

Each id is a name-based UUID (version 5) in one fixed namespace, made from the kind of object
and what identifies it for good: an offer's import id (``external_id``) if it has one, else its
page id; an organisation's, municipality's or term's primary key or slug. An offer whose import
id already is a UUID (it came from an HSDS feed, ``import_hsds``) keeps it as its service id,
so an offer passed from one installation to the next keeps one id.
"""

import uuid

#: Socialkompas' namespace for HSDS ids. Never change it: every exported id depends on it.
NAMESPACE = uuid.UUID("6f1c2a4e-9b57-5d2e-8c1a-3e0b7d5f9a21")


def make(kind: str, key) -> str:
    """The id of the ``kind`` of object (``"service"``, ``"phone"`` ...) known by ``key``."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def as_uuid(text) -> str | None:
    """``text`` as a UUID in its canonical form (lower case), or None if it is none."""
    if not isinstance(text, str) or len(text) > 45:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def offer_key(external_id, page_id) -> str:
    """What identifies an offer for good: its import id, else its page id."""
    return f"external:{external_id}" if external_id else f"page:{page_id}"


def service_id(external_id, page_id) -> str:
    """An offer's service id (see the module's docstring)."""
    return as_uuid(external_id) or make("service", offer_key(external_id, page_id))


def part_id(kind: str, service: str) -> str:
    """The id of one part of a service (its location, phone, contact ...): one per service."""
    return make(kind, service)


def organization_id(organisation_id: int) -> str:
    return make("organization", organisation_id)


def taxonomy_id(key: str) -> str:
    return make("taxonomy", key)


def term_id(taxonomy_key: str, code: str) -> str:
    return make("taxonomy_term", f"{taxonomy_key}:{code}")


def service_area_id(municipality_id) -> str:
    return make("service_area", municipality_id or "national")
