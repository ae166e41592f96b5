"""Min liste: a shortlist of offers in the address, shared as a link and printed as a handout."""

import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.routes import reserved_child_slugs
from offers.models import OfferPage
from offers.shortlist import MAX_OFFERS
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

LIST = "/kolding/min-liste/"


def offer_qr_count(html):
    return len(re.findall(r'<svg[^>]*class="qr qr--offer"', html))


def share_link(html):
    match = re.search(r'id="shortlist-share-url" type="url" readonly value="([^"]+)"', html)
    assert match, "no share link"
    return match.group(1).replace("&amp;", "&")


@pytest.fixture
def three(kolding, home):
    return [
        OfferPageFactory(
            parent=kolding,
            title="Sorggruppe for voksne",
            phone="70 20 12 01",
            email="sorg@example.org",
            website="https://sorg.example.org/",
            schedule="Tirsdage kl. 19-21",
            address="Eksempelvej 4",
            postcode="6000",
            city="Kolding",
        ),
        OfferPageFactory(parent=kolding, title="Gåklub", price="egenbetaling", price_note="20 kr."),
        OfferPageFactory(parent=home, title="Chatrådgivning for unge", is_online=True),
    ]


def test_three_offers_share_link_reproduces_the_list(client, three):
    ids = [offer.pk for offer in three]
    response = client.get(LIST, {"tilbud": ids})
    assert response.status_code == 200
    html = response.content.decode()
    for offer in three:
        assert offer.title in html
    # In the order given.
    positions = [html.index(offer.title) for offer in three]
    assert positions == sorted(positions)

    link = share_link(html)
    assert link == f"http://testserver{LIST}?" + "&".join(f"tilbud={pk}" for pk in ids)
    parts = urlsplit(link)
    again = client.get(parts.path + "?" + parts.query).content.decode()
    assert [again.index(offer.title) for offer in three] == sorted(
        again.index(offer.title) for offer in three
    )
    assert share_link(again) == link
    assert response["X-Robots-Tag"] == "noindex"


def test_print_view_has_essentials_and_a_qr_code_per_offer(client, three):
    html = client.get(LIST, {"tilbud": [o.pk for o in three]}).content.decode()
    assert offer_qr_count(html) == 3
    assert html.count('class="qr qr--list"') == 1  # the whole list, on paper
    for text in [
        "Sorggruppe for voksne",
        "Et gratis tilbud til dig",  # the summary
        "Tirsdage kl. 19-21",
        "Eksempelvej 4, 6000 Kolding",
        'href="tel:+4570201201"',  # offers.contact_links.tel_uri
        'href="mailto:sorg@example.org"',
        "https://sorg.example.org/",
        "Egenbetaling – 20 kr.",
        "Gratis",
        f"http://testserver/kolding/{three[0].slug}/",
        three[0].organisation.name,
        'href="/static/css/shortlist.css"',
    ]:
        assert text in html, text
    # Each offer's QR code names it.
    assert "<title>QR-kode til Sorggruppe for voksne</title>" in html


def test_qr_code_encodes_the_offers_address():
    import segno

    from home.qr import qr_svg

    svg = qr_svg("http://testserver/kolding/x/", "QR")
    assert svg.startswith('<svg role="img" viewBox=')
    assert "style=" not in svg
    width, height = segno.make("http://testserver/kolding/x/", error="m").symbol_size(border=4)
    assert f'viewBox="0 0 {width} {height}"' in svg


def test_hidden_draft_and_junk_ids_are_dropped(client, kolding, home):
    shown = OfferPageFactory(parent=kolding, title="Vises")
    draft = OfferPageFactory(parent=kolding, title="Kladde", live=False)
    stale = OfferPageFactory(parent=kolding, title="Forældet")
    OfferPage.objects.filter(pk=stale.pk).update(stale_since=timezone.now())
    ids = [draft.pk, stale.pk, "abc", "-3", "", "²", "1\x00", 999999, shown.pk, shown.pk]
    html = client.get(LIST, {"tilbud": ids}).content.decode()
    assert "Vises" in html
    for title in ("Kladde", "Forældet"):
        assert title not in html
    assert offer_qr_count(html) == 1
    assert share_link(html) == f"http://testserver{LIST}?tilbud={shown.pk}"


def test_a_list_keeps_the_offers_of_several_municipalities(client, kolding, mariagerfjord, home):
    """The browser keeps one list for the site (its header counts "Min liste (3)"): every list
    page shows all three, wherever they are, each linking to its own municipality's page."""
    own = OfferPageFactory(parent=kolding, title="Koldings tilbud")
    other = OfferPageFactory(parent=mariagerfjord, title="Mariagerfjords tilbud")
    national = OfferPageFactory(parent=home, title="Landsdækkende tilbud")
    ids = [own.pk, other.pk, national.pk]
    query = "&".join(f"tilbud={pk}" for pk in ids)
    for list_page in (LIST, "/mariagerfjord/min-liste/", "/min-liste/"):
        html = client.get(list_page, {"tilbud": ids}).content.decode()
        assert offer_qr_count(html) == 3, list_page
        assert "3 tilbud på listen." in html, list_page
        assert f'data-shortlist-ids="{own.pk} {other.pk} {national.pk}"' in html, list_page
        assert share_link(html) == f"http://testserver{list_page}?{query}", list_page
        assert f'href="/mariagerfjord/{other.slug}/"' in html, list_page
        assert "Mariagerfjords tilbud</a></h2>" in html, list_page
        assert "· Mariagerfjord</p>" in html, list_page


