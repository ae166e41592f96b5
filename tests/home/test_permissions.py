"""The permission matrix: role × action × municipality, through the real admin views.

National editors may do everything everywhere; a municipality's local administrators
everything in their own municipality and nothing in another's or in the national scope;
anonymous visitors nothing.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, Site, TaskState

from home.models import HomePage
from home.municipalities import create_municipality
from home.roles import NATIONAL_EDITORS
from offers.models import OfferPage
from tests.admin_helpers import edit_url, offer_form_data, workflow_action_url
from tests.home.factories import HomePageFactory
from tests.offers.factories import OfferPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["national_editor", "kolding_admin", "mariagerfjord_admin", "anonymous"]
SCOPES = ["kolding", "mariagerfjord", "national"]
ACTIONS = [
    "see_in_explorer",
    "edit",
    "publish",
    "approve",
    "reject",
    "choose_image",
    "see_organisation",
    "see_dashboard_item",
]


def expected(role, scope):
    return role == "national_editor" or role == f"{scope}_admin"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Two municipalities and the national scope, each with a live offer, an offer awaiting
    approval, an image and an organisation; one user per role. Built once per module."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            cache.clear()
            Page.objects.filter(depth=2).delete()
            home = HomePageFactory(parent=Page.get_first_root_node())
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={"hostname": "localhost", "port": 80, "root_page": home},
            )
            call_command("migrate", verbosity=0, stdout=io.StringIO())  # roles + workflow
            users = {
                "national_editor": _user("redaktoer", Group.objects.get(name=NATIONAL_EDITORS))
            }
            scopes = {"national": home}
            for name in ("Kolding", "Mariagerfjord"):
                page = create_municipality(name)
                page.refresh_from_db()
                scopes[name.lower()] = page
                users[f"{name.lower()}_admin"] = _user(f"{name.lower()}-admin", page.admin_group)
            items = {}
            for scope, parent in scopes.items():
                organisation = OrganisationFactory(
                    name=f"Forening i {scope}",
                    municipality=None if scope == "national" else parent,
                )
                live = OfferPageFactory(
                    parent=parent, title=f"Aktivt tilbud i {scope}", organisation=organisation
                )
                pending = OfferPageFactory(
                    parent=parent, title=f"Ventende tilbud i {scope}", live=False
                )
                pending.save_revision(user=users["national_editor"])
                pending.get_workflow().start(pending, users["national_editor"])
                collection = (
                    Collection.get_first_root_node() if scope == "national" else parent.collection
                )
                image = get_image_model().objects.create(
                    title=f"Billede i {scope}", file=get_test_image_file(), collection=collection
                )
                items[scope] = {
                    "scope_page": parent,
                    "live": live,
                    "pending": pending,
                    "image": image,
                    "organisation": organisation,
                }
            yield {"users": users, "items": items}
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            cache.clear()


def _user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(group)
    return user


def client_for(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def task_state_of(page):
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status__in=["in_progress", "approved", "rejected"]
    )


def attempt(action, client, item):
    """Try ``action`` through the admin; True if it took effect (or showed the thing)."""
    live, pending = item["live"], item["pending"]
    if action == "see_in_explorer":
        response = client.get(reverse("wagtailadmin_explore", args=[item["scope_page"].pk]))
        return response.status_code == 200 and live.title in response.content.decode()
    if action == "edit":
        response = client.get(edit_url(live))
        return response.status_code == 200 and 'name="title"' in response.content.decode()
    if action == "publish":
        data = offer_form_data(live, title="Nyt navn", **{"action-publish": "publish"})
        client.post(edit_url(live), data)
        return OfferPage.objects.get(pk=live.pk).title == "Nyt navn"
    if action in ("approve", "reject"):
        task_state = task_state_of(pending)
        client.post(
            workflow_action_url(pending, action, task_state), {"comment": "Ret venligst adressen"}
        )
        task_state.refresh_from_db()
        return task_state.status == ("approved" if action == "approve" else "rejected")
    if action == "choose_image":
        response = client.get(reverse("wagtailimages_chooser:choose"))
        return response.status_code == 200 and item["image"].title in response.content.decode()
    if action == "see_organisation":
        url = f"/admin/offers/organisation/inspect/{item['organisation'].pk}/"
        response = client.get(url)
        listing = client.get("/admin/offers/organisation/")
        shown = response.status_code == 200 and item["organisation"].name in (
            response.content.decode()
        )
        listed = listing.status_code == 200 and item["organisation"].name in (
            listing.content.decode()
        )
        assert shown == listed, "inspect view and listing disagree"
        return shown
    if action == "see_dashboard_item":
        response = client.get(reverse("wagtailadmin_home"))
        return response.status_code == 200 and pending.title in response.content.decode()
    raise AssertionError(action)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role, scope, action):
    client = client_for(world, role)
    allowed = attempt(action, client, world["items"][scope])
    assert allowed == expected(role, scope), (
        f"{role} {'could' if allowed else 'could not'} {action} in {scope}"
    )


def test_the_matrix_covers_every_cell():
    # 4 roles x 3 scopes x 8 actions, each a test above.
    assert len(ROLES) * len(SCOPES) * len(ACTIONS) == 96


def test_local_admin_sees_only_own_municipality_in_page_chooser_and_search(world):
    client = client_for(world, "kolding_admin")
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=[_home(world).pk]))
    html = chooser.content.decode()
    assert "Kolding" in html and "Mariagerfjord" not in html
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "tilbud"})
    html = search.content.decode()
    assert "Aktivt tilbud i kolding" in html
    assert "Aktivt tilbud i mariagerfjord" not in html
    assert "Aktivt tilbud i national" not in html


def _home(world):
    return HomePage.objects.get(pk=world["items"]["national"]["scope_page"].pk)


REPORTS = [
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:aging_pages",
]


@pytest.mark.parametrize("report", REPORTS)
def test_reports_show_a_local_admin_nothing_of_another_municipality(world, report):
    client = client_for(world, "kolding_admin")
    response = client.get(reverse(report))
    assert response.status_code == 200
    html = response.content.decode()
    assert "i mariagerfjord" not in html
    assert "i national" not in html
    if report in REPORTS_LISTING_THE_PENDING_OFFER:
        assert "Ventende tilbud i kolding" in html
        national = client_for(world, "national_editor").get(reverse(report)).content.decode()
        assert "Ventende tilbud i mariagerfjord" in national


REPORTS_LISTING_THE_PENDING_OFFER = REPORTS[1:3]

#: Reports of objects of every municipality: closed to local administrators (deny by default).
COUNTRYWIDE_REPORTS = [
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:page_types_usage",
    "wagtail_localize:translations_report",
]


@pytest.mark.parametrize("report", COUNTRYWIDE_REPORTS)
def test_countrywide_reports_are_closed_to_local_admins(world, report):
    assert client_for(world, "kolding_admin").get(reverse(report)).status_code == 403
    assert client_for(world, "national_editor").get(reverse(report)).status_code == 200
    menu = client_for(world, "kolding_admin").get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(report) not in menu


def test_local_admin_cannot_edit_the_vocabulary(world):
    client = client_for(world, "kolding_admin")
    response = client.get(reverse("wagtailsnippets_offers_lifesituation:list"))
    assert response.status_code in (302, 403)
    assert "Ordforråd" not in client.get(reverse("wagtailadmin_home")).content.decode()
