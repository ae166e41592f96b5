"""The read-only HSDS 3.0 API at ``/api/hsds/v3/`` (plain Django views, JSON or ndjson).

Open to any site (``Access-Control-Allow-Origin: *``), cacheable for ``MAX_AGE`` seconds with
an ``ETag`` (a repeated request with ``If-None-Match`` gets a 304), GET and HEAD only. Lists
are ``Page`` envelopes; ``format=ndjson`` streams every result, one object a line, without
pages. What may be shown: ``offers.hsds.queries``.
"""

import hashlib
import json
import math

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe

from . import export, queries
from .params import ParamError, parse
from .vocabulary import BY_ID, TAXONOMIES, all_terms

HSDS_VERSION = "3.0"
#: The profile of HSDS we follow (the standard itself) and its API description.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
MAX_AGE = 300
JSON = "application/json"
NDJSON = "application/x-ndjson"
#: ``format=ndjson`` reads the offers this many at a time.
STREAM_CHUNK = 500


def _open(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _json(request, data, status=200):
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if status == 200 and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, status=status, content_type=JSON)
    if status == 200:
        response["ETag"] = etag
    return _open(response)


def _error(request, status, message, param=None):
    error = {"message": str(message)}
    if param:
        error["parameter"] = param
    return _json(request, {"error": error}, status=status)


def _not_found(request):
    return _error(request, 404, _("Ingen post med dette id."))


def _stream(items):
    """``format=ndjson``: one object a line, made while the response is sent (in Danish)."""

    def lines():
        with override(settings.LANGUAGE_CODE):
            for item in items:
                yield json.dumps(item, ensure_ascii=False) + "\n"

    return _open(StreamingHttpResponse(lines(), content_type=NDJSON))


def _page(request, params, total, contents_for):
    """The ``Page`` envelope; ``contents_for(start, stop)`` gives that slice's objects."""
    pages = math.ceil(total / params.per_page) if total else 0
    start = (params.page - 1) * params.per_page
    contents = contents_for(start, start + params.per_page) if start < total else []
    return _json(
        request,
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": params.page,
            "size": len(contents),
            "first_page": params.page == 1,
            "last_page": params.page >= pages,
            "empty": not contents,
            "contents": contents,
        },
    )


def _listing(request, params, items):
    """A list of ready objects (the vocabulary), paged or streamed."""
    if params.ndjson:
        return _stream(items)
    return _page(request, params, len(items), lambda start, stop: items[start:stop])


def _offer_listing(request, params, offers, to_json):
    if params.ndjson:
        return _stream(
            to_json(offer) for offer in queries.for_export(offers).iterator(chunk_size=STREAM_CHUNK)
        )
    return _page(
        request,
        params,
        offers.count(),
        lambda start, stop: [to_json(o) for o in queries.for_export(offers)[start:stop]],
    )


