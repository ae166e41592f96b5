"""404, 403 and 500 with DEBUG off, and the page for a form posted without its security token:
Danish (English under /en/), the site's design with the search box; the 500 page and the
token page need no database."""

from unittest import mock

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from django.test import Client, RequestFactory, override_settings

from tests.home.test_languages import translate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.config.error_urls"),
]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@override_settings(DEBUG=False)
def test_404_in_danish_with_the_national_search_box(anonymous, home):
    response = anonymous.get("/findes-ikke/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="da"' in html
    assert "Siden findes ikke" in html
    assert 'action="/soeg/"' in html and 'name="q"' in html
    assert 'class="site-footer"' in html and "dkfds-borgerdk" in html
    assert '<meta name="robots" content="noindex">' in html


@override_settings(DEBUG=False)
def test_404_below_a_municipality_searches_that_municipality(anonymous, kolding):
    html = anonymous.get("/kolding/findes-ikke/").content.decode()
    assert 'action="/kolding/soeg/"' in html
    assert "Gå til forsiden for Kolding" in html


@override_settings(DEBUG=False)
def test_404_in_english_under_en(anonymous, kolding):
    translate(kolding, "en", {})
    response = anonymous.get("/en/kolding/findes-ikke/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en"' in html
    assert 'action="/en/kolding/soeg/"' in html


@override_settings(DEBUG=False)
def test_403_in_the_sites_design(anonymous, home):
    response = anonymous.get("/test-forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Ingen adgang" in html and "Du har ikke adgang til denne side." in html
    assert 'action="/soeg/"' in html


@override_settings(DEBUG=False)
def test_500_page_with_search_box(anonymous, home):
    response = anonymous.get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="da"' in html
    assert "Der skete en fejl" in html
    assert 'action="/soeg/"' in html and 'href="/"' in html
    assert "boom" not in html


@override_settings(DEBUG=False)
def test_500_in_english_under_en(anonymous, home):
    html = anonymous.get("/en/test-boom/").content.decode()
    assert '<html lang="en"' in html
    assert 'action="/en/soeg/"' in html and 'href="/en/"' in html


@override_settings(DEBUG=False)
def test_500_page_needs_no_database(anonymous, home, django_assert_num_queries):
    from home.error_views import server_error

    request = RequestFactory().get("/findes-ikke/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_when_the_database_is_down(anonymous, home):
    unavailable = OperationalError("could not connect to server")
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=unavailable):
        response = anonymous.get("/test-database-down/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Der skete en fejl" in html and 'action="/soeg/"' in html


@override_settings(DEBUG=False)
def test_500_page_speaks_the_language_of_the_address(anonymous, home):
    """Not the language a previous request left active in the thread."""
    from django.utils import translation

    from home.error_views import server_error

    with translation.override("en"):
        danish = server_error(RequestFactory().get("/kolding/x/")).content.decode()
    with translation.override("da"):
        english = server_error(RequestFactory().get("/en/x/")).content.decode()
    assert "Der skete en fejl" in danish and '<html lang="da"' in danish
    assert "Der skete en fejl" not in english and '<html lang="en"' in english


# A form posted without its security token (CSRF_FAILURE_VIEW)


@pytest.fixture
def strict():
    """A browser whose form lacks the token (or whose cookie is gone): Django's check is on."""
    return Client(enforce_csrf_checks=True)


def test_a_form_without_its_token_gets_the_sites_page_in_danish(strict, kolding):
    response = strict.post("/kolding/opret-tilbud/", {"title": "Sorggruppe"})
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="da"' in html and "dkfds-borgerdk" in html
    assert "<h1>Formularen blev ikke sendt</h1>" in html
    assert (
        "Formularen var åbnet for længe, eller din browser afviser cookies. Gå tilbage, "
        "genindlæs siden og send igen."
    ) in html
    # The form again (a fresh token), the front page and the search box.
    assert 'href="/kolding/opret-tilbud/">Åbn formularen igen</a>' in html
    assert 'href="/">Gå til forsiden</a>' in html and 'action="/soeg/"' in html
    assert "CSRF" not in html and "Forbidden" not in html  # not Django's own page


def test_a_form_without_its_token_in_english_under_en(strict, kolding):
    translate(kolding, "en")
    response = strict.post("/en/kolding/opret-tilbud/", {"title": "Grief group"})
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="en"' in html
    assert 'href="/en/kolding/opret-tilbud/"' in html
    assert 'href="/en/">Go to the front page</a>' in html and 'action="/en/soeg/"' in html
    assert "Search all offers" in html and "Søg i alle tilbud" not in html


def test_the_error_report_form_too(strict, kolding):
    from tests.offers.factories import OfferPageFactory

    offer = OfferPageFactory(parent=kolding, title="Sorggruppe")
    response = strict.post(offer.url + "fejl/", {"message": "Forkert adresse"})
    assert response.status_code == 403
    assert "Formularen blev ikke sendt" in response.content.decode()


def test_the_token_page_needs_no_database(django_assert_num_queries):
    from home.error_views import csrf_failure

    request = RequestFactory().post("/en/kolding/opret-tilbud/")
    with django_assert_num_queries(0):
        response = csrf_failure(request, reason="CSRF cookie not set.")
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="en"' in html and "CSRF cookie" not in html


def test_the_token_page_links_only_to_this_site():
    from home.error_views import csrf_failure

    request = RequestFactory().post("/x/")
    request.path = "//elsewhere.example/opret-tilbud/"
    html = csrf_failure(request).content.decode()
    assert "elsewhere.example" not in html
    assert 'href="/">Gå til forsiden</a>' in html
