"""Adding, renaming and removing a municipality keeps its group, collection and workflow."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from home.models import MunicipalityPage
from home.municipalities import provision_municipality
from offers.importing import OfferImporter
from offers.models import MunicipalityApprovalTask

pytestmark = pytest.mark.django_db


def wiring(page):
    page.refresh_from_db()
    group = page.admin_group
    return {
        "group": group.name,
        "page_permissions": sorted(
            (p.page_id, p.permission.codename)
            for p in GroupPagePermission.objects.filter(group=group)
        ),
        "collection": page.collection.name,
        "collection_permissions": sorted(
            (p.collection_id, p.permission.codename)
            for p in GroupCollectionPermission.objects.filter(group=group)
        ),
        "model_permissions": sorted(group.permissions.values_list("codename", flat=True)),
        "workflow": page.get_workflow().name,
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
    }


def test_a_new_municipality_is_wired(kolding):
    w = wiring(kolding)
    assert w["group"] == "Lokal administrator – Kolding"
    assert w["page_permissions"] == sorted(
        (kolding.pk, f"{p}_page") for p in ("add", "change", "publish", "lock", "unlock")
    )
    assert w["collection"] == "Kolding"
    assert {codename for _, codename in w["collection_permissions"]} == {
        "add_image", "change_image", "delete_image", "choose_image",
        "add_document", "change_document", "delete_document", "choose_document",
    }  # fmt: skip
    assert {cid for cid, _ in w["collection_permissions"]} == {kolding.collection_id}
    assert "access_admin" in w["model_permissions"]
    assert w["workflow"] == "Godkendelse i kommunen"
    assert isinstance(kolding.get_workflow().tasks.first().specific, MunicipalityApprovalTask)


def test_create_municipality_twice_changes_nothing(home):
    out = io.StringIO()
    call_command("create_municipality", "Vejle", stdout=out)
    vejle = MunicipalityPage.objects.get(title="Vejle")
    before = wiring(vejle)
    call_command("create_municipality", "Vejle", stdout=out)
    provision_municipality(vejle)
    assert MunicipalityPage.objects.filter(title="Vejle").count() == 1
    assert wiring(vejle) == before
    assert "Kommunen Vejle oprettet: /vejle/" in out.getvalue()
    assert "Kommunen Vejle findes allerede (efterset)" in out.getvalue()


def test_import_wires_a_new_municipality_like_the_command(home, example_csv):
    OfferImporter().import_path(example_csv)
    imported = MunicipalityPage.objects.get(title="Kolding")
    call_command("create_municipality", "Aabenraa", stdout=io.StringIO())
    made = MunicipalityPage.objects.get(title="Aabenraa")

    def shape(page):
        w = wiring(page)
        return (
            w["group"].replace(page.title, "X"),
            [codename for _, codename in w["page_permissions"]],
            [codename for _, codename in w["collection_permissions"]],
            w["model_permissions"],
            w["workflow"],
        )

    assert shape(imported) == shape(made)


def test_renaming_renames_group_and_collection(kolding):
    kolding.title = "Kolding Kommune"
    kolding.save_revision().publish()
    w = wiring(kolding)
    assert w["group"] == "Lokal administrator – Kolding Kommune"
    assert w["collection"] == "Kolding Kommune"


def test_deleting_removes_the_group_and_an_empty_collection(kolding, mariagerfjord):
    kolding.refresh_from_db()
    group_id, collection_id = kolding.admin_group_id, kolding.collection_id
    kolding.delete()
    assert not Group.objects.filter(pk=group_id).exists()
    assert not Collection.objects.filter(pk=collection_id).exists()
    assert wiring(mariagerfjord)["group"] == "Lokal administrator – Mariagerfjord"


def test_wagtail_default_groups_and_workflow_are_gone(db):
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert Group.objects.filter(name="Nationale redaktører").exists()
