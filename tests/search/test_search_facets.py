"""Faceted search (search/engine.py): the HTML search pages and /api/search/ agree."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import MunicipalityPage
from offers.models import OfferPage
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def facet_counts(response, name):
    """{value: count} of one facet on the HTML page (zero counts are not shown)."""
    for group in response.context["facet_groups"]:
        if group["name"] == name:
            return {option.value: option.count for option in group["options"]}
    for item in response.context["practical_facets"]:
        if item["name"] == name:
            return {"1": item["option"].count}
    return {}


def html_offers(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["results"].paginator.object_list)


def api_id(offer):
    return offer.external_id or str(offer.pk)


def kolding():
    return MunicipalityPage.objects.get(slug="kolding")


def test_facet_count_equals_the_results_after_ticking_it(client, demo):
    counts = facet_counts(client.get("/kolding/soeg/"), "life_situation")
    assert counts["angst"] > 0
    offers = html_offers(client, "/kolding/soeg/", {"life_situation": "angst"})
    assert len(offers) == counts["angst"]
    assert all("angst" in {s.slug for s in o.life_situations.all()} for o in offers)
    for name, value in [("format", "online"), ("free", "1"), ("anonymous", "1")]:
        count = facet_counts(client.get("/kolding/soeg/"), name)[value]
        assert len(html_offers(client, "/kolding/soeg/", {name: value})) == count, name


def test_counts_reflect_the_other_active_filters(client, demo):
    response = client.get("/kolding/soeg/", {"format": "online"})
    angst_with_online = facet_counts(response, "life_situation")["angst"]
    expected = (
        OfferPage.objects.public()
        .in_scope_of(kolding())
        .filter(is_online=True, life_situations__slug="angst")
        .count()
    )
    assert angst_with_online == expected
    assert angst_with_online < facet_counts(client.get("/kolding/soeg/"), "life_situation")["angst"]
    # The format facet itself still offers the alternatives (OR within a facet).
    assert facet_counts(response, "format")["fysisk"] > 0
    # The text query narrows the counts too.
    with_text = client.get("/kolding/soeg/", {"q": "angst"})
    assert (
        facet_counts(with_text, "life_situation")["angst"]
        <= facet_counts(client.get("/kolding/soeg/"), "life_situation")["angst"]
    )


def test_combining_two_facets_narrows(client, demo):
    angst = {o.pk for o in html_offers(client, "/kolding/soeg/", {"life_situation": "angst"})}
    online = {o.pk for o in html_offers(client, "/kolding/soeg/", {"format": "online"})}
    both = {
        o.pk
        for o in html_offers(
            client, "/kolding/soeg/", {"life_situation": "angst", "format": "online"}
        )
    }
    assert both == angst & online
    assert both and both < angst
    # Two values of one facet widen (OR) ...
    either = html_offers(client, "/kolding/soeg/", {"format": ["online", "telefon"]})
    assert {o.pk for o in either} >= online
    # ... and active filters are listed with links that remove them, keeping the rest.
    html = client.get(
        "/kolding/soeg/", {"q": "hjælp", "life_situation": "angst", "format": "online"}
    ).content.decode()
    assert "Fjern" in html
    assert 'href="?q=hj%C3%A6lp&amp;format=online"' in html
    assert 'href="?q=hj%C3%A6lp&amp;life_situation=angst"' in html


def test_age_filter(client, demo):
    home_ = kolding()
    kids = OfferPageFactory(parent=home_, title="For børn", age_min=6, age_max=12)
    adults = OfferPageFactory(parent=home_, title="For voksne", age_min=18)
    seniors_upto = OfferPageFactory(parent=home_, title="Op til 70", age_max=70)
    any_age = OfferPageFactory(parent=home_, title="Alle aldre")
    found = {o.pk for o in html_offers(client, "/kolding/soeg/", {"age": "10"})}
    assert {kids.pk, seniors_upto.pk, any_age.pk} <= found
    assert adults.pk not in found
    found = {o.pk for o in html_offers(client, "/kolding/soeg/", {"age": "80"})}
    assert {adults.pk, any_age.pk} <= found and not {kids.pk, seniors_upto.pk} & found
    for offer in OfferPage.objects.filter(pk__in=found):
        assert offer.age_min is None or offer.age_min <= 80
        assert offer.age_max is None or offer.age_max >= 80
    api = client.get("/api/search/", {"age": "10", "municipality": "kolding", "page_size": 100})
    assert {kids.pk, seniors_upto.pk, any_age.pk} <= {
        int(r["id"]) for r in api.json()["results"] if r["id"].isdigit()
    }


def test_scope_never_shows_another_municipalitys_offers(client, demo):
    offers = html_offers(client, "/kolding/soeg/", {"format": ["fysisk", "online", "telefon"]})
    assert {o.municipality_id for o in offers} == {kolding().pk, None}
    data = client.get("/api/search/", {"municipality": "kolding", "page_size": 100}).json()
    assert data["count"] == len(offers)
    assert {r["municipality"] for r in data["results"]} == {"kolding", "national"}
    national_only = client.get("/api/search/", {"municipality": "national"}).json()
    assert national_only["count"] > 0
    assert {r["municipality"] for r in national_only["results"]} == {"national"}
    # The national portal has municipality as a facet.
    response = client.get("/soeg/", {"municipality": "mariagerfjord"})
    counts = facet_counts(response, "municipality")
    assert counts["mariagerfjord"] == response.context["paginator"].count
    assert {o.municipality.slug for o in response.context["results"]} == {"mariagerfjord"}


def test_hidden_and_draft_offers_never_appear(client, demo):
    stale = OfferPage.objects.filter(municipality__slug="kolding").order_by("pk")[0]
    draft = OfferPage.objects.filter(municipality__slug="kolding").order_by("pk")[1]
    OfferPage.objects.filter(pk=stale.pk).update(stale_since=timezone.now())
    draft.unpublish()
    gone = {stale.pk, draft.pk}
    for params in [{}, {"q": stale.title}, {"q": draft.title}]:
        assert not gone & {o.pk for o in html_offers(client, "/kolding/soeg/", params)}
        assert not gone & {o.pk for o in html_offers(client, "/soeg/", params)}
        data = client.get("/api/search/", {**params, "page_size": 100}).json()
        ids = {r["id"] for r in data["results"]}
        assert not {api_id(stale), api_id(draft)} & ids
        # The counts in the facets leave them out too.
        assert sum(data["facets"]["format"].values()) >= data["count"]


@pytest.mark.parametrize(
    "url, api_params",
    [
        ("/kolding/soeg/", {"municipality": "kolding"}),
        ("/kolding/soeg/", {"municipality": "kolding", "q": "sorg"}),
        ("/kolding/soeg/", {"municipality": "kolding", "q": "hjælp samtale"}),
        ("/kolding/soeg/", {"municipality": "kolding", "life_situation": "angst"}),
        (
            "/kolding/soeg/",
            {"municipality": "kolding", "q": "gruppe", "format": "fysisk", "free": "1"},
        ),
        ("/soeg/", {"q": "rådgivning", "language": ["en", "ar"]}),
        ("/soeg/", {"age": "16", "offer_kind": "telefon-chat", "anonymous": "true"}),
        ("/soeg/", {"q": "unge", "target_group": "unge", "no_registration": "on"}),
        ("/soeg/", {"organisation_type": "forening", "accessible": "1"}),
    ],
)
def test_api_and_html_give_the_same_results_in_the_same_order(client, demo, url, api_params):
    html_params = {k: v for k, v in api_params.items() if k != "municipality"}
    html = [api_id(o) for o in html_offers(client, url, html_params)]
    api = client.get("/api/search/", {**api_params, "page_size": 100})
    assert api.status_code == 200, api.content
    data = api.json()
    assert [r["id"] for r in data["results"]] == html
    assert data["count"] == len(html)
    # Page by page as well.
    first = client.get("/api/search/", {**api_params, "page_size": 3}).json()
    ids = [r["id"] for r in first["results"]]
    if len(html) > 3:
        second = client.get("/api/search/", {**api_params, "page_size": 3, "page": 2}).json()
        ids += [r["id"] for r in second["results"]]
    assert ids == html[:6]


def test_api_answer(client, demo):
    response = client.get("/api/search/", {"q": "sorggruppe", "municipality": "kolding"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["page"] == 1 and data["page_size"] == 20
    offer = next(r for r in data["results"] if r["title"] == "Sorggruppe for voksne")
    assert offer["url"].startswith("http://") and offer["url"].endswith(
        "/kolding/sorggruppe-for-voksne/"
    )
    assert offer["municipality"] == "kolding"
    assert offer["organisation_type"] == "forening"
    assert "sorg" in offer["life_situations"] and offer["formats"]
    assert "T" in offer["last_confirmed_at"]
    assert set(data["facets"]) >= {
        "life_situation",
        "target_group",
        "offer_kind",
        "format",
        "organisation_type",
        "language",
        "free",
        "anonymous",
        "no_registration",
        "accessible",
    }
    assert "municipality" in client.get("/api/search/").json()["facets"]


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"colour": "blue"}, "colour"),
        ({"life_situation": "findes-ikke"}, "life_situation"),
        ({"target_group": "marsmaend"}, "target_group"),
        ({"offer_kind": "x"}, "offer_kind"),
        ({"organisation_type": "firma"}, "organisation_type"),
        ({"language": "xx"}, "language"),
        ({"format": "brevdue"}, "format"),
        ({"age": "121"}, "age"),
        ({"age": "ti"}, "age"),
        ({"free": "måske"}, "free"),
        ({"municipality": "atlantis"}, "municipality"),
        ({"municipality": ["kolding", "mariagerfjord"]}, "municipality"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "x"}, "page"),
        ({"page": "999"}, "page"),
    ],
)
def test_api_bad_parameters_get_400_naming_the_parameter(client, demo, params, parameter):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]


def test_html_page_ignores_unknown_values_with_a_notice(client, demo):
    response = client.get(
        "/kolding/soeg/",
        {"target_group": "marsmaend", "life_situation": "angst", "age": "200", "utm": "x"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "kunne ikke bruges" in html
    angst = html_offers(client, "/kolding/soeg/", {"life_situation": "angst"})
    assert response.context["paginator"].count == len(angst)
    assert client.get("/kolding/soeg/", {"municipality": "x", "free": "nej"}).status_code == 200


def test_facets_wait_in_a_closed_panel_after_the_count_and_chosen_filters(client, demo):
    """Phone first (issue 13): count and chosen filters, then the facets in a <details> panel
    (closed in the HTML; static/js/search-filters.js opens it on wide screens), then the results.
    The browser side is tests/e2e/test_search_phone.py."""
    for url in ("/kolding/soeg/", "/soeg/"):
        html = client.get(url, {"q": "ensom"}).content.decode()
        assert '<details class="search-filters" data-search-filters>' in html  # not open
        assert "Filtrer resultater</span>" in html
        assert "Fjern filter:" not in html
        html = client.get(
            url, {"q": "ensom", "life_situation": "ensomhed", "format": "fysisk", "free": "1"}
        ).content.decode()
        assert "Filtre (3 valgt)</span>" in html
        order = [
            html.index('class="result-count"'),
            html.index('class="active-filters"'),
            html.index('<details class="search-filters"'),
            html.index('<form class="search-facets"'),
            html.index('<section class="search-results"'),
            html.index('class="card offer-card"'),
        ]
        assert order == sorted(order), url
        # Each chosen filter is a link named "Fjern filter: <label>" that keeps the others.
        assert html.count('<span class="visually-hidden">Fjern filter: </span>') == 3
        assert (
            '<a class="tag tag-icon active-filters__remove" href="?q=ensom&amp;format=fysisk'
            '&amp;free=1"><span class="visually-hidden">Fjern filter: </span>Ensomhed<svg'
        ) in html


def test_html_form_and_pagination_keep_the_parameters(client, demo):
    for _ in range(25):
        OfferPageFactory(parent=kolding(), life_situations=["angst"], is_online=True)
    response = client.get(
        "/kolding/soeg/", {"q": "tale", "life_situation": "angst", "format": "online"}
    )
    html = response.content.decode()
    assert '<form class="search-facets" method="get"' in html
    assert "<legend>Livssituation</legend>" in html
    assert 'value="angst" checked' in html
    assert "Vis resultater" in html
    assert '<input type="hidden" name="q" value="tale">' in html
    assert response.context["next_url"] == ("?q=tale&life_situation=angst&format=online&page=2")
    page2 = client.get("/kolding/soeg/" + response.context["next_url"])
    assert page2.context["results"].number == 2
    assert page2.context["previous_url"].endswith("&page=1")


def test_search_backend_takes_filters_it_does_not_index(client, demo):
    """Age, language and provider type are no FilterFields: they reach .search() as id__in."""
    offer = OfferPageFactory(
        parent=kolding(),
        title="Samtalecafé for nydanskere",
        summary="Kom og snak om livet i Danmark.",
        age_min=18,
    )
    offer.languages.set(offer.languages.model.objects.filter(code__in=["ar", "da"]))
    offer.save()
    params = {
        "q": "samtalecafé",
        "language": "ar",
        "age": "40",
        "organisation_type": "forening",
        "life_situation": "ensomhed",
        "municipality": "kolding",
    }
    data = client.get("/api/search/", params).json()
    assert [r["id"] for r in data["results"]] == [str(offer.pk)]
    assert data["results"][0]["languages"] == ["ar", "da"]
    assert client.get("/api/search/", {**params, "age": "10"}).json()["count"] == 0


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


#: Exact query counts after warm-up; they must not grow with the number of offers.
#: HTML (27): site, locale and page routing (7), the life situation slug check (1), the
#: synonym phrases (1), the text search with scores (1), the filtered matching ids (1, which
#: also gives the count), 5 vocabulary facets + 1 aggregate, page of results + 1 prefetch (2),
#: record_search (4, search/statistics.py), site settings and the base template's pages (4).
#: API (18): site and its root page (3), municipality and slug check (2), synonym phrases (1),
#: text search with scores (1), filtered ids (1), 6 facet queries, page (1), 4 prefetches (life
#: situations, target groups, offer kinds, languages).
#: (Was 26 and 17 before synonyms: the phrases are loaded once per search, the separate count
#: query became the ids query that the ranking needs.)
#: Both +1 for the editors' recommended offers (search promotions); "sorg" is a synonym word,
#: so the lexicon (typos, compounds) is not asked.
#: Both +1 since the facet counts start from the matching offers (one UNION query for all
#: vocabularies' counts, then each vocabulary's terms): fast at 50,000 offers.
#: The HTML page +1 for the words the search statistics may keep (search.statistics), and -1
#: since the footer's site settings come from the cache.
PINNED = {
    "/kolding/soeg/?q=sorg&life_situation=sorg": 14,
    "/api/search/?municipality=kolding&q=sorg&life_situation=sorg&format=fysisk": 10,
}


@pytest.mark.parametrize("url", list(PINNED))
def test_search_query_counts_do_not_grow_with_offers(client, demo, url):
    client.get(url)  # warm per-process caches (site root paths, settings)
    small = count_queries(client, url)
    for _ in range(8):
        OfferPageFactory(parent=kolding(), life_situations=["sorg"], summary="Sorg og samtale")
        OfferPageFactory(parent=kolding().get_parent(), life_situations=["sorg", "angst"])
    client.get(url)  # the new pages made the cached language versions stale: read them again
    large = count_queries(client, url)
    assert small == large == PINNED[url], f"{url}: {small} then {large} queries"


def test_the_partial_matches_after_few_strong_ones_come_in_the_results_query(client, demo):
    """One strong match and the best partial match under a heading of its own: both offers
    are read in one query (and its prefetch), as many queries as a page without the partial
    match: 14 as the pinned page (which has a life situation to check instead; 16 when the
    partial match was read on its own)."""
    url = "/kolding/soeg/?q=sorg+efter+skilsmisse"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(response.context["results"].object_list) == 1
    assert len(response.context["related_results"]) == 1
    assert len(queries) == PINNED["/kolding/soeg/?q=sorg&life_situation=sorg"]


def test_one_named_life_situation_is_counted_by_its_tag_column(client, demo):
    """The share of an offer's life situations the query names: with one named, its 0/1 tag
    column is the count; the statement counts only the offer's life situations, once per offer
    (three look-ups per offer were two: national "angst" at 50,000 offers -4 to -8 ms)."""

    def counts(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        statement = next(q["sql"] for q in queries if q["sql"].startswith("WITH hits AS"))
        return statement.count('COUNT(*) AS "n" FROM "offers_offerpage_life_situations"')

    assert counts("/kolding/soeg/?q=angst") == 1
    assert counts("/kolding/soeg/?q=angst+og+ensomhed") == 2  # two named: counted as before
