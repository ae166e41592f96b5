"""Anonymous search statistics: what people look for, per municipality and day.

``record_search`` is called by the public search page once per search. It stores no IP
address, cookie, session or user: only the query text as ``normalise_query`` leaves it, the
municipality, the day and how many offers were found.

What is kept of a query, whatever the writing (``normalise_query``):

1. It is cleaned first (``clean_query``): Unicode NFKC (fullwidth "＠" and "６" become "@" and
   "6"), casefolded, every kind of whitespace becomes a space and every dash "-"; invisible
   and formatting characters (zero-width spaces, soft hyphens, joiners, combining marks,
   control characters) are removed.
2. A query that then contains "@" or ``PERSONAL_DIGITS`` digits or more in total, whatever is
   between them, is kept as ``OTHER`` only: e-mail addresses, CPR numbers (10 digits), phone
   numbers (8 digits, also with +45) and birth dates (6 digits) all fall under it; postcodes,
   ages and class numbers ("6000", "18 år", "3.-10. klasse") do not.
3. Of the rest only words known to the project are kept (``known_words``): a small set of
   Danish function words, the words of the vocabularies' names and of the synonym phrases,
   and the lexicon's ordinary words (seen in lower case in a live offer, so not only as a
   name), except common Danish first names and surnames. Every other word becomes
   ``PLACEHOLDER``, a run of them one placeholder: "jens hansen kræft" is kept as "… kræft".
   A query left with no known word is kept as ``OTHER``. A typo is an unknown word too.

The admin report shows a query only once it was searched ``MIN_SHOWN_SEARCHES`` times in
one municipality; ``fold_rare_queries`` (run by ``purge_search_statistics``) adds the rows
of rarer queries to ``OTHER`` after ``RARE_DAYS``.
"""

import datetime
import logging
import re
import unicodedata
from contextlib import nullcontext
from functools import cache
from pathlib import Path

from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from home.models import MunicipalityPage
from home.roles import municipality_for_page
from offers.models import Language, LifeSituation, OfferKind, ProviderType, TargetGroup

from . import vocabulary
from .models import SearchTerm, SearchWord

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 2
#: A query with this many digits in total is never stored as text (a CPR number has 10, a
#: phone number 8, a birth date 6; a postcode 4).
PERSONAL_DIGITS = 6
#: Stands for the words of a query that the statistics do not keep.
PLACEHOLDER = "…"
#: The stored query of a search of which nothing is kept: personal-looking, or no known word.
#: Rare queries are added to it after RARE_DAYS. The report counts it as "Andre søgninger".
OTHER = PLACEHOLDER
#: k-anonymity: the report shows a query once it was searched this often in one municipality.
MIN_SHOWN_SEARCHES = 3
#: Rows of a query searched fewer than MIN_SHOWN_SEARCHES times are folded into OTHER after
#: this many days.
RARE_DAYS = 30

#: Danish function words: kept whatever the offers say.
FUNCTION_WORDS = frozenset(
    """
    af alle alt andet anden andre at bare blev blive bliver da de dem den denne der deres det
    dette dig din dine dit du efter eller en end er et for fordi fra før få gør ham han har
    have hende hendes her hos hun hvad hvem hver hvis hvilke hvilken hvor hvordan hvorfor
    hvornår i ikke ind ingen intet jeg jer jeres kan kun kunne lidt man med meget mellem men
    mere mest mig min mine mit mod må når nej noget nogen nogle nu ny nye og også om op os
    over på sig sin sine sit skal skulle som så til ud uden under var ved vi vil ville vores
    være været år
    """.split()
)
#: Punctuation kept between the words; any other character that is not a letter or a digit
#: (symbols, emoji) is dropped.
KEPT_PUNCTUATION = frozenset("-.,/&+?!()'\":")
#: Letters that render as nothing (Hangul fillers, the braille blank): removed like format
#: characters.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W\d_]+|\d+|\s+|.", re.DOTALL)
_PLACEHOLDERS = re.compile(rf"{PLACEHOLDER}(?:[^\w{PLACEHOLDER}]*{PLACEHOLDER})+")
_SPACES = re.compile(r"\s+")
NAMES_FILE = Path(__file__).parent / "data" / "person_names.txt"


