"""Our vocabulary as HSDS taxonomies: each term's code is its slug, its id a stable UUID.

The four vocabularies of offer-format.md (life situations, target groups, offer kinds, provider
types) come from their tables; two small ones are fixed here, for what HSDS has no exact field
for: the formats (``offers.rules.FORMATS``) and the practical conditions (registration,
anonymity, step-free access). Each taxonomy also says which offers have one of its terms
(``offers_with``), for the API's ``taxonomy_term_id`` and ``taxonomy_id``.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..models import Accessibility, LifeSituation, OfferKind, OfferPage, ProviderType, TargetGroup
from . import ids

#: Terms of the conditions taxonomy: code -> (name, the offers that have it).
REGISTRATION = "kraever-tilmelding"
ANONYMOUS = "anonym"
STEP_FREE = "niveaufri-adgang"
NOT_STEP_FREE = "ikke-niveaufri-adgang"
CONDITIONS = {
    REGISTRATION: (_("Kræver tilmelding"), Q(registration_required=True)),
    ANONYMOUS: (_("Man kan være anonym"), Q(anonymous=True)),
    STEP_FREE: (_("Niveaufri adgang"), Q(accessible=Accessibility.YES)),
    NOT_STEP_FREE: (_("Ikke niveaufri adgang"), Q(accessible=Accessibility.NO)),
}
#: The language of our terms' names (ISO 639-1).
LANGUAGE = "da"


@dataclass(frozen=True)
class Term:
    taxonomy: "Taxonomy"
    code: str
    name: str
    description: str = ""

    @property
    def id(self):
        return ids.term_id(self.taxonomy.key, self.code)


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: object
    description: object
    #: A vocabulary table (its terms read from it), or None for a fixed taxonomy.
    model: type | None = None
    fixed: dict = field(default_factory=dict)

    @property
    def id(self):
        return ids.taxonomy_id(self.key)

    def terms(self):
        if self.model is not None:
            return [
                Term(self, term.slug, term.name, term.description)
                for term in self.model.objects.order_by("sort_order", "name")
            ]
        return [Term(self, code, str(name)) for code, (name, _q) in self.fixed.items()]

    def offers_with(self, code=None):
        """A condition on offers: they have the term ``code`` (None: any term of this one)."""
        if self.model is not None:
            path = self.model.offer_path
            lookup = {f"{path}__slug": code} if code else {f"{path}__isnull": False}
            return Q(pk__in=OfferPage.objects.filter(**lookup).values("pk"))
        conditions = [q for c, (_name, q) in self.fixed.items() if code in (None, c)]
        combined = Q(pk__in=[])
        for condition in conditions:
            combined |= condition
        return combined


FORMATS = {slug: (label, Q(**{name: True})) for slug, (name, label) in rules.FORMATS.items()}

TAXONOMIES = (
    Taxonomy(
        "life_situations",
        _("Livssituationer"),
        _("Den situation i livet, et tilbud hjælper i (Socialkompas' fælles ordliste)."),
        LifeSituation,
    ),
    Taxonomy(
        "target_groups",
        _("Målgrupper"),
        _("Hvem et tilbud er for (Socialkompas' fælles ordliste)."),
        TargetGroup,
    ),
    Taxonomy(
        "offer_kinds",
        _("Tilbudstyper"),
        _("Hvilken slags hjælp et tilbud giver (Socialkompas' fælles ordliste)."),
        OfferKind,
    ),
    Taxonomy(
        "provider_types",
        _("Udbydertyper"),
        _("Hvilken slags organisation der står bag et tilbud (Socialkompas' fælles ordliste)."),
        ProviderType,
    ),
    Taxonomy(
        "formats",
        _("Former"),
        _("Hvordan man deltager: fysisk fremmøde, online eller telefon."),
        fixed=FORMATS,
    ),
    Taxonomy(
        "conditions",
        _("Praktiske forhold"),
        _("Tilmelding, anonymitet og niveaufri adgang."),
        fixed=CONDITIONS,
    ),
)
BY_KEY = {taxonomy.key: taxonomy for taxonomy in TAXONOMIES}
BY_ID = {taxonomy.id: taxonomy for taxonomy in TAXONOMIES}


def all_terms():
    """Every term of every taxonomy, in order (four queries)."""
    return [term for taxonomy in TAXONOMIES for term in taxonomy.terms()]


def offer_terms(offer):
    """The terms ``offer`` has, taxonomy by taxonomy (from its prefetched relations)."""
    terms = []
    for key in ("life_situations", "target_groups", "offer_kinds"):
        taxonomy = BY_KEY[key]
        terms += [Term(taxonomy, t.slug, t.name, t.description) for t in getattr(offer, key).all()]
    provider = offer.organisation.provider_type
    terms.append(Term(BY_KEY["provider_types"], provider.slug, provider.name, provider.description))
    formats = BY_KEY["formats"]
    terms += [Term(formats, slug, str(label)) for slug, label in offer.formats]
    conditions = BY_KEY["conditions"]
    have = {
        REGISTRATION: offer.registration_required,
        ANONYMOUS: offer.anonymous,
        STEP_FREE: offer.accessible == Accessibility.YES,
        NOT_STEP_FREE: offer.accessible == Accessibility.NO,
    }
    terms += [Term(conditions, code, str(CONDITIONS[code][0])) for code, yes in have.items() if yes]
    return terms
