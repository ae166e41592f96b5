"""Find, rank, count and page the matching offers in the database: one statement.

The statement builds, in order:

- ``hits``: the text evidence per concept (``search.text_match``);
- ``keyed``: the hits per Danish offer (an English translation's words count for its Danish
  offer);
- ``candidates``: the offers with any evidence: text hits, tagged with a life situation the
  query names, pinned by the editors (no query: every offer of the scope);
- ``m`` (materialised once): the candidates in scope with one 0/1 column per concept, per
  active filter and per yes/no facet, and what the ranking needs;
- ``r``: each offer's coverage (hard concepts count 2, soft ones 1; among equals, the offers
  *about* a situation the query names first), whether it is a *strong* match (the best
  coverage any offer reaches) and its score.

and answers in one result: the number of strong and other matches, every facet count (each
with every filter but its own applied), and the requested page of ids, ranked. The matching
ids never leave the database.
"""

from dataclasses import dataclass, field

from django.db import connection

from offers.models import OfferPage
from offers.rules import FORMATS

from . import matching, text_match
from .parameters import FLAGS, TERM_FACETS

#: What adds to an offer's score within its coverage: the text match (relative to the best),
#: the share of its life situations the query names, being for the people the query mentions,
#: being in the town the query names.
TEXT_WEIGHT = 1.0
SITUATION_WEIGHT = 0.6
GROUP_WEIGHT = 0.3
PLACE_WEIGHT = 0.3
#: With fewer strong matches than RELATED_BELOW, the best RELATED_INLINE other matches follow
#: them under a heading of their own; every other match is behind "Vis flere". In the judged
#: set (bench/search_quality.py) the best other match fitted in 14 of 25 such lists, the
#: second best in 4 of 22, the third mostly not at all: one is shown.
RELATED_BELOW = 2
RELATED_INLINE = 1
#: The coverage is (evidence + audience) * FOCUS_STEP + the situations the offer is about
#: (fewer than FOCUS_STEP), so being about a situation only orders offers of equal evidence.
FOCUS_STEP = 100

#: Term facets: parameter -> (tag table model, column of the offer, column of the term); the
#: organisation type is a column of ``m``.
_M2M = {"life_situation": "life_situations", "target_group": "target_groups",
        "offer_kind": "offer_kinds", "language": "languages"}  # fmt: skip


def _through(param):
    field = OfferPage._meta.get_field(_M2M[param])
    through = field.remote_field.through
    return (
        through._meta.db_table,
        field.m2m_column_name(),
        field.m2m_reverse_name(),
    )


@dataclass
class Counts:
    strong: int = 0
    other: int = 0
    #: {facet param: {term id: (strong, all)}}; "format"/flags/"national": {key: (strong, all)}
    facets: dict = field(default_factory=dict)
    #: [(id, strong)] of the requested window, in order, and of the inline other matches.
    page: list = field(default_factory=list)
    related: list = field(default_factory=list)


@dataclass
class Plan:
    """Everything the statement needs, from the parameters and the understanding."""

    scope: object  # OfferPage queryset: the public offers of the scope, one language
    filters: dict  # {name: Q}
    understanding: object = None
    pinned: list = field(default_factory=list)
    near: object = None  # geo.Place
    national: bool = False
    more: bool = False
    #: The offers whose text may be evidence: the scope's, in every language.
    text_offers: object = None
    #: A municipality's scope: its offers' page ids in every language (a queryset), which the
    #: text is looked up for (None: the whole country, found through the text index).
    text_within: object = None
    #: The source language's locale id and the others' (translations are mapped to it).
    locale_id: int = 0
    other_locale_ids: tuple = ()


