"""Every offer with a meeting place has a point: its own, or its postcode's (approximate, "ca.")."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from offers.importing import COLUMNS, OfferImporter
from offers.models import OfferPage
from offers.postcode_places import centre_of, place_from_postcode
from search import geo
from tests.admin_helpers import edit_url, offer_form_data, workflow_action_url
from tests.offers.factories import OfferPageFactory
from tests.offers.test_import import csv_text, read_rows
from tests.offers.test_submissions import submit

pytestmark = pytest.mark.django_db

VAMDRUP = (Decimal("55.413670"), Decimal("9.343990"))
#: Hobro, about 120 km from Kolding: an exact point far away.
HOBRO = ("56.638600", "9.795300")


def test_the_table_is_the_offers_and_search_reads_the_same():
    assert centre_of("6580") == VAMDRUP
    assert centre_of("0000") is None and centre_of("") is None and centre_of(None) is None
    assert geo.place_of_postcode("6580").name == "6580 Vamdrup"
    assert (Decimal(str(geo.postcodes()["6580"].latitude)), centre_of("6580")[0]) == (
        Decimal("55.41367"),
        VAMDRUP[0],
    )


def test_the_rule_fills_follows_the_postcode_and_keeps_an_exact_point():
    offer = OfferPage(is_physical=True, postcode="6580")
    place_from_postcode(offer)
    assert (offer.latitude, offer.longitude, offer.location_approximate) == (*VAMDRUP, True)

    offer.postcode = "6000"  # moved: the approximate point follows
    place_from_postcode(offer)
    assert (offer.latitude, offer.longitude) == centre_of("6000") and offer.location_approximate

    offer.latitude, offer.longitude = Decimal("55.491000"), Decimal("9.473000")  # typed
    place_from_postcode(offer)
    assert offer.latitude == Decimal("55.491000") and not offer.location_approximate

    offer.postcode = "6580"  # an exact point stays where it was put
    place_from_postcode(offer)
    assert offer.latitude == Decimal("55.491000") and not offer.location_approximate

    unknown = OfferPage(is_physical=True, postcode="0000")
    place_from_postcode(unknown)
    assert unknown.latitude is None and not unknown.location_approximate

    online = OfferPage(is_physical=False, is_online=True, postcode="6580")
    place_from_postcode(online)
    assert online.latitude is None and not online.location_approximate

    half = OfferPage(is_physical=True, postcode="6580", latitude=Decimal("55.1"))
    place_from_postcode(half)  # left for the rules to refuse
    assert half.longitude is None and "longitude" in half.rule_errors()


@pytest.fixture
def forening_type():
    from offers.models import ProviderType

    return str(ProviderType.objects.get(slug="forening").pk)


def test_a_submission_without_a_point_gets_its_postcodes_centre(client, kolding, forening_type):
    cache.clear()
    response = submit(
        client,
        postcode="6580",
        city="Vamdrup",
        address="Torvet 1",
        new_organisation_type=forening_type,
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = OfferPage.objects.get(title="Læsekreds for nye danskere")
    assert (offer.latitude, offer.longitude, offer.location_approximate) == (*VAMDRUP, True)
    draft = offer.get_latest_revision_as_object()  # what the approvers publish
    assert (draft.latitude, draft.longitude, draft.location_approximate) == (*VAMDRUP, True)


@pytest.fixture
def vamdrup_rows(example_csv):
    rows = read_rows(example_csv)
    for row in rows:
        row.update(postcode="6580", city="Vamdrup", latitude="", longitude="", formats="fysisk")
    return rows


def test_an_import_without_a_point_gets_its_postcodes_centre(home, vamdrup_rows):
    result = OfferImporter().import_text(csv_text(vamdrup_rows, COLUMNS))  # the batch path
    assert result.created == len(vamdrup_rows) and not result.errors
    for row in vamdrup_rows:
        offer = OfferPage.objects.get(external_id=row["id"])
        assert (offer.latitude, offer.longitude, offer.location_approximate) == (*VAMDRUP, True)

    again = OfferImporter().import_text(csv_text(vamdrup_rows, COLUMNS))
    assert again.unchanged == len(vamdrup_rows)  # the filled point is no change

    vamdrup_rows[0].update(postcode="6000", city="Kolding")  # an update: one offer at a time
    moved = OfferImporter().import_text(csv_text(vamdrup_rows, COLUMNS))
    assert moved.updated == 1
    offer = OfferPage.objects.get(external_id=vamdrup_rows[0]["id"])
    assert (offer.latitude, offer.longitude) == centre_of("6000") and offer.location_approximate


def test_an_administrator_s_exact_point_clears_the_mark(client, kolding, kolding_admin):
    offer = OfferPageFactory(
        parent=kolding, title="Strikkeklub", slug="strikkeklub", postcode="6580"
    )
    assert offer.location_approximate and (offer.latitude, offer.longitude) == VAMDRUP
    client.force_login(kolding_admin)
    data = offer_form_data(
        offer, latitude="55.420000", longitude="9.350000", **{"action-submit": "submit"}
    )
    response = client.post(edit_url(offer), data)
    assert response.status_code == 302, response.context["form"].errors
    offer.refresh_from_db()
    draft = offer.get_latest_revision_as_object()
    assert (draft.latitude, draft.location_approximate) == (Decimal("55.420000"), False)

    state = offer.current_workflow_state.current_task_state
    client.post(workflow_action_url(offer, "approve", state), {})
    offer.refresh_from_db()
    assert (offer.latitude, offer.longitude) == (Decimal("55.42"), Decimal("9.35"))
    assert not offer.location_approximate

    # Another change leaves the point (and its mark) as it is: the mark is not in the form.
    client.post(
        edit_url(offer), offer_form_data(offer, title="Strikkecafé", **{"action-submit": "submit"})
    )
    offer.refresh_from_db()
    draft = offer.get_latest_revision_as_object()
    assert (draft.title, draft.latitude, draft.location_approximate) == (
        "Strikkecafé",
        Decimal("55.42"),
        False,
    )

    vamdrup = OfferPageFactory(parent=kolding, title="Vamdrup", slug="vamdrup", postcode="6580")
    client.post(
        edit_url(vamdrup),
        offer_form_data(vamdrup, title="Vamdrup 2", **{"action-submit": "submit"}),
    )
    vamdrup.refresh_from_db()
    draft = vamdrup.get_latest_revision_as_object()
    assert (draft.title, draft.latitude, draft.location_approximate) == (
        "Vamdrup 2",
        VAMDRUP[0],
        True,
    )

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[offer.pk])).content.decode()
    assert "omtrentlig placering" in edit.lower()


def test_near_me_ranks_it_by_its_postcode_and_says_ca(client, kolding):
    far = OfferPageFactory(
        parent=kolding, title="Langt væk", latitude=HOBRO[0], longitude=HOBRO[1], postcode="9500"
    )
    vamdrup = OfferPageFactory(parent=kolding, title="I Vamdrup", postcode="6580", city="Vamdrup")
    online = OfferPageFactory(parent=kolding, title="Online", is_physical=False, is_online=True)

    response = client.get("/kolding/soeg/", {"postcode": "6000"})
    offers = list(response.context["results"].object_list)
    assert [o.pk for o in offers] == [vamdrup.pk, far.pk, online.pk]
    assert 10 < offers[0].distance_km < 16
    body = response.content.decode()
    km = f"{offers[0].distance_km:.1f}".replace(".", ",")
    assert f"ca. {km} km væk (fra midten af postnummeret)" in body
    assert body.count("(fra midten af postnummeret)") == 1  # Hobro's point is exact

    page = client.get(vamdrup.url).content.decode()
    assert "Placeringen er ca.: midten af postnummeret" in page
    assert "Placeringen er ca." not in client.get(far.url).content.decode()


def test_the_migration_places_the_offers_already_there(kolding):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("offers.migrations.0016_offer_location_approximate")
    unplaced = OfferPageFactory(parent=kolding, title="Gammelt", postcode="6580")
    exact = OfferPageFactory(parent=kolding, title="Præcist", latitude=HOBRO[0], longitude=HOBRO[1])
    OfferPage.objects.filter(pk=unplaced.pk).update(
        latitude=None, longitude=None, location_approximate=False
    )
    migration.place_from_postcodes(apps, None)
    unplaced.refresh_from_db()
    exact.refresh_from_db()
    assert (unplaced.latitude, unplaced.longitude, unplaced.location_approximate) == (
        *VAMDRUP,
        True,
    )
    assert str(exact.latitude) == HOBRO[0] and not exact.location_approximate