def clean_query(query) -> str:
    """NFKC, casefolded, whitespace and dashes unified, invisible characters removed."""
    text = unicodedata.normalize("NFKC", str(query or ""))
    # Casefolding can leave combining marks ("İ"): normalise again, then filter.
    text = unicodedata.normalize("NFKC", text.casefold())
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zs", "Zl", "Zp"):
            kept.append(" ")
        elif category == "Pd" or char == "\u2212":  # every dash, and the minus sign
            kept.append("-")
        elif category[0] in "CM" or char in INVISIBLE_LETTERS:
            continue  # Cc, Cf, Cs, Co, Cn and Mn, Mc, Me
        else:
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def digit_count(text) -> int:
    """Every character Unicode counts as a number (Nd, Nl, No), wherever it stands."""
    return sum(1 for char in text if unicodedata.category(char)[0] == "N")


def looks_personal(text: str) -> bool:
    """``text`` (cleaned) may be an e-mail address, a CPR, phone or other personal number."""
    return "@" in text or digit_count(text) >= PERSONAL_DIGITS


@cache
def person_names():
    """Common Danish first names and surnames (search/data/person_names.txt)."""
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        clean_query(line) for line in lines if line.strip() and not line.startswith("#")
    )


def known_words(words):
    """Those of ``words`` (cleaned, letters only) that the statistics may keep. One query,
    none when every word is a function word."""
    known = set(words) & FUNCTION_WORDS
    rest = set(words) - known - vocabulary_words()
    known |= set(words) & vocabulary_words()
    rest -= person_names()
    if not rest:
        return known
    lexicon = SearchWord.objects.filter(text__in=sorted(rest), ordinary=True)
    named = set()
    for text in lexicon.order_by().values_list("text", flat=True):
        named.update(WORD.findall(clean_query(text)))
    return known | (rest & named)


def vocabulary_words():
    """The words of every name of the vocabulary and of every synonym phrase (cleaned), kept
    with the cached vocabulary (``search.vocabulary``: forgotten on every edit)."""
    return vocabulary.cached("statistics-words", _vocabulary_words)


def _vocabulary_words():
    models = (LifeSituation, TargetGroup, OfferKind, ProviderType, Language)
    texts = [term.name for model in models for term in vocabulary.terms(model)]
    texts += [" ".join(words) for words, _id in vocabulary.phrases()]
    return frozenset(word for text in texts for word in WORD.findall(clean_query(text)))


def normalise_query(query) -> str:
    """What the statistics keep of ``query`` (see the module's docstring): '' for a query
    shorter than two characters, ``OTHER``, or the known words with placeholders."""
    text = clean_query(query)
    if len(text) < MIN_QUERY_LENGTH:
        return ""
    if looks_personal(text):
        return OTHER
    if len(text) > MAX_QUERY_LENGTH:
        # Cut at a space: a cut word is an unknown word.
        text = text[: MAX_QUERY_LENGTH + 1].rsplit(" ", 1)[0][:MAX_QUERY_LENGTH]
    known = known_words(WORD.findall(text))
    if not known:
        return OTHER
    kept = []
    for token in _TOKEN.findall(text):
        if WORD.fullmatch(token):
            kept.append(token if token in known else PLACEHOLDER)
        elif token.isdigit():
            kept.append("".join(str(unicodedata.digit(char)) for char in token))
        elif token.isspace():
            kept.append(" ")
        elif token in KEPT_PUNCTUATION:
            kept.append(token)
    text = _PLACEHOLDERS.sub(PLACEHOLDER, "".join(kept))
    return _SPACES.sub(" ", text).strip()


def _source_municipality(municipality):
    """The source-language MunicipalityPage for ``municipality`` (None: the national portal)."""
    if not isinstance(municipality, MunicipalityPage):
        return None
    if municipality.admin_group_id is None:
        # A translation: count it with its source page, which the administrators see.

        return municipality_for_page(municipality) or municipality
    return municipality


def record_search(municipality, query: str, result_count: int, life_situation=None) -> None:
    """Count one search. ``municipality`` is a MunicipalityPage or None (the national portal).

    Never raises: statistics must not break the search page. A failure is logged without
    its message or traceback, which may quote the query (a database error does).
    """
    try:
        text = normalise_query(query)
        if not text and life_situation is None:
            return
        _count(_source_municipality(municipality), text, life_situation, result_count)
    except Exception as error:
        logger.error("Could not record search statistics (%s)", type(error).__name__)


