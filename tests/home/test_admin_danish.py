"""The admin in Danish (issue 15): every admin screen that a local administrator and a national
editor can open is requested, and no visible text on it may be an English string of Wagtail's,
wagtail-modeladmin's or wagtail-localize's catalogs that has no Danish translation.

The screens are the URLconf's own admin patterns (``admin_patterns`` of the isolation sweep),
so a new admin view is crawled without anybody adding it to a list; their arguments are the
demo's objects of the user's own municipality. "Untranslated" is what Django's translation
machinery answers: a msgid of those catalogs (``locale_upstream/``, which holds all of them)
that the Danish catalog has no translation for, neither ours, nor Wagtail's, nor Django's.
Text nodes, ``title``/``aria-label``/``placeholder``/``alt`` attributes, the labels of the
sidebar (JSON in a script tag) and the HTML of modal choosers (JSON) are checked. A msgid with
placeholders (``Submit to %(workflow_name)s``) matches any text of that shape.
"""

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, TaskState, WorkflowState

from home.admin_access import admin_areas
from offers.models import ErrorReport, LifeSituation, OfferPage, Organisation, Submission
from search.models import LifeSituationPhrase
from tests.admin_helpers import edit_url, offer_form_data
from tests.home.test_admin_isolation import (
    APP_ARGUMENTS,
    ARGUMENT_KINDS,
    MODEL_ARGUMENTS,
    MODELS,
    NAMED,
    WORDS,
)

pytestmark = pytest.mark.django_db

UPSTREAM = Path(settings.BASE_DIR) / "locale_upstream" / "da" / "LC_MESSAGES" / "django.po"
#: Texts that are English msgids but are fine as they are, each with its reason.
ALLOWED = {
    "Wagtail": "the product's name",
    "Socialkompas": "the product's name",
}
#: Admin views that are not screens (files, previews of the public pages, catalogs, redirects
#: to other sites) or that end the session.
NOT_SCREENS = re.compile(
    r"preview|jsi18n|javascript_catalog|sprite|serve|download|logout|_api:|api_|"
    r"action_run|stop_impersonation|password_reset|wagtailadmin_error_test"
)
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|%[sdi]|\{\w*\}")


def normalise(text):
    return " ".join(text.split())


def untranslated_msgids():
    """(set of literal msgids, one regex for those with placeholders) of every msgid of the
    upstream catalogs that has no Danish translation at run time."""
    with translation.override("da"):
        catalog = translation.trans_real.translation("da")._catalog
        literal, patterns = set(), []
        for entry in polib.pofile(str(UPSTREAM)):
            forms = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
            lookup = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            key = (lookup, 0) if entry.msgid_plural else lookup
            if catalog.get(key):
                continue
            for form in forms:
                text = normalise(form)
                if "<" in text or len(text) < 3 or text in ALLOWED:
                    continue
                if PLACEHOLDER.search(text):
                    parts = PLACEHOLDER.split(text)
                    if sum(len(p.strip()) for p in parts) >= 4:
                        patterns.append(".+?".join(re.escape(p) for p in parts))
                else:
                    literal.add(text)
    return literal, re.compile("|".join(f"(?:{p})" for p in patterns))


