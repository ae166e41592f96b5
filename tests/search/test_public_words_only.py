"""Nothing unpublished reaches the public (issue 12, item 4): "Mente du ...?", compound
splitting and autocomplete know only the words of live, visible offers, and the public form's
duplicate warning names and links only offers its reader could open."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from offers.freshness import confirm_offer
from offers.models import OfferPage, ProviderType
from offers.review_reminders import send_review_reminders
from search import lexicon
from search.models import OfferWords, SearchWord
from tests.offers.factories import OfferPageFactory, OrganisationFactory
from tests.offers.test_submissions import valid_data

pytestmark = pytest.mark.django_db

#: Words no other offer has: one for a hidden offer, one for a draft, and a public one.
HIDDEN_WORD = "zylofongruppen"
DRAFT_WORD = "kvidrefuglekoret"
PUBLIC_WORD = "sangstemmer"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def published(parent, **fields):
    offer = OfferPageFactory(parent=parent, **fields)
    offer.save_revision().publish()
    offer.refresh_from_db()
    return offer


def known(word):
    return SearchWord.objects.filter(text=word).exists()


def public_answers(client, query, prefix):
    """What the public gets for a query: the search page's "Mente du ...?" and the analysis
    behind it (corrections and compound parts), and the autocomplete suggestions for
    ``prefix``."""
    page = client.get("/kolding/soeg/", {"q": query})
    assert page.status_code == 200
    analysis = lexicon.analyse(query)
    suggest = client.get("/api/search/suggest/", {"q": prefix, "municipality": "kolding"})
    return {
        "suggestion": f"{page.context['suggestion'] or ''} {page.context['corrected_to']}",
        "corrected": analysis.corrected,
        "extra": " ".join(analysis.extra),
        "suggest": " ".join(suggest.json()["suggestions"]).lower(),
    }


def assert_never_offered(client, word):
    typo = word[:-3] + word[-2:]  # one letter dropped: "zylofongrupen"
    compound = word + "sang"  # glued to a known word
    for query in (typo, compound):
        for where, text in public_answers(client, query, word[:4]).items():
            assert word not in text, (query, where)
    # The page for the typo shows the word nowhere (the compound's own query contains it).
    assert word not in client.get("/kolding/soeg/", {"q": typo}).content.decode().lower()


def test_a_word_only_in_a_hidden_offer_is_never_offered(client, kolding):
    published(kolding, title="Sang og samvær", summary="Vi synger sammen.")
    offer = published(kolding, title="Zylofongruppen", summary="Musik for alle.")
    # While the offer is public its word is offered: the check below can fail.
    assert known(HIDDEN_WORD)
    assert lexicon.analyse("zylofongrupen").corrected == HIDDEN_WORD
    assert lexicon.analyse("zylofongruppensang").extra == [HIDDEN_WORD, "sang"]
    assert (
        "Zylofongruppen" in client.get("/api/search/suggest/", {"q": "zylo"}).json()["suggestions"]
    )

    # Unconfirmed for a year: the freshness job hides it with a queryset update.
    OfferPage.objects.filter(pk=offer.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert send_review_reminders()["hidden"] == 1
    offer.refresh_from_db()
    assert offer.stale_since is not None
    assert not known(HIDDEN_WORD)
    assert_never_offered(client, HIDDEN_WORD)

    # Confirmed, it is shown again, and so is its word.
    confirm_offer(offer)
    assert known(HIDDEN_WORD)


def test_a_word_only_in_a_draft_is_never_offered(client, kolding):
    published(kolding, title="Sang og samvær", summary="Vi synger sammen.")
    forening = ProviderType.objects.get(slug="forening")
    response = client.post(
        "/kolding/opret-tilbud/",
        valid_data(title="Kvidrefuglekoret", new_organisation_type=forening.pk),
    )
    assert response.status_code == 302
    assert OfferPage.objects.filter(title="Kvidrefuglekoret", live=False).exists()
    # A new word in a live offer's unpublished draft, too.
    live = published(kolding, title="Fællessang", summary="Vi synger.")
    live.title = "Fællessang i Zylofonhuset"
    live.save_revision()
    assert not known(DRAFT_WORD) and not known("zylofonhuset")
    assert_never_offered(client, DRAFT_WORD)
    assert_never_offered(client, "zylofonhuset")


def test_a_word_leaves_with_the_last_public_offer_that_has_it(kolding):
    first = published(kolding, title="Stemmer i kor", summary="Sangstemmer for alle.")
    second = published(kolding, title="Stemmer for børn", summary="Sangstemmer for de små.")
    assert SearchWord.objects.get(text=PUBLIC_WORD).offer_count == 2

    first.unpublish()
    assert SearchWord.objects.get(text=PUBLIC_WORD).offer_count == 1  # the other still has it
    second.summary = "Sang for de små."  # changed: the word is gone from its text
    second.save_revision().publish()
    assert not known(PUBLIC_WORD)
    assert known("stemmer")  # still in the title

    second.delete()
    assert not known("stemmer") and not known("børn")
    assert not OfferWords.objects.filter(offer_id__in=[first.pk, second.pk]).exists()


def test_deleting_a_municipality_takes_its_offers_words(kolding, home):
    published(kolding, title="Zylofongruppen", summary="Musik for alle.")
    national = published(home, title="Sangstemmer på nettet", summary="Online kor.")
    kolding.delete()
    assert not known(HIDDEN_WORD)
    assert known(PUBLIC_WORD)
    assert OfferWords.objects.get().offer_id == national.pk


def test_rebuild_counts_only_public_offers(kolding):
    published(kolding, title="Sangstemmer", summary="Kor.")
    hidden = published(kolding, title="Zylofongruppen", summary="Kor.")
    OfferPage.objects.filter(pk=hidden.pk).update(stale_since=timezone.now())  # behind its back
    draft = OfferPageFactory(parent=kolding, title="Kvidrefuglekoret", live=False)
    SearchWord.objects.create(text="forældetord", offer_count=3)

    call_command("rebuild_search_lexicon", stdout=io.StringIO())
    assert not known(HIDDEN_WORD) and not known(DRAFT_WORD) and not known("forældetord")
    assert SearchWord.objects.get(text="kor").offer_count == 1
    assert SearchWord.objects.get(text=PUBLIC_WORD).offer_count == 1
    assert set(OfferWords.objects.values_list("offer_id", flat=True)).isdisjoint(
        {hidden.pk, draft.pk}
    )
    # Counted afresh, the counts go on working: the last public offer with "kor" goes.
    OfferPage.objects.get(title="Sangstemmer").unpublish()
    assert not known("kor")


# The duplicate warning of the public form


def test_the_duplicate_warning_never_names_a_pending_or_hidden_offer(client, kolding):
    organisation = OrganisationFactory(name="Læselysten Kolding", municipality=kolding)
    OfferPageFactory(parent=kolding, title="Læsekreds for nye dansker", organisation=organisation)
    OfferPage.objects.filter(title="Læsekreds for nye dansker").update(live=False)  # pending
    hidden = OfferPageFactory(
        parent=kolding, title="Læsekreds for nye danskerne", organisation=organisation
    )
    OfferPage.objects.filter(pk=hidden.pk).update(stale_since=timezone.now())
    # Typed in: with no offer anyone can see, the organisation is not on the form's list.
    forening = ProviderType.objects.get(slug="forening").pk
    chosen = {"new_organisation_name": "læselysten kolding", "new_organisation_type": forening}

    sent = client.post("/kolding/opret-tilbud/", valid_data(**chosen))
    assert sent.status_code == 302  # nothing anyone could open is like it: no warning

    public = OfferPageFactory(
        parent=kolding, title="Læsekreds for de nye danskere", organisation=organisation
    )
    warned = client.post("/kolding/opret-tilbud/", valid_data(**chosen))
    assert warned.status_code == 200
    html = warned.content.decode()
    assert warned.context["similar_offers"] == [public]
    warning = html.split('id="dublet"')[1].split("</div>")[0]
    assert "Findes tilbuddet allerede?" in warning
    assert f'<a href="{public.url}">Læsekreds for de nye danskere</a>' in warning
    others = OfferPage.objects.exclude(pk=public.pk).filter(title__startswith="Læsekreds")
    assert others.count() == 3  # the pending, the hidden and the one sent in above
    for offer in others:
        assert offer.title not in warning and f"/{offer.slug}/" not in warning
    assert "venter på" not in warning


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_outside_a_transaction_counts_the_words(kolding):
    """Wagtail sends page_published after its own transaction (load_demo, the admin on
    PostgreSQL): the count must open one itself, its row locks need it (a 500 before)."""
    from search.models import SearchWord

    offer = OfferPageFactory(parent=kolding, title="Solsikkegruppe", live=False)
    offer.save_revision().publish()
    assert SearchWord.objects.filter(text="solsikkegruppe", offer_count=1).exists()
    OfferPage.objects.get(pk=offer.pk).unpublish()
    assert not SearchWord.objects.filter(text="solsikkegruppe").exists()
