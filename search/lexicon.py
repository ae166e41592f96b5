"""The words of the public offers, for typo correction and compound splitting.

Danish glues words together ("spillegæld", "alenemor", "sorggruppe") and people misspell
("depresion", "pårørnde"). Before a query is searched, every word of it that no offer
contains is looked at: a compound of two known words is split, and a typo is corrected to the
closest known word (PostgreSQL's pg_trgm with its trigram index; on SQLite the same
similarity computed in Python over the lexicon). The words found are added to the text
search (any word may match), and a correction is offered as "Mente du ...?".

Only what citizens can see counts: the words of the public offers (live, not hidden), each
counted once per offer that has it, so that a word goes the moment the last such offer is
unpublished, hidden, deleted or loses it (``sync_offers``). A draft or a hidden offer never
lends a word to a correction, a compound split or a suggestion.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import F

from offers.models import OfferPage

from .models import OfferWords, SearchWord

WORD = re.compile(r"[^\W\d_]{3,60}")
#: Every word and number of a query, to rebuild it with its corrections.
WORD_OR_NUMBER = re.compile(r"\w+")
#: Shorter query words are never corrected or split: a short word has too many near
#: neighbours, and is far more often a real word no offer happens to use ("mand" is not a
#: typo of "man").
MIN_CORRECTABLE = 5
#: A compound part is at least this long ("mor" in "alenemor").
MIN_PART = 3
#: Linking letters between the parts of a Danish compound ("selvmord-s-tanker").
LINKS = ("s", "e")
#: Inflection endings the last part may carry ("husleje-gælden" is "husleje" + "gæld").
ENDINGS = ("erne", "ene", "en", "et", "er", "e", "s")
#: A correction must be at least this similar (pg_trgm's similarity, 0-1).
SIMILARITY = 0.45
#: At most this many unknown words of a query are looked at (one query each for typos).
MAX_UNKNOWN = 4
#: E-mail addresses and links: the words in them are names ("mette.hansen@kolding.dk").
ADDRESS = re.compile(
    r"\S*@\S*|(?:https?://|www\.)\S*|\S+\.(?:dk|com|org|net|nu|eu|info|io)\b", re.IGNORECASE
)


def words_in(*texts):
    """The lexicon words of some texts: lower-case letters-only words of 3-60 letters."""
    found = set()
    for text in texts:
        found.update(WORD.findall((text or "").lower()))
    return found


def ordinary_words_in(title, *texts):
    """Those lexicon words that are written in lower case somewhere in the texts, outside
    e-mail addresses and links, and the first word of the title ("Sorggruppe for voksne").
    Danish capitalises names only, so a word seen only capitalised ("Jens", "Hansen",
    "Headspace") may be a person's name; a sentence may begin with one ("Mette leder
    gruppen"), a title hardly ever."""
    found = set(WORD.findall((title or "").lower())[:1])
    for text in (title, *texts):
        found.update(w for w in WORD.findall(ADDRESS.sub(" ", text or "")) if w == w.lower())
    return found


TEXT_FIELDS = ("title", "summary", "description", "keywords")
#: Words per query when counting (an IN list of this many).
CHUNK = 1000


def _chunks(items):
    items = sorted(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@transaction.atomic
def sync_offers(ids):
    """Make the lexicon count what the offers ``ids`` contribute now: the words of each one
    citizens can see (``OfferPage.objects.public()``: live, not hidden), nothing of one they
    cannot (a draft, unpublished, hidden for want of confirmation, deleted).

    Called on every change to an offer's text or visibility (``search.signals``), in the same
    transaction; a word no public offer has any more is gone at once, so it is never offered
    as a correction, a compound part or a suggestion."""
    ids = sorted(set(ids))
    if not ids:
        return
    rows = OfferPage.objects.public().filter(pk__in=ids).values_list("pk", *TEXT_FIELDS)
    rows = list(rows)
    current = {pk: words_in(*texts) for pk, *texts in rows}
    ordinary = set().union(*(ordinary_words_in(*texts) for _pk, *texts in rows))
    stored = {
        row.offer_id: row.word_set()
        for row in OfferWords.objects.select_for_update().filter(offer_id__in=ids).order_by("pk")
    }
    # No longer public: the rows go, and their words are counted down as they go (signals).
    OfferWords.objects.filter(offer_id__in=[pk for pk in stored if pk not in current]).delete()
    delta, changed = Counter(), []
    for pk, words in current.items():
        old = stored.get(pk)
        if old == words:
            continue
        old = old or set()
        delta.update(words - old)
        delta.subtract(old - words)
        changed.append(OfferWords(offer_id=pk, words=" ".join(sorted(words))))
    count_words(delta)
    mark_ordinary(ordinary)
    OfferWords.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["offer"],
        update_fields=["words"],
        batch_size=CHUNK,
    )


@transaction.atomic
def count_words(delta):
    """Add ``delta[word]`` to each word's offer count; a word that reaches 0 goes."""
    delta = {word: step for word, step in delta.items() if step}
    if not delta:
        return
    new = [SearchWord(text=w) for w in sorted(w for w, step in delta.items() if step > 0)]
    SearchWord.objects.bulk_create(new, ignore_conflicts=True, batch_size=CHUNK)
    # Lock the rows in one order, so two offers published at the same time cannot deadlock.
    for chunk in _chunks(delta):
        list(
            SearchWord.objects.select_for_update()
            .filter(text__in=chunk)
            .order_by("text")
            .values_list("pk", flat=True)
        )
    by_step = {}
    for word, step in delta.items():
        by_step.setdefault(step, []).append(word)
    for step, words in by_step.items():
        for chunk in _chunks(words):
            SearchWord.objects.filter(text__in=chunk).update(offer_count=F("offer_count") + step)
    for chunk in _chunks(word for word, step in delta.items() if step < 0):
        SearchWord.objects.filter(text__in=chunk, offer_count__lte=0).delete()


