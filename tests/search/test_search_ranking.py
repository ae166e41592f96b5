"""Ranking, synonyms, "Mente du ...?" and no dead ends on the search (search/engine.py)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from home.models import MunicipalityPage
from offers.models import LifeSituation, OfferPage, TargetGroup
from search import lexicon
from search.models import LifeSituationPhrase, SearchWord
from search.people_words import matching_target_groups
from search.phrases import matching_situations, words_of
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def kolding():
    return MunicipalityPage.objects.get(slug="kolding")


def html_ids(client, url, params):
    """The offers the page lists, in order: the results (every page), then the other
    matches it lists under their own heading."""
    response = client.get(url, params)
    assert response.status_code == 200
    listed = [o.pk for o in response.context["results"].paginator.object_list]
    return listed + [o.pk for o in response.context["related_results"]], response


def result_ids(client, url, params):
    """The results only (every page), without the partial matches listed after them: what the
    API returns."""
    response = client.get(url, params)
    assert response.status_code == 200
    return [o.pk for o in response.context["results"].paginator.object_list]


def api_ids(client, params):
    data = client.get("/api/search/", params).json()
    return [r["id"] for r in data["results"]]


def test_phrases_are_normalised_and_matched_as_people_write():
    phrases = [(("spiller", "for", "meget"), 1), (("spillegæld",), 2), (("død",), 3)]
    assert matching_situations("Min far SPILLER for meget!", phrases) == [1]
    assert matching_situations("spillegælden vokser", phrases) == [2]  # a longer compound
    assert matching_situations("hun er død", phrases) == [3]
    assert matching_situations("dødbold", phrases) == []  # short words match whole only
    assert matching_situations("spiller fodbold", phrases) == []
    phrase = LifeSituationPhrase(text="  Ingen at   SNAKKE med om det ")
    phrase.life_situation = LifeSituation.objects.get(slug="ensomhed")
    phrase.save()
    assert phrase.text == "ingen at snakke med om det"


def test_starter_phrases_cover_every_life_situation():
    covered = set(LifeSituationPhrase.objects.values_list("life_situation__slug", flat=True))
    assert covered == set(LifeSituation.objects.values_list("slug", flat=True))
    assert LifeSituationPhrase.objects.filter(text="bookmaker", life_situation__slug="misbrug")


def test_a_synonym_finds_an_offer_whose_text_lacks_the_words(client, demo):
    offer = OfferPageFactory(
        parent=kolding(),
        title="Rådgivning om afhængighed",
        summary="Samtaler for dig og din familie.",
        life_situations=["misbrug"],
    )
    ids, _response = html_ids(client, "/kolding/soeg/", {"q": "min bror bruger en bookmaker"})
    assert offer.pk in ids
    # A strong text match still comes before the offers found only through the synonym.
    text_match = OfferPageFactory(
        parent=kolding(),
        title="Bookmaker og spil",
        summary="Bookmaker bookmaker.",
        life_situations=["faellesskab"],
    )
    # (Every match, "Vis flere": the synonym's offers are the partial matches.)
    ids, _response = html_ids(client, "/kolding/soeg/", {"q": "bookmaker", "more": "1"})
    assert ids.index(text_match.pk) < ids.index(offer.pk)
    api = api_ids(client, {"municipality": "kolding", "q": "bookmaker", "page_size": 100})
    results = result_ids(client, "/kolding/soeg/", {"q": "bookmaker"})
    assert api == [o.external_id or str(o.pk) for o in _offers(results)]


def _offers(ids):
    from offers.models import OfferPage

    by_id = OfferPage.objects.in_bulk(ids)
    return [by_id[i] for i in ids]


def test_multi_word_query_ranks_the_offer_matching_every_word_first(client, demo):
    both = OfferPageFactory(
        parent=kolding(),
        title="Sorggruppe for børn",
        summary="For børn i sorg.",
        life_situations=["sorg"],
    )
    ids, _response = html_ids(client, "/kolding/soeg/", {"q": "sorggruppe børn"})
    # First with the demo's "Sorggruppe for børn og unge" (tagged for children, so a little
    # ahead), before every offer with only one of the words.
    assert both.pk in ids[:2]
    one_word = OfferPage.objects.filter(title__icontains="sorggruppe").exclude(
        title__icontains="børn"
    )
    assert one_word and all(ids.index(o.pk) > 1 for o in one_word if o.pk in ids)
    # Not every word has to match: an unknown extra word keeps the results.
    more, _response = html_ids(client, "/kolding/soeg/", {"q": "sorggruppe børn xyzzyq"})
    assert both.pk in more


def test_an_offer_tagged_with_every_named_situation_beats_a_one_word_text_match(client, demo):
    """ "bøsse" names lgbt, "ingen at snakke med" names ensomhed: the offer tagged with both
    comes before an offer whose text only shares a word with the query."""
    both = OfferPageFactory(
        parent=kolding(),
        title="Fællesskab for unge",
        summary="Mødested hver torsdag.",
        life_situations=["lgbt", "ensomhed"],
    )
    one_word = OfferPageFactory(
        parent=kolding(),
        title="Snakke-café",
        summary="Kom og snakke om løst og fast.",
        life_situations=["faellesskab"],
    )
    query = "jeg er bøsse og har ingen at snakke med"
    ids, _response = html_ids(client, "/kolding/soeg/", {"q": query})
    # "snakke" belongs to the phrase "ingen at snakke med" (loneliness): not evidence alone.
    assert one_word.pk not in ids
    # Every match: the offer tagged with both (its text speaks of neither, so after the offers
    # about them), never the one-word text match.
    ids, _response = html_ids(client, "/kolding/soeg/", {"q": query, "more": "1"})
    assert both.pk in ids
    assert one_word.pk not in ids


def test_the_people_a_query_mentions_lift_offers_for_them(client, demo):
    for_parents = OfferPageFactory(
        parent=kolding(), title="Søvnrådgivning", life_situations=["familie"]
    )
    for_parents.target_groups.set(TargetGroup.objects.filter(slug="foraeldre"))
    for_parents.save()  # a ParentalManyToManyField is written on save
    for_adults = OfferPageFactory(
        parent=kolding(), title="Søvnrådgivning", life_situations=["familie"]
    )
    for_adults.target_groups.set(TargetGroup.objects.filter(slug="voksne"))
    for_adults.save()
    query = {"q": "søvnrådgivning min søn", "more": "1"}
    ids, _response = html_ids(client, "/kolding/soeg/", query)
    assert ids.index(for_parents.pk) < ids.index(for_adults.pk)
    assert matching_target_groups("Min søn er 14") == ["foraeldre", "boern", "unge"]
    assert matching_target_groups("min mand") == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": "min mand drikker"},
        {"q": "sorg", "life_situation": "sorg", "format": "fysisk"},
        {"q": "ensom ældre"},
        {"q": "angst", "page": "2", "page_size": "1"},
    ],
)
def test_api_and_page_give_the_same_ids_in_the_same_order(client, demo, params):
    page_params = {k: v for k, v in params.items() if k != "page_size"}
    page_params.pop("page", None)
    ids = result_ids(client, "/kolding/soeg/", page_params)
    expected = [o.external_id or str(o.pk) for o in _offers(ids)]
    size = int(params.get("page_size", 100))
    page = int(params.get("page", 1))
    api = api_ids(client, {**params, "municipality": "kolding", "page_size": size})
    assert api == expected[(page - 1) * size : page * size]


def test_trigram_similarity_is_pg_trgms():
    assert lexicon.similarity("depression", "depression") == 1
    assert words_of("Hvad så?!") == ["hvad", "så"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT similarity('depresion', 'depression')")
            (expected,) = cursor.fetchone()
        assert lexicon.similarity("depresion", "depression") == pytest.approx(expected)


def test_compounds_are_cut_into_two_parts_with_or_without_a_linking_letter():
    assert ("spille", "gæld") in lexicon.compound_splits("spillegæld")
    assert ("selvmord", "tanker") in lexicon.compound_splits("selvmordstanker")
    assert ("ale", "nemor") in lexicon.compound_splits("alenemor")
    assert ("husleje", "gæld") in lexicon.compound_splits("huslejegælden")
    assert lexicon.compound_splits("mor") == []


def test_published_offers_feed_the_lexicon_and_it_can_be_rebuilt(demo):
    offer = OfferPageFactory(parent=kolding(), title="Zylofongruppen", summary="Musik.")
    offer.save_revision().publish()
    assert SearchWord.objects.filter(text="zylofongruppen").exists()
    offer.unpublish()
    call_command("rebuild_search_lexicon", stdout=io.StringIO())
    assert not SearchWord.objects.filter(text="zylofongruppen").exists()
    assert SearchWord.objects.filter(text="sorggruppe").exists()


def test_a_compound_query_finds_offers_with_its_parts(client, demo):
    offer = OfferPageFactory(
        parent=kolding(),
        title="Hjælp med gæld",
        summary="Overblik over husleje og regninger.",
        life_situations=["faellesskab"],
    )
    offer.save_revision().publish()
    analysis = lexicon.analyse("huslejegælden")
    assert analysis.extra == ["husleje", "gæld"]
    assert analysis.corrected == ""  # a compound is not a typo
    ids, response = html_ids(client, "/kolding/soeg/", {"q": "huslejegæld"})
    assert offer.pk in ids  # its text has neither word of the query, only the parts
    assert not response.context["suggestion"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index search is PostgreSQL's")
def test_a_typo_is_corrected_and_searched(client, demo):
    # A typo beside a known word: the corrected word is searched too, with "Mente du".
    zylofon = OfferPageFactory(parent=kolding(), title="Zylofongruppen", summary="Musik og samvær.")
    zylofon.save_revision().publish()
    ids, response = html_ids(client, "/kolding/soeg/", {"q": "zylofongruppen depresjon"})
    assert zylofon.pk in ids
    depression_offers = set(
        OfferPage.objects.live()
        .filter(life_situations__slug="depression")
        .values_list("id", flat=True)
    )
    assert depression_offers & set(ids)
    assert response.context["suggestion"] == "zylofongruppen depression"
    assert "Mente du" in response.content.decode()
    assert "?q=zylofongruppen+depression" in response.content.decode()
    # Nothing but typos: the answer is for the corrected query, said so on the page and the
    # same in the API.
    ids, response = html_ids(client, "/kolding/soeg/", {"q": "depresjon"})
    assert ids
    assert response.context["corrected_from"] == "depresjon"
    assert response.context["corrected_to"] == "depression"
    assert "Her er resultaterne for" in response.content.decode()
    # The API returns the results, without the partial matches the page lists after them.
    results = result_ids(client, "/kolding/soeg/", {"q": "depresjon"})
    assert results and results == ids[: len(results)]
    expected = [o.external_id or str(o.pk) for o in _offers(results)]
    assert api_ids(client, {"municipality": "kolding", "q": "depresjon", "page_size": 100}) == (
        expected
    )


def test_zero_results_show_helplines_life_situations_and_the_whole_list(client, demo):
    ids, response = html_ids(client, "/kolding/soeg/", {"q": "qwxzv trist"})
    if ids:  # "trist" is a synonym; use a query nobody can match
        ids, response = html_ids(client, "/kolding/soeg/", {"q": "qwxzvbb"})
    assert ids == []
    dead_end = response.context["dead_end"]
    helplines = dead_end["helplines"]
    assert 0 < len(helplines) <= 6
    assert all(o.municipality_id is None for o in helplines)
    assert all(o.is_phone or o.offer_kinds.filter(slug="telefon-chat").exists() for o in helplines)
    assert dead_end["life_situations"]  # the most used ones when no word matches
    html = response.content.decode()
    assert "?life_situation=" in html
    assert "Se hele listen over tilbud" in html
    assert helplines[0].title in html


def test_zero_results_suggest_the_life_situations_named_by_the_query(demo):
    from search.views import _closest_life_situations
    from search.vocabulary import phrases as load_phrases

    phrases = load_phrases()
    # By a synonym ("skilles") and by a word of the name ("hukommelse" in "Demens og hukommelse").
    assert _closest_life_situations("vi skal skilles", phrases, kolding())[0].slug == "familie"
    assert _closest_life_situations("hukommelsen svigter", phrases, kolding())[0].slug == "demens"


def test_national_editors_may_edit_synonyms():
    from django.contrib.auth.models import Group

    from home.roles import NATIONAL_EDITORS

    codenames = set(
        Group.objects.get(name=NATIONAL_EDITORS)
        .permissions.filter(content_type__app_label="search")
        .values_list("codename", flat=True)
    )
    assert {f"{a}_lifesituationphrase" for a in ("add", "change", "delete", "view")} <= codenames


def test_a_national_editor_edits_synonyms_in_the_admin(client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from home.roles import NATIONAL_EDITORS

    editor = get_user_model().objects.create_user("synonym-redaktoer", "s@example.org", "x")
    editor.groups.add(Group.objects.get(name=NATIONAL_EDITORS))
    client.force_login(editor)
    listing = reverse("wagtailsnippets_search_lifesituationphrase:list")
    assert client.get(listing).status_code == 200
    ensomhed = LifeSituation.objects.get(slug="ensomhed")
    response = client.post(
        reverse("wagtailsnippets_search_lifesituationphrase:add"),
        # The language is a select: the browser always sends it (Danish is preselected).
        {"text": "Sidder Helt Alene", "language": "da", "life_situation": ensomhed.pk},
    )
    assert response.status_code == 302
    assert LifeSituationPhrase.objects.get(text="sidder helt alene").life_situation == ensomhed


def test_a_real_word_no_offer_uses_is_not_called_a_typo(client, demo):
    """Regression: "min mand er død" said "Vi fandt intet ... resultaterne for min man er død"
    although "død" (grief) found offers, and "mand" is no typo of "man"."""
    response = client.get("/kolding/soeg/", {"q": "min mand er død", "format": "fysisk"})
    assert response.context["paginator"].count
    assert not response.context["corrected_from"]
    assert "man er død" not in (response.context["suggestion"] or "")
    assert "Vi fandt intet" not in response.content.decode()
