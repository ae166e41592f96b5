"""The columns of the matching offers (the inner part of the search statement's ``m``): the
offers of the scope with a 0/1 column per active filter, per yes/no facet and per concept's
tags, and what the ranking needs (the share of named life situations, the town, the audience,
the distance). Built with the ORM; ``search.ranking`` compiles it into its statement."""

import math

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from offers.models import OfferPage, TargetGroup
from offers.rules import FORMATS

from . import vocabulary
from .parameters import FLAGS, age_condition
from .people_words import RELATIVES, RELATIVES_WORD, YOUNG, YOUNG_AGES


def flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def offers_with_columns(plan, concepts, has_evidence):
    """The inner part of ``m``: the offers of the scope (candidates only, when the query has
    concepts) with their columns, as an ORM queryset; and (the column of the offer's named
    life situations, the column of all its life situations), or None without any named."""
    qs = plan.scope
    if has_evidence:
        qs = qs.filter(_is_candidate(national_scope=plan.text_within is None))
    annotations = {
        "org_type": F("organisation__provider_type_id"),
        "sort_title": F("title"),
        # The editors' recommendations first, in their order.
        "pinned": Case(
            *(When(pk=pk, then=Value(len(plan.pinned) - i)) for i, pk in enumerate(plan.pinned)),
            default=Value(0),
            output_field=IntegerField(),
        )
        if plan.pinned
        else Value(0),
    }
    for name, condition in plan.filters.items():
        annotations[f"f_{name}"] = flag(condition)
    for slug, (field_name, _label) in FORMATS.items():
        annotations[f"x_{slug}"] = flag(Q(**{field_name: True}))
    for name, (condition, _label) in FLAGS.items():
        annotations[f"y_{name}"] = flag(condition)
    situations, situation_columns = [], []
    for concept, _text, tag in concepts:
        if not tag:
            continue
        if concept.kind == "situation":  # a setting is no share of what the offer is for
            situations.extend(concept.tags)
            situation_columns.append(tag)
        if concept.tags_situations:
            tagged = OfferPage.life_situations.through.objects.filter(
                offerpage_id=OuterRef("pk"), lifesituation_id__in=concept.tags
            )
        else:
            tagged = OfferPage.target_groups.through.objects.filter(
                offerpage_id=OuterRef("pk"), targetgroup__slug__in=concept.tags
            )
        annotations[tag] = flag(Exists(tagged))
    places = plan.understanding.places if plan.understanding else []
    if places:
        place = Q()
        for name in places:
            place |= Q(city__iexact=name)
        annotations["place"] = flag(place)
    else:
        annotations["place"] = Value(0)
    annotations["audience"] = Value(1)
    if plan.understanding is not None and plan.understanding.speaker_age is not None:
        # "jeg er 16": the offers for a person of that age.
        annotations["audience"] = flag(_for_speaker_of_age(plan.understanding.speaker_age))
    elif plan.understanding is not None and plan.understanding.self_speaker:
        annotations["audience"] = flag(~_only_for_the_young() & ~_for_relatives())
    elif plan.understanding is not None and plan.understanding.adult_speaker:
        annotations["audience"] = flag(~_only_for_the_young())
    elif plan.understanding is not None and plan.understanding.young_speaker:
        annotations["audience"] = flag(_for_a_young_speaker())
    if plan.near is not None:
        annotations["dist"] = _distance(plan.near)
    qs = qs.order_by().annotate(**annotations)
    columns = ["id", "municipality_id", *annotations]
    share = None
    if situations:
        every = OfferPage.life_situations.through.objects.filter(offerpage_id=OuterRef("pk"))
        qs = qs.annotate(n_all=_count(every))
        if len(set(situations)) == 1:
            # One situation named: how many of it the offer has is its 0/1 tag column.
            share = (situation_columns[0], "n_all")
            columns.append("n_all")
        else:
            tags = OfferPage.life_situations.through.objects.filter(
                offerpage_id=OuterRef("pk"), lifesituation_id__in=situations
            )
            qs = qs.annotate(n_sit=_count(tags))
            share = ("n_sit", "n_all")
            columns += ["n_sit", "n_all"]
    return qs.values(*columns), share