def mark_ordinary(words):
    """Mark those of ``words`` in the lexicon as ordinary words (seen in lower case: not only a
    name), for the search statistics (``search.statistics``)."""
    for chunk in _chunks(words):
        SearchWord.objects.filter(text__in=chunk, ordinary=False).update(ordinary=True)


@transaction.atomic
def rebuild():
    """Count the lexicon afresh from the public offers. Returns the number of words."""
    counts, rows, ordinary = Counter(), [], set()
    for pk, *texts in OfferPage.objects.public().values_list("pk", *TEXT_FIELDS).iterator():
        words = words_in(*texts)
        counts.update(words)
        ordinary |= ordinary_words_in(*texts)
        rows.append(OfferWords(offer_id=pk, words=" ".join(sorted(words))))
    # Emptied without the per-row count-down (search.signals): everything is counted anew.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(OfferWords._meta.db_table)}")
    SearchWord.objects.all().delete()
    OfferWords.objects.bulk_create(rows, batch_size=CHUNK)
    SearchWord.objects.bulk_create(
        [
            SearchWord(text=w, offer_count=n, ordinary=w in ordinary)
            for w, n in sorted(counts.items())
        ],
        batch_size=CHUNK,
    )
    return len(counts)


def _trigrams(word):
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's ``similarity`` for single words (the same figure on every database)."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def closest_word(word, candidates=None):
    """The known word most like ``word`` (similarity >= SIMILARITY), or None.

    ``candidates``: extra known words (the synonym phrases, the vocabulary) to consider.
    """
    best, best_score = None, SIMILARITY
    if connection.vendor == "postgresql":
        row = (
            SearchWord.objects.filter(text__trigram_similar=word)
            .annotate(score=TrigramSimilarity("text", word))
            .filter(score__gte=SIMILARITY)
            .order_by("-score", "text")
            .values_list("text", "score")
            .first()
        )
        if row:
            best, best_score = row
        pool = candidates or ()
    else:
        pool = {*SearchWord.objects.values_list("text", flat=True), *(candidates or ())}
    for known in sorted(pool):
        if abs(len(known) - len(word)) > 3 or known == word:
            continue
        score = similarity(word, known)
        if score > best_score:
            best, best_score = known, score
    return best


def compound_splits(word):
    """Every way to cut ``word`` into two parts of MIN_PART letters or more, with and without
    a linking letter and the last part's ending: [(first, second)]."""
    splits = []
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        first, second = word[:cut], word[cut:]
        firsts = [first]
        if first[-1] in LINKS and len(first) > MIN_PART:
            firsts.append(first[:-1])
        seconds = [second] + [
            second[: -len(end)]
            for end in ENDINGS
            if second.endswith(end) and len(second) - len(end) >= MIN_PART
        ]
        splits.extend((a, b) for a in firsts for b in seconds)
    return splits


@dataclass
class QueryWords:
    """What the lexicon makes of a query."""

    #: Words to search for besides the query's own (compound parts and corrections).
    extra: list = field(default_factory=list)
    #: The query with each typo replaced by its correction, or "" when nothing was corrected.
    corrected: str = ""
    #: Every word looked at was a typo (nothing of the query itself is in any offer).
    only_corrections: bool = False
    #: {typed word: its correction}
    corrections: dict = field(default_factory=dict)
    #: {typed compound: (first part, second part)}
    parts: dict = field(default_factory=dict)


def analyse(query, known_elsewhere=()):
    """Split unknown compounds and correct unknown words of ``query``.

    ``known_elsewhere``: words people can find things with that are not in offers' text
    (synonym phrases, vocabulary names); those are neither split nor corrected.
    """
    words = list(dict.fromkeys(WORD.findall((query or "").lower())))
    looked_at = [w for w in words if len(w) >= MIN_CORRECTABLE and w not in known_elsewhere]
    if not looked_at:
        return QueryWords()
    splits = {w: compound_splits(w) for w in looked_at}
    parts = {part for pairs in splits.values() for pair in pairs for part in pair}
    known = set(
        SearchWord.objects.filter(text__in=[*looked_at, *parts]).values_list("text", flat=True)
    ) | set(known_elsewhere)

    extra, corrections, parts = [], {}, {}
    unknown = [w for w in looked_at if w not in known][:MAX_UNKNOWN]
    for word in unknown:
        pairs = [(a, b) for a, b in splits[word] if a in known and b in known]
        # The most even cut: "spille" + "gæld" rather than "spil" + "legæld".
        pair = max(pairs, key=lambda p: min(len(p[0]), len(p[1])), default=None)
        if pair:
            extra.extend(p for p in pair if p not in extra)
            parts[word] = pair
            continue
        better = closest_word(word, known_elsewhere)
        if better:
            corrections[word] = better
            if better not in extra:
                extra.append(better)
    corrected = ""
    if corrections:
        corrected = " ".join(corrections.get(w, w) for w in WORD_OR_NUMBER.findall(query.lower()))
    only = bool(corrections) and len(corrections) == len(looked_at)
    return QueryWords(
        extra=extra,
        corrected=corrected,
        only_corrections=only,
        corrections=corrections,
        parts=parts,
    )
