"""k-anonymity of the search statistics (issue 12, item 5): the report shows a query only once
it was searched MIN_SHOWN_SEARCHES times in one municipality in the period, rarer queries are
folded into OTHER after RARE_DAYS, and the report accepts only its own parameters."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from search.models import SearchTerm
from search.statistics import MIN_SHOWN_SEARCHES, OTHER, RARE_DAYS, record_search

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/soegninger/"
#: Words of the synonym phrases (search/migrations/0003_starter_phrases.py): known words.
QUERY, OTHER_QUERY = "sorg", "angst"


def _search(municipality, query, times, found=1):
    for _ in range(times):
        record_search(municipality, query, found)


def _report(client, user, **params):
    client.force_login(user)
    response = client.get(REPORT_URL, params)
    assert response.status_code == 200
    return response.context


def _shown(context):
    return {row["query"]: row["total"] for row in context["top_queries"]}


def test_the_numbers():
    assert (MIN_SHOWN_SEARCHES, RARE_DAYS) == (3, 30)


def test_a_query_is_shown_from_the_third_search_in_the_municipality(client, kolding, kolding_admin):
    _search(kolding, QUERY, 2, found=0)
    context = _report(client, kolding_admin)
    assert _shown(context) == {}
    assert [row["query"] for row in context["zero_queries"]] == []
    assert context["other"] == {"total": 2, "zero": 2}
    html = client.get(REPORT_URL).content.decode()
    assert QUERY not in html.split('id="top-queries"')[1]
    assert "Andre søgninger" in html

    _search(kolding, QUERY, 1, found=0)
    context = _report(client, kolding_admin)
    assert _shown(context) == {QUERY: 3}
    assert [row["query"] for row in context["zero_queries"]] == [QUERY]
    assert context["other"] == {"total": 0, "zero": 0}
    assert f"<td>{QUERY}</td>" in client.get(REPORT_URL).content.decode()


def test_the_threshold_counts_per_municipality(
    client, kolding, mariagerfjord, kolding_admin, mariagerfjord_admin, national_editor
):
    # 2 + 2 searches in two municipalities: shown nowhere, not even to a national editor.
    _search(kolding, OTHER_QUERY, 2)
    _search(mariagerfjord, OTHER_QUERY, 2)
    assert _shown(_report(client, national_editor)) == {}
    assert _report(client, national_editor)["other"]["total"] == 4

    # 3 in Kolding: shown to Kolding with Kolding's count; Mariagerfjord's 1 not counted.
    _search(kolding, QUERY, 3)
    _search(mariagerfjord, QUERY, 1)
    assert _shown(_report(client, kolding_admin)) == {QUERY: 3}
    mariagerfjord_report = _report(client, mariagerfjord_admin)
    assert _shown(mariagerfjord_report) == {}
    assert mariagerfjord_report["other"]["total"] == 3
    national = _report(client, national_editor)
    assert _shown(national) == {QUERY: 3}
    assert national["other"]["total"] == 5
    assert _shown(_report(client, national_editor, municipality=mariagerfjord.pk)) == {}
    assert _shown(_report(client, national_editor, municipality=kolding.pk)) == {QUERY: 3}


def test_the_threshold_counts_over_the_reports_period(client, kolding, kolding_admin):
    SearchTerm.objects.create(
        municipality=kolding,
        day=timezone.localdate() - datetime.timedelta(days=40),
        query=QUERY,
        searches=2,
    )
    _search(kolding, QUERY, 1)
    assert _shown(_report(client, kolding_admin)) == {}  # 1 in the last 30 days
    assert _shown(_report(client, kolding_admin, period=90)) == {QUERY: 3}


def test_other_is_never_shown_as_a_query(client, kolding, kolding_admin):
    _search(kolding, "jens hansen", 5)  # no known word: OTHER
    context = _report(client, kolding_admin)
    assert _shown(context) == {}
    assert context["other"]["total"] == 5


DAY = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


def _purge():
    call_command("purge_search_statistics", stdout=io.StringIO())


def _rows():
    return sorted(
        SearchTerm.objects.values_list(
            "municipality__title", "day", "query", "searches", "zero_results"
        )
    )


def test_rare_queries_are_folded_into_other_after_30_days(kolding, mariagerfjord):
    with time_machine.travel(DAY, tick=False):
        day = timezone.localdate()
        _search(kolding, QUERY, 2, found=0)  # rare
        _search(kolding, OTHER_QUERY, 3)  # shown: kept as it is
        _search(kolding, "jens hansen", 1)  # an OTHER row of the day already there
        _search(mariagerfjord, QUERY, 1)  # rare in Mariagerfjord, whatever Kolding has
        _search(mariagerfjord, OTHER_QUERY, 3)
    before = _rows()

    with time_machine.travel(DAY + datetime.timedelta(days=RARE_DAYS), tick=False):
        _purge()
        assert _rows() == before  # 30 days old: not yet

    with time_machine.travel(DAY + datetime.timedelta(days=RARE_DAYS + 1), tick=False):
        _purge()
        assert _rows() == [
            ("Kolding", day, OTHER_QUERY, 3, 0),
            ("Kolding", day, OTHER, 3, 2),  # 1 + the 2 rare searches, with their zero results
            ("Mariagerfjord", day, OTHER_QUERY, 3, 0),
            ("Mariagerfjord", day, OTHER, 1, 0),
        ]
        _purge()  # a second run changes nothing
        assert len(_rows()) == 4
        assert sum(row[3] for row in _rows()) == sum(row[3] for row in before)


def test_a_query_searched_often_enough_over_the_days_kept_is_not_folded(kolding):
    with time_machine.travel(DAY, tick=False):
        _search(kolding, QUERY, 1)
    with time_machine.travel(DAY + datetime.timedelta(days=10), tick=False):
        _search(kolding, QUERY, 2)
    with time_machine.travel(DAY + datetime.timedelta(days=45), tick=False):
        _purge()
        assert [row[2:4] for row in _rows()] == [(QUERY, 1), (QUERY, 2)]


def test_the_purge_keeps_life_situations_apart(kolding):
    from offers.models import LifeSituation

    sorg = LifeSituation.objects.get(slug="sorg")
    with time_machine.travel(DAY, tick=False):
        _search(kolding, QUERY, 1)
        record_search(kolding, QUERY, 1, life_situation=sorg)
        record_search(kolding, "", 1, life_situation=sorg)  # no text: never folded
    with time_machine.travel(DAY + datetime.timedelta(days=RARE_DAYS + 1), tick=False):
        _purge()
    rows = sorted(
        SearchTerm.objects.values_list("query", "life_situation__slug", "searches"),
        key=str,
    )
    assert rows == sorted([("", "sorg", 1), (OTHER, None, 1), (OTHER, "sorg", 1)], key=str)


# Parameters


@pytest.mark.parametrize(
    "query_string",
    [
        "foo=1",
        "o=query",
        "ordering=-total",
        "q=sorg",
        "query__startswith=a",
        "municipality__in=1",
        "period=7&period=30",
        "period=abc",
        "period=365",
        "municipality=999999",
        "municipality=landsdaekkende",  # only national editors have it
    ],
)
def test_an_unknown_or_invalid_parameter_is_a_400(client, kolding, kolding_admin, query_string):
    _search(kolding, QUERY, 3)
    client.force_login(kolding_admin)
    response = client.get(f"{REPORT_URL}?{query_string}")
    assert response.status_code == 400
    assert "ukendt eller ugyldig parameter" in response.content.decode()
    assert QUERY not in response.content.decode()


def test_parameters_of_the_form_are_accepted(
    client, kolding, mariagerfjord, kolding_admin, national_editor
):
    client.force_login(kolding_admin)
    assert client.get(f"{REPORT_URL}?period=7&municipality=").status_code == 200
    assert client.get(f"{REPORT_URL}?municipality={mariagerfjord.pk}").status_code == 400
    client.force_login(national_editor)
    for query_string in (
        "period=90",
        f"municipality={mariagerfjord.pk}",
        "municipality=landsdaekkende&period=30",
    ):
        assert client.get(f"{REPORT_URL}?{query_string}").status_code == 200
    assert client.get(f"{REPORT_URL}?foo=1").status_code == 400