def _count(municipality, text, life_situation, result_count):
    zero = 1 if not result_count else 0
    day = timezone.localdate()
    if connection.vendor == "postgresql":
        # One statement: insert the day's row or add to it (the unique index coalesces the
        # NULLs of the national portal and of "no life situation"). Concurrent searches are
        # all counted; a savepoint only inside the caller's transaction.
        table = SearchTerm._meta.db_table
        sql = (
            f"INSERT INTO {table} (municipality_id, day, query, life_situation_id, searches,"
            " zero_results) VALUES (%s, %s, %s, %s, 1, %s)"
            " ON CONFLICT ((COALESCE(municipality_id, 0)), day, query,"
            " (COALESCE(life_situation_id, 0)))"
            f" DO UPDATE SET searches = {table}.searches + 1,"
            f" zero_results = {table}.zero_results + EXCLUDED.zero_results"
        )
        params = [getattr(municipality, "pk", None), day, text,
                  getattr(life_situation, "pk", life_situation), zero]  # fmt: skip
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
        return
    # A savepoint: a failure here must not break the caller's transaction.
    with transaction.atomic():
        # get_or_create retries the get when a concurrent insert wins the unique constraint;
        # the increment is then a single UPDATE ... SET searches = searches + 1, never a
        # read-modify-write, so concurrent searches are all counted.
        term, _ = SearchTerm.objects.get_or_create(
            municipality=municipality, day=day, query=text, life_situation=life_situation
        )
        SearchTerm.objects.filter(pk=term.pk).update(
            searches=F("searches") + 1, zero_results=F("zero_results") + zero
        )


# k-anonymity


def _place():
    """A row's municipality, the national portal counting as one (0)."""
    return Coalesce("municipality", Value(0))


def with_query_totals(rows, since=None):
    """``rows`` (SearchTerm) with the alias ``query_total``: how often the row's query was
    searched in the row's municipality, on ``since`` or later (every day kept: None)."""
    same = SearchTerm.objects.annotate(place=_place()).filter(
        place=OuterRef("place"), query=OuterRef("query")
    )
    if since is not None:
        same = same.filter(day__gte=since)
    total = same.order_by().values("place").annotate(total=Sum("searches")).values("total")
    return rows.alias(place=_place(), query_total=Subquery(total))


def shown():
    """The condition on rows ``with_query_totals`` for a query the report may show: a text,
    not ``OTHER``, searched at least MIN_SHOWN_SEARCHES times in the row's municipality."""
    return ~Q(query__in=("", OTHER)) & Q(query_total__gte=MIN_SHOWN_SEARCHES)


def shown_rows(rows, since=None):
    """The rows of ``rows`` whose query the report may show (counted since ``since``)."""
    return with_query_totals(rows, since).filter(shown())


def fold_rare_queries(today=None):
    """Add the rows older than RARE_DAYS of each query searched fewer than MIN_SHOWN_SEARCHES
    times in its municipality (over every day kept) to that municipality's ``OTHER`` row of
    the same day and life situation, and delete them. Returns how many rows were folded."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=RARE_DAYS)
    old = SearchTerm.objects.filter(day__lt=cutoff).exclude(query__in=("", OTHER))
    rare = with_query_totals(old).filter(query_total__lt=MIN_SHOWN_SEARCHES)
    with transaction.atomic():
        # Locked: a second run at the same time waits and then finds them gone.
        ids = list(rare.select_for_update().values_list("pk", flat=True))
        folded = SearchTerm.objects.filter(pk__in=ids)
        buckets = folded.values("municipality", "day", "life_situation").annotate(
            searches=Sum("searches"), zero=Sum("zero_results")
        )
        for bucket in buckets.order_by():
            other, _ = SearchTerm.objects.get_or_create(
                municipality_id=bucket["municipality"],
                day=bucket["day"],
                query=OTHER,
                life_situation_id=bucket["life_situation"],
            )
            SearchTerm.objects.filter(pk=other.pk).update(
                searches=F("searches") + bucket["searches"],
                zero_results=F("zero_results") + bucket["zero"],
            )
        folded.delete()
    return len(ids)
