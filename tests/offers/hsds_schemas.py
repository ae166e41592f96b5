"""Validating HSDS API responses against Open Referral's JSON Schemas (tests/offers/hsds-3.0/).

The schemas are read from ``HSDS_SCHEMA_DIR`` if it is set, else from the copy kept beside the
tests; a missing schema fails the test with a message saying where it was looked for.
Responses are validated as the API description (``schema/openapi.json``) says: each item of a
list against its compiled schema, the envelope against its ``Page``, with the JSON Schema
2020-12 format checker (ids must be UUIDs, e-mail addresses and URIs well formed).
"""

import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

VENDORED = Path(__file__).resolve().parent / "hsds-3.0"
#: Where openapi.json finds the schemas.
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
COMPILED = ("service", "service_list", "service_at_location", "service_at_location_list",
            "organization", "organization_list")  # fmt: skip
PLAIN = ("taxonomy", "taxonomy_term", "metadata")
PAGE_FIELDS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page",
               "empty", "contents")  # fmt: skip


def schema_dir() -> Path:
    given = os.environ.get("HSDS_SCHEMA_DIR")
    root = Path(given) if given else VENDORED
    if not (root / "schema" / "openapi.json").is_file():
        pytest.fail(
            f"HSDS 3.0 schemas not found in {root} (schema/openapi.json missing). "
            "Set HSDS_SCHEMA_DIR to a copy of Open Referral's HSDS 3.0 (schema/, examples/).",
            pytrace=False,
        )
    return root


def _load(relative):
    path = schema_dir() / relative
    if not path.is_file():
        pytest.fail(f"HSDS schema file missing: {path}", pytrace=False)
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def registry():
    resources = []
    for name in COMPILED:
        contents = _load(f"schema/compiled/{name}.json")
        resources.append((f"{BASE}compiled/{name}.json", contents))
    for name in PLAIN:
        resources.append((f"{BASE}{name}.json", _load(f"schema/{name}.json")))
    return Registry().with_resources(
        (uri, Resource.from_contents(contents, default_specification=DRAFT202012))
        for uri, contents in resources
    )


@cache
def page_schema():
    return _load("schema/openapi.json")["components"]["schemas"]["Page"]


def _validator(schema):
    return Draft202012Validator(
        schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_uri(name):
    """The URI of a schema by the name openapi.json gives it: ``compiled/service`` ..."""
    return f"{BASE}{name}.json"


def validate(data, name):
    """Raise if ``data`` is not valid against the schema ``name`` (``compiled/service`` ...)."""
    errors = sorted(_validator({"$ref": schema_uri(name)}).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def validate_page(data, item_name):
    """A list response: the ``Page`` envelope (every field there) and each item."""
    schema = {
        "allOf": [page_schema()],
        "required": list(PAGE_FIELDS),
        "properties": {"contents": {"type": "array", "items": {"$ref": schema_uri(item_name)}}},
    }
    errors = sorted(_validator(schema).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert data["size"] == len(data["contents"])


def example(name):
    return _load(f"examples/{name}")