class VisibleText(HTMLParser):
    """The texts a reader sees or hears: text nodes, a few attributes, and the strings of the
    JSON that the admin's sidebar and choosers render from."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._script = tag if attrs.get("type") != "application/json" else "json"
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._script = None

    def handle_data(self, data):
        if self._script == "json":
            try:
                strings = json_strings(json.loads(data))
            except ValueError:
                return
            # Single lowercase words in the JSON are names and keys, not labels.
            self.texts.extend(s for s in strings if not re.fullmatch(r"[a-z_-]+", s))
        elif self._script is None:
            self.texts.append(data)


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def visible_texts(response):
    content_type = response.get("Content-Type", "")
    body = response.content.decode(errors="replace")
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body)
        except ValueError:
            return []
        body = data.get("html") or "" if isinstance(data, dict) else ""
    elif not content_type.startswith("text/html"):
        return []
    parser = VisibleText()
    parser.feed(body)
    return [t for t in (normalise(t) for t in parser.texts) if t]


class English:
    """Finds untranslated English msgids among texts, and remembers where."""

    def __init__(self):
        self.literal, self.pattern = untranslated_msgids()
        self.found = {}

    def check(self, url, response):
        for text in visible_texts(response):
            if text in ALLOWED:
                continue
            if text in self.literal or (self.pattern.pattern and self.pattern.fullmatch(text)):
                self.found.setdefault(text, url)

    def report(self):
        return "\n".join(
            f"  {text!r}  (first on {url})" for text, url in sorted(self.found.items())
        )


@pytest.fixture
def scene(demo):
    """The demo, with an image, a document and an error report in Kolding."""
    kolding = Page.objects.get(slug="kolding", depth=3).specific
    collection = kolding.collection
    get_image_model().objects.create(
        title="Koldings billede", file=get_test_image_file(), collection=collection
    )
    get_document_model().objects.create(
        title="Koldings dokument", file=get_test_image_file(), collection=collection
    )
    offer = OfferPage.objects.child_of(kolding).live().first()
    ErrorReport.objects.create(offer=offer, message="Forkert telefonnummer")
    own_pages = [str(pk) for pk in kolding.get_descendants().values_list("pk", flat=True)]
    pending = WorkflowState.objects.get(status="in_progress", object_id__in=own_pages)
    users = get_user_model().objects
    user = users.get(username="kolding")
    objects = {
        "municipality": kolding.pk,
        "page": offer.pk,
        "pending": int(pending.object_id),
        "revision": offer.latest_revision_id,
        "organisation": Organisation.objects.filter(municipality=kolding).first().pk,
        "error_report": ErrorReport.objects.filter(offer__in=[offer]).first().pk,
        "submission": getattr(Submission.objects.filter(offer__in=[offer]).first(), "pk", 0),
        "image": get_image_model().objects.get(title="Koldings billede").pk,
        "document": get_document_model().objects.get(title="Koldings dokument").pk,
        "workflow_state": pending.pk,
        "task_state": TaskState.objects.filter(workflow_state=pending).first().pk,
        "user": user.pk,
        "group": Group.objects.get(pk=kolding.admin_group_id).pk,
        "collection": collection.pk,
    }
    return {
        "objects": objects,
        "offer": offer,
        "kolding": user,
        "redaktoer": users.get(username="redaktoer"),
    }


#: Objects of the admin's views whose URL argument names no kind (``pk``, ``instance_pk``).
KIND_IN_NAME = {
    "errorreport": "error_report",
    "organisation": "organisation",
    "submission": "submission",
    "image": "image",
    "document": "document",
    "user": "user",
    "group": "group",
    "collection": "collection",
    "workflow_history": "workflow_state",
}


def kind_of(name, argument):
    if argument in ARGUMENT_KINDS:
        return ARGUMENT_KINDS[argument]
    return next((kind for word, kind in KIND_IN_NAME.items() if word in name), "page")


def screen_urls(name, arguments, objects):
    """The URLs of a pattern with the user's own objects: each argument the object of its kind
    (for model arguments, each of the admin's models)."""
    models = MODELS if any(a in APP_ARGUMENTS + MODEL_ARGUMENTS for a in arguments) else [None]
    urls = []
    for model in models:
        kwargs = {}
        for argument in arguments:
            if model and argument in APP_ARGUMENTS:
                kwargs[argument] = model[0]
            elif model and argument in MODEL_ARGUMENTS:
                kwargs[argument] = model[1]
            elif argument in WORDS:
                kwargs[argument] = WORDS[argument]
            else:
                kwargs[argument] = objects[kind_of(name, argument)]
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return list(dict.fromkeys(urls))


def crawl(user, objects, local):
    """Every admin screen ``user`` can open, checked. Returns (English, number of screens)."""
    english = English()
    client = Client()
    client.force_login(user)
    areas = admin_areas()
    screens = 0
    for name, _route, arguments in NAMED:
        if NOT_SCREENS.search(name) or (local and name not in areas):
            continue
        for url in screen_urls(name, arguments, objects):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="da")
            if response.status_code == 200:
                screens += 1
                english.check(url, response)
    return english, screens


@pytest.mark.parametrize(("role", "local"), [("kolding", True), ("redaktoer", False)])
def test_every_admin_screen_of_a_role_is_in_danish(scene, role, local):
    english, screens = crawl(scene[role], scene["objects"], local)
    assert screens > 40, f"only {screens} screens crawled"
    assert not english.found, (
        f"{len(english.found)} English texts on {screens} admin screens of {role} "
        f"(translate them in locale_upstream/da_additions.po, then run "
        f"scripts/upstream_translations.py):\n{english.report()}"
    )


def test_the_crawl_finds_english(scene):
    """The check can fail: a msgid without translation is found on the screen."""
    english = English()
    english.literal.add("Socialkompas admin test string")

    class Response(dict):
        content = b"<p>Socialkompas admin test string</p><a title='x'>ok</a>"

    english.check("/admin/", Response({"Content-Type": "text/html"}))
    assert "Socialkompas admin test string" in english.found


def messages_of(response):
    """The texts of the messages shown after an action (without their buttons' markup)."""
    if not response.context:
        return []
    return [
        normalise(html.unescape(re.sub(r"<[^>]+>", " ", str(m))))
        for m in response.context["messages"]
    ]


def test_messages_after_creating_a_synonym_are_danish(scene):
    client = Client()
    client.force_login(scene["redaktoer"])
    situation = LifeSituation.objects.first()
    response = client.post(
        reverse("wagtailsnippets_search_lifesituationphrase:add"),
        {"text": "lonely evenings", "language": "en", "life_situation": situation.pk},
        follow=True,
    )
    form = response.context and response.context.get("form")
    assert not (form and form.errors), form.errors
    assert LifeSituationPhrase.objects.filter(text="lonely evenings").exists()
    assert messages_of(response) == ["Synonym 'lonely evenings' er oprettet. Rediger"]


def test_messages_after_editing_an_offer_are_danish(scene):
    client = Client()
    client.force_login(scene["kolding"])
    offer = scene["offer"]
    response = client.post(
        edit_url(offer), offer_form_data(offer, title="Sorggruppe for alle"), follow=True
    )
    english = English()
    texts = messages_of(response)
    assert texts, "no message after saving"
    for text in texts:
        assert text not in english.literal and not english.pattern.fullmatch(text), text
