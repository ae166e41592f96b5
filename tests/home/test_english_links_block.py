"""A links block on a translated front page (issue 16, "Useful links: Om Socialkompas"): a
linked page by its translation, titled as the translation where the link text is the page's
own title; an untranslated page keeps its Danish title, marked lang="da". The Danish front page
costs no query more."""

import pytest

from tests.home.factories import ContentPageFactory
from tests.home.test_front_page_blocks import publish_body
from tests.home.test_languages import translate

pytestmark = pytest.mark.django_db


def links_block(*pages, url=None):
    links = [{"title": page.title, "page": page.pk, "url": ""} for page in pages]
    if url:
        links.append({"title": "Kolding Kommune", "page": None, "url": url})
    return [{"type": "links", "value": {"heading": "", "links": links}}]


def block_html(html):
    return html.split('<section class="block-links">', 1)[1].split("</section>", 1)[0]


def test_links_on_the_english_front_page(client, home, kolding):
    about = ContentPageFactory(parent=home, title="Om Socialkompas", slug="om-socialkompas")
    privacy = ContentPageFactory(parent=home, title="Privatlivspolitik", slug="privatliv")
    kolding = publish_body(kolding, links_block(about, privacy, url="https://www.kolding.dk/"))
    english_about = translate(about, "en", {"Om Socialkompas": "About Socialkompas"})
    english_kolding = translate(kolding, "en")

    danish = block_html(client.get("/kolding/").content.decode())
    assert '<li><a href="/om-socialkompas/">Om Socialkompas</a></li>' in danish
    assert "lang=" not in danish

    english = block_html(client.get(english_kolding.url).content.decode())
    assert f'<li><a href="{english_about.url}">About Socialkompas</a></li>' in english
    assert '<li lang="da"><a href="/privatliv/">Privatlivspolitik</a></li>' in english
    assert '<li><a href="https://www.kolding.dk/">Kolding Kommune</a></li>' in english
