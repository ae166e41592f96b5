"""Search statistics keep no personal data, whatever the writing (issue 12, item 5).

The variants a reviewer got into the table and the report (a CPR number with a non-breaking
hyphen, an e-mail address with a fullwidth @, a phone number with a zero-width space, a name
with a health condition) and their relatives are searched on the real public search page and
looked for in the table and in the real admin report.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from home.models import MunicipalityPage
from home.roles import NATIONAL_EDITORS
from search import lexicon
from search.models import SearchTerm, SearchWord
from search.statistics import (
    MIN_SHOWN_SEARCHES,
    OTHER,
    clean_query,
    looks_personal,
    normalise_query,
    record_search,
)
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/soegninger/"

#: Written to get past a check on ASCII: every one is a CPR number, a phone number or an
#: e-mail address.
PERSONAL_VARIANTS = [
    "010190\u20111234",  # non-breaking hyphen
    "jens\uff20example.dk",  # fullwidth @
    "20\u200b12 34 56",  # zero-width space
    "2012\u200b3456",
    "2012\u20603456",  # word joiner
    "2012\u00ad3456",  # soft hyphen
    "0101\ufeff90\u180e1234",  # byte order mark, Mongolian vowel separator
    "20\u3164 12\u2800 34 56",  # Hangul filler, braille blank
    "2\u03010\u03011\u03012\u03013\u03014\u03015\u03016",  # combining accents between digits
    "+45\u202f2012\u202f3456",  # narrow no-break spaces
    "+4520123456",
    "010190\u22121234",  # minus sign
    "010190\u20101234",  # hyphen
    "010190 \u2013 1234",  # en dash with spaces
    "\uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14",  # fullwidth digits
    "\u0660\u0661\u0660\u0661\u0669\u0660\u0661\u0662\u0663\u0664",  # Arabic-Indic digits
    "jens\ufe6bexample.dk",  # small commercial at
    "20\n12\t34\r56",
]
#: A name with a health condition: the condition is kept, the name never.
NAME_VARIANTS = {
    "jens hansen kræft": "… kræft",
    "Mette Sørensen depression": "… depression",
    "JENS HANSEN KRÆFT": "… kræft",
    "je\u200bns han\u00adsen kræft": "… kræft",  # invisible characters inside the name
    "ｍｅｔｔｅ ｓøｒｅｎｓｅｎ depression": "… depression",  # fullwidth letters
}
#: What must never be in the table or the report: the names, the e-mail's parts and the
#: numbers (in any writing, after cleaning).
FORBIDDEN = ["jens", "hansen", "mette", "sørensen", "example", "@", "＠"]
DIGITS = re.compile(r"\d")


@pytest.fixture
def kolding(demo):
    return MunicipalityPage.objects.get(slug="kolding")


@pytest.fixture
def names_in_the_lexicon(kolding):
    """A published offer naming its leaders: "jens", "hansen", "mette" and "sørensen" are
    in the lexicon (so a plain lexicon allow-list would keep them)."""
    offer = OfferPageFactory(
        parent=kolding,
        title="Samtalegruppe om kræft",
        summary="For voksne med kræft eller depression.",
        description=(
            "Gruppen ledes af Jens Hansen og Mette Sørensen (mette.sorensen@kolding.example.dk). "
            "skriv til jens, hvis du vil være med."
        ),
    )
    offer.save_revision().publish()
    words = set(SearchWord.objects.values_list("text", flat=True))
    assert {"jens", "hansen", "mette", "sørensen", "kræft", "depression"} <= words
    return offer


def _demo_users():
    """The demo's local administrator of Kolding and its national editor."""
    users = get_user_model().objects
    return users.get(username="kolding"), users.get(username="redaktoer")


def _tables(html):
    """The report's query tables (the rest of an admin page has tokens and hashes)."""
    tables = re.findall(r'<table class="listing" id="[a-z-]*queries">.*?</table>', html, re.S)
    assert len(tables) == 2, "both query tables are shown"
    return "\n".join(tables)


def _stored_queries():
    return list(SearchTerm.objects.values_list("query", flat=True))


def test_the_variants_never_reach_the_table_nor_the_report(client, kolding, names_in_the_lexicon):
    for query in [*PERSONAL_VARIANTS, *NAME_VARIANTS]:
        for _ in range(MIN_SHOWN_SEARCHES):  # often enough to be shown
            assert client.get("/kolding/soeg/", {"q": query}).status_code == 200

    stored = _stored_queries()
    assert set(stored) == {OTHER, "… kræft", "… depression"}
    for query in stored:
        assert not DIGITS.search(query), query
        assert not any(word in query for word in FORBIDDEN), query
    # Every search was counted.
    searches = sum(SearchTerm.objects.values_list("searches", flat=True))
    assert searches == MIN_SHOWN_SEARCHES * (len(PERSONAL_VARIANTS) + len(NAME_VARIANTS))

    kolding_admin, national_editor = _demo_users()
    assert kolding_admin.groups.filter(pk=kolding.admin_group_id).exists()
    assert national_editor.groups.filter(name=NATIONAL_EDITORS).exists()
    for user in (kolding_admin, national_editor):
        client.force_login(user)
        response = client.get(REPORT_URL)
        assert response.status_code == 200
        html = response.content.decode()
        tables = _tables(html)
        assert "… kræft" in tables and "… depression" in tables  # the conditions are kept
        assert "Andre søgninger" in tables
        assert not DIGITS.search(re.sub(r"<td>\d+</td>", "", tables))  # only the counts
        for word in FORBIDDEN:
            assert word not in tables
        for word in ("jens", "hansen", "mette", "sørensen", "example.dk"):
            assert word not in html.lower()