def test_only_the_first_offers_up_to_the_maximum(client, kolding):
    offers = [OfferPageFactory(parent=kolding) for _ in range(MAX_OFFERS + 2)]
    html = client.get(LIST, {"tilbud": [o.pk for o in offers]}).content.decode()
    assert offer_qr_count(html) == MAX_OFFERS


def test_remove_links_keep_the_rest(client, three):
    ids = [o.pk for o in three]
    html = client.get(LIST, {"tilbud": ids}).content.decode()
    assert (
        f'href="{LIST}?tilbud={ids[0]}&amp;tilbud={ids[2]}" data-shortlist-remove="{ids[1]}"'
        in (html)
    )
    single = client.get(LIST, {"tilbud": ids[0]}).content.decode()
    assert f'href="{LIST}" data-shortlist-remove="{ids[0]}"' in single


def test_empty_list_explains_itself(client, kolding):
    html = client.get(LIST).content.decode()
    assert "Din liste er tom" in html
    assert offer_qr_count(html) == 0
    assert "data-shortlist-requested" not in html  # JavaScript may open the remembered list
    html = client.get(LIST, {"tilbud": "123456"}).content.decode()
    assert "findes ikke her længere" in html
    assert "data-shortlist-requested" in html


def test_shortlist_button_links_to_the_list_of_the_current_scope(client, kolding, home):
    local = OfferPageFactory(parent=kolding)
    national = OfferPageFactory(parent=home)
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/kolding/soeg/")
    html = render_to_string(
        "components/shortlist_button.html", {"offer": local, "page": kolding}, request=request
    )
    assert f'href="/kolding/min-liste/?tilbud={local.pk}"' in html
    assert "Læg på min liste" in html
    assert f'data-shortlist-toggle="{local.pk}"' in html
    html = render_to_string(
        "components/shortlist_button.html", {"offer": national, "page": home}, request=request
    )
    assert f'href="/min-liste/?tilbud={national.pk}"' in html


def test_every_page_loads_the_shortlist_script_and_header_link(client, kolding):
    html = client.get("/kolding/").content.decode()
    assert '<script src="/static/js/shortlist.js" defer></script>' in html
    assert 'data-shortlist-link data-shortlist-url="/kolding/min-liste/" hidden' in html


def test_slug_is_reserved():
    assert {"min-liste", "plakat", "postkort"} <= reserved_child_slugs()


def count_queries(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries)


#: 8 for the page without a list (routing: site, locale, pages, view restrictions; the
#: header's language links; the footer's settings come from the cache) plus 1 for all the
#: offers with their organisation and municipality (select_related): the same for 3 offers as
#: for 12. The list itself costs exactly that 1 query; the rest moves with base.html.
PINNED_QUERIES = 8


def test_query_count_is_pinned_and_does_not_grow(client, kolding, home):
    offers = [OfferPageFactory(parent=kolding) for _ in range(6)]
    offers += [OfferPageFactory(parent=home) for _ in range(6)]
    client.get(LIST, {"tilbud": offers[0].pk})  # warm per-process caches
    empty = count_queries(client, LIST, {})
    few = count_queries(client, LIST, {"tilbud": [o.pk for o in offers[:3]]})
    many = count_queries(client, LIST, {"tilbud": [o.pk for o in offers]})
    # The language versions of the page come from the cache after the first request.
    assert empty <= few == many, (empty, few, many)
    assert many == PINNED_QUERIES


def test_a_list_opened_in_another_language_shows_the_translations(client, kolding):
    from tests.home.test_languages import translate

    translated = OfferPageFactory(parent=kolding, title="Sorggruppe")
    danish_only = OfferPageFactory(parent=kolding, title="Kun på dansk")
    english = translate(translated, "en", {"Sorggruppe": "Grief group"})
    html = client.get(
        "/en/kolding/min-liste/", {"tilbud": [translated.pk, danish_only.pk]}
    ).content.decode()
    assert "Grief group" in html
    # Without a translation the offer is still on the list, in Danish and marked as such.
    assert f'lang="da"><a href="/kolding/{danish_only.slug}/">Kun på dansk</a>' in html
    assert '<h2 class="shortlist-offer__title"><a href="/en/kolding/' in html  # translated
    assert share_link(html) == (
        f"http://testserver/en/kolding/min-liste/?tilbud={english.pk}&tilbud={danish_only.pk}"
    )
