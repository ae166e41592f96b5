"""Anonymous search statistics: what people look for, per municipality and day.

``record_search`` is called by the public search page once per search. It stores no IP
address, cookie, session or user: only the normalised query text, the municipality, the day
and how many offers were found. Queries that look like personal data (an e-mail address, a
phone number, a CPR number) are stored as ``REDACTED`` instead.
"""

import logging
import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 2
REDACTED = "[udeladt]"

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
# A CPR number: six digits, an optional dash, four digits (with or without a space).
_CPR = re.compile(r"(?<!\d)\d{6}\s?-?\s?\d{4}(?!\d)")
# A phone number: eight or more digits, maybe grouped by spaces, dots or dashes.
_PHONE = re.compile(r"\d(?:[\s.\-/]?\d){7,}")
_WHITESPACE = re.compile(r"\s+")


def looks_personal(text: str) -> bool:
    return bool(_EMAIL.search(text) or _CPR.search(text) or _PHONE.search(text))


def normalise_query(query) -> str:
    """Lowercased, whitespace collapsed, trimmed, at most 100 characters; personal-looking
    queries become ``REDACTED``; shorter than two characters becomes ''."""
    text = _WHITESPACE.sub(" ", str(query or "")).strip().lower()
    if looks_personal(text):
        return REDACTED
    text = text[:MAX_QUERY_LENGTH].rstrip()
    if len(text) < MIN_QUERY_LENGTH:
        return ""
    return text


def _source_municipality(municipality):
    """The source-language MunicipalityPage for ``municipality`` (None: the national portal)."""
    from home.models import MunicipalityPage

    if not isinstance(municipality, MunicipalityPage):
        return None
    if municipality.admin_group_id is None:
        # A translation: count it with its source page, which the administrators see.
        from home.roles import municipality_for_page

        return municipality_for_page(municipality) or municipality
    return municipality


def record_search(municipality, query: str, result_count: int, life_situation=None) -> None:
    """Count one search. ``municipality`` is a MunicipalityPage or None (the national portal).

    Never raises: statistics must not break the search page.
    """
    try:
        text = normalise_query(query)
        if not text and life_situation is None:
            return
        _count(_source_municipality(municipality), text, life_situation, result_count)
    except Exception:
        logger.exception("Could not record search statistics")


def _count(municipality, text, life_situation, result_count):
    from .models import SearchTerm

    zero = 1 if not result_count else 0
    # A savepoint: a failure here must not break the caller's transaction.
    with transaction.atomic():
        # get_or_create retries the get when a concurrent insert wins the unique constraint;
        # the increment is then a single UPDATE ... SET searches = searches + 1, never a
        # read-modify-write, so concurrent searches are all counted.
        term, _ = SearchTerm.objects.get_or_create(
            municipality=municipality,
            day=timezone.localdate(),
            query=text,
            life_situation=life_situation,
        )
        SearchTerm.objects.filter(pk=term.pk).update(
            searches=F("searches") + 1, zero_results=F("zero_results") + zero
        )
