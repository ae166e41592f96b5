"""No tracking: citizen pages set no cookies (but the CSRF cookie of the two public forms), load
nothing from other hosts, run no inline scripts or styles (a strict Content Security Policy) and
send a Referrer-Policy."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from home.models import ContentPage, MunicipalityPage
from offers.models import OfferPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(demo):
    """Citizen pages of the demo content that have no form (the search box is a GET form)."""
    danish = {"locale__language_code": "da"}
    kolding = MunicipalityPage.objects.get(slug="kolding", **danish)
    local = OfferPage.objects.live().filter(municipality=kolding).order_by("pk")
    national = (
        OfferPage.objects.live().filter(municipality__isnull=True, **danish).order_by("pk").first()
    )
    content = ContentPage.objects.live().filter(**danish).order_by("pk").first()
    ids = "&".join(f"tilbud={offer.pk}" for offer in [*local[:3], national])
    return [
        "/",
        "/kolding/",
        "/mariagerfjord/",
        local.first().url,
        national.url,
        content.url,
        "/soeg/",
        "/kolding/soeg/",
        "/kolding/soeg/?q=sorg",
        "/kolding/soeg/?q=zzzxxq",  # nothing found: the helplines and life situations
        "/soeg/?life_situation=sorg",
        "/min-liste/",
        "/kolding/min-liste/",
        f"/kolding/min-liste/?{ids}",
        "/kolding/plakat/",
        "/kolding/postkort/",
    ]


@pytest.fixture
def forms(demo):
    offer = (
        OfferPage.objects.live()
        .filter(municipality__slug="kolding", locale__language_code="da")
        .order_by("pk")
        .first()
    )
    return ["/kolding/opret-tilbud/", offer.url + "fejl/"]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_citizen_pages_set_no_cookies(client, pages):
    for url in pages:
        response = get(client, url)
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert "Set-Cookie" not in response, url


def test_public_forms_set_only_the_csrf_cookie(client, forms):
    for url in forms:
        response = get(client, url)
        assert set(response.cookies) == {"csrftoken"}, url
        client.cookies.clear()


def test_referrer_policy_and_csp_on_citizen_pages(client, pages, forms):
    for url in [*pages, *forms, "/findes-ikke/"]:
        response = client.get(url)
        assert response["Referrer-Policy"] == "same-origin", url
        policy = response["Content-Security-Policy"]
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";"))
        )
        assert directives["default-src"] == "'self'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url


def test_admin_is_left_out_of_the_strict_policy(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert client.get("/django-admin/login/").get("Content-Security-Policy") is None


def own_hosts():
    return {"testserver", "localhost"} | set(Site.objects.values_list("hostname", flat=True))


#: Elements whose address the browser loads by itself (or posts to), and the attributes.
LOADED = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "form": ["action"],
}


def loaded_addresses(soup):
    for tag, attributes in LOADED.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                candidates = (
                    [part.strip().split(" ")[0] for part in value.split(",")]
                    if attribute == "srcset"
                    else [value]
                )
                for address in candidates:
                    yield tag, address


def test_no_third_party_addresses_in_citizen_pages(client, pages, forms):
    hosts = own_hosts()
    for url in [*pages, *forms]:
        soup = BeautifulSoup(get(client, url).content, "html.parser")
        for tag, address in loaded_addresses(soup):
            parts = urlsplit(address)
            assert parts.scheme in ("", "http", "https"), (url, tag, address)
            assert not parts.netloc or parts.hostname in hosts, (url, tag, address)


def test_no_inline_scripts_or_styles_in_citizen_pages(client, pages, forms):
    """What the Content Security Policy would block: the browser console stays clean."""
    for url in [*pages, *forms]:
        soup = BeautifulSoup(get(client, url).content, "html.parser")
        inline_scripts = [s for s in soup.find_all("script") if not s.get("src")]
        assert not inline_scripts, (url, inline_scripts[:1])
        assert not soup.find_all("style"), url
        styled = soup.find_all(style=True)
        assert not styled, (url, [str(e)[:120] for e in styled[:3]])
        handlers = [
            (element.name, name)
            for element in soup.find_all(True)
            for name in element.attrs
            if name.startswith("on")
        ]
        assert not handlers, (url, handlers[:3])
        javascript_links = [
            a for a in soup.find_all(href=True) if a["href"].startswith("javascript:")
        ]
        assert not javascript_links, url
