"""The autosave policy (issue 15): no autosave, so the history holds only deliberate saves."""

import pytest
from django.test import Client

from tests.admin_helpers import edit_url
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db


def test_the_offer_editor_does_not_autosave(kolding, kolding_admin):
    offer = OfferPageFactory(parent=kolding, title="Koldings tilbud")
    client = Client()
    client.force_login(kolding_admin)
    response = client.get(edit_url(offer))
    assert response.status_code == 200
    assert response.context["autosave_enabled"] is False
