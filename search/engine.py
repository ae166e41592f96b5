"""The one search over offers, shared by the HTML search page and the JSON API.

``parameters.SearchParams`` reads the request; ``run_search`` understands the query
(``understanding``: life situations, content words, target groups), finds, ranks and counts the
offers of the scope in one database statement (``ranking`` with ``text_match``) and builds the
facets (``facets``). Both callers get exactly the same results in the same order.

An offer is a result only on evidence (see ``understanding``). The *strong* matches (the best
coverage of the query's concepts any offer reaches) are the results; the others are counted,
listed after a few strong ones under a heading of their own ("Andre tilbud om ensomhed"), and
all of them behind "Vis flere" (``more=1``).
"""

from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from home.localization import source_version
from home.models import MunicipalityPage
from offers.models import LifeSituation, OfferPage

from . import ranking, vocabulary
from .facets import build_facets
from .parameters import DEFAULT_PAGE_SIZE
from .results import LocalisedResults, RankedResults, localise
from .understanding import understand


@dataclass
class SearchOutcome:
    #: The listed offers (strong matches; every match with ``more``), best first; by title
    #: without a query.
    results: object
    #: {facet name: [FacetOption]}
    facets: dict
    #: Ids of the life situations the query names.
    phrase_situations: list = field(default_factory=list)
    #: "Mente du ...?": the query with its typos corrected (the corrections are searched
    #: too), else "".
    suggestion: str = ""
    #: When every word of the query was a typo, the results are for the corrected query:
    #: what was typed ...
    corrected_from: str = ""
    #: ... and the corrected query whose results these are.
    corrected_to: str = ""
    #: Ids of the offers the editors recommend for this query (shown first, marked).
    recommended: set = field(default_factory=set)
    #: The page whose offers were searched (the Danish version of the scope page).
    scope: object = None
    #: How many strong matches, and how many offers match only part of the query.
    strong_count: int = 0
    other_count: int = 0
    #: No offer matches the whole query: the results are the partial matches.
    partial: bool = False
    #: A few partial matches listed after few strong ones (offers), and their heading.
    related: list = field(default_factory=list)
    related_heading: str = ""
    #: The query had words but none that can be evidence ("jeg har det", "hjælp").
    nothing_to_search: bool = False


def scope_queryset(scope_page):
    return OfferPage.objects.public().in_scope_of(scope_page)


def _text_offers(scope_page):
    """The public offers of the scope in every language (a translation's words are its
    offer's; a translation's municipality is the municipality page in its language)."""
    offers = OfferPage.objects.public()
    if not isinstance(scope_page, MunicipalityPage):
        return offers
    # As filters every search backend can apply (Elasticsearch too).
    municipality = vocabulary.translations_of(scope_page)
    return offers.filter(Q(municipality__in=municipality) | Q(municipality__isnull=True))


def _within(scope_page):
    """A municipality's offers in every language (their ids), or None for the country."""
    if not isinstance(scope_page, MunicipalityPage):
        return None
    municipality = vocabulary.translations_of(scope_page)
    return (
        OfferPage.objects.filter(Q(municipality_id__in=municipality) | Q(municipality__isnull=True))
        .order_by()
        .values(oid=F("pk"))
    )


def run_search(
    params, scope_page, *, national=False, listing=None, facets=True, page_size=None, related=True
):
    """Search the public offers in ``scope_page``'s scope, in the reader's language.

    Every offer exists in Danish (the source language), not every offer has a translation. So
    the search runs over the Danish offers of the scope (their translations' words count as
    theirs), and in another language each result is shown in its translation where there is
    one: an English reader finds every offer, with the same counts.

    ``listing``: a function adding select_related/prefetch_related to the results' queryset
    (it must not filter or order). ``page_size``: the page the caller will show (for the
    statement to return its ids at once). ``related``: fetch the partial matches listed after
    few strong ones (the HTML page shows them; the JSON API lists every match with ``more``).
    """
    source_page = source_version(scope_page)
    outcome = _run_search(
        params,
        source_page,
        national=national,
        listing=listing,
        page_size=page_size or params.page_size or DEFAULT_PAGE_SIZE,
        related=related,
    )
    outcome.scope = source_page
    if source_page.locale_id != scope_page.locale_id:
        outcome.results = LocalisedResults(outcome.results, scope_page.locale_id, listing)
        outcome.related = localise(outcome.related, scope_page.locale_id, listing)
    return outcome


def _run_search(params, scope_page, *, national, listing, page_size, related):
    understanding = understand(params.q) if params.q else None
    pinned = recommended_offers(params.q) if params.q else []
    plan = ranking.Plan(
        scope=scope_queryset(scope_page),
        filters=params.active_filters(),
        understanding=understanding,
        pinned=pinned,
        near=params.near,
        national=national,
        more=params.more,
        text_offers=_text_offers(scope_page),
        text_within=_within(scope_page),
        locale_id=scope_page.locale_id,
        other_locale_ids=vocabulary.other_locale_ids(scope_page.locale_id),
    )
    lo = (max(params.page, 1) - 1) * page_size + 1
    counts = ranking.execute(plan, lo, lo + page_size - 1)
    if params.more:
        total = counts.strong + counts.other
    else:
        total = counts.strong or counts.other

    def fetch_ids(first, last):
        return [offer_id for offer_id, _strong in ranking.execute(plan, first, last).page]

    queryset = listing(OfferPage.objects.all()) if listing is not None else OfferPage.objects.all()
    results = RankedResults(
        queryset,
        total,
        (lo, lo + page_size - 1),
        [offer_id for offer_id, _strong in counts.page],
        fetch_ids,
        near=params.near,
        recommended=pinned,
    )
    strong_only = not params.more and counts.strong > 0
    outcome = SearchOutcome(
        results=results,
        facets=build_facets(params, counts, national=national, strong_only=strong_only),
        recommended=set(pinned),
        strong_count=counts.strong,
        other_count=counts.other,
        partial=bool(understanding) and not counts.strong and counts.other > 0,
        related=results.offers(counts.related, with_window=True) if related else [],
    )
    if understanding is None:
        return outcome
    outcome.phrase_situations = understanding.situations
    outcome.nothing_to_search = not understanding.concepts
    if counts.other or outcome.related:
        outcome.related_heading = related_heading(understanding)
    analysis = understanding.analysis
    if analysis.corrected and analysis.only_corrections and total and not understanding.named:
        # Every word was a typo and nothing else of the query found anything: these are the
        # results for the corrected query, said so.
        outcome.corrected_from, outcome.corrected_to = params.q, analysis.corrected
    elif analysis.corrected:
        outcome.suggestion = analysis.corrected
    return outcome


def related_heading(understanding):
    """ "Andre tilbud om ensomhed": the life situations the query names, else a general
    heading."""
    names = {term.pk: term.display_name for term in vocabulary.terms(LifeSituation)}
    topics = [_lower_first(names[i]) for i in understanding.situations if i in names]
    if topics:
        return _("Andre tilbud om %(topics)s") % {"topics": _(" eller ").join(topics)}
    return _("Andre tilbud, der passer på en del af din søgning")


def _lower_first(name):
    """ "Ensomhed" -> "ensomhed", but "LGBT+" and "Ny i Danmark" -> "ny i Danmark"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def recommended_offers(query):
    """Page ids the editors pinned for ``query`` (normalised as Wagtail does), in their order."""
    return list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(query), page__isnull=False
        )
        .order_by("sort_order", "id")
        .values_list("page_id", flat=True)
    )
