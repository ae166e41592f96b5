"""The isolation sweep: every admin URL of the URLconf, requested as Kolding's local administrator.

The patterns come from the URLconf itself (``admin_patterns``), so a new admin view is swept
without anybody adding it to a list. Each pattern is requested with GET and POST: without
parameters, and with the ids of Mariagerfjord's pages, draft revision, organisation, error
report, submission, image, document, workflow state, task state, user and group in its URL
arguments (each id in every argument, and once with each argument given the object of its own
kind) and in the query parameters that choosers and the admin API read (``?id=``, ``child_of``
...). Canary strings planted in Mariagerfjord (titles, a draft title, a submitter's e-mail, an
error report's text, an image and document title, a password hash) must appear in no response,
no response may be a 5xx, a URL that is not one of the allowed areas (``home.admin_access``)
must answer 403, and Mariagerfjord's objects must be unchanged afterwards.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site, TaskState

from home.admin_access import admin_areas
from home.municipalities import create_municipality
from offers.models import ErrorReport, Organisation, Submission
from tests.home.factories import HomePageFactory
from tests.offers.factories import OfferPageFactory, OrganisationFactory

CANARY = "KANARI"
CANARY_EMAILS = ("kanari-afsender@example.org", "kanari-fejl@example.org", "kanari-org@example.org")
ADMIN_PREFIXES = ("admin/", "django-admin/")


def admin_patterns():
    """(view name, route, argument names) of every named admin URL pattern in the URLconf."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and route.startswith(ADMIN_PREFIXES):
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                found.append((name, route, _argument_names(pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def _argument_names(pattern):
    regex = pattern.pattern.regex
    return tuple(regex.groupindex) or ()


PATTERNS = admin_patterns()
NAMED = [p for p in PATTERNS if p[0]]
#: Unnamed patterns (Wagtail's 404 test view and catch-all): requested by a path they match.
UNNAMED = [p for p in PATTERNS if not p[0]]


def path_for_unnamed(route):
    return "/" + re.sub(r"[\^$]", "", route).replace(".*", "kanari-ukendt")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Kolding with a little of everything, Mariagerfjord with canaries in everything."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            cache.clear()
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)
            cache.clear()


def _build_world():
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    call_command("migrate", verbosity=0, stdout=io.StringIO())  # roles + workflow
    kolding = create_municipality("Kolding")
    other = create_municipality("Mariagerfjord")
    kolding.refresh_from_db()
    other.refresh_from_db()
    users = get_user_model().objects
    kolding_admin = users.create_user("kolding-admin", "kolding@example.org", "x")
    kolding_admin.groups.add(kolding.admin_group)
    other_admin = users.create_user("kanari-admin", "kanari-admin@example.org", "hemmelig")
    other_admin.groups.add(other.admin_group)
    editor = users.create_user("redaktoer", "redaktoer@example.org", "x")

    # Kolding's own content, so that the allowed views have something to show.
    own = OfferPageFactory(parent=kolding, title="Kolding sorggruppe")
    own.save_revision(user=kolding_admin)
    get_image_model().objects.create(
        title="Kolding billede", file=get_test_image_file(), collection=kolding.collection
    )

    # Mariagerfjord's canaries.
    organisation = OrganisationFactory(
        name=f"{CANARY} Forening", email="kanari-org@example.org", municipality=other
    )
    live = OfferPageFactory(parent=other, title=f"{CANARY} live tilbud", organisation=organisation)
    draft = live.save_revision(user=editor)
    live.title = f"{CANARY} kladdetitel"
    draft = live.save_revision(user=editor)
    pending = OfferPageFactory(
        parent=other, title=f"{CANARY} ventende tilbud", organisation=organisation, live=False
    )
    pending.save_revision(user=editor)
    workflow_state = pending.get_workflow().start(pending, editor)
    submission = Submission.objects.create(
        offer=pending, submitter_name=f"{CANARY} Afsender", submitter_email=CANARY_EMAILS[0]
    )
    report = ErrorReport.objects.create(
        offer=live.specific_class.objects.get(pk=live.pk),
        message=f"{CANARY} fejlbesked om adressen",
        contact_name=f"{CANARY} Borger",
        contact_email=CANARY_EMAILS[1],
    )
    image = get_image_model().objects.create(
        title=f"{CANARY} billede", file=get_test_image_file(), collection=other.collection
    )
    document = get_document_model().objects.create(
        title=f"{CANARY} dokument",
        file=ContentFile(b"hemmeligt", "kanari.txt"),
        collection=other.collection,
    )
    task_state = TaskState.objects.filter(workflow_state=workflow_state).first()
    objects = {
        "municipality": other.pk,
        "page": live.pk,
        "pending": pending.pk,
        "revision": draft.pk,
        "organisation": organisation.pk,
        "error_report": report.pk,
        "submission": submission.pk,
        "image": image.pk,
        "document": document.pk,
        "workflow_state": workflow_state.pk,
        "task_state": task_state.pk,
        "user": other_admin.pk,
        "group": other.admin_group_id,
        "collection": other.collection.pk,
    }
    canaries = [CANARY, *CANARY_EMAILS, "kanari-admin", other_admin.password]
    return {"user": kolding_admin, "objects": objects, "canaries": canaries, "other": other}


# Filling in the arguments of a pattern

#: Arguments that name an object of a kind: the Mariagerfjord object given to them.
ARGUMENT_KINDS = {
    "page_id": "pending",
    "parent_page_id": "municipality",
    "page_to_move_id": "page",
    "destination_id": "municipality",
    "revision_id": "revision",
    "revision_id_a": "revision",
    "revision_id_b": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "object_id": "page",
    "user_id": "user",
    "group_id": "group",
    "collection_id": "collection",
}
#: (app label, model name) pairs for patterns that take a model in their URL.
MODELS = [
    ("wagtailcore", "page"),
    ("offers", "organisation"),
    ("offers", "errorreport"),
    ("offers", "submission"),
    ("offers", "offerpage"),
    ("wagtailimages", "image"),
    ("wagtaildocs", "document"),
    ("auth", "user"),
]
APP_ARGUMENTS = ("app_label", "app_name", "content_type_app_name")
MODEL_ARGUMENTS = ("model_name", "content_type_model_name")
WORDS = {
    "action_name": "approve",
    "action": "delete",
    "filter_spec": "original",
    "mode": "default",
    "uidb64": "MQ",
    "token": "set-password",
}
#: Query parameters that name objects in choosers, listings and the admin API.
QUERY_ID_PARAMETERS = ("id", "child_of", "descendant_of", "parent_page_id", "collection_id")


def argument_sets(arguments, objects):
    """Every set of arguments to try for a pattern with these argument names."""
    if not arguments:
        return [{}]
    ids = sorted(set(objects.values()))
    sets = []
    models = (
        MODELS if any(a in APP_ARGUMENTS or a in MODEL_ARGUMENTS for a in arguments) else [None]
    )
    for model in models:
        for value in [*ids, None]:
            kwargs = {}
            for name in arguments:
                if model and name in APP_ARGUMENTS:
                    kwargs[name] = model[0]
                elif model and name in MODEL_ARGUMENTS:
                    kwargs[name] = model[1]
                elif name in WORDS:
                    kwargs[name] = WORDS[name]
                elif value is None:  # each argument the object of its own kind
                    kwargs[name] = objects.get(ARGUMENT_KINDS.get(name, "page"))
                else:
                    kwargs[name] = value
            sets.append(kwargs)
    return sets


def query_sets(objects):
    """Query strings naming each object, and a search for the canary (the page echoes the
    lowercase query, while a result would show the canary's own spelling)."""
    ids = sorted(set(objects.values()))
    return [{name: value for name in QUERY_ID_PARAMETERS} for value in ids] + [
        {"q": CANARY.lower()}
    ]


def urls_for(name, arguments, objects):
    urls = []
    for kwargs in argument_sets(arguments, objects):
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return list(dict.fromkeys(urls))


def assert_no_leak(response, url, canaries, method):
    where = f"{method} {url} ({response.status_code})"
    assert response.status_code < 500, where
    body = b"".join(response) if response.streaming else response.content
    text = body.decode(errors="replace") + response.get("Location", "")
    for canary in canaries:
        assert canary not in text, f"{where} shows {canary!r}"


def snapshot(objects):
    """What must stay as it was in Mariagerfjord, whatever was posted."""
    return {
        "pages": sorted(
            Page.objects.filter(
                path__startswith=Page.objects.get(pk=objects["municipality"]).path
            ).values_list("pk", "title", "live", "latest_revision_id", "locked")
        ),
        "organisation": list(Organisation.objects.filter(pk=objects["organisation"]).values()),
        "report": list(ErrorReport.objects.filter(pk=objects["error_report"]).values()),
        "submission": list(Submission.objects.filter(pk=objects["submission"]).values()),
        "image": list(get_image_model().objects.filter(pk=objects["image"]).values("title")),
        "document": list(get_document_model().objects.filter(pk=objects["document"]).values()),
        "user": list(get_user_model().objects.filter(pk=objects["user"]).values()),
        "group": list(Group.objects.filter(pk=objects["group"]).values("name")),
        "task_state": list(TaskState.objects.filter(pk=objects["task_state"]).values("status")),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "arguments"), NAMED, ids=[p[0] for p in NAMED])
def test_local_admin_finds_nothing_of_another_municipality(world, name, route, arguments):
    objects, canaries = world["objects"], world["canaries"]
    before = snapshot(objects)
    allowed = name in admin_areas()
    client = Client()
    client.force_login(world["user"])
    urls = urls_for(name, arguments, objects)
    assert urls, f"no URL could be built for {name} ({route})"
    for url in urls:
        requests = [("GET", url, {})]
        if not arguments:
            requests += [("GET", url, query) for query in query_sets(objects)]
        requests.append(("POST", url, {"id": objects["page"], "title": "Overtaget"}))
        for method, path, data in requests:
            if method == "GET":
                response = client.get(path, data)
            else:
                response = client.post(path, data)
            assert_no_leak(response, path, canaries, method)
            if not allowed:
                assert response.status_code == 403, f"{method} {path} is not an allowed area"
            if "_auth_user_id" not in client.session:  # logged out by the logout view
                client.force_login(world["user"])
    assert snapshot(objects) == before, f"{name} changed Mariagerfjord's data"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [p[1] for p in UNNAMED])
