"""The one search over offers, shared by the HTML search page and the JSON API.

``SearchParams.from_querydict`` reads and checks the parameters, ``run_search`` finds the
offers in a scope (a municipality's own plus the national ones, or everything on the national
portal) and counts the facets. Both callers get exactly the same results in the same order.

Facets are combinable: values within one facet are alternatives (OR), different facets narrow
each other (AND). Each facet's counts have every *other* active filter applied, plus the text
query, so a count tells how many results there would be after also ticking that option.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.utils.translation import gettext_lazy as _

from offers.models import (
    Language,
    LifeSituation,
    OfferKind,
    OfferPage,
    Organisation,
    ProviderType,
    TargetGroup,
)
from offers.postcodes import POSTCODE_MESSAGE

from . import geo, lexicon

MAX_QUERY_LENGTH = 200
MAX_AGE = 120
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
NATIONAL = "national"

TRUE_VALUES = {"1", "true", "on", "ja"}
FALSE_VALUES = {"0", "false", "off", "nej"}

#: format slug (offer-format.md) -> (OfferPage field, label)
FORMATS = {
    "fysisk": ("is_physical", _("Fysisk fremmøde")),
    "online": ("is_online", _("Online")),
    "telefon": ("is_phone", _("Telefon")),
}

#: Yes/no filters: parameter -> (condition on OfferPage, label)
FLAGS = {
    "free": (Q(price="gratis"), _("Kun gratis")),
    "anonymous": (Q(anonymous=True), _("Man kan være anonym")),
    "no_registration": (Q(registration_required=False), _("Uden tilmelding")),
    "accessible": (Q(accessible="ja"), _("Niveaufri adgang")),
}


@dataclass(frozen=True)
class TermFacet:
    """A facet over a vocabulary: the parameter, the model and the key (how offers reach the
    vocabulary is in OFFER_LOOKUPS)."""

    param: str
    model: type
    key: str = "slug"
    legend: str = ""


TERM_FACETS = (
    TermFacet("life_situation", LifeSituation, legend=_("Livssituation")),
    TermFacet("target_group", TargetGroup, legend=_("Målgruppe")),
    TermFacet("offer_kind", OfferKind, legend=_("Tilbudstype")),
    TermFacet("organisation_type", ProviderType, legend=_("Udbyder")),
    TermFacet("language", Language, key="code", legend=_("Sprog")),
)
TERM_FACETS_BY_PARAM = {f.param: f for f in TERM_FACETS}

#: Where each term facet is on OfferPage (for filtering offers).
OFFER_LOOKUPS = {
    "life_situation": "life_situations__slug",
    "target_group": "target_groups__slug",
    "offer_kind": "offer_kinds__slug",
    "organisation_type": "organisation__provider_type__slug",
    "language": "languages__code",
}

LIST_PARAMS = (*OFFER_LOOKUPS, "format", "municipality")
ALL_PARAMS = frozenset({"q", "age", "near", "postcode", "page", "page_size", *LIST_PARAMS, *FLAGS})


#: Control characters (NUL among them: PostgreSQL refuses it in text) and lone surrogates.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_querydict(data):
    """A mutable copy of ``data`` with control characters removed from every value."""
    cleaned = data.copy()
    for name in list(cleaned):
        cleaned.setlist(name, [CONTROL.sub("", value) for value in data.getlist(name)])
    return cleaned


class ParamError(ValueError):
    """A parameter the search cannot use: its name and a message for people."""

    def __init__(self, param, message):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = str(message)


@dataclass
class SearchParams:
    q: str = ""
    life_situation: list = field(default_factory=list)
    target_group: list = field(default_factory=list)
    offer_kind: list = field(default_factory=list)
    organisation_type: list = field(default_factory=list)
    language: list = field(default_factory=list)
    format: list = field(default_factory=list)
    municipality: list = field(default_factory=list)
    age: int | None = None
    free: bool = False
    anonymous: bool = False
    no_registration: bool = False
    accessible: bool = False
    #: Near me: a geo.Place (from ``near=<lat>,<lon>`` or ``postcode=6000``), or None.
    near: object = None
    #: The parameter the place came from, as given: ("near", "55.49,9.47") or ("postcode", ...).
    near_param: tuple = ()
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    #: Problems skipped in lenient mode: list of ParamError.
    problems: list = field(default_factory=list)
    #: The terms of the active term filters, per parameter: {slug: term}.
    terms: dict = field(default_factory=dict)

    @classmethod
    def from_querydict(cls, data, *, strict=True, allowed_municipalities=None):
        """Read the parameters from ``data`` (a QueryDict).

        ``strict`` (the API): the first problem raises ``ParamError``. Otherwise (the HTML
        page) a bad value is left out and recorded in ``problems``. ``allowed_municipalities``
        is a function returning the municipality slugs this caller accepts, called only when
        the parameter is given (None: the parameter is not accepted at all).
        """
        params = cls()
        data = clean_querydict(data)

        def problem(param, message):
            error = ParamError(param, message)
            if strict:
                raise error
            params.problems.append(error)

        for name in data:
            if name not in ALL_PARAMS:
                if strict:
                    problem(name, _("Ukendt parameter."))
                # the HTML page silently ignores names it does not know (tracking tags etc.)

        params.q = " ".join(data.get("q", "").split())[:MAX_QUERY_LENGTH]

        def values(name):
            return [v.strip() for v in data.getlist(name) if v.strip()]

        for facet in TERM_FACETS:
            wanted = list(dict.fromkeys(values(facet.param)))
            if not wanted:
                continue
            found = {
                getattr(term, facet.key): term
                for term in facet.model.objects.filter(**{f"{facet.key}__in": wanted})
            }
            for value in wanted:
                if value not in found:
                    problem(facet.param, _('Ukendt værdi "%(value)s".') % {"value": value})
            setattr(params, facet.param, [v for v in wanted if v in found])
            params.terms[facet.param] = found

        formats = list(dict.fromkeys(values("format")))
        for value in formats:
            if value not in FORMATS:
                problem("format", _('Ukendt værdi "%(value)s".') % {"value": value})
        params.format = [v for v in formats if v in FORMATS]

        municipalities = list(dict.fromkeys(values("municipality")))
        if municipalities:
            if allowed_municipalities is None:
                problem("municipality", _("Kan ikke bruges her."))
            else:
                allowed_municipalities = set(allowed_municipalities())
                for value in municipalities:
                    if value not in allowed_municipalities:
                        problem("municipality", _('Ukendt kommune "%(value)s".') % {"value": value})
                params.municipality = [v for v in municipalities if v in allowed_municipalities]

        for name in FLAGS:
            raw = data.get(name, "").strip().lower()
            if raw in TRUE_VALUES:
                setattr(params, name, True)
            elif raw and raw not in FALSE_VALUES:
                problem(name, _('Brug "1" eller "true".'))

        raw_age = data.get("age", "").strip()
        if raw_age:
            try:
                age = int(raw_age)
            except ValueError:
                age = None
            if age is None or not 0 <= age <= MAX_AGE:
                problem("age", _("Alderen skal være et helt tal fra 0 til 120."))
            else:
                params.age = age

        raw_near = data.get("near", "").strip()
        raw_postcode = data.get("postcode", "").strip()
        if raw_near:
            params.near = geo.parse_near(raw_near)
            if params.near is None:
                problem(
                    "near", _("Skriv breddegrad og længdegrad adskilt af komma, fx 55.49,9.47.")
                )
            else:
                params.near_param = ("near", raw_near)
        elif raw_postcode:
            params.near = geo.place_of_postcode(raw_postcode)
            if geo.postcode_of(raw_postcode) is None:
                problem("postcode", POSTCODE_MESSAGE)
            elif params.near is None:
                problem(
                    "postcode",
                    _(
                        'Vi kender ikke postnummeret "%(value)s". '
                        "Skriv et dansk postnummer med 4 cifre."
                    )
                    % {"value": raw_postcode[:20]},
                )
            else:
                params.near_param = ("postcode", raw_postcode[:20])

        params.page = _positive_int(data, "page", 1, problem)
        params.page_size = _positive_int(data, "page_size", DEFAULT_PAGE_SIZE, problem)
        if params.page_size > MAX_PAGE_SIZE:
            problem("page_size", _("Højst %(max)s pr. side.") % {"max": MAX_PAGE_SIZE})
            params.page_size = MAX_PAGE_SIZE
        return params

    @property
    def has_filter(self):
        return bool(self.q or self.active_filters())

    def active_filters(self):
        """{facet name: Q} for every active filter, on OfferPage."""
        filters = {}
        for param in OFFER_LOOKUPS:
            if getattr(self, param):
                terms = self.terms.get(param) or {}
                ids = [terms[value].pk for value in getattr(self, param) if value in terms]
                filters[param] = Q(Exists(_tagged_with(param, ids)))
        if self.format:
            any_format = Q()
            for slug in self.format:
                any_format |= Q(**{FORMATS[slug][0]: True})
            filters["format"] = any_format
        if self.municipality:
            owners = Q()
            slugs = [m for m in self.municipality if m != NATIONAL]
            if slugs:
                owners |= Q(municipality__slug__in=slugs)
            if NATIONAL in self.municipality:
                owners |= Q(municipality__isnull=True)
            filters["municipality"] = Q(id__in=OfferPage.objects.filter(owners).values("id"))
        if self.age is not None:
            filters["age"] = (Q(age_min__isnull=True) | Q(age_min__lte=self.age)) & (
                Q(age_max__isnull=True) | Q(age_max__gte=self.age)
            )
        for name, (condition, _label) in FLAGS.items():
            if getattr(self, name):
                filters[name] = condition
        return filters

    def to_querydict_items(self, **override):
        """The parameters as (name, value) pairs, for links (pagination, "Fjern")."""
        items = []
        if self.q:
            items.append(("q", self.q))
        for name in (*OFFER_LOOKUPS, "format", "municipality"):
            items.extend((name, value) for value in getattr(self, name))
        if self.age is not None:
            items.append(("age", str(self.age)))
        for name in FLAGS:
            if getattr(self, name):
                items.append((name, "1"))
        if self.near_param:
            items.append(self.near_param)
        return items


def _tagged_with(param, ids):
    """The tag rows saying that the outer offer has one of the terms ``ids`` of facet ``param``.

    As EXISTS per offer of the scope (an index lookup each), not "id IN every offer of the
    country with that tag": with 50,000 offers the latter was thousands of rows per filter.
    By term id, not slug, so that PostgreSQL knows how common the tag is when it plans.
    """
    if param == "organisation_type":
        return Organisation.objects.filter(pk=OuterRef("organisation_id"), provider_type_id__in=ids)
    field = OfferPage._meta.get_field(OFFER_LOOKUPS[param].split("__")[0])
    return field.remote_field.through.objects.filter(
        **{field.m2m_field_name(): OuterRef("pk"), f"{field.m2m_reverse_field_name()}_id__in": ids}
    )


def _positive_int(data, name, default, problem):
    raw = data.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        problem(name, _("Skal være et helt tal, mindst 1."))
        return default
    return value


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    active: bool


@dataclass
class SearchOutcome:
    #: Every matching offer, best match first (when there is a query) else by title.
    results: object
    #: {facet name: [FacetOption]}, in display order; the ``age`` facet has no options.
    facets: dict
    #: The synonym phrases as loaded for this search: [(words tuple, life situation id)].
    phrases: list = field(default_factory=list)
    #: Ids of the life situations whose phrases the query contains.
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


#: How much each signal adds to an offer's rank (see ``run_search``): the text match, scaled
#: so the best match of this query gets TEXT_WEIGHT; each life situation the query names
#: (through the synonym phrases) that the offer is tagged with; being for the people the
#: query mentions. A single named situation weighs a little more than half the best text
#: match, so a strong text match still wins over a mere tag, but an offer tagged with both
#: named situations ("bøsse" + "ingen at snakke med") beats a text match on one word.
TEXT_WEIGHT = 1.0
SITUATION_WEIGHT = 0.6
GROUP_WEIGHT = 0.3
#: Common Danish endings: a query word matches a phrase word it extends by one of these.
ENDINGS = frozenset(
    "e en et er ere erne ene ens es s t ede ende te r n ing ingen inger else elsen lig ige"
    " ske isk iske".split()
)
#: Phrase words at least this long also match any longer word (compounds: "spillegælden").
PREFIX_MIN = 6


def words_of(text):
    return re.findall(r"\w+", (text or "").lower())


def _word_matches(query_word, phrase_word):
    if query_word == phrase_word:
        return True
    if not query_word.startswith(phrase_word):
        return False
    return len(phrase_word) >= PREFIX_MIN or query_word[len(phrase_word) :] in ENDINGS


def load_phrases():
    """All synonym phrases, once per search: [(words, life situation id)]."""
    from .models import LifeSituationPhrase

    return [
        (tuple(words_of(text)), situation_id)
        for text, situation_id in LifeSituationPhrase.objects.values_list(
            "text", "life_situation_id"
        )
    ]


def matching_situations(query, phrases):
    """Ids of the life situations with a phrase whose words occur in a row in ``query``."""
    words = words_of(query)
    found = []
    for phrase, situation_id in phrases:
        n = len(phrase)
        if not n or situation_id in found:
            continue
        for start in range(len(words) - n + 1):
            if all(_word_matches(words[start + i], phrase[i]) for i in range(n)):
                found.append(situation_id)
                break
    return found


#: Everyday words for the people an offer is for -> target group slugs (offer-format.md).
#: A query mentioning them lifts offers for that group a little; it never pulls in offers.
#: "min søn", "mit barn" is a parent speaking, so those count for parents as well.
TARGET_GROUP_WORDS = {
    ("barn",): ("boern",),
    ("børn",): ("boern",),
    ("dreng",): ("boern", "unge"),
    ("pige",): ("boern", "unge"),
    ("ung",): ("unge", "unge-voksne"),
    ("unge",): ("unge", "unge-voksne"),
    ("teenager",): ("unge",),
    ("student",): ("unge-voksne",),
    ("studerende",): ("unge-voksne",),
    ("ældre",): ("aeldre",),
    ("pensionist",): ("aeldre",),
    ("senior",): ("aeldre",),
    ("gammel",): ("aeldre",),
    ("forælder",): ("foraeldre",),
    ("forældre",): ("foraeldre",),
    ("alenemor",): ("foraeldre",),
    ("alenefar",): ("foraeldre",),
    ("min", "søn"): ("foraeldre",),
    ("min", "datter"): ("foraeldre",),
    ("min", "dreng"): ("foraeldre",),
    ("min", "pige"): ("foraeldre",),
    ("mit", "barn"): ("foraeldre",),
    ("mine", "børn"): ("foraeldre",),
    ("vores", "barn"): ("foraeldre",),
    ("pårørende",): ("paaroerende",),
    ("familie",): ("familier",),
    ("mand",): (),  # "min mand" is a wife speaking: not a hint that the offer is for men
    ("mænd",): ("maend",),
    ("kvinde",): ("kvinder",),
    ("kvinder",): ("kvinder",),
}


def matching_target_groups(query):
    """Slugs of the target groups the query mentions (see TARGET_GROUP_WORDS)."""
    words = words_of(query)
    found = []
    for phrase, slugs in TARGET_GROUP_WORDS.items():
        n = len(phrase)
        for start in range(len(words) - n + 1):
            if all(_word_matches(words[start + i], phrase[i]) for i in range(n)):
                found.extend(slug for slug in slugs if slug not in found)
                break
    return found


def _count_tags(through, field_name, values, lookup="in"):
    """Per offer: how many of ``values`` it is tagged with (a subquery; 0 when no values)."""
    if not values:
        return Value(0, output_field=IntegerField())
    tags = (
        through.objects.filter(offerpage_id=OuterRef("pk"), **{f"{field_name}__{lookup}": values})
        .order_by()
        .values("offerpage_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Subquery(tags, output_field=IntegerField())


class RankedResults:
    """Offers in a fixed order of ids, sliced lazily: a page costs one query (+ prefetches)."""

    def __init__(self, queryset, ids, distances=None):
        self.queryset = queryset
        self.ids = list(ids)
        #: Near me: {offer id: km} for the physical offers with a place.
        self.distances = distances or {}
        #: Ids of the offers the editors recommend for the query.
        self.recommended = set()

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            if not ids:
                return []
            by_id = {offer.pk: offer for offer in self.queryset.filter(id__in=ids)}
            for offer in by_id.values():
                offer.distance_km = self.distances.get(offer.pk)
                offer.is_recommended = offer.pk in self.recommended
            return [by_id[i] for i in ids if i in by_id]
        return self[index : index + 1][0] if index >= 0 else self[len(self) + index]


def _combine(filters, leave_out=None):
    q = Q()
    for name, condition in filters.items():
        if name != leave_out:
            q &= condition
    return q


def scope_queryset(scope_page):
    return OfferPage.objects.public().in_scope_of(scope_page)


def run_search(params, scope_page, *, national=False, listing=None, facets=True):
    """Search the public offers in ``scope_page``'s scope, in the reader's language.

    Every offer exists in Danish (the source language; the synonyms are Danish too), not every
    offer has a translation. So the search runs over the Danish offers of the scope, and in
    another language each result is shown in its translation where there is one (the
    untranslated ones in Danish): an English reader finds every offer, with the same counts.
    See ``_run_search`` for the parameters.
    """
    from home.localization import source_version

    source_page = source_version(scope_page)
    outcome = _run_search(params, source_page, national=national, listing=listing, facets=facets)
    outcome.scope = source_page
    if source_page.locale_id != scope_page.locale_id:
        outcome.results = LocalisedResults(outcome.results, scope_page.locale_id, listing)
    return outcome


class LocalisedResults:
    """Results shown in another language: each offer of a page replaced by its live
    translation in ``locale_id`` where there is one (one query per page of results)."""

    def __init__(self, results, locale_id, listing=None):
        self.results = results
        self.locale_id = locale_id
        self.listing = listing

    def count(self):
        return self.results.count()

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index]
        offers = list(self.results[index])
        if not offers:
            return []
        translations = OfferPage.objects.public().filter(
            locale_id=self.locale_id, translation_key__in=[o.translation_key for o in offers]
        )
        if self.listing is not None:
            translations = self.listing(translations)
        by_key = {t.translation_key: t for t in translations}
        shown = []
        for offer in offers:
            translation = by_key.get(offer.translation_key)
            if translation is None:
                shown.append(offer)
                continue
            translation.distance_km = getattr(offer, "distance_km", None)
            translation.is_recommended = getattr(offer, "is_recommended", False)
            # The import id belongs to the Danish original: the same id in every language.
            translation.external_id = offer.external_id
            shown.append(translation)
        return shown


def _run_search(params, scope_page, *, national=False, listing=None, facets=True):
    """Search the public offers in ``scope_page``'s scope (its locale's offers).

    ``national``: the scope is the whole country, so municipality is a facet too.
    Typos and compounds are handled by search/lexicon.py: the corrected words are searched
    too, and the outcome says so (``suggestion``, or ``corrected_from``/``corrected_to``).
    ``listing``: a function that adds select_related/prefetch_related to the results'
    queryset (it must not filter or order). ``facets``: also count the facets.
    """
    scope = scope_queryset(scope_page)
    filters = params.active_filters()

    filtered = scope.filter(_combine(filters))
    if not params.q:
        facet_counts = count_facets(params, scope, filters, national=national) if facets else {}
        if params.near is not None:
            ids = list(filtered.order_by("title", "-id").values_list("id", flat=True))
            return SearchOutcome(
                results=_nearest_first(ids, params.near, listing), facets=facet_counts
            )
        results = listing(filtered) if listing is not None else filtered
        return SearchOutcome(results=results.order_by("title", "-id"), facets=facet_counts)

    # 1. The words the query means: compounds split and typos corrected against the words of
    # the offers (search/lexicon.py), then the life situations it names through the synonym
    # phrases (one query).
    phrases = load_phrases()
    analysis = lexicon.analyse(params.q, known_elsewhere=_phrase_words(phrases))
    text_query = " ".join([params.q, *analysis.extra])
    situations = matching_situations(text_query, phrases)
    # Life situations the query names in its own words (not only through a correction).
    named = matching_situations(params.q, phrases) if analysis.corrected else situations
    # 2. The text matches in the whole scope with their scores, from the search backend once.
    # Not every filter is a FilterField of the backend, so the filters are applied below.
    # (PostgreSQL's ts_rank is positive; SQLite's bm25 negative, lower is better: abs() fits both.)
    scores = {
        offer.pk: abs(offer._score or 0.0)
        for offer in scope.only("id")
        .search(text_query, operator="or", order_by_relevance=True)
        .annotate_score("_score")
    }
    # Editors' recommended offers for this query (wagtail.contrib.search_promotions): always
    # found, and first, as long as they are in scope and pass the filters.
    pinned = recommended_offers(params.q)
    matched = Q(id__in=list(scores) + pinned)
    if situations:
        matched |= Q(
            Exists(
                OfferPage.life_situations.through.objects.filter(
                    offerpage_id=OuterRef("pk"), lifesituation_id__in=situations
                )
            )
        )
    # 3. The matching offers that pass the filters (one query), ranked by adding up what the
    # query says about them: how well the text matches (relative to the best match), how many
    # of the life situations the query names they are tagged with, and whether they are for
    # the people the query mentions ("min søn", "ældre", "unge").
    groups = matching_target_groups(params.q)
    rows = filtered.filter(matched).annotate(
        n_situations=_count_tags(OfferPage.life_situations.through, "lifesituation_id", situations),
        n_groups=_count_tags(
            OfferPage.target_groups.through, "targetgroup__slug", groups, lookup="in"
        ),
    )
    rows = list(rows.values_list("id", "n_situations", "n_groups"))
    best = max(scores.values(), default=0.0) or 1.0
    ranking = {
        offer_id: TEXT_WEIGHT * scores.get(offer_id, 0.0) / best
        + SITUATION_WEIGHT * (n_situations or 0)
        + GROUP_WEIGHT * min(n_groups or 0, 1)
        for offer_id, n_situations, n_groups in rows
    }
    ids = sorted(ranking, key=lambda offer_id: (-ranking[offer_id], -offer_id))
    recommended = [offer_id for offer_id in pinned if offer_id in ranking]
    if recommended:
        ids = recommended + [offer_id for offer_id in ids if offer_id not in recommended]
    if params.near is not None:
        results = _nearest_first(ids, params.near, listing)
    else:
        queryset = OfferPage.objects.all()
        if listing is not None:
            queryset = listing(queryset)
        results = RankedResults(queryset, ids)
    results.recommended = set(recommended)

    facet_counts = {}
    if facets:
        # Every facet count below is one aggregate query over the matching offers.
        facet_counts = count_facets(params, scope.filter(matched), filters, national=national)

    outcome = SearchOutcome(
        results=results,
        facets=facet_counts,
        phrases=phrases,
        phrase_situations=situations,
        recommended=set(recommended),
    )
    if analysis.corrected and analysis.only_corrections and ids and not named:
        # Every word was a typo and nothing else of the query found anything: these are the
        # results for the corrected query, said so.
        outcome.corrected_from, outcome.corrected_to = params.q, analysis.corrected
    elif analysis.corrected:
        outcome.suggestion = analysis.corrected
    return outcome


def recommended_offers(query):
    """Page ids the editors pinned for ``query`` (normalised as Wagtail does), in their order."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    return list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(query), page__isnull=False
        )
        .order_by("sort_order", "id")
        .values_list("page_id", flat=True)
    )


