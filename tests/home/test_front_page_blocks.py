"""A municipality's front page, built from blocks by its local administrators (``body``)."""

import datetime
import itertools

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from home.blocks import (
    NOTICE_FEATURES,
    TEXT_FEATURES,
    CaptionedImageBlock,
    LinkBlock,
    NoticeBlock,
)
from home.models import MunicipalityPage
from offers.models import LifeSituation
from tests.home.factories import ContentPageFactory
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

BLOCK_TEMPLATES = {
    f"components/blocks/{name}.html"
    for name in ["text", "life_situations", "offers", "notice", "links", "contact", "image"]
}


@pytest.fixture
def image():
    return Image.objects.create(title="Kaffe i haven", file=get_test_image_file("kaffe.png"))


def situation_ids(*slugs):
    by_slug = dict(LifeSituation.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return [by_slug[slug] for slug in slugs]


def one_of_each(offers, image, linked_page):
    """A body with one block of every kind, as the StreamField's raw data."""
    return [
        {"type": "text", "value": "<h2>Velkommen</h2><p>Frivillige og kommunen hjælper.</p>"},
        {
            "type": "life_situations",
            "value": {
                "heading": "Det spørger mange om",
                "situations": situation_ids("sorg", "angst"),
            },
        },
        {
            "type": "offers",
            "value": {"heading": "Vi anbefaler", "offers": [offer.pk for offer in offers]},
        },
        {
            "type": "notice",
            "value": {
                "heading": "Informationsmøde for nye frivillige",
                "date": "2026-03-12",
                "text": "<p>Kom og hør om at blive frivillig.</p>",
                "link_page": None,
                "link_url": "https://example.org/moede",
                "link_text": "Læs om informationsmødet",
            },
        },
        {
            "type": "links",
            "value": {
                "heading": "",
                "links": [
                    {"title": "Om portalen", "page": linked_page.pk, "url": ""},
                    {"title": "Kolding Kommune", "page": None, "url": "https://www.kolding.dk/"},
                ],
            },
        },
        {
            "type": "contact",
            "value": {
                "name": "Frivilligcenter Kolding",
                "text": "Vi hjælper foreninger og borgere.",
                "phone": "+45 12 34 56 78",
                "email": "frivillig@kolding.example.org",
                "address": "Eksempelvej 1\n6000 Kolding",
                "opening_hours": "Mandag-torsdag kl. 10-15",
            },
        },
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Frivillige og gæster drikker kaffe i haven",
                "caption": "Foto: Frivilligcenter Kolding",
            },
        },
    ]


def publish_body(page, body):
    page = MunicipalityPage.objects.get(pk=page.pk)
    page.body = body
    page.save_revision().publish()
    return page


