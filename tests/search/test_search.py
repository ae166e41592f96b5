import pytest

from home.models import HomePage, MunicipalityPage
from offers.models import OfferPage

pytestmark = pytest.mark.django_db


def result_titles(response):
    return [offer.title for offer in response.context["results"].object_list]


def test_search_finds_an_offer_by_an_inflected_danish_word(client, demo):
    # The demo has "Sorggruppe for voksne" in Kolding; citizens type the plural.
    response = client.get("/kolding/soeg/", {"q": "sorggrupper"})
    assert response.status_code == 200
    titles = result_titles(response)
    assert "Sorggruppe for voksne" in titles


def test_inflected_word_in_the_summary(client, demo):
    from tests.offers.factories import OfferPageFactory

    kolding = MunicipalityPage.objects.get(slug="kolding")
    OfferPageFactory(
        parent=kolding,
        title="Gåtur i Marielundskoven",
        summary="Vi går en tur sammen hver onsdag og snakker om løst og fast.",
    )
    # "ture" (plural) matches "tur" through the Danish stemmer.
    assert result_titles(client.get("/kolding/soeg/", {"q": "ture"})) == ["Gåtur i Marielundskoven"]


def test_municipality_search_covers_own_and_national_offers_only(client, demo):
    kolding = MunicipalityPage.objects.get(slug="kolding")
    results = client.get("/kolding/soeg/").context["results"].paginator.object_list
    municipalities = {offer.municipality_id for offer in results}
    assert municipalities == {kolding.pk, None}

    national_scope = client.get("/soeg/").context["paginator"].count
    assert national_scope == OfferPage.objects.live().count()


def test_search_by_life_situation_and_text(client, demo):
    response = client.get("/kolding/soeg/", {"life_situation": "sorg"})
    offers = response.context["results"].paginator.object_list
    assert offers and all(
        "sorg" in {s.slug for s in offer.life_situations.all()} for offer in offers
    )
    narrowed = client.get("/kolding/soeg/", {"life_situation": "sorg", "q": "voksne"})
    assert set(result_titles(narrowed)) <= {o.title for o in offers}


def test_only_live_offers_are_found(client, demo):
    offer = OfferPage.objects.get(title="Sorggruppe for voksne")
    offer.unpublish()
    assert "Sorggruppe for voksne" not in result_titles(
        client.get("/kolding/soeg/", {"q": "sorggruppe"})
    )


def test_unknown_life_situation_and_odd_input(client, demo):
    response = client.get("/kolding/soeg/", {"life_situation": "findes-ikke", "page": "x"})
    assert response.status_code == 200
    assert "Den valgte livssituation findes ikke" in response.content.decode()
    long_query = client.get("/kolding/soeg/", {"q": "a" * 5000, "page": "999"})
    assert long_query.status_code == 200


def test_no_results_page_links_to_the_whole_list(client, demo):
    html = client.get("/kolding/soeg/", {"q": "xyzzyqwerty"}).content.decode()
    assert "Vi fandt ingen tilbud" in html
    assert html.count('role="search"') == 1  # the header's box gives way to the page's own
    assert 'href="/kolding/soeg/"' in html


def test_national_search_page(client, demo):
    response = client.get("/soeg/", {"q": "chat"})
    assert response.status_code == 200
    assert isinstance(response.context["page"], HomePage)
    assert response.context["paginator"].count >= 1


def test_misbrugere_finds_offers_about_misbrug(client, demo):
    # "misbrugere" (people who misuse) stems to "misbrug", which is in the offer's summary.
    titles = result_titles(client.get("/mariagerfjord/soeg/", {"q": "misbrugere"}))
    assert "Værestedet Bryggen" in titles
