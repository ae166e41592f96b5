import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offers.models import LifeSituation
from search.models import LifeSituationPhrase, SearchTerm, SearchWord
from search.statistics import OTHER, normalise_query, record_search

pytestmark = pytest.mark.django_db

#: Words the tests search for, as the lexicon of the live offers would hold them (the
#: statistics keep only known words, see test_search_statistics_privacy).
WORDS = ("sorggruppe", "dreng", "sover", "lektiehjælp", "klasse", "samtidig")


@pytest.fixture(autouse=True)
def lexicon(db):
    SearchWord.objects.bulk_create(
        [SearchWord(text=w, ordinary=True) for w in WORDS], ignore_conflicts=True
    )


REPORT_URL = "/admin/reports/soegninger/"


@pytest.fixture
def sorg(db):
    return LifeSituation.objects.get_or_create(slug="sorg", defaults={"name": "Sorg"})[0]


@pytest.fixture
def ensomhed(db):
    return LifeSituation.objects.get_or_create(slug="ensomhed", defaults={"name": "Ensomhed"})[0]


def test_report_url():
    assert reverse("socialkompas_search_statistics") == REPORT_URL


# Recording


def test_counts_searches_and_zero_results_per_municipality_and_day(kolding, mariagerfjord):
    record_search(kolding, "Sorggruppe", 3)
    record_search(kolding, "sorggruppe", 0)
    record_search(kolding, "  SORGGRUPPE ", 2)
    record_search(mariagerfjord, "sorggruppe", 0)
    record_search(None, "sorggruppe", 5)

    today = timezone.localdate()
    rows = {(row.municipality_id, row.query): row for row in SearchTerm.objects.filter(day=today)}
    assert set(rows) == {
        (kolding.pk, "sorggruppe"),
        (mariagerfjord.pk, "sorggruppe"),
        (None, "sorggruppe"),
    }
    assert (
        rows[kolding.pk, "sorggruppe"].searches,
        rows[kolding.pk, "sorggruppe"].zero_results,
    ) == (3, 1)
    assert (
        rows[mariagerfjord.pk, "sorggruppe"].searches,
        rows[mariagerfjord.pk, "sorggruppe"].zero_results,
    ) == (1, 1)
    assert (rows[None, "sorggruppe"].searches, rows[None, "sorggruppe"].zero_results) == (1, 0)


def test_national_rows_are_not_duplicated(home, sorg):
    # NULL municipality and NULL life situation must still be one row per day and query.
    for _ in range(3):
        record_search(None, "gæld", 0)
        record_search(None, "", 4, life_situation=sorg)
    assert SearchTerm.objects.count() == 2
    assert SearchTerm.objects.get(query="gæld").searches == 3
    assert SearchTerm.objects.get(query="", life_situation=sorg).searches == 3


def test_each_day_has_its_own_row(kolding, monkeypatch):
    record_search(kolding, "angst", 1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr("search.statistics.timezone.localdate", lambda: tomorrow)
    record_search(kolding, "angst", 1)
    assert sorted(SearchTerm.objects.values_list("day", "searches")) == [
        (tomorrow - datetime.timedelta(days=1), 1),
        (tomorrow, 1),
    ]


def test_life_situation_without_query_is_counted(kolding, sorg):
    record_search(kolding, "", 0, life_situation=sorg)
    record_search(kolding, "sorg", 2, life_situation=sorg)
    record_search(kolding, "", 5, life_situation=sorg)
    only_situation = SearchTerm.objects.get(query="", life_situation=sorg)
    assert (only_situation.searches, only_situation.zero_results) == (2, 1)
    assert SearchTerm.objects.get(query="sorg", life_situation=sorg).searches == 1


def test_too_short_and_empty_queries_are_not_stored(kolding):
    record_search(kolding, "", 0)
    record_search(kolding, "a", 0)
    record_search(kolding, "   ", 0)
    assert not SearchTerm.objects.exists()


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("  Ensomhed   ÆLDRE\t", "ensomhed ældre"),
        ("Min dreng\nsover ikke", "min dreng sover ikke"),
        ("sorggruppe " * 15, ("sorggruppe " * 9).strip()),  # 100 characters, the rest cut
        ("x" * 150, OTHER),  # no known word
        ("ab", OTHER),
        ("a", ""),
        (None, ""),
    ],
)
def test_normalisation(raw, stored):
    assert normalise_query(raw) == stored