def _nearest_first(ids, place, listing):
    """Near me: the physical offers with a place, nearest first, then every other offer
    (online, telephone, no address) in the order it had. One query for the places."""
    places = OfferPage.objects.filter(
        id__in=ids, is_physical=True, latitude__isnull=False, longitude__isnull=False
    ).values_list("id", "latitude", "longitude")
    distances = {
        offer_id: round(geo.distance_km(place.latitude, place.longitude, lat, lon), 1)
        for offer_id, lat, lon in places
    }
    position = {offer_id: i for i, offer_id in enumerate(ids)}
    nearest = sorted(distances, key=lambda offer_id: (distances[offer_id], position[offer_id]))
    others = [offer_id for offer_id in ids if offer_id not in distances]
    queryset = OfferPage.objects.all()
    if listing is not None:
        queryset = listing(queryset)
    return RankedResults(queryset, nearest + others, distances)


def _term_counts(params, base, filters, *, national=False):
    """{facet index: {term id: number of matching offers}} in one query (UNION ALL).

    Facet i counts the offers matching every filter but its own (so its other options show
    what choosing them would give); index len(TERM_FACETS) is the municipality facet.
    """
    paths = [OFFER_LOOKUPS[facet.param].rsplit("__", 1)[0] for facet in TERM_FACETS]
    leave_out = [facet.param for facet in TERM_FACETS]
    if national:
        paths.append("municipality")
        leave_out.append("municipality")
    parts = [
        base.filter(_combine(filters, leave_out=param))
        .order_by()
        .annotate(facet=Value(index, output_field=IntegerField()), term=F(path))
        .filter(term__isnull=False)
        .values_list("facet", "term")
        .annotate(n=Count("id", distinct=True))
        for index, (path, param) in enumerate(zip(paths, leave_out, strict=True))
    ]
    counts = {}
    for facet, term, n in parts[0].union(*parts[1:], all=True):
        counts.setdefault(facet, {})[term] = n
    return counts


