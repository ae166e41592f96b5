"""The facets of a search: every option with how many results choosing it would give.

The counts come from the search statement (``search.ranking``: one pass over the matching
offers, each facet with every other filter applied); the options and their names from the
cached vocabulary (``search.vocabulary``). A count is of the offers the page lists: the strong
matches, or every match when the page lists the others too.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from offers.rules import FORMATS, NATIONAL

from . import vocabulary
from .parameters import FLAGS, TERM_FACETS


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    active: bool


def build_facets(params, counts, *, national=False, strong_only=True):
    """{facet name: [FacetOption]} in display order, from ``ranking.Counts``."""
    which = 0 if strong_only else 1

    def count(name, key):
        return counts.facets.get(name, {}).get(key, (0, 0))[which]

    facets = {}
    for facet in TERM_FACETS:
        active = set(getattr(params, facet.param))
        facets[facet.param] = [
            FacetOption(
                getattr(term, facet.key),
                term.display_name,
                count(facet.param, term.pk),
                getattr(term, facet.key) in active,
            )
            for term in vocabulary.terms(facet.model)
        ]
    facets["format"] = [
        FacetOption(slug, str(label), count("format", slug), slug in params.format)
        for slug, (_field, label) in FORMATS.items()
    ]
    for name, (_condition, label) in FLAGS.items():
        facets[name] = [FacetOption("1", str(label), count(name, "1"), getattr(params, name))]
    if national:
        active = set(params.municipality)
        facets["municipality"] = [
            FacetOption(
                NATIONAL, str(_("Landsdækkende")), count("municipality", 0), NATIONAL in active
            )
        ] + [
            FacetOption(slug, title, count("municipality", pk), slug in active)
            for pk, slug, title in vocabulary.municipalities()
        ]
    return facets
