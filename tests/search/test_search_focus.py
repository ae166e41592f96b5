"""An offer *about* a life situation before one that lists it among others (issue 13): the
index's body holds every tag's name, so only the title and the offer's own text tell them
apart; and a speaker who names a parent is no adult asking for themself."""

import pytest
from django.db import connection

from home.models import MunicipalityPage
from offers.models import LifeSituation, TargetGroup
from search import text_match
from search.understanding import understand
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the own text is told apart by tsvector weights"
)


def listed(response):
    assert response.status_code == 200
    return [o.pk for o in response.context["results"].paginator.object_list]


def related(response):
    return [o.pk for o in response.context["related_results"]]


def _publish(**fields):
    offer = OfferPageFactory(parent=MunicipalityPage.objects.get(slug="kolding"), **fields)
    offer.save_revision().publish()
    return offer


@postgres_only
def test_the_own_text_has_weights_of_its_own():
    weights = text_match.own_text_weights()
    assert weights and set(weights) <= set("ABCD")


@postgres_only
def test_an_offer_about_the_situation_is_strong_one_that_lists_it_is_not(client, demo):
    about = _publish(
        title="Mandagsklubben",
        summary="For dig, der føler dig ensom og vil møde andre.",
        description="Vi drikker kaffe og går en tur.",
        life_situations=["ensomhed"],
    )
    lists_it = _publish(
        title="Strikkecafé i Seest",
        summary="Vi strikker og hygger os.",
        description="Alle er velkomne.",
        life_situations=["ensomhed", "faellesskab", "sorg"],
    )
    response = client.get("/kolding/soeg/", {"q": "ingen at tale med"})
    assert about.pk in listed(response)
    assert lists_it.pk not in listed(response)
    # It is still found: under "Vis flere", after every strong match.
    everything = listed(client.get("/kolding/soeg/", {"q": "ingen at tale med", "more": "1"}))
    strong = listed(response)
    assert everything[: len(strong)] == strong and lists_it.pk in everything
    # The tag's name in the index's body is not the offer's own words: "Ensomhed" is the name
    # of the tag both offers carry, and still only the one that speaks of it is strong.
    response = client.get("/kolding/soeg/", {"q": "ensomhed"})
    assert about.pk in listed(response) and lists_it.pk not in listed(response)


@postgres_only
def test_being_about_a_situation_never_outranks_more_evidence(client, demo):
    """A query naming a word and a situation: an offer with the word only is as strong as one
    about the situation only (neither has both), so the word's offer is not pushed away."""
    zither = _publish(title="Citarklubben", summary="Vi spiller citar sammen.")
    response = client.get("/kolding/soeg/", {"q": "citarklubben ensomhed"})
    assert zither.pk in listed(response)


def test_a_speaker_who_names_a_parent_or_school_is_no_adult_asking_for_themself():
    assert understand("jeg er ensom").adult_speaker
    assert not understand("min mor drikker").adult_speaker
    assert not understand("min far drikker for meget").adult_speaker
    assert not understand("my dad drinks too much").adult_speaker
    # Nor one who speaks of a child's day: school, the class, being bored.
    assert not understand("jeg har ingen venner og keder mig").adult_speaker
    assert not understand("ingen vil lege med mig i frikvarteret").adult_speaker
    assert understand("jeg har ingen venner").adult_speaker


def test_a_child_whose_mother_drinks_finds_the_group_for_children(client, demo):
    titles = [
        o.title
        for o in client.get("/kolding/soeg/", {"q": "min mor drikker"})
        .context["results"]
        .paginator.object_list
    ]
    assert "Gruppe for børn, hvis forældre drikker for meget" in titles[:2], titles


@pytest.mark.parametrize(
    "query, slug",
    [
        ("vi har ikke råd til mad sidst på måneden", "oekonomi"),
        ("pengene slår ikke til", "oekonomi"),
        ("jeg tør ikke gå ud af min lejlighed", "angst"),
        ("jeg er bange for min mand", "vold"),
        ("jeg kan ikke komme ud af sengen", "depression"),
        ("we can't afford food at the end of the month", "oekonomi"),
        ("scared to leave the house", "angst"),
    ],
)
def test_everyday_sentences_name_one_life_situation(demo, query, slug):
    """The phrases of search/migrations/0010_everyday_phrases.py; a phrase inside a longer one
    of another situation is part of it ("bange" in "bange for min mand", "lejlighed" in "gå
    ud af min lejlighed")."""
    situations = LifeSituation.objects.in_bulk(understand(query).situations)
    assert [s.slug for s in situations.values()] == [slug], query


def test_a_speaker_who_names_nobody_else_speaks_of_themself():
    assert understand("jeg er ked af det").self_speaker
    assert understand("jeg har ingen venner").self_speaker
    assert understand("jeg er en mand på 40 og ensom").self_speaker
    # Someone else named after a possessive or in the definite form: maybe a relative.
    assert not understand("min mand er død").self_speaker
    assert not understand("jeg er bekymret for børnene").self_speaker
    assert not understand("jeg er pårørende og ked af det").self_speaker
    assert not understand("min mor drikker").self_speaker


def test_offers_for_relatives_are_no_strong_match_for_a_person_speaking_of_themself(client, demo):
    def publish_for(groups, **fields):
        offer = OfferPageFactory(
            parent=MunicipalityPage.objects.get(slug="kolding"),
            life_situations=["depression"],
            **fields,
        )
        offer.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
        offer.save_revision().publish()
        return offer

    for_relatives = publish_for(
        ["paaroerende", "voksne"],
        title="Samtalegruppe for pårørende til mennesker med depression",
        summary="For dig, der er pårørende.",
    )
    for_both = publish_for(
        ["voksne", "paaroerende"],
        title="Telefonlinjen om depression",
        summary="For dig med depression og for dine pårørende.",
    )
    strong = listed(client.get("/kolding/soeg/", {"q": "jeg er ked af det hele tiden"}))
    assert for_both.pk in strong and for_relatives.pk not in strong
    # A relative speaking finds it.
    strong = listed(client.get("/kolding/soeg/", {"q": "min mand er ked af det hele tiden"}))
    assert for_relatives.pk in strong


@pytest.mark.parametrize(
    "query, slugs",
    [
        ("spillegæld", {"misbrug", "oekonomi"}),  # gambling's phrase, and a debt
        ("spillegælden vokser", {"misbrug", "oekonomi"}),
        ("gæld", {"oekonomi"}),
        ("angst", {"angst"}),
    ],
)
def test_a_compound_phrase_also_names_the_situation_of_its_last_part(demo, query, slugs):
    """The phrase "spillegæld" is gambling's only; a Danish compound is a kind of its last part,
    and "gæld" is a phrase of debt: the debt counsellors are results too (they were not)."""
    situations = LifeSituation.objects.in_bulk(understand(query).situations)
    assert {s.slug for s in situations.values()} == slugs, query
