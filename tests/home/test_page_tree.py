import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import ContentPage, HomePage, MunicipalityPage
from offers.models import OfferPage
from tests.home.factories import ContentPageFactory
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def test_offers_live_under_a_municipality_or_the_national_page_only(home, kolding):
    content = ContentPageFactory(parent=home)
    assert OfferPage.can_create_at(kolding)
    assert OfferPage.can_create_at(home)
    assert not OfferPage.can_create_at(content)
    assert not OfferPage.can_create_at(Page.get_first_root_node())
    offer = OfferPageFactory(parent=kolding)
    assert not OfferPage.can_create_at(offer)


def test_municipalities_live_under_the_national_page_only(home, kolding):
    assert MunicipalityPage.can_create_at(home)
    assert not MunicipalityPage.can_create_at(kolding)
    assert not MunicipalityPage.can_create_at(Page.get_first_root_node())
    assert HomePage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(home)
    assert ContentPage.can_create_at(kolding) and ContentPage.can_create_at(home)


def test_admin_refuses_an_offer_under_a_content_page(home, admin_client):
    content = ContentPageFactory(parent=home)
    url = reverse("wagtailadmin_pages:add", args=("offers", "offerpage", content.pk))
    response = admin_client.get(url)
    # Wagtail answers a page type that may not be created here with "permission denied",
    # which sends the user back to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_admin_offers_the_offer_form_under_a_municipality(kolding, admin_client):
    url = reverse("wagtailadmin_pages:add", args=("offers", "offerpage", kolding.pk))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="life_situations"' in response.content.decode()


def test_adding_a_municipality_in_the_admin_provisions_it(home, admin_client):
    url = reverse("wagtailadmin_pages:add", args=("home", "municipalitypage", home.pk))
    data = nested_form_data(
        {
            "title": "Vejle",
            "slug": "vejle",
            "intro": rich_text("<p>Velkommen til Vejle.</p>"),
            "body": streamfield([]),
            "contact_text": "",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    vejle = MunicipalityPage.objects.get(slug="vejle")
    assert vejle.live
    assert Collection.objects.filter(name="Vejle").exists()


def test_a_child_page_may_not_take_a_route_slug(kolding):
    offer = OfferPageFactory.build(slug="soeg", title="Søg")
    with pytest.raises(ValidationError) as excinfo:
        kolding.add_child(instance=offer)
    assert "reserveret" in str(excinfo.value)


def test_offer_validation_in_danish(kolding):
    offer = OfferPageFactory(parent=kolding)
    offer.is_physical = False
    offer.age_min, offer.age_max = 30, 18
    with pytest.raises(ValidationError) as excinfo:
        offer.full_clean()
    messages = excinfo.value.message_dict
    assert "Vælg mindst én form" in messages["is_physical"][0]
    assert "Alder til" in messages["age_max"][0]


def test_moving_an_offer_changes_its_municipality(kolding, mariagerfjord):
    offer = OfferPageFactory(parent=kolding)
    assert offer.municipality == kolding
    offer.move(mariagerfjord, pos="last-child")
    offer.refresh_from_db()
    assert offer.municipality == mariagerfjord