def test_every_block_renders_on_the_front_page_with_its_template(client, home, kolding, image):
    first = OfferPageFactory(parent=kolding, title="Sorggruppe for voksne")
    national = OfferPageFactory(parent=home, title="Sorgtelefonen")
    draft = OfferPageFactory(parent=kolding, title="Tilbud under udarbejdelse")
    draft.unpublish()
    about = ContentPageFactory(parent=home, title="Om Socialkompas", slug="om-socialkompas")
    publish_body(kolding, one_of_each([national, draft, first], image, about))

    response = client.get("/kolding/")
    assert response.status_code == 200
    assert BLOCK_TEMPLATES <= {template.name for template in response.templates}
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    # After "Hvad står du i?" (first on a phone) and the welcome text, headings in order.
    assert html.index("Hvad står du i?") < html.index("Frivillige og kommunen hjælper.")
    levels = [int(h.name[1]) for h in soup.main.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels

    assert soup.select_one(".block-text h2").get_text() == "Velkommen"

    situations = soup.select_one("section.block-life-situations")
    assert situations.h2.get_text() == "Det spørger mange om"
    assert [(a.get_text(), a["href"]) for a in situations.select("li a")] == [
        ("Sorg og tab", "/kolding/soeg/?life_situation=sorg"),
        ("Angst", "/kolding/soeg/?life_situation=angst"),
    ]

    offers = soup.select_one("section.block-offers")
    assert offers.h2.get_text() == "Vi anbefaler"
    # In the chosen order, as offer cards; the unpublished one is left out.
    assert [a.get_text() for a in offers.select("article.offer-card h3 a")] == [
        "Sorgtelefonen",
        "Sorggruppe for voksne",
    ]
    assert "Tilbud under udarbejdelse" not in html

    notice = soup.select_one("article.block-notice")
    assert notice.h2.get_text() == "Informationsmøde for nye frivillige"
    assert str(notice.time) == '<time datetime="2026-03-12">12. marts 2026</time>'
    assert "Kom og hør om at blive frivillig." in notice.get_text()
    assert notice.select_one("a")["href"] == "https://example.org/moede"
    assert notice.select_one("a").get_text() == "Læs om informationsmødet"

    links = soup.select_one("section.block-links")
    assert links.h2.get_text() == "Nyttige links"  # the default heading when left empty
    assert [(a.get_text(), a["href"]) for a in links.select("ul li a")] == [
        ("Om portalen", "/om-socialkompas/"),
        ("Kolding Kommune", "https://www.kolding.dk/"),
    ]

    contact = soup.select_one("section.block-contact")
    assert contact.h2.get_text() == "Frivilligcenter Kolding"
    assert contact.select_one('a[href="tel:+4512345678"]').get_text() == "+45 12 34 56 78"
    assert contact.select_one('a[href="mailto:frivillig@kolding.example.org"]')
    assert "6000 Kolding" in contact.address.get_text()
    assert "Mandag-torsdag kl. 10-15" in contact.get_text()

    figure = soup.select_one("figure.block-image")
    assert figure.img["alt"] == "Frivillige og gæster drikker kaffe i haven"
    assert figure.img["width"] == "640"  # width-960 never enlarges
    assert figure.figcaption.get_text() == "Foto: Frivilligcenter Kolding"


def test_blocks_leave_out_what_is_no_longer_published(client, home, kolding):
    draft = OfferPageFactory(parent=kolding, title="Tilbud under udarbejdelse")
    draft.unpublish()
    hidden = ContentPageFactory(parent=kolding, title="Skjult side", slug="skjult")
    hidden.unpublish()
    publish_body(
        kolding,
        [
            {"type": "offers", "value": {"heading": "Udvalgte tilbud", "offers": [draft.pk]}},
            {
                "type": "links",
                "value": {
                    "heading": "Links",
                    "links": [{"title": "Skjult side", "page": hidden.pk, "url": ""}],
                },
            },
        ],
    )
    html = client.get("/kolding/").content.decode()
    assert "Udvalgte tilbud" not in html
    assert "Skjult side" not in html
    assert 'class="block-' not in html


def block_errors(block, raw):
    with pytest.raises(ValidationError) as caught:
        block.clean(block.to_python(raw))
    return caught.value


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_image_block_requires_alt_text(image, alt_text):
    block = CaptionedImageBlock()
    error = block_errors(block, {"image": image.pk, "alt_text": alt_text, "caption": "Foto"})
    assert list(error.block_errors) == ["alt_text"]
    assert error.block_errors["alt_text"].messages == [
        "Skriv en alternativ tekst, der beskriver billedet for dem, der ikke kan se det."
    ]
    # ... also when something else is missing too.
    error = block_errors(block, {"image": None, "alt_text": alt_text, "caption": ""})
    assert set(error.block_errors) == {"image", "alt_text"}

    cleaned = block.clean(block.to_python({"image": image.pk, "alt_text": "Kaffe", "caption": ""}))
    assert cleaned["image"] == image


def test_link_requires_exactly_one_of_page_and_url(home):
    block = LinkBlock()
    message = "Vælg en side eller skriv en webadresse – ikke begge."
    for raw in [
        {"title": "Intet", "page": None, "url": ""},
        {"title": "Begge", "page": home.pk, "url": "https://example.org/"},
    ]:
        error = block_errors(block, raw)
        assert [e.message for e in error.non_block_errors.as_data()] == [message], raw

    assert block.clean(block.to_python({"title": "Side", "page": home.pk, "url": ""}))["page"]
    assert block.clean(block.to_python({"title": "Ude", "page": None, "url": "https://a.dk/"}))


def test_notice_link_needs_a_target_and_words(home):
    block = NoticeBlock()
    base = {"heading": "Møde", "date": None, "text": "", "link_page": None}
    error = block_errors(block, {**base, "link_url": "https://a.dk/", "link_text": ""})
    assert "Skriv en linktekst" in error.block_errors["link_text"].messages[0]
    error = block_errors(block, {**base, "link_url": "", "link_text": "Læs mere om mødet"})
    assert "Vælg en side eller skriv en webadresse" in error.block_errors["link_text"].messages[0]
    error = block_errors(block, {**base, "link_page": home.pk, "link_url": "https://a.dk/"})
    assert list(error.block_errors) == ["link_url"]
    # A page link without link text uses the page's title.
    assert block.clean(block.to_python({**base, "link_page": home.pk, "link_url": ""}))


def edit_form_data(admin_client, page):
    """The page's edit form as the admin shows it, with a text block and a notice block."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    body = nested_form_data(
        {
            "body": streamfield(
                [
                    (
                        "text",
                        rich_text(
                            "<p>Velkommen til vores nye forside.</p>", features=TEXT_FEATURES
                        ),
                    ),
                    (
                        "notice",
                        {
                            "heading": "Ny i frivilligt arbejde?",
                            "date": "2026-04-02",
                            "text": rich_text(
                                "<p>Kom til informationsmøde.</p>", features=NOTICE_FEATURES
                            ),
                            "link_page": "",
                            "link_url": "",
                            "link_text": "",
                        },
                    ),
                ]
            )
        }
    )
    for key, value in body.items():
        data[key] = value
    return data


def assert_shows_new_blocks(html):
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".block-text p").get_text() == "Velkommen til vores nye forside."
    notice = soup.select_one("article.block-notice")
    assert notice.h2.get_text() == "Ny i frivilligt arbejde?"
    assert str(notice.time) == '<time datetime="2026-04-02">2. april 2026</time>'
    assert "Kom til informationsmøde." in notice.get_text()


def test_local_front_page_is_edited_and_published_in_the_admin(client, admin_client, kolding):
    data = edit_form_data(admin_client, kolding)
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[kolding.pk]), data)
    assert response.status_code == 302, response.context["form"].errors

    kolding = MunicipalityPage.objects.get(pk=kolding.pk)
    assert [block.block_type for block in kolding.body] == ["text", "notice"]
    assert kolding.body[1].value["date"] == datetime.date(2026, 4, 2)
    assert_shows_new_blocks(client.get("/kolding/").content.decode())


def test_preview_shows_the_unsaved_blocks(client, admin_client, kolding):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[kolding.pk])
    response = admin_client.post(url, edit_form_data(admin_client, kolding))
    assert response.json() == {"is_valid": True, "is_available": True}

    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert_shows_new_blocks(preview.content.decode())
    # Nothing is saved or published by previewing.
    assert "Velkommen til vores nye forside." not in client.get("/kolding/").content.decode()
    assert not MunicipalityPage.objects.get(pk=kolding.pk).body


def count_queries(client, url):
    from home.page_cache import invalidate

    invalidate()  # what rendering the page costs, not the page cache's hit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


#: GET /kolding/ with one block of every kind: the 14 queries of the page without blocks
#: (tests/test_public_pages.py) plus one each for the chosen life situations, the chosen offers
#: (with their organisations and municipalities), the pages of the links and the image. The
#: image's rendition comes from the cache after the first request.
#: +1 life situation counts in two queries; 1 for language versions; -1: no breadcrumb trail on
#: the subsite's root.
PINNED_FRONT_PAGE_QUERIES = 19


def test_front_page_query_count_does_not_grow_with_chosen_offers(client, home, kolding, image):
    about = ContentPageFactory(parent=home, title="Om Socialkompas", slug="om-socialkompas")
    offers = [OfferPageFactory(parent=kolding) for _ in range(3)] + [
        OfferPageFactory(parent=home) for _ in range(3)
    ]
    publish_body(kolding, one_of_each(offers[:2], image, about))
    client.get("/kolding/")  # warm per-process caches (site root paths, settings, rendition)
    two = count_queries(client, "/kolding/")

    publish_body(kolding, one_of_each(offers, image, about))
    client.get("/kolding/")
    six = count_queries(client, "/kolding/")
    assert two == six == PINNED_FRONT_PAGE_QUERIES, f"{two} then {six} queries"
