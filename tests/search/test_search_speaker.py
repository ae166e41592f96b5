"""Who is speaking and what a sentence's words are worth (issue 13): the age a person says
they are, a word nearly every offer has, a parent named."""

import pytest

from offers.models import OfferPage
from search.parameters import age_condition
from search.people_words import speaker_age
from search.phrases import words_of
from search.understanding import understand

pytestmark = pytest.mark.django_db


def listed(response):
    assert response.status_code == 200
    return list(response.context["results"].paginator.object_list)


@pytest.mark.parametrize(
    "query, age",
    [
        ("jeg er 16 og mine forældre skændes hele tiden", 16),
        ("Jeg er 16 år og ensom", 16),
        ("I am 15 and my parents fight", 15),
        ("i'm 70 and lonely", 70),
        ("hjælp til 3 børn", None),  # a count, not the speaker
        ("jeg er 3", None),  # no one types their age at 3
        ("vi er 16 i klassen", None),  # not "jeg er"
        ("angst 6000", None),  # a postcode
        ("jeg bor i 6000", None),
    ],  # fmt: skip
)
def test_the_age_the_speaker_says(query, age):
    assert speaker_age(words_of(query)) == age


def _for_age(offer, age):
    low, high = offer.age_min, offer.age_max
    if low is not None or high is not None:
        return (low is None or low <= age) and (high is None or age <= high)
    return any(
        g.has_age_span and g.covers_age(age) for g in offer.target_groups.all()
    )  # fmt: skip


def test_a_young_person_saying_their_age_gets_the_offers_for_that_age(client, demo):
    """ "jeg er 16 og mine forældre skændes": the offers about family life for a 16-year-old
    (the anonymous chat for children and young people), not those for parents."""
    response = client.get("/soeg/", {"q": "jeg er 16 og mine forældre skændes hele tiden"})
    results = listed(response)
    titles = [o.title for o in results]
    assert results and all(_for_age(o, 16) for o in results), titles
    assert "Anonym chat og telefon for børn og unge" in titles
    assert "Forældretelefonen" not in titles
    # Without the age the same sentence lists the offers for the parents as well.
    without = [o.title for o in listed(client.get("/soeg/", {"q": "mine forældre skændes"}))]
    assert "Forældretelefonen" in without


def test_an_adult_saying_their_age_gets_the_offers_for_that_age(client, demo):
    """The age filter's rule (``age_condition``): at 70 the offers for the elderly, not the
    young people's café that "ensom" alone finds too."""
    results = listed(client.get("/kolding/soeg/", {"q": "jeg er 70 og ensom"}))
    for_70 = set(OfferPage.objects.filter(age_condition(70)).values_list("pk", flat=True))
    assert results and {o.pk for o in results} <= for_70
    young = [o for o in listed(client.get("/kolding/soeg/", {"q": "ensom"})) if o.pk not in for_70]
    assert young


def test_a_word_nearly_every_offer_has_names_no_life_situation(client, demo):
    """ "frivillig" is a phrase of a life situation, and in most of the demo's offers (a portal
    of volunteer groups): on its own it finds nothing but the help to go on."""
    assert understand("vil gerne være frivillig").concepts == []
    response = client.get("/kolding/soeg/", {"q": "vil gerne være frivillig"})
    assert response.context["paginator"].count == 0
    assert response.context["dead_end"]["life_situations"]
    # Beside a word that tells offers apart it changes nothing.
    found = [o.title for o in listed(client.get("/soeg/", {"q": "frivillig besøgsven"}))]
    assert found and all("esøgsven" in t or "Telefonven" in t or "Ringeven" in t for t in found[:3])


def test_a_parent_named_is_no_word_the_offer_must_have(client, demo):
    """ "besøgsven til min mor": the visiting friends, whether or not their text says "mor"."""
    assert [c.label for c in understand("besøgsven til min mor").concepts if c.hard] == [
        "besøgsven"
    ]
    titles = [o.title for o in listed(client.get("/soeg/", {"q": "besøgsven til min mor"}))]
    assert "Besøgsven til ældre, der sidder meget alene" in titles


def test_a_child_speaking_of_their_day_gets_no_offers_only_for_adults(client, demo):
    """ "jeg har ingen venner og keder mig": a child speaking (boredom, no friends), so the
    visiting friend for the elderly is no strong match; the offers for children are."""
    query = "jeg har ingen venner og keder mig"
    understanding = understand(query)
    assert understanding.young_speaker and not understanding.adult_speaker
    results = listed(client.get("/kolding/soeg/", {"q": query}))
    titles = [o.title for o in results]
    assert results and all(_for_a_child(o) for o in results), titles
    assert "Besøgsven til ældre, der sidder meget alene" not in titles
    # The same loneliness said by an adult lists the visiting friend.
    adult = [o.title for o in listed(client.get("/kolding/soeg/", {"q": "jeg har ingen venner"}))]
    assert "Besøgsven til ældre, der sidder meget alene" in adult


def test_a_young_speaker_needs_the_first_person():
    assert not understand("lektiehjælp efter skolen").young_speaker
    assert understand("ingen vil lege med mig i frikvarteret").young_speaker


def _for_a_child(offer):
    return any(_for_age(offer, age) for age in range(6, 18))


def test_a_parent_naming_their_childs_school_is_no_child_speaking():
    """ "min søn bliver mobbet i skolen": a parent ("min søn") speaks; "skolen" is the son's."""
    assert not understand("min søn bliver mobbet i skolen").young_speaker
    assert understand("jeg bliver mobbet i skolen").young_speaker


def test_a_situation_after_a_preposition_of_place_is_where_another_happens(client, demo):
    """ "mobbet i skolen": bullying is the need, the school where it happens (a phrase of work
    and education) only lifts the offers that have it; alone, or with no other situation, a
    school is the need."""
    understanding = understand("min søn bliver mobbet i skolen")
    assert [c.label for c in understanding.hard] == ["mobbet"]
    assert [(c.kind, c.label) for c in understanding.soft if c.kind == "setting"] == [
        ("setting", "skolen")
    ]
    assert "skolen" in [c.label for c in understand("problemer i skolen").hard]
    assert [c.label for c in understand("mobbet skolen").hard] == ["mobbet", "skolen"]
    response = client.get("/kolding/soeg/", {"q": "min søn bliver mobbet i skolen"})
    shown = [o.title for o in listed(response)]
    shown += [o.title for o in response.context["related_results"]]
    assert shown[0] == "Venskabsgruppe for børn, der bliver mobbet"
    # Homework help names school and no bullying: no result any more.
    assert "Lektiehjælp for skolebørn på biblioteket" not in shown
    assert "Forældretelefonen" in shown
