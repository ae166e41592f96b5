"""Deny by default (home.admin_access, home.admin_listing): the findings of issue 12, each with
its exact input, and the daily work of a local administrator that must keep working."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from offers.models import ErrorReport, Submission
from tests.offers.factories import OfferPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/admin/offers/organisation/"
ERROR_REPORTS = "/admin/offers/errorreport/"


@pytest.fixture
def scene(kolding, mariagerfjord, kolding_admin, mariagerfjord_admin, national_editor):
    organisation = OrganisationFactory(name="Mariagerfjord Forening", municipality=mariagerfjord)
    offer = OfferPageFactory(
        parent=mariagerfjord, title="Mariagerfjords tilbud", organisation=organisation
    )
    Submission.objects.create(
        offer=offer, submitter_name="Afsender", submitter_email="gaet-mig@example.org"
    )
    report = ErrorReport.objects.create(offer=offer, message="Forkert adresse")
    own_offer = OfferPageFactory(parent=kolding, title="Koldings tilbud")
    ErrorReport.objects.create(offer=own_offer, message="Koldings fejl")
    return {
        "organisation": organisation,
        "offer": offer,
        "report": report,
        "own_offer": own_offer,
        "kolding_admin": kolding_admin,
        "mariagerfjord_admin": mariagerfjord_admin,
        "national_editor": national_editor,
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


ORACLE_QUERIES = [
    # The row count answered whether a submitter's e-mail exists (24 rows vs 0) ...
    "provider_type__organisations__offers__submissions__submitter_email=gaet-mig@example.org",
    # ... and extracted a user's password hash character by character.
    "provider_type__organisations__municipality__admin_group__user__password__startswith=md5$",
    "municipality__admin_group__user__password__startswith=pbkdf2_sha256$",
    "name__icontains=forening",
    "foo=1",
]


@pytest.mark.parametrize("query", ORACLE_QUERIES)
@pytest.mark.parametrize("role", ["kolding_admin", "national_editor"])
def test_organisation_listing_refuses_undeclared_parameters(scene, role, query):
    response = client_for(scene[role]).get(f"{ORGANISATIONS}?{query}")
    assert response.status_code == 400
    assert "parameter, som denne side ikke kender" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "foo=1",
        "offer__submissions__submitter_email=gaet-mig@example.org",
        "offer__municipality__admin_group__user__password__startswith=md5$",
        "status__exact=ukendt",
        "o=99",
        "o=1;DROP",
        "p=abc",
        "p=１",
    ],
)
@pytest.mark.parametrize("role", ["kolding_admin", "national_editor"])
def test_error_report_listing_refuses_undeclared_parameters(scene, role, query):
    response = client_for(scene[role]).get(f"{ERROR_REPORTS}?{query}")
    assert response.status_code == 400


def test_declared_listing_parameters_still_work(scene):
    editor = client_for(scene["national_editor"])
    response = editor.get(ERROR_REPORTS, {"status__exact": "open", "q": "adresse", "o": "-2"})
    assert response.status_code == 200
    assert "Mariagerfjords tilbud" in response.content.decode()
    response = editor.get(ORGANISATIONS, {"kommune": "national", "p": "1"})
    assert response.status_code == 200
    provider = scene["organisation"].provider_type_id
    response = editor.get(ORGANISATIONS, {"provider_type__id__exact": provider})
    assert response.status_code == 200
    assert "Mariagerfjord Forening" in response.content.decode()
    response = editor.get(ORGANISATIONS, {"provider_type__id__exact": "abc"})
    assert response.status_code == 400


def test_history_views_of_another_municipality_are_closed(scene):
    client = client_for(scene["kolding_admin"])
    for url in (
        f"{ORGANISATIONS}history/{scene['organisation'].pk}/",
        f"{ERROR_REPORTS}history/{scene['report'].pk}/",
        f"{ERROR_REPORTS}inspect/{scene['report'].pk}/",
        reverse("wagtailadmin_pages:history", args=[scene["offer"].pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[scene["offer"].pk]),
        reverse("wagtailadmin_pages:usage", args=[scene["offer"].pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[scene["offer"].pk]),
        reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[scene["offer"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Mariagerfjord" not in response.content.decode()
    own = f"{ERROR_REPORTS}history/{ErrorReport.objects.get(message='Koldings fejl').pk}/"
    assert client.get(own).status_code == 200


def test_page_chooser_cannot_browse_another_municipality(scene, mariagerfjord):
    client = client_for(scene["kolding_admin"])
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[mariagerfjord.pk]))
    assert response.status_code == 403
    response = client.get(
        reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": scene["offer"].pk}
    )
    assert response.status_code == 403
    response = client.get(
        reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": scene["own_offer"].pk}
    )
    assert response.status_code == 200


def test_admin_api_for_images_and_documents_is_closed(scene, mariagerfjord):
    get_image_model().objects.create(
        title="Mariagerfjords billede",
        file=get_test_image_file(),
        collection=mariagerfjord.collection,
    )
    client = client_for(scene["kolding_admin"])
    for url in ("/admin/api/main/images/", "/admin/api/main/documents/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Mariagerfjords billede" not in response.content.decode()
    editor = client_for(scene["national_editor"])
    assert "Mariagerfjords billede" in editor.get("/admin/api/main/images/").content.decode()


def test_pages_api_shows_only_pages_to_explore(scene, mariagerfjord):
    client = client_for(scene["kolding_admin"])
    assert client.get(f"/admin/api/main/pages/{mariagerfjord.pk}/").status_code == 403
    response = client.get("/admin/api/main/pages/", {"child_of": mariagerfjord.pk})
    assert response.status_code in (200, 400, 404)
    assert "Mariagerfjords tilbud" not in response.content.decode()


def test_areas_outside_daily_work_are_closed_and_not_in_the_menu(scene):
    client = client_for(scene["kolding_admin"])
    closed = [
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailsites:index"),
        reverse("wagtailadmin_collections:index"),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailredirects:index"),
        reverse("wagtailsearchpromotions:index"),
        reverse("wagtailsnippets_search_lifesituationphrase:list"),
        reverse("wagtailsnippets_offers_lifesituation:list"),
        reverse("wagtailadmin_tag_autocomplete"),
        "/django-admin/",
    ]
    for url in closed:
        assert client.get(url).status_code == 403, url
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    for url in closed[:8]:
        assert f'"{url}"' not in dashboard, url


def test_daily_work_of_a_local_administrator_still_works(scene, kolding):
    client = client_for(scene["kolding_admin"])
    own = scene["own_offer"]
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[kolding.pk]),
        reverse("wagtailadmin_pages:edit", args=[own.pk]),
        reverse("wagtailadmin_pages:history", args=[own.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[kolding.pk]),
        reverse("wagtailadmin_pages:add", args=["offers", "offerpage", kolding.pk]),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[kolding.get_parent().pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtailsnippetchoosers_offers_lifesituation:choose"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("socialkompas_freshness_report"),
        reverse("socialkompas_search_statistics"),
        reverse("wagtailadmin_account"),
        ORGANISATIONS,
        ERROR_REPORTS,
        f"{ERROR_REPORTS}?status__exact=open",
        f"/admin/api/main/pages/?child_of={kolding.pk}&for_explorer=1",
    ):
        assert client.get(url).status_code == 200, url
    # Above their municipality the explorer takes them to it.
    response = client.get(reverse("wagtailadmin_explore", args=[kolding.get_parent().pk]))
    assert response["Location"] == reverse("wagtailadmin_explore", args=[kolding.pk])


def test_national_editors_keep_everything(scene, mariagerfjord):
    client = client_for(scene["national_editor"])
    for url in (
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_explore", args=[mariagerfjord.pk]),
        reverse("wagtailadmin_pages:history", args=[scene["offer"].pk]),
        f"{ORGANISATIONS}history/{scene['organisation'].pk}/",
        reverse("wagtailsnippets_offers_lifesituation:list"),
        "/admin/api/main/images/",
    ):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_the_login(scene):
    response = Client().get(ORGANISATIONS + "?foo=1")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
