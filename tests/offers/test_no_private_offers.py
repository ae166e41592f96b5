"""An offer is public or not published: no page above an offer can be made private (password,
login, groups), because every listing, search and feed shows live offers as public."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("which", ["offer", "municipality", "home"])
def test_no_privacy_can_be_set_above_an_offer(kolding, kolding_admin, national_editor, which):
    offer = OfferPageFactory(parent=kolding)
    page = {"offer": offer, "municipality": kolding, "home": kolding.get_parent()}[which]
    for user in (kolding_admin, national_editor):
        client = Client()
        client.force_login(user)
        url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
        client.post(url, {"restriction_type": "password", "password": "hemmelig-kode-1"})
        client.post(url, {"restriction_type": "login"})
    assert not PageViewRestriction.objects.exists()
