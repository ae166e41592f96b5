"""The admin as national editors meet it: vocabulary, organisations, nothing third-party."""

import pytest
from django.urls import reverse

from offers.models import LifeSituation, Organisation, ProviderType
from tests.offers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_dashboard_loads_nothing_from_gravatar(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html


def test_vocabulary_is_editable_in_the_admin(admin_client):
    listing = admin_client.get(reverse("wagtailsnippets_offers_lifesituation:list"))
    assert listing.status_code == 200
    assert "Selvskade og selvmordstanker" in listing.content.decode()

    situation = LifeSituation.objects.get(slug="ensomhed")
    url = reverse("wagtailsnippets_offers_lifesituation:edit", args=[situation.pk])
    response = admin_client.post(
        url, {"name": "Ensomhed og isolation", "slug": "ensomhed", "sort_order": 3}
    )
    assert response.status_code == 302
    situation.refresh_from_db()
    assert situation.name == "Ensomhed og isolation"


def test_vocabulary_slug_must_be_unique(admin_client):
    url = reverse("wagtailsnippets_offers_lifesituation:add")
    response = admin_client.post(url, {"name": "Angst igen", "slug": "angst", "sort_order": 1})
    assert response.status_code == 200
    assert LifeSituation.objects.filter(slug="angst").count() == 1
    assert response.context["form"].errors["slug"]


def test_organisations_listing_and_duplicate_name(admin_client):
    OrganisationFactory(name="Sorgforeningen Kolding")
    listing = admin_client.get("/admin/offers/organisation/")
    assert listing.status_code == 200
    assert "Sorgforeningen Kolding" in listing.content.decode()

    response = admin_client.post(
        "/admin/offers/organisation/create/",
        {
            "name": "SORGFORENINGEN KOLDING",
            "provider_type": ProviderType.objects.get(slug="forening").pk,
            "cvr": "123",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "8 cifre" in str(errors["cvr"])
    assert "Der findes allerede en organisation med dette navn." in str(errors)
    assert Organisation.objects.count() == 1


def test_local_admin_adds_an_organisation_to_their_municipality(client, kolding, kolding_admin):
    client.force_login(kolding_admin)
    form = client.get("/admin/offers/organisation/create/").content.decode()
    assert 'name="municipality"' not in form  # set for them, not asked
    response = client.post(
        "/admin/offers/organisation/create/",
        {"name": "Kolding Strikkeklub", "provider_type": ProviderType.objects.get(slug="andet").pk},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Kolding Strikkeklub")
    assert organisation.municipality == kolding
    assert "Kolding Strikkeklub" in client.get("/admin/offers/organisation/").content.decode()


def test_organisation_filter_by_municipality(admin_client, kolding, mariagerfjord):
    OrganisationFactory(name="Forening i Kolding", municipality=kolding)
    OrganisationFactory(name="Forening i Mariagerfjord", municipality=mariagerfjord)
    html = admin_client.get("/admin/offers/organisation/", {"kommune": kolding.pk}).content.decode()
    assert "Forening i Kolding" in html and "Forening i Mariagerfjord" not in html