def _is_candidate(*, national_scope):
    """The offer is one of ``candidates``. Nationally on PostgreSQL as ``= ANY(ARRAY(...))``:
    the planner then looks the candidates up by their ids instead of estimating a set from the
    text index (it guessed 18,000 of 4,500 for "angst" at 50,000 offers and scanned every offer
    and page: 200 ms for the statement against 150). A municipality's candidates are few and
    planned well either way."""
    if not national_scope or connection.vendor != "postgresql":
        return Q(pk__in=RawSQL("SELECT id FROM candidates", ()))
    column = f'"{OfferPage._meta.db_table}"."{OfferPage._meta.pk.column}"'
    return RawSQL(f"{column} = ANY(ARRAY(SELECT id FROM candidates))", (), BooleanField())


def _only_for_the_young():
    """An offer only for children and young people: below 18 by its own age range, or tagged
    with their target groups and no other."""
    young, others = _tagged_and_others(YOUNG)
    return Q(age_max__lt=18) | (Q(young) & ~Q(others))


def _for_relatives():
    """An offer for the relatives of a person with the trouble, not the person: tagged for
    relatives and saying so in its title ("Netværksgruppe for pårørende til mennesker med
    psykisk sygdom"; a line "for the person and their relatives" tags both and says neither),
    or tagged for relatives and no other group."""
    tagged, others = _tagged_and_others((RELATIVES,))
    return Q(tagged) & (Q(title__icontains=RELATIVES_WORD) | ~Q(others))


def _tagged_and_others(slugs):
    """(the offer has one of the target groups ``slugs``, the offer has another one)."""
    groups = OfferPage.target_groups.through.objects.filter(offerpage_id=OuterRef("pk"))
    inside = groups.filter(targetgroup__slug__in=slugs)
    return Exists(inside), Exists(groups.exclude(targetgroup__slug__in=slugs))


def _for_a_young_speaker():
    """The offers for a child or young person speaking (of an age in YOUNG_AGES): below 18 by
    the offer's own age range, or without one, a target group whose age span reaches into
    those ages ("Unge (13-17 år)"; as for a speaker who says their age, an offer only for
    parents, relatives or families is not for a child speaking)."""
    young_range = Q(age_min__lt=YOUNG_AGES.stop) | Q(age_min__isnull=True, age_max__isnull=False)
    no_range = Q(age_min__isnull=True, age_max__isnull=True)
    return young_range | (no_range & _in_a_group_covering(YOUNG_AGES))


def _for_speaker_of_age(age):
    """The offers for a person of ``age`` who speaks for themself ("jeg er 16"): for that age
    (``age_condition``); below 18, an offer without an age range of its own must also have a
    target group whose age span covers ``age`` ("Unge (13-17 år)"): an offer for parents,
    relatives or families is not for a child speaking."""
    condition = age_condition(age)
    if age >= 18:
        return condition
    own_range = Q(age_min__isnull=False) | Q(age_max__isnull=False)
    return condition & (own_range | _in_a_group_covering([age]))


def _in_a_group_covering(ages):
    """The offer has a target group whose age span reaches one of ``ages``."""
    covering = [
        g.pk
        for g in vocabulary.terms(TargetGroup)
        if g.has_age_span and any(g.covers_age(age) for age in ages)
    ]
    groups = OfferPage.target_groups.through.objects.filter(
        offerpage_id=OuterRef("pk"), targetgroup_id__in=covering
    )
    return Exists(groups)


def _count(tags):
    counted = tags.order_by().values("offerpage_id").annotate(n=Count("*")).values("n")
    return Subquery(counted, output_field=IntegerField())


def _distance(place):
    """A number that orders physical offers with a place by distance from ``place``
    (equirectangular; None for the others). Only arithmetic: every database has it."""
    scale = math.cos(math.radians(place.latitude))
    lat = Cast("latitude", FloatField()) - Value(float(place.latitude))
    lon = (Cast("longitude", FloatField()) - Value(float(place.longitude))) * Value(scale)
    return Case(
        When(
            Q(is_physical=True, latitude__isnull=False, longitude__isnull=False),
            then=lat * lat + lon * lon,
        ),
        default=None,
        output_field=FloatField(),
    )
