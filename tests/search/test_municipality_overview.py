"""The report "Overblik" (search.municipality_overview) and the CSV downloads of the reports:
the figures against known data, the scope of each role, and only declared parameters."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offers.models import Submission
from search.csv_export import cell
from search.models import SearchTerm
from tests.offers.factories import OfferPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OVERVIEW = "socialkompas_municipality_overview"
STATISTICS = "socialkompas_search_statistics"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def figures(kolding, mariagerfjord):
    now = timezone.now()
    forening, klub = (
        OrganisationFactory(municipality=kolding),
        OrganisationFactory(municipality=kolding),
    )
    OfferPageFactory(parent=kolding, organisation=forening, life_situations=["sorg"])
    OfferPageFactory(parent=kolding, organisation=forening, life_situations=["sorg", "ensomhed"])
    old = OfferPageFactory(
        parent=kolding, organisation=klub, life_situations=["ensomhed"],
        last_confirmed_at=now - datetime.timedelta(days=400),
    )  # fmt: skip
    hidden = OfferPageFactory(parent=kolding, organisation=klub, life_situations=["sorg"])
    hidden.stale_since = now
    hidden.save()
    OfferPageFactory(parent=mariagerfjord, life_situations=["sorg"])  # not Kolding's
    received = now - datetime.timedelta(days=3)
    Submission.objects.create(
        offer=old, submitter_name="A", submitter_email="a@example.org",
        created_at=received, closed_at=received + datetime.timedelta(days=2),
    )  # fmt: skip
    Submission.objects.create(
        offer=old, submitter_name="", submitter_email="", created_at=received
    )  # erased by retention, still counted
    today = timezone.localdate()
    SearchTerm.objects.create(
        municipality=kolding, day=today, query="sorg", searches=8, zero_results=2
    )
    SearchTerm.objects.create(municipality=mariagerfjord, day=today, query="sorg", searches=50)
    return {"month": received}


def test_overview_figures_for_a_local_administrator(kolding_admin, kolding, figures):
    response = client_for(kolding_admin).get(reverse(OVERVIEW))
    assert response.status_code == 200
    context = response.context
    situations = {
        row["name"]: (row["offers"], row["organisations"]) for row in context["situations"]
    }
    assert situations == {"Sorg og tab": (2, 1), "Ensomhed": (2, 2)}
    assert context["totals"] == {"offers": 3, "organisations": 2}
    assert context["live"] == {"total": 4, "confirmed": 3, "hidden": 1}
    assert context["confirmed_share"] == 0.75
    [month] = context["submissions"]
    assert (month["received"], month["handled"], month["days"]) == (2, 1, 2.0)
    [searches] = context["searches"]
    assert (searches["searches"], searches["zero"], searches["zero_share"]) == (8, 2, 0.25)
    html = response.content.decode()
    assert "3 af 4 offentliggjorte tilbud er bekræftet" in html
    assert "a@example.org" not in html


def test_overview_as_csv(kolding_admin, figures):
    response = client_for(kolding_admin).get(reverse(OVERVIEW), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    table = "Livssituation;Tilbud;Organisationer\r\nEnsomhed;2;2\r\nSorg og tab;2;1\r\nI alt;3;2"
    assert table in text
    assert "4;3;0,75;1" in text
    # The month in Danish time, as the overview counts it (not UTC's: 3 days before 4 December
    # 00:10 in Copenhagen is 30 November in UTC but 1 December there).
    assert f"{timezone.localtime(figures['month']):%Y-%m};2;1;2,00" in text
    assert f"{timezone.localdate():%Y-%m};8;2;0,25" in text


def test_overview_scope_and_parameters(
    kolding_admin, national_editor, kolding, mariagerfjord, figures
):
    local = client_for(kolding_admin)
    assert local.get(reverse(OVERVIEW), {"municipality": mariagerfjord.pk}).status_code == 400
    assert local.get(reverse(OVERVIEW), {"kommune": kolding.pk}).status_code == 400
    assert local.get(reverse(OVERVIEW), {"format": "xlsx"}).status_code == 400
    editor = client_for(national_editor)
    response = editor.get(reverse(OVERVIEW), {"municipality": mariagerfjord.pk})
    assert response.status_code == 200
    assert response.context["totals"]["offers"] == 1
    assert response.context["searches"][0]["searches"] == 50


def test_search_report_as_csv_keeps_the_privacy_rules(kolding_admin, kolding):
    today = timezone.localdate()
    SearchTerm.objects.create(
        municipality=kolding, day=today, query="sorg", searches=5, zero_results=1
    )
    SearchTerm.objects.create(municipality=kolding, day=today, query="sjælden", searches=1)
    SearchTerm.objects.create(municipality=kolding, day=today, query="=cmd|x", searches=4)
    response = client_for(kolding_admin).get(reverse(STATISTICS), {"format": "csv", "period": "7"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Søgning;Søgninger;Uden resultat\r\nsorg;5;1" in text
    assert "sjælden" not in text  # searched fewer than three times: "Andre søgninger"
    assert "Andre søgninger;1;0" in text
    assert "'=cmd|x;4;0" in text  # not a formula in a spreadsheet
    page = client_for(kolding_admin).get(reverse(STATISTICS)).content.decode()
    assert "format=csv" in page
    bad = client_for(kolding_admin).get(reverse(STATISTICS), {"format": "pdf"})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+45 12", "'+45 12"),
        ("-3", "-3"),
        ("@a", "'@a"),
        (0.5, "0,50"),
        (None, ""),
    ],
)
def test_csv_cells_are_never_formulas(value, written):
    assert cell(value) == written