def handles_errors(endpoint):
    """The view of ``endpoint``, called with its checked parameters; in Danish (the data's
    language, ``vocabulary.LANGUAGE``) whatever the request's language."""

    def decorate(view):
        @require_safe
        def wrapped(request, *args, **kwargs):
            with override(settings.LANGUAGE_CODE):
                try:
                    params = parse(request.GET, endpoint)
                except ParamError as error:
                    return _error(request, 400, error.message, error.param)
                return view(request, params, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


# Filters


def _words(queryset, params, fields):
    for word in params.words:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def _service_offers(params):
    """The exportable offers matching every filter given (AND)."""
    offers = _words(queries.exportable_offers(), params, ("title", "summary", "description"))
    if params.taxonomy_term_id:
        term = {term.id: term for term in all_terms()}.get(params.taxonomy_term_id)
        if term is None:
            return offers.none()
        offers = offers.filter(term.taxonomy.offers_with(term.code))
    if params.taxonomy_id:
        taxonomy = BY_ID.get(params.taxonomy_id)
        if taxonomy is None:
            return offers.none()
        offers = offers.filter(taxonomy.offers_with())
    if params.organization_id:
        pk = queries.organisation_pk(params.organization_id)
        if pk is None:
            return offers.none()
        offers = offers.filter(organisation_id=pk)
    if params.modified_after:
        offers = queries.modified_after(offers, params.modified_after)
    return offers


# Endpoints


@require_safe
def index(request):
    return _json(
        request, {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}
    )


def _minimal(offer):
    """``minimal=true``: the id and when it changed (and what the schema requires)."""
    core = export.service_core(offer)
    return {key: core[key] for key in ("id", "name", "status", "last_modified") if key in core}


@handles_errors("services")
def services(request, params):
    to_json = (
        _minimal if params.minimal else export.service_full if params.full else export.service_core
    )
    return _offer_listing(request, params, _service_offers(params), to_json)


@handles_errors("service")
def service(request, params, hsds_id):
    offer = queries.find_offer(hsds_id)
    if offer is None:
        return _not_found(request)
    return _json(request, export.service_full(offer))


def _service_at_location(offer, full=True):
    sid = export.service_core(offer)["id"]
    location = export.location_json(offer, sid)
    service = export.service_full(offer) if full else export.service_core(offer)
    for nested in ("service_at_locations",):
        service.pop(nested, None)
    return export.service_at_location_json(offer, sid, location, service)


@handles_errors("service_at_locations")
def service_at_locations(request, params):
    offers = _service_offers(params).filter(queries.with_place())
    if params.postcode and params.proximity:
        place = queries.postcode_place(params.postcode)
        if place is None:
            return _error(request, 400, _("Postnummeret kendes ikke."), "postcode")
        offers = offers.filter(pk__in=queries.within(offers, place, params.proximity))
    elif params.postcode:
        offers = offers.filter(is_physical=True, postcode=params.postcode)
    return _offer_listing(
        request, params, offers, lambda offer: _service_at_location(offer, params.full)
    )


@handles_errors("service_at_location")
def service_at_location(request, params, hsds_id):
    offer = queries.find_offer(hsds_id, "service_at_location")
    if offer is None:
        return _not_found(request)
    data = _service_at_location(offer)
    # The API description names service.json as this response's schema: the service's name
    # and status are given too, so the object validates against it and service_at_location.json.
    data.update(name=offer.title, status="active")
    return _json(request, data)


@handles_errors("taxonomies")
def taxonomies(request, params):
    items = [export.taxonomy_json(taxonomy) for taxonomy in TAXONOMIES]
    return _listing(request, params, _matching(items, params))


@handles_errors("taxonomy")
def taxonomy(request, params, hsds_id):
    found = BY_ID.get(hsds_id.lower())
    if found is None:
        return _not_found(request)
    return _json(request, export.taxonomy_json(found))


@handles_errors("taxonomy_terms")
def taxonomy_terms(request, params):
    terms = all_terms()
    if params.taxonomy_id:
        terms = [term for term in terms if term.taxonomy.id == params.taxonomy_id]
    if params.parent_id:
        terms = []  # our vocabularies are flat: no term has a parent
    return _listing(request, params, _matching([export.term_json(t) for t in terms], params))


@handles_errors("taxonomy_term")
def taxonomy_term(request, params, hsds_id):
    found = {term.id: term for term in all_terms()}.get(hsds_id.lower())
    if found is None:
        return _not_found(request)
    return _json(request, export.term_json(found))


def _matching(items, params):
    """Objects whose name, code or description holds every word of ``search``."""

    def text(item):
        return " ".join(str(item.get(k, "")) for k in ("name", "code", "description")).lower()

    return [item for item in items if all(w.lower() in text(item) for w in params.words)]


def _organization(organisation, params):
    services = None
    if params.full_service or params.full:
        to_json = export.service_full if params.full_service else export.service_core
        services = [to_json(offer) for offer in organisation.hsds_offers]
    return export.organization_json(organisation, services)


@handles_errors("organizations")
def organizations(request, params):
    organisations = _words(queries.exportable_organisations(), params, ("name",))
    organisations = organisations.select_related("provider_type").order_by("pk")
    if params.full or params.full_service:
        organisations = queries.organisations_with_services(organisations)
    if params.ndjson:
        return _stream(_organization(o, params) for o in organisations.iterator(chunk_size=500))
    return _page(
        request,
        params,
        organisations.count(),
        lambda start, stop: [_organization(o, params) for o in organisations[start:stop]],
    )


@handles_errors("organization")
def organization(request, params, hsds_id):
    found = queries.find_organisation(hsds_id)
    if found is None:
        return _not_found(request)
    found = queries.organisations_with_services(
        type(found).objects.filter(pk=found.pk).select_related("provider_type")
    ).get()
    params.full = True
    return _json(request, _organization(found, params))