def test_unnamed_admin_patterns_are_closed(world, route):
    client = Client()
    client.force_login(world["user"])
    path = path_for_unnamed(route)
    for response in (client.get(path), client.post(path)):
        assert_no_leak(response, path, world["canaries"], "GET/POST")
        assert response.status_code == 403


@pytest.mark.django_db
def test_the_sweep_covers_the_whole_admin(world):
    """Every admin pattern is swept (the unnamed ones are Wagtail's catch-all 404 and test
    views); print how much, for the note."""
    assert len(NAMED) > 300
    requests = len(UNNAMED) * 2
    for name, _route, arguments in NAMED:
        urls = urls_for(name, arguments, world["objects"])
        per_url = 2 + (0 if arguments else len(query_sets(world["objects"])))
        requests += len(urls) * per_url
    print(
        f"isolation sweep: {len(PATTERNS)} admin URL patterns ({len(UNNAMED)} unnamed), "
        f"{requests} requests"
    )
    assert requests > len(NAMED) * 2


@pytest.mark.django_db
def test_other_municipality_admin_is_not_restricted_in_own_scope(world):
    """The sweep's canaries are reachable by their own administrator: the test can fail."""
    other_admin = get_user_model().objects.get(pk=world["objects"]["user"])
    client = Client()
    client.force_login(other_admin)
    url = reverse("offers_errorreport_modeladmin_inspect", args=[world["objects"]["error_report"]])
    assert CANARY in client.get(url).content.decode()
    url = reverse("wagtailadmin_pages:edit", args=[world["objects"]["page"]])
    assert f"{CANARY} kladdetitel" in client.get(url).content.decode()