def _columns(plan):
    """(text columns, concept expressions, focus columns) for the concepts: a focus column
    ``n{i}`` is a tagged situation concept's own words in an offer's title or own text."""
    text_columns, concepts, focus = [], [], []
    concept_list = plan.understanding.concepts if plan.understanding else []
    own_text = bool(text_match.own_text_weights())
    for index, concept in enumerate(concept_list):
        text = f"t{index}" if concept.words else None
        if text:
            text_columns.append((text, concept.words))
        tag = f"g{index}" if concept.tags else None
        concepts.append((concept, text, tag))
        if own_text and tag and concept.focus:
            text_columns.append((f"n{index}", concept.focus, True))
            focus.append((tag, f"n{index}"))
    return text_columns, concepts, focus


def _all(conditions):
    return " AND ".join(conditions) or "1 = 1"


def execute(plan, lo, hi):
    """Run the statement; ``lo``..``hi`` (1-based, inclusive) is the window of the list to
    return (strong matches, or with ``plan.more`` every match). Returns ``Counts``."""
    text_columns, concepts, focus = _columns(plan)
    has_evidence = plan.understanding is not None
    rank_words = plan.understanding.rank_words if plan.understanding else ()
    within = None
    if plan.text_within is not None:
        within = plan.text_within.query.sql_with_params()
    hits, params = text_match.hits_sql(text_columns, plan.text_offers, rank_words, within)
    text_names = [column[0] for column in text_columns]
    page_table = "wagtailcore_page"
    hit_columns = [*text_names, "rank"]
    if plan.other_locale_ids:
        # A translation's hit counts for its Danish offer: only the (few) pages of the other
        # languages are looked up, the Danish hits are the offers' own ids.
        marks = ", ".join(["%s"] * len(plan.other_locale_ids))
        maxima = "".join(f", MAX(h.{n}) AS {n}" for n in hit_columns)
        keyed = (
            f"SELECT COALESCE(d.id, h.page_id) AS id{maxima} FROM hits h"
            f" LEFT JOIN {page_table} t ON t.id = h.page_id AND t.locale_id IN ({marks})"
            f" LEFT JOIN {page_table} d ON d.translation_key = t.translation_key"
            " AND d.locale_id = %s"
            " WHERE t.id IS NULL OR (t.live AND d.id IS NOT NULL)"
            " GROUP BY COALESCE(d.id, h.page_id)"
        )
        params += [*plan.other_locale_ids, plan.locale_id]
    else:
        # One hit per offer already (the index has one entry per object; the other backends'
        # hits are keyed by id): no GROUP BY, which sorted ~4,500 wide rows nationally.
        columns = "".join(f", h.{n}" for n in hit_columns)
        keyed = f"SELECT h.page_id AS id{columns} FROM hits h"
    sql = [f"WITH hits AS ({hits}), keyed AS ({keyed})"]
    hard = [c for c, _t, _g in concepts if c.hard]
    if has_evidence:
        sources = ["SELECT id FROM keyed"]
        table, offer_column, term_column = _through("life_situation")
        situations = sorted({i for c, _t, _g in concepts if c.kind == "situation" for i in c.tags})
        if situations:
            marks = ", ".join(["%s"] * len(situations))
            source = f"SELECT {offer_column} FROM {table} WHERE {term_column} IN ({marks})"
            params += situations
            if within is not None:
                source += f" AND {offer_column} IN (SELECT w.oid FROM ({within[0]}) w)"
                params += list(within[1])
            sources.append(source)
        if not hard:
            groups = sorted({s for c, _t, _g in concepts if c.kind == "group" for s in c.tags})
            if groups:
                table, offer_column, term_column = _through("target_group")
                marks = ", ".join(["%s"] * len(groups))
                sources.append(
                    f"SELECT t.{offer_column} FROM {table} t JOIN offers_targetgroup g"
                    f" ON g.id = t.{term_column} WHERE g.slug IN ({marks})"
                )
                params += groups
        if plan.pinned:
            marks = ", ".join(["%s"] * len(plan.pinned))
            sources.append(f"SELECT id FROM {page_table} WHERE id IN ({marks})")
            params += list(plan.pinned)
        sql.append(", candidates AS (" + " UNION ".join(sources) + ")")
    inner, share = matching.offers_with_columns(plan, concepts, has_evidence)
    inner_sql, inner_params = inner.query.sql_with_params()
    params += list(inner_params)
    m_columns = "".join(f", COALESCE(k.{n}, 0) AS {n}" for n in text_names)
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql.append(
        f", m AS {materialized}(SELECT o.*{m_columns}, COALESCE(k.rank, 0) AS rank"
        f" FROM ({inner_sql}) o LEFT JOIN keyed k ON k.id = o.id)"
    )
    matched = []
    for concept, text, tag in concepts:
        either = " OR ".join(f"m.{c} = 1" for c in (text, tag) if c)
        matched.append((concept, f"CASE WHEN {either} THEN 1 ELSE 0 END"))
    # The audience counts 1: an adult speaking passes offers only for the young over.
    evidence = " + ".join(f"{2 if c.hard else 1} * {e}" for c, e in matched) or "0"
    # Among offers of the same coverage, one tagged with a situation the query names that also
    # speaks of it in its own words is *about* it, not one of the six it lists: it comes first
    # and, when the best coverage has such offers, only they are strong. (It only refines the
    # coverage: it never lifts an offer above one with more evidence.)
    # Only for an offer with evidence for every hard concept: "zylofon depression" ranks an
    # offer on depression no higher than the zylofon group.
    hard_coverage = " + ".join(e for c, e in matched if c.hard) or "0"
    about = " + ".join(f"CASE WHEN m.{tag} = 1 AND m.{n} = 1 THEN 1 ELSE 0 END" for tag, n in focus)
    if about:
        about = f" + CASE WHEN ({hard_coverage}) = {len(hard)} THEN {about} ELSE 0 END"
    coverage = f"{FOCUS_STEP} * ({evidence} + m.audience){about}"
    if not has_evidence:
        condition = "1 = 1"
    elif hard:
        condition = f"({hard_coverage}) >= 1 OR m.pinned > 0"
    elif matched:
        condition = f"({evidence}) >= 1 OR m.pinned > 0"
    else:
        condition = "m.pinned > 0"
    sql.append(f", r AS (SELECT m.*, {coverage} AS cov FROM m WHERE {condition})")
    groups = [tag for c, _t, tag in concepts if c.kind == "group" and tag]
    score = [f"{TEXT_WEIGHT} * COALESCE(r.rank / NULLIF(MAX(r.rank) OVER (), 0), 0)"]
    if share:
        # The share of the offer's life situations the query names: an offer about loneliness
        # before one that lists loneliness among six others.
        named, every = share
        score.append(f"{SITUATION_WEIGHT} * COALESCE(1.0 * r.{named} / NULLIF(r.{every}, 0), 0)")
    if groups:
        score.append(f"{GROUP_WEIGHT} * (CASE WHEN {' OR '.join(f'r.{g} = 1' for g in groups)}"
                     " THEN 1 ELSE 0 END)")  # fmt: skip
    score.append(f"{PLACE_WEIGHT} * r.place")
    sql.append(
        ", s AS (SELECT r.*,"
        " CASE WHEN r.cov = MAX(r.cov) OVER () OR r.pinned > 0 THEN 1 ELSE 0 END AS strong,"
        f" {' + '.join(score)} AS score FROM r)"
    )

    filters = list(plan.filters)

    def ok(leave_out=None):
        return _all([f"s.f_{name} = 1" for name in filters if name != leave_out])

    parts = [f"SELECT 'n' AS kind, s.strong AS k, COUNT(*) AS a, 0 AS b, 0 AS c FROM s"
             f" WHERE {ok()} GROUP BY s.strong"]  # fmt: skip
    for facet in TERM_FACETS:
        if facet.param == "organisation_type":
            parts.append(
                "SELECT 'organisation_type', s.org_type, SUM(s.strong), COUNT(*), 0 FROM s"
                f" WHERE {ok('organisation_type')} AND s.org_type IS NOT NULL GROUP BY s.org_type"
            )
            continue
        table, offer_column, term_column = _through(facet.param)
        parts.append(
            f"SELECT '{facet.param}', t.{term_column}, SUM(s.strong), COUNT(*), 0 FROM s"
            f" JOIN {table} t ON t.{offer_column} = s.id WHERE {ok(facet.param)}"
            f" GROUP BY t.{term_column}"
        )
    if plan.national:
        parts.append(
            "SELECT 'municipality', COALESCE(s.municipality_id, 0), SUM(s.strong), COUNT(*), 0"
            f" FROM s WHERE {ok('municipality')} GROUP BY COALESCE(s.municipality_id, 0)"
        )
    for index, slug in enumerate(FORMATS):
        parts.append(
            f"SELECT 'format', {index}, SUM(s.strong), COUNT(*), 0 FROM s"
            f" WHERE {ok('format')} AND s.x_{slug} = 1"
        )
    for index, name in enumerate(FLAGS):
        parts.append(
            f"SELECT 'flag', {index}, SUM(s.strong), COUNT(*), 0 FROM s"
            f" WHERE {ok(name)} AND s.y_{name} = 1"
        )
    order = ["s.pinned DESC"]
    if plan.near is not None:
        order += ["CASE WHEN s.dist IS NULL THEN 1 ELSE 0 END", "s.dist"]
    if has_evidence:
        order += ["s.cov DESC", "s.score DESC", "s.id DESC"]
    else:
        order += ["s.sort_title", "s.id DESC"]
    order = ", ".join(order)
    inline = max(hi, RELATED_INLINE)
    parts.append(
        "SELECT 'p', w.id, w.strong, w.rn, w.rn_all FROM (SELECT s.id, s.strong,"
        f" ROW_NUMBER() OVER (PARTITION BY s.strong ORDER BY {order}) AS rn,"
        f" ROW_NUMBER() OVER (ORDER BY s.strong DESC, {order}) AS rn_all"
        f" FROM s WHERE {ok()}) w"
        f" WHERE (w.strong = 1 AND w.rn BETWEEN {int(lo)} AND {int(hi)})"
        f" OR (w.strong = 0 AND w.rn <= {int(inline)})"
        f" OR (w.rn_all BETWEEN {int(lo)} AND {int(hi)})"
    )
    sql.append(" " + " UNION ALL ".join(parts))
    # PostgreSQL plans it with random_page_cost 1.1 (config/settings/base.py, tune_database).
    with connection.cursor() as cursor:
        cursor.execute("".join(sql), params)
        rows = cursor.fetchall()
    return _read(rows, plan, lo, hi)


def _read(rows, plan, lo, hi):
    counts = Counts()
    formats, flags = list(FORMATS), list(FLAGS)
    window, strong_rows, other_rows = [], [], []
    for kind, key, a, b, c in rows:
        if kind == "n":
            if key:
                counts.strong = a
            else:
                counts.other = a
        elif kind == "p":
            if lo <= c <= hi:
                window.append((c, key, bool(a)))
            (strong_rows if a else other_rows).append((b, key))
        else:
            if kind == "format":
                kind, key = "format", formats[key]
            elif kind == "flag":
                kind, key = flags[key], "1"
            counts.facets.setdefault(kind, {})[key] = (int(a or 0), int(b or 0))
    strong_rows.sort()
    other_rows.sort()
    if plan.more:
        counts.page = [(key, True) for _rn, key in sorted((rn, key) for rn, key, _s in window)]
    elif not counts.strong:
        counts.page = [(key, False) for rn, key in other_rows if lo <= rn <= hi]
    else:
        counts.page = [(key, True) for rn, key in strong_rows if lo <= rn <= hi]
        if counts.strong < RELATED_BELOW:
            counts.related = [key for rn, key in other_rows if rn <= RELATED_INLINE]
    return counts
