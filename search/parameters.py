"""The search's parameters: what ``/soeg/`` and ``/api/search/`` accept, read and checked once.

``SearchParams.from_querydict`` reads them (strict for the API: the first problem is an error;
lenient for the HTML page: a bad value is left out and noted), ``active_filters`` turns them
into conditions on OfferPage. Facets are combinable: values within one facet are alternatives
(OR), different facets narrow each other (AND).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Case, Exists, Min, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
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
from offers.rules import (
    CONTROL_CHARACTER_RANGES,
    FORMAT_FIELDS,
    FORMATS,
    MAX_AGE,
    MIN_AGE,
    NATIONAL,
    NO,
    YES,
)

from . import geo, vocabulary

MAX_QUERY_LENGTH = 200
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

TRUE_VALUES = {"1", "true", "on", YES}
FALSE_VALUES = {"0", "false", "off", NO}

#: Yes/no filters: parameter -> (condition on OfferPage, label)
FLAGS = {
    "free": (Q(price="gratis"), _("Kun gratis")),
    "anonymous": (Q(anonymous=True), _("Man kan være anonym")),
    "no_registration": (Q(registration_required=False), _("Uden tilmelding")),
    "accessible": (Q(accessible=YES), _("Niveaufri adgang")),
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
#: ``more=1``: also list the offers that match only part of the query ("Vis flere").
ALL_PARAMS = frozenset(
    {"q", "age", "near", "postcode", "page", "page_size", "more", *LIST_PARAMS, *FLAGS}
)


#: The control characters no text may hold (``offers.rules``) and lone surrogates, which a
#: parameter can carry but no text can be stored or encoded with.
CONTROL = re.compile(rf"[{CONTROL_CHARACTER_RANGES}\ud800-\udfff]")


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
    #: Also list the offers that match only part of the query, after the strong matches.
    more: bool = False
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
            known = vocabulary.terms(facet.model)
            found = {
                getattr(term, facet.key): term
                for term in known
                if getattr(term, facet.key) in wanted
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

        raw_more = data.get("more", "").strip().lower()
        params.more = raw_more in TRUE_VALUES
        if raw_more and raw_more not in TRUE_VALUES | FALSE_VALUES:
            problem("more", _('Brug "1" eller "true".'))

        raw_age = data.get("age", "").strip()
        if raw_age:
            try:
                age = int(raw_age)
            except ValueError:
                age = None
            if age is None or not MIN_AGE <= age <= MAX_AGE:
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
                any_format |= Q(**{FORMAT_FIELDS[slug]: True})
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
            filters["age"] = age_condition(self.age)
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
        if self.more:
            items.append(("more", "1"))
        return items


def age_condition(age):
    """The offers for a person of ``age``, as one condition on OfferPage.

    - An offer with an age range of its own (``age_min`` or ``age_max`` set) is for the ages in
      that range, whatever its target groups say: the offer's own range is the more precise.
    - An offer without one is for ``age`` when it has no target group, or when one of its
      target groups covers ``age``: a group with an age span ("Ældre (65+ år)": 65 to none)
      covers the ages in it, a group without a span ("Forældre", "Pårørende", "Familier",
      "Mænd") covers every age.

    So "Ældre + Pårørende" without a range of its own is found at 70 and at 40 (the relative
    of an elderly person may be any age), "Ældre" alone at 70 but not at 12, and an offer tagged
    only with groups without a span at every age. Target groups are alternatives (the offer
    is for the elderly *or* their relatives), which also makes "Ældre + Mænd" an offer for
    every age; an offer meant for older men only says so with an age range of its own.

    The spans come from the cached vocabulary (``vocabulary.terms``): the groups whose span
    leaves ``age`` out become ids, and one subquery on the target group tag table, by its index
    on the offer, asks whether every tag of the offer is one of those. Not as EXISTS ("no tag,
    or a tag of a group that covers ``age``"), as the other filters are: those groups are most
    groups and most tags, and PostgreSQL then read all the country's tags into a hash for
    each search (28 ms at 50,000 offers); a scalar subquery is a few index probes (1.6 ms), and
    only for the offers without a range of their own.
    """
    own_range = Q(age_min__isnull=False) | Q(age_max__isnull=False)
    within_own_range = (Q(age_min__isnull=True) | Q(age_min__lte=age)) & (
        Q(age_max__isnull=True) | Q(age_max__gte=age)
    )
    outside = [group.pk for group in vocabulary.terms(TargetGroup) if not group.covers_age(age)]
    if not outside:  # no group has a span that leaves ``age`` out
        return within_own_range
    # 1 when every target group of the offer leaves ``age`` out, 0 when one covers it, NULL
    # when it has none.
    all_outside = Subquery(
        _tagged_with("target_group", None)
        .order_by()
        .values("offerpage_id")
        .annotate(x=Min(Case(When(targetgroup_id__in=outside, then=1), default=0)))
        .values("x")
    )
    by_groups = Exact(Coalesce(all_outside, 0), 0)
    return within_own_range & (own_range | by_groups)


def _tagged_with(param, ids):
    """The tag rows saying that the outer offer has one of the terms ``ids`` of facet ``param``
    (``ids`` None: any term of it).

    As EXISTS per offer of the scope (an index lookup each), not "id IN every offer of the
    country with that tag": with 50,000 offers the latter was thousands of rows per filter.
    By term id, not slug, so that PostgreSQL knows how common the tag is when it plans.
    """
    if param == "organisation_type":
        return Organisation.objects.filter(pk=OuterRef("organisation_id"), provider_type_id__in=ids)
    field = OfferPage._meta.get_field(OFFER_LOOKUPS[param].split("__")[0])
    tags = field.remote_field.through.objects.filter(**{field.m2m_field_name(): OuterRef("pk")})
    if ids is None:  # any term of the facet
        return tags
    return tags.filter(**{f"{field.m2m_reverse_field_name()}_id__in": ids})


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
