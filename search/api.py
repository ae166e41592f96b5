"""Open data: ``GET /api/search/``, the same search as the public search pages, as JSON."""

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.db.models.functions import Length
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from home.models import MunicipalityPage
from offers.models import LifeSituation, OfferPage
from offers.rules import NATIONAL

from . import place
from .engine import run_search
from .models import LifeSituationPhrase
from .parameters import ParamError, SearchParams, clean_querydict


def _listing(queryset):
    return queryset.select_related("organisation__provider_type", "municipality").prefetch_related(
        "life_situations", "target_groups", "offer_kinds", "languages"
    )


def _offer_json(request, offer):
    return {
        "id": offer.external_id or str(offer.pk),
        "title": offer.title,
        "url": request.build_absolute_uri(offer.get_url(request=request)),
        "municipality": offer.municipality.slug if offer.municipality_id else NATIONAL,
        "organisation": offer.organisation.name,
        "organisation_type": offer.organisation.provider_type.slug,
        "summary": offer.summary,
        "life_situations": [t.slug for t in offer.life_situations.all()],
        "target_groups": [t.slug for t in offer.target_groups.all()],
        "offer_kinds": [t.slug for t in offer.offer_kinds.all()],
        "formats": [slug for slug, _label in offer.formats],
        "age_min": offer.age_min,
        "age_max": offer.age_max,
        "address": offer.address,
        "postcode": offer.postcode,
        "city": offer.city,
        "latitude": float(offer.latitude) if offer.latitude is not None else None,
        "longitude": float(offer.longitude) if offer.longitude is not None else None,
        "phone": offer.phone,
        "email": offer.email,
        "website": offer.website,
        "schedule": offer.schedule,
        "price": offer.price,
        "price_note": offer.price_note,
        "registration_required": offer.registration_required,
        "anonymous": offer.anonymous,
        "languages": [language.code for language in offer.languages.all()],
        "accessible": offer.accessible,
        "last_confirmed_at": offer.last_confirmed_at.isoformat(),
        # Near me (``near`` or ``postcode`` given): km to a physical offer's place, else null.
        "distance_km": getattr(offer, "distance_km", None),
        # Recommended by the editors for this query (wagtail.contrib.search_promotions).
        "recommended": getattr(offer, "is_recommended", False),
    }


def _open(response):
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(param, message):
    return _open(JsonResponse({"error": {"parameter": param, "message": str(message)}}, status=400))


def _scope(request, data):
    """The page whose scope is searched and whether it is the whole country.

    ``municipality=<slug>`` searches like that municipality's search page (its own offers plus
    the national ones); ``municipality=national`` only the national offers; none, everything.
    """
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if isinstance(home, MunicipalityPage):  # a municipality's own hostname
        home = home.get_parent().specific
    slugs = [s.strip() for s in data.getlist("municipality") if s.strip()]
    if not slugs:
        return home, True, []
    if len(slugs) > 1:
        raise ParamError("municipality", "Angiv højst én kommune.")
    if slugs[0] == NATIONAL:
        return home, True, [NATIONAL]
    page = MunicipalityPage.objects.live().filter(slug=slugs[0]).first()
    if page is None:
        raise ParamError("municipality", f'Ukendt kommune "{slugs[0]}".')
    return page, False, []


@require_GET
def search_api(request):
    data = clean_querydict(request.GET)
    try:
        scope_page, national, owner_filter = _scope(request, data)
        data.pop("municipality", None)
        params = SearchParams.from_querydict(data, strict=True)
    except ParamError as error:
        return _error(error.param, error.message)
    params.municipality = owner_filter

    outcome = run_search(params, scope_page, national=national, listing=_listing, related=False)
    paginator = Paginator(outcome.results, params.page_size)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        if params.page > 1 and params.page > paginator.num_pages:
            return _error("page", f"Der er kun {paginator.num_pages} side(r).")
        raise

    body = {
        "count": paginator.count,
        # Offers that match only part of the query; listed with more=1.
        "partial_matches": outcome.other_count if not params.more else 0,
        "results": [_offer_json(request, offer) for offer in page.object_list],
        "facets": {
            name: {option.value: option.count for option in options}
            for name, options in outcome.facets.items()
        },
        "page": page.number,
        "page_size": params.page_size,
    }
    if not national and params.near is not None:
        # Far away (search.place): how far the place is from the municipality's own offers,
        # and whose offers are nearest to it.
        body["place"] = place.nearness(params.near, outcome.scope).as_json()
    return _open(JsonResponse(body, json_dumps_params={"ensure_ascii": False}))


#: Autocomplete: at most this many suggestions, for queries of at least MIN_PREFIX letters.
MAX_SUGGESTIONS = 8
MIN_PREFIX = 2


@require_GET
def suggest_api(request):
    """``GET /api/search/suggest/?q=ang[&municipality=kolding]``: words to finish the query.

    Life situations, the everyday phrases that lead to them and the titles of offers in the
    scope that contain what was typed. Nothing is recorded (only whole searches are counted).
    """
    data = clean_querydict(request.GET)
    unknown = [name for name in data if name not in ("q", "municipality")]
    if unknown:
        return _error(unknown[0], "Ukendt parameter.")
    text = " ".join(data.get("q", "").split()).lower()[:100]
    try:
        scope_page, _national, owners = _scope(request, data)
    except ParamError as error:
        return _error(error.param, error.message)
    suggestions = []
    if len(text) >= MIN_PREFIX:
        for name in LifeSituation.objects.filter(name__istartswith=text).values_list(
            "name", flat=True
        )[:3]:
            suggestions.append(name)
        phrases = (
            LifeSituationPhrase.objects.filter(text__startswith=text)
            .order_by(Length("text"), "text")
            .values_list("text", flat=True)[:4]
        )
        suggestions.extend(phrases)
        offers = OfferPage.objects.public().in_scope_of(scope_page)
        if owners:
            offers = offers.filter(municipality__isnull=True)
        titles = (
            offers.filter(Q(title__istartswith=text) | Q(title__icontains=f" {text}"))
            .order_by(Length("title"), "title")
            .values_list("title", flat=True)[:MAX_SUGGESTIONS]
        )
        suggestions.extend(titles)
    by_lower = {}
    for suggestion in suggestions:  # "Angst" (the life situation) hides "angst" (a phrase)
        if suggestion.lower() != text:
            by_lower.setdefault(suggestion.lower(), suggestion)
    unique = list(by_lower.values())[:MAX_SUGGESTIONS]
    return _open(
        JsonResponse({"q": text, "suggestions": unique}, json_dumps_params={"ensure_ascii": False})
    )