@pytest.mark.parametrize(
    "query",
    [
        "hans.hansen@example.org",
        "hjælp til mette@mail.dk",
        "12345678",
        "+45 12 34 56 78",
        "ring 20-30-40-50",
        "010190-1234",
        "0101901234",
        "cpr 010190 1234 sorg",
    ],
)
def test_personal_looking_queries_are_redacted(kolding, query):
    record_search(kolding, query, 0)
    assert list(SearchTerm.objects.values_list("query", flat=True)) == [OTHER]


@pytest.mark.parametrize("query", ["lektiehjælp 3.-10. klasse", "sorggruppe 6000", "18 år"])
def test_ordinary_queries_with_numbers_are_kept(query):
    assert normalise_query(query) == query


def test_no_personal_fields_on_the_model():
    names = {field.name for field in SearchTerm._meta.get_fields()}
    assert names == {
        "id",
        "municipality",
        "day",
        "query",
        "life_situation",
        "searches",
        "zero_results",
    }


def test_recording_needs_no_request_and_never_raises(kolding, monkeypatch, caplog):
    record_search(kolding, "sorg", 1)  # no request, user or session involved
    assert SearchTerm.objects.get().searches == 1

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("search.statistics._count", broken)
    record_search(kolding, "sorg", 1)  # logged, not raised
    assert "Could not record search statistics" in caplog.text


def test_a_failed_recording_does_not_break_the_callers_transaction(kolding, monkeypatch):
    """The database refuses the row (here: a day that is no date) inside the caller's
    transaction: logged, and the transaction is still usable."""
    monkeypatch.setattr("search.statistics.timezone.localdate", lambda: "ingen dato")
    record_search(kolding, "sorg", 1)
    monkeypatch.undo()
    assert SearchTerm.objects.count() == 0
    record_search(kolding, "sorg", 1)
    assert SearchTerm.objects.get().searches == 1


def test_purge_command_deletes_rows_older_than_two_years(kolding):
    # Searched often enough to be shown (rarer ones are folded after 30 days, see
    # test_search_statistics_anonymity).
    today = timezone.localdate()
    SearchTerm.objects.create(
        municipality=kolding, day=today - datetime.timedelta(days=800), query="gammel", searches=3
    )
    SearchTerm.objects.create(
        municipality=kolding, day=today - datetime.timedelta(days=700), query="ny", searches=3
    )
    call_command("purge_search_statistics", stdout=io.StringIO())
    assert list(SearchTerm.objects.values_list("query", flat=True)) == ["ny"]


# The admin report


def _row(municipality, query, searches, zero=0, days_ago=0, life_situation=None):
    """A row as record_search leaves it (the texts say whose they are; each query is searched
    often enough to be shown, see test_search_statistics_anonymity for the threshold)."""
    SearchTerm.objects.create(
        municipality=municipality,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        query=query,
        life_situation=life_situation,
        searches=searches,
        zero_results=zero,
    )


@pytest.fixture
def statistics(kolding, mariagerfjord, sorg, ensomhed):
    _row(kolding, "kolding sorggruppe", 4)
    _row(kolding, "kolding intet fundet", 3, zero=3)
    _row(kolding, "", 1, life_situation=sorg)
    _row(mariagerfjord, "mariagerfjord fjordgåtur", 3)
    _row(mariagerfjord, "mariagerfjord tomt", 3, zero=3)
    _row(mariagerfjord, "", 1, life_situation=ensomhed)
    _row(None, "landsdækkende gæld", 3)
    _row(kolding, "kolding gammel søgning", 9, days_ago=45)  # outside the default 30 days


def test_local_administrator_sees_own_municipality_only(
    client, kolding_admin, statistics, sorg, ensomhed
):
    client.force_login(kolding_admin)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "kolding sorggruppe" in content
    assert "kolding intet fundet" in content
    assert sorg.name in content
    assert "mariagerfjord" not in content
    assert "landsdækkende gæld" not in content
    assert ensomhed.name not in content
    top = response.context["top_queries"]
    assert top[0] == {"query": "kolding sorggruppe", "total": 4, "zero": 0}
    assert [row["query"] for row in response.context["zero_queries"]] == ["kolding intet fundet"]
    assert response.context["life_situations"] == [
        {"life_situation__name": sorg.name, "total": 1, "zero": 0}
    ]
    # Another municipality cannot be chosen through the URL (a 400, see
    # test_search_statistics_anonymity).
    mariagerfjord_pk = (
        SearchTerm.objects.filter(query__startswith="mariagerfjord").first().municipality_id
    )
    response = client.get(REPORT_URL, {"municipality": mariagerfjord_pk})
    assert response.status_code == 400
    assert "mariagerfjord" not in response.content.decode()