def _phrase_words(phrases):
    return {word for phrase, _situation in phrases for word in phrase}


def count_facets(params, base, filters, *, national=False):
    """Counts per facet option: one query for all vocabulary counts, one per vocabulary for
    its terms, one for the yes/no facets.

    Each count starts from the matching offers (few, found through indexes) and groups their
    tags, rather than joining every term to every offer of the country and filtering: with
    50,000 offers that was most of a search's time.
    """
    term_counts = _term_counts(params, base, filters, national=national)
    facets = {}
    for index, facet in enumerate(TERM_FACETS):
        counts = term_counts.get(index, {})
        active = set(getattr(params, facet.param))
        facets[facet.param] = [
            FacetOption(
                getattr(t, facet.key),
                t.display_name,
                counts.get(t.pk, 0),
                getattr(t, facet.key) in active,
            )
            for t in facet.model.objects.all()
        ]

    if national:
        from home.localization import default_locale_id
        from home.models import MunicipalityPage

        counts = term_counts.get(len(TERM_FACETS), {})
        municipalities = (
            MunicipalityPage.objects.live()
            .filter(locale_id=default_locale_id())  # the search runs over the Danish offers
            .order_by("title")
            .only("id", "title", "slug")
        )
        active = set(params.municipality)
        facets["municipality"] = [
            FacetOption(m.slug, m.title, counts.get(m.pk, 0), m.slug in active)
            for m in municipalities
        ]

    # Formats and yes/no filters: conditional counts in one aggregate.
    aggregates = {}
    others = _combine(filters, leave_out="format")
    for slug, (field_name, _label) in FORMATS.items():
        aggregates[f"format_{slug}"] = Count("id", filter=others & Q(**{field_name: True}))
    for name, (condition, _label) in FLAGS.items():
        aggregates[f"flag_{name}"] = Count("id", filter=_combine(filters, name) & condition)
    if national:
        aggregates["national"] = Count(
            "id", filter=_combine(filters, "municipality") & Q(municipality__isnull=True)
        )
    counts = base.order_by().aggregate(**aggregates)

    facets["format"] = [
        FacetOption(slug, str(label), counts[f"format_{slug}"], slug in params.format)
        for slug, (_field, label) in FORMATS.items()
    ]
    for name, (_condition, label) in FLAGS.items():
        facets[name] = [FacetOption("1", str(label), counts[f"flag_{name}"], getattr(params, name))]
    if national:
        facets["municipality"].insert(
            0,
            FacetOption(
                NATIONAL,
                str(_("Landsdækkende")),
                counts["national"],
                NATIONAL in params.municipality,
            ),
        )
    return facets