@pytest.mark.parametrize("query", PERSONAL_VARIANTS)
def test_personal_variants_are_cleaned_and_detected(query):
    cleaned = clean_query(query)
    assert looks_personal(cleaned)
    assert normalise_query(query) == OTHER


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("010190\u20111234", "010190-1234"),
        ("jens\uff20example.dk", "jens@example.dk"),
        ("2012\u200b3456", "20123456"),
        ("Sorg\u00a0og\u2003tab", "sorg og tab"),  # no-break space, em space
        ("ANGST\u2028uro", "angst uro"),  # line separator
        ("ke\u0301d", "kéd"),  # NFKC composes what can be composed
        ("İ", "i"),  # casefolding leaves a combining dot, removed
        ("ｓｏｒｇ", "sorg"),
        ("\x00sorg\x1b", "sorg"),
    ],
)
def test_cleaning(raw, cleaned):
    assert clean_query(raw) == cleaned


@pytest.mark.parametrize("query", ["6000", "18 år", "3.-10. klasse", "12345", "1 2 3 4 5"])
def test_up_to_five_digits_are_not_personal(query):
    assert not looks_personal(clean_query(query))


@pytest.mark.parametrize("query", ["123456", "1 2 3 4 5 6", "01-01-90", "postnr 6000 og 7100"])
def test_six_digits_or_more_are_personal(query):
    assert looks_personal(clean_query(query))


@pytest.mark.parametrize("query, kept", list(NAME_VARIANTS.items()))
def test_names_are_replaced_by_a_placeholder(names_in_the_lexicon, query, kept):
    assert normalise_query(query) == kept


def test_only_words_known_to_the_project_are_kept(kolding, names_in_the_lexicon):
    offer = OfferPageFactory(
        parent=kolding,
        title="Lektiecafé",
        summary="Hjælp til lektier. Ingeborg Kjærsgaard står for caféen.",
    )
    offer.save_revision().publish()
    # A name no list knows, written capitalised in an offer: in the lexicon, not kept.
    assert SearchWord.objects.filter(text="kjærsgaard", ordinary=False).exists()
    assert normalise_query("ingeborg kjærsgaard kræft") == "… kræft"
    # The title's first word, lower-case words of offers, function words and phrase words.
    assert normalise_query("Lektiecafé for børn") == "lektiecafé for børn"
    assert normalise_query("hjælp til lektier") == "hjælp til lektier"
    # A typo is an unknown word too: privacy first.
    assert normalise_query("depresion") == OTHER
    assert normalise_query("min mor har depresion") == "min mor har …"
    # A name on the list is not kept even where an offer writes it in lower case.
    assert SearchWord.objects.filter(text="jens", ordinary=True).exists()
    assert normalise_query("til jens") == "til …"
    # Words of e-mail addresses in offers are not ordinary words.
    assert SearchWord.objects.filter(text="sorensen", ordinary=False).exists()
    assert normalise_query("sorensen kræft") == "… kræft"
    # Runs of unknown words and what stands between them are one placeholder.
    assert normalise_query("kræft j. hansen, m. sørensen!") == "kræft …!"
    # Symbols and emoji are dropped; the query keeps no known word: OTHER.
    assert normalise_query("🇯🇪🇳🇸 ☺") == OTHER


def test_the_rebuilt_lexicon_knows_which_words_are_ordinary(names_in_the_lexicon):
    SearchWord.objects.update(ordinary=False)
    call_command("rebuild_search_lexicon", stdout=io.StringIO())
    ordinary = set(SearchWord.objects.filter(ordinary=True).values_list("text", flat=True))
    assert {"samtalegruppe", "kræft", "depression", "jens", "ledes"} <= ordinary
    assert not {"hansen", "mette", "sørensen", "sorensen", "kolding"} & ordinary
    assert lexicon.ordinary_words_in("Mette leder", "Kontakt Jens") == {"mette", "leder"}


def test_a_failure_logs_no_query_text(kolding, monkeypatch, caplog):
    def failing(text):
        raise ValueError(f"could not handle {text!r}")

    monkeypatch.setattr("search.statistics.clean_query", failing)
    record_search(kolding, "jens hansen kræft 0101901234", 0)
    assert "Could not record search statistics (ValueError)" in caplog.text
    for part in ("jens", "hansen", "kræft", "0101901234"):
        assert part not in caplog.text
    assert not any(record.exc_info for record in caplog.records)


def test_the_migration_folds_the_texts_stored_before(kolding):
    """Rows stored under the old checks (here the reviewer's findings) keep their counts but
    not their texts (search/migrations/0006_search_word_ordinary.py)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("search.migrations.0006_search_word_ordinary")
    day = timezone.localdate()
    for query, searches in [("010190‑1234", 1), ("jens＠example.dk", 2), ("kræft", 3)]:
        SearchTerm.objects.create(municipality=kolding, day=day, query=query, searches=searches)
    SearchTerm.objects.create(municipality=kolding, day=day, query=OTHER, searches=1)
    SearchTerm.objects.create(municipality=None, day=day, query="jens hansen", zero_results=1)
    SearchTerm.objects.create(municipality=kolding, day=day, query="", searches=4)

    migration.fold_old_texts(apps, None)
    assert sorted(
        SearchTerm.objects.values_list("municipality", "query", "searches", "zero_results"),
        key=str,
    ) == sorted([(kolding.pk, OTHER, 7, 0), (None, OTHER, 0, 1), (kolding.pk, "", 4, 0)], key=str)
