"""Every admin listing applies only the parameters it declares (home.admin_listing): generated
from the URLconf, so a new listing is covered without being named here."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.models import Collection
from wagtail_modeladmin.views import IndexView as ModelAdminIndexView

from tests.home.test_admin_isolation import PATTERNS

pytestmark = pytest.mark.django_db


def _view_class(name):
    from django.urls import resolve

    return getattr(resolve(reverse(name)).func, "view_class", None)


LISTINGS = [
    name
    for name, _route, arguments in PATTERNS
    if name
    and not arguments
    and (
        name.endswith("_modeladmin_index")
        or issubclass(_view_class(name) or object, BaseListingView | ModelAdminIndexView)
    )
]


@pytest.fixture
def superuser(home):
    return get_user_model().objects.create_superuser("chef", "chef@example.org", "x")


def test_the_listings_are_found():
    assert len(LISTINGS) > 40
    assert "wagtailimages:index" in LISTINGS
    assert "offers_organisation_modeladmin_index" in LISTINGS


@pytest.mark.parametrize("name", LISTINGS)
def test_listing_refuses_an_undeclared_parameter_and_accepts_its_own(superuser, name):
    client = Client()
    client.force_login(superuser)
    url = reverse(name)
    response = client.get(url, {"kanari_ukendt": "1"})
    assert response.status_code == 400, url
    assert "parameter, som denne side ikke kender" in response.content.decode()
    response = client.get(url, {"p": "1"})
    assert response.status_code in (200, 302), url


def test_wagtail_filters_still_work(superuser, kolding):
    client = Client()
    client.force_login(superuser)
    query = {
        "collection_id": Collection.objects.get(name="Kolding").pk,
        "q": "sol",
        "ordering": "-created_at",
        "p": "1",
        "_w_filter_fragment": "1",
    }
    assert client.get(reverse("wagtailimages:index_results"), query).status_code == 200
    response = client.get(
        reverse("wagtailadmin_reports:site_history"),
        {"timestamp_from": "2026-01-01", "timestamp_to": "2026-12-31", "action": "wagtail.edit"},
    )
    assert response.status_code == 200
