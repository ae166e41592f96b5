from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.models import MunicipalityPage
from offers.models import LifeSituation, OfferPage
from offers.quick_exit import names_violence, offer_is_about_violence, quick_exit_context
from offers.rules import NATIONAL

from . import place, vocabulary
from .engine import run_search, scope_queryset
from .parameters import CONTROL, FLAGS, TERM_FACETS, SearchParams
from .phrases import words_of
from .statistics import record_search

RESULTS_PER_PAGE = 20
#: What a search that found nothing offers instead: this many helplines and life situations.
HELPLINES = 6
CLOSEST_SITUATIONS = 6


def _live_municipality_slugs():
    return [NATIONAL, *MunicipalityPage.objects.live().values_list("slug", flat=True)]


def _query_string(items):
    return "?" + urlencode(items) if items else "?"


def _facet_groups(facets, national):
    """The facets as fieldsets for the template, in display order."""
    legends = {facet.param: facet.legend for facet in TERM_FACETS}
    order = ["life_situation", "target_group", "offer_kind", "format"]
    if national:
        order.append("municipality")
    order += ["organisation_type", "language"]
    legends.update({"format": _("Form"), "municipality": _("Kommune")})
    groups = []
    for name in order:
        options = [o for o in facets[name] if o.count or o.active]
        if options:
            groups.append({"name": name, "legend": legends[name], "options": options})
    practical = [(name, facets[name][0]) for name in FLAGS]
    return groups, [
        {"name": name, "option": option}
        for name, option in practical
        if option.count or option.active
    ]


def _active_filters(params, facets):
    """Each active filter with its label and the link that removes it (the rest kept)."""
    items = params.to_querydict_items()
    labels = {
        (name, option.value): option.label for name, options in facets.items() for option in options
    }
    active = []
    for pair in items:
        name, value = pair
        if name == "q":
            continue
        if name in FLAGS:
            label = labels.get((name, "1"), name)
        elif name == "age":
            label = _("Alder: %(age)s år") % {"age": value}
        elif name == "postcode":
            label = _("Nær %(place)s") % {"place": params.near.name}
        elif name == "near":
            label = _("Nær din placering")
        else:
            label = labels.get(pair, value)
        rest = [item for item in items if item != pair]
        active.append({"label": label, "remove_url": _query_string(rest)})
    return active


def _notices(params):
    notices = []
    for problem in params.problems:
        if problem.param in ("page", "page_size"):
            continue  # a bad page number just shows the first page
        if problem.param == "life_situation":
            notices.append(_("Den valgte livssituation findes ikke. Vi har set bort fra den."))
        elif problem.param in ("near", "postcode"):
            notices.append(problem.message)
        else:
            notices.append(
                _("Et af de valgte filtre kunne ikke bruges, så vi har set bort fra det.")
            )
    return list(dict.fromkeys(notices))


def _place_notice(params, scope, items):
    """Far away (search.place): the place given is far from every offer of the municipality;
    the nearest municipality's search page with the same search, where there is one."""
    nearness = place.nearness(params.near, scope)
    if not nearness.far:
        return None
    elsewhere = nearness.elsewhere
    other = MunicipalityPage.objects.get(pk=elsewhere[0]).localized if elsewhere else None
    return {"nearness": nearness, "municipality": other, "query_string": _query_string(items)}


def _helplines(scope_page):
    """The national helplines (telephone and chat counselling) in the scope, by title."""
    phone_or_chat = OfferPage.objects.filter(
        Q(offer_kinds__slug="telefon-chat") | Q(is_phone=True)
    ).values("id")
    return list(
        scope_queryset(scope_page)
        .filter(municipality__isnull=True, id__in=phone_or_chat)
        .for_listing()
        .order_by("title", "-id")[:HELPLINES]
    )


def _closest_life_situations(query, phrases, scope_page):
    """The life situations whose names or synonyms share the most words with the query.

    A word counts when one of the two begins with the other (at least 4 letters in common),
    so "drikker" meets "drikke" and "skilsmissen" meets "skilsmisse". Without any match: the
    life situations with the most offers in the scope.
    """
    words = [w for w in words_of(query) if len(w) >= 3]

    def overlap(text_words):
        hits = 0
        for word in words:
            for known in text_words:
                short, long_ = sorted((word, known), key=len)
                if word == known or (len(short) >= 4 and long_.startswith(short)):
                    hits += 1
                    break
        return hits

    situations = vocabulary.situations_in_scope(
        scope_page, lambda: LifeSituation.objects.with_offer_counts(scope_queryset(scope_page))
    )
    for situation in situations:
        situation.n = situation.offer_count
    synonyms = {}
    for phrase, situation_id in phrases:
        synonyms.setdefault(situation_id, []).extend(phrase)
    scored = [
        (overlap(words_of(s.name) + synonyms.get(s.pk, [])), s.n, s) for s in situations if s.n
    ]
    matching = [item for item in scored if item[0]]
    chosen = matching or scored
    chosen.sort(key=lambda item: (-item[0], -item[1], item[2].sort_order, item[2].name))
    return [s for _hits, _n, s in chosen[:CLOSEST_SITUATIONS]]