def test_period_is_selectable(client, kolding_admin, statistics):
    client.force_login(kolding_admin)
    assert "kolding gammel søgning" not in client.get(REPORT_URL).content.decode()
    response = client.get(REPORT_URL, {"period": 90})
    assert response.context["period"] == 90
    assert "kolding gammel søgning" in response.content.decode()
    assert client.get(REPORT_URL, {"period": "365"}).status_code == 400  # not offered


def test_national_editor_sees_all_with_a_filter(client, national_editor, statistics, kolding):
    client.force_login(national_editor)
    content = client.get(REPORT_URL).content.decode()
    for query in ("kolding sorggruppe", "mariagerfjord fjordgåtur", "landsdækkende gæld"):
        assert query in content
    assert "Landsdækkende" in content

    only_kolding = client.get(REPORT_URL, {"municipality": kolding.pk}).content.decode()
    assert "kolding sorggruppe" in only_kolding
    assert "mariagerfjord" not in only_kolding
    assert "landsdækkende gæld" not in only_kolding

    national = client.get(REPORT_URL, {"municipality": "landsdaekkende"}).context
    assert [row["query"] for row in national["top_queries"]] == ["landsdækkende gæld"]


def test_users_without_a_role_are_refused(client, home, statistics):
    from django.contrib.auth import get_user_model

    from home.roles import admin_access_permission

    user = get_user_model().objects.create_user("frivillig", "f@example.org", "adgangskode-1234")
    user.user_permissions.add(admin_access_permission())
    client.force_login(user)
    response = client.get(REPORT_URL)
    assert response.status_code == 403
    assert b"kolding sorggruppe" not in response.content
    assert REPORT_URL.encode() not in client.get("/admin/").content


def test_menu_item_for_local_administrators_and_national_editors(
    client, kolding_admin, national_editor, statistics
):
    for user in (kolding_admin, national_editor):
        client.force_login(user)
        assert REPORT_URL.encode() in client.get("/admin/").content


#: Queries of one report request, warm caches: session, user, permissions and role checks,
#: the admin menu, and four aggregates (totals, top queries, zero-result queries, life
#: situations); the national editor's municipality filter replaces the local administrator's
#: municipality lookup. The same however many rows the statistics hold.
REPORT_QUERIES = 15


def _count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REPORT_URL)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_pinned_and_does_not_grow(
    client, kolding_admin, national_editor, statistics, kolding, sorg
):
    client.force_login(kolding_admin)
    client.get(REPORT_URL)  # warm the caches (content types, site root paths)
    assert _count_queries(client) == REPORT_QUERIES
    client.force_login(national_editor)
    assert _count_queries(client) == REPORT_QUERIES

    for number in range(30):
        record_search(kolding, f"ny søgning {number}", number % 2)
        record_search(None, f"national søgning {number}", 0, life_situation=sorg)

    client.force_login(kolding_admin)
    assert _count_queries(client) == REPORT_QUERIES
    client.force_login(national_editor)
    assert _count_queries(client) == REPORT_QUERIES


@pytest.mark.django_db
def test_the_search_page_records_a_search(client, demo):
    from home.models import MunicipalityPage

    client.get("/kolding/soeg/", {"q": "  Sorggruppe "})
    kolding = MunicipalityPage.objects.get(slug="kolding")
    row = SearchTerm.objects.get(municipality=kolding, query="sorggruppe")
    assert row.searches == 1
    assert row.zero_results == 0


def test_the_vocabulary_words_are_read_once_and_forgotten_on_an_edit(ensomhed):
    """The names and phrases the statistics keep are cached with the search vocabulary: a
    query of vocabulary words reads nothing, and a new phrase counts at once."""
    normalise_query("ensomhed")
    with CaptureQueriesContext(connection) as queries:
        assert normalise_query("Ensomhed") == "ensomhed"
    assert len(queries) == 0
    assert normalise_query("snakkevenner") == OTHER
    LifeSituationPhrase.objects.create(life_situation=ensomhed, text="snakkevenner")
    assert normalise_query("snakkevenner") == "snakkevenner"
