"""Text evidence: which offers' text has each concept's words, as the first part of the
search statement (a ``hits`` relation: page id, one 0/1 column per concept, a rank).

On PostgreSQL with Wagtail's database search backend the hits are read straight from its
index (``title @@ q OR body @@ q``, so each tsvector's GIN index is used; Danish stemming,
and words of five letters or more also match as the start of a compound). Every other backend
(SQLite's full-text search on a development machine, Elasticsearch/OpenSearch in production)
answers one ``.search()`` per concept through Wagtail, and the hits enter the statement as
a VALUES list. Either way the hits are of every language's live offers: an English
translation's words find its Danish offer (``search.ranking`` joins them by translation key).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelsearch.backends.database.postgres.weights import BOOSTS_WEIGHTS, get_weight
from modelsearch.index import RelatedFields, SearchField
from wagtail.search.backends import get_search_backend

from offers.models import OfferPage

#: Words at least this long also match as the start of a longer word (a compound).
PREFIX_MIN = 5
#: The offer's own text, apart from the names of its tags: a life situation's name there is
#: evidence that the offer is *about* it, not one of six it lists (``own_text_weights``).
OWN_TEXT_FIELDS = ("summary", "description")
#: The tag names the index puts in the body beside the own text.
TAG_NAME_FIELDS = ("life_situations",)


def _uses_postgres_index():
    backend = get_search_backend()
    return connection.vendor == "postgresql" and type(backend).__module__.endswith(
        "database.postgres.postgres"
    )


def _term(word, weights=""):
    """A word as a tsquery term: longer words also as the start of a compound; with
    ``weights`` ("CD") only where the index gave it one of those weights."""
    if len(word) >= PREFIX_MIN:
        return f"{word}:*{weights}"
    return f"{word}:{weights}" if weights else word


def own_text_weights():
    """The tsvector weights ("CD") the index gives an offer's own text (OWN_TEXT_FIELDS) and
    not the names of its life situations, so a word can be looked up in the own text alone;
    '' when the weights do not tell them apart (then the whole body is looked up)."""
    if not BOOSTS_WEIGHTS or not _uses_postgres_index():
        return ""
    own, tags = set(), set()
    for search_field in OfferPage.search_fields:
        if isinstance(search_field, SearchField) and search_field.field_name in OWN_TEXT_FIELDS:
            own.add(get_weight(search_field.boost))
        elif isinstance(search_field, RelatedFields):
            if search_field.field_name in TAG_NAME_FIELDS:
                for sub in search_field.fields:
                    if isinstance(sub, SearchField):
                        tags.add(get_weight(sub.boost))
    if not own or own & tags:
        return ""
    return "".join(sorted(own))


def hits_sql(columns, offers, rank_words=(), within=None):
    """The ``hits`` relation: (SQL, params).

    ``columns``: [(column name, word alternatives)], one per concept with text evidence, or
    [(column name, word alternatives, True)] for words looked up in the title and the offer's
    own text only (``own_text_weights``). ``offers``: the OfferPage queryset the text may come
    from (the public offers of every language). ``rank_words``: words that only add to the
    rank (PostgreSQL). ``within``: (SQL, params) of the page ids to look the text up for (a
    municipality's offers in every language: each looked up by its id), or None (the whole
    country: found through the GIN indexes)."""
    names = [column[0] for column in columns]
    if not columns and not rank_words:
        return _empty(names)
    if _uses_postgres_index():
        return _postgres_hits(columns, rank_words, within)
    return _backend_hits([column[:2] for column in columns], offers)


def _empty(names):
    flags = "".join(f", 0 AS {name}" for name in names)
    return f"SELECT CAST(NULL AS integer) AS page_id{flags}, 0.0 AS rank WHERE 1 = 0", []


def _postgres_hits(columns, rank_words=(), within=None):
    """Each word is looked up in the title and in the body (each has its GIN index); an
    alternative of several words needs every word, in either."""
    backend_settings = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    config = backend_settings.get("SEARCH_CONFIG") or "simple"
    tsquery = "to_tsquery(%s::regconfig, %s)"
    match = f"(ie.title @@ {tsquery} OR ie.body @@ {tsquery})"
    own = own_text_weights()

    def has(words, own_text):
        # Any of ``words`` (one tsquery per tsvector). The title is the offer's own words too;
        # in the body, for ``own_text``, only the own text's weights.
        title = " | ".join(_term(w) for w in words)
        body = " | ".join(_term(w, own) if own_text else _term(w) for w in words)
        return match, [config, title, config, body]

    select, params, every = [], [], []
    for name, alternatives, *own_text in columns:
        own_text = bool(own_text and own_text[0] and own)
        options, option_params = [], []
        singles = []
        for words in alternatives:
            words = [w for w in words if w.isalnum()]
            if not words:
                continue
            every.extend(_term(w) for w in words if _term(w) not in every)
            if len(words) == 1:
                singles.append(words[0])
                continue
            # Every word of the alternative, each in the title or the body.
            options.append("(" + " AND ".join(has([w], own_text)[0] for w in words) + ")")
            for word in words:
                option_params += has([word], own_text)[1]
        if singles:
            # The one-word alternatives in one look-up ("ensom | alene | isoleret ...").
            sql, single_params = has(singles, own_text)
            options.insert(0, sql)
            option_params = single_params + option_params
        if options:
            select.append(f"CASE WHEN {' OR '.join(options)} THEN 1 ELSE 0 END AS {name}")
            params += option_params
        else:
            select.append(f"0 AS {name}")
    every.extend(_term(w) for w in rank_words if w.isalnum() and _term(w) not in every)
    if not every:
        return _empty([column[0] for column in columns])
    everything = " | ".join(every)
    sql = (
        "SELECT CAST(ie.object_id AS integer) AS page_id"
        + "".join(f", {column}" for column in select)
        + f", 2 * ts_rank(ie.title, {tsquery}) + ts_rank(ie.body, {tsquery}) AS rank"
        + " FROM wagtailsearch_indexentry ie WHERE ie.content_type_id = %s"
        + f" AND {match}"
    )
    content_type = ContentType.objects.get_for_model(OfferPage).pk
    params += [config, everything, config, everything, content_type]
    params += [config, everything, config, everything]
    if within is not None:
        within_sql, within_params = within
        sql += f" AND ie.object_id IN (SELECT CAST(w.oid AS varchar(50)) FROM ({within_sql}) w)"
        params += list(within_params)
    return sql, params


def _backend_hits(columns, offers):
    """One ``.search()`` per concept; the union as a VALUES list."""
    flags, ranks = {}, {}
    for index, (_name, alternatives) in enumerate(columns):
        for words in alternatives:
            found = (
                offers.only("id")
                .search(" ".join(words), operator="and", order_by_relevance=True)
                .annotate_score("_score")
            )
            for offer in found:
                flags.setdefault(offer.pk, set()).add(index)
                # SQLite's bm25 is negative, lower is better; Elasticsearch's positive.
                ranks[offer.pk] = max(ranks.get(offer.pk, 0.0), abs(offer._score or 0.0))
    names = [name for name, _words in columns]
    if not flags:
        return _empty(names)
    rows, params = [], []
    for page_id in sorted(flags):
        rows.append("(" + ", ".join(["%s"] * (len(names) + 2)) + ")")
        params.append(page_id)
        params.extend(1 if i in flags[page_id] else 0 for i in range(len(names)))
        params.append(float(ranks[page_id]))
    column_list = ", ".join(["page_id", *names, "rank"])
    sql = f"SELECT * FROM (VALUES {', '.join(rows)}) AS v({column_list})"
    if connection.vendor == "sqlite":
        # SQLite names VALUES columns column1, column2 ...: rename them.
        renamed = ", ".join(
            f"column{i + 1} AS {name}" for i, name in enumerate(["page_id", *names, "rank"])
        )
        sql = f"SELECT {renamed} FROM (VALUES {', '.join(rows)})"
    return sql, params