def _about_violence(params, outcome, shown):
    """Quick exit (offers.quick_exit): filtered to a life situation about violence, a query
    naming one, or a query whose listed results hold an offer about violence. No query: the
    vocabulary is cached and the listed offers come with their life situations."""
    slugs = list(params.life_situation)
    if outcome.phrase_situations:
        by_id = {term.pk: term.slug for term in vocabulary.terms(LifeSituation)}
        slugs += [by_id.get(pk, "") for pk in outcome.phrase_situations]
    if names_violence(slugs):
        return True
    return bool(params.q) and any(offer_is_about_violence(offer) for offer in shown)


def search_offers_page(request, scope_page):
    """The search page of a municipality (/kolding/soeg/) or of the national portal (/soeg/)."""
    national = not isinstance(scope_page, MunicipalityPage)
    params = SearchParams.from_querydict(
        request.GET,
        strict=False,
        allowed_municipalities=_live_municipality_slugs if national else None,
    )
    outcome = run_search(
        params,
        scope_page,
        national=national,
        listing=lambda qs: qs.for_listing(),
        page_size=RESULTS_PER_PAGE,
    )

    paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)

    life_situations = params.terms.get("life_situation", {})
    life_situation = life_situations.get(params.life_situation[0]) if life_situations else None
    if params.q or params.life_situation:
        record_search(
            None if national else outcome.scope,  # the Danish page, in every language
            params.q,
            paginator.count,
            life_situation=life_situation,
        )

    dead_end = None
    if paginator.count == 0:
        phrases = vocabulary.phrases()
        dead_end = {
            "helplines": _helplines(scope_page),
            "life_situations": _closest_life_situations(params.q, phrases, scope_page),
        }

    items = params.to_querydict_items()
    facet_groups, practical = _facet_groups(outcome.facets, national)
    response = TemplateResponse(
        request,
        "search/search_page.html",
        {
            "page": scope_page,
            "self": scope_page,
            "quick_exit": quick_exit_context(
                _about_violence(params, outcome, [*page.object_list, *outcome.related])
            ),
            "query": params.q,
            "params": params,
            "life_situation": life_situation,
            "unknown_life_situation": any(p.param == "life_situation" for p in params.problems),
            "notices": _notices(params),
            "place_notice": None
            if national or params.near is None
            else _place_notice(params, outcome.scope, items),
            "results": page,
            "dead_end": dead_end,
            "corrected_from": outcome.corrected_from,
            "corrected_to": outcome.corrected_to,
            "suggestion": outcome.suggestion,
            "suggestion_url": _query_string([("q", outcome.suggestion)])
            if outcome.suggestion
            else None,
            "paginator": paginator,
            "has_filter": params.has_filter,
            "facet_groups": facet_groups,
            "practical_facets": practical,
            "age": params.age,
            "near": params.near,
            "near_from_browser": params.near_param[:1] == ("near",),
            "postcode": CONTROL.sub("", request.GET.get("postcode", "")).strip()[:20],
            "active_filters": _active_filters(params, outcome.facets),
            # Offers matching only part of the query: a few after few strong matches, all of
            # them behind "Vis flere".
            "partial": outcome.partial,
            "related_results": outcome.related,
            "related_heading": outcome.related_heading,
            "related_count": outcome.other_count,
            "more_url": _query_string(items + [("more", "1")])
            if outcome.other_count and outcome.strong_count and not params.more
            else None,
            "clear_filters_url": _query_string([("q", params.q)] if params.q else []),
            "previous_url": _query_string(items + [("page", page.previous_page_number())])
            if page.has_previous()
            else None,
            "next_url": _query_string(items + [("page", page.next_page_number())])
            if page.has_next()
            else None,
        },
    )
    # Each search is its own page and nobody else's business: no shared or browser caching.
    response["Cache-Control"] = "no-store"
    return response
