"""Synonyms are vocabulary: a national editor finds them under *Ordforråd*, with search and the
filter by life situation, and no *Snippets* menu is left."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from offers.models import LifeSituation
from search.models import LifeSituationPhrase

pytestmark = pytest.mark.django_db

LISTING = reverse("wagtailsnippets_search_lifesituationphrase:list")


def sidebar_menu(response):
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(props.group(1))


def submenu_urls(value, label):
    """The URLs of the items of the sidebar's submenu ``label``."""
    if isinstance(value, list):
        return [url for item in value for url in submenu_urls(item, label)]
    if not isinstance(value, dict):
        return []
    args = value.get("_args")
    if value.get("_type", "").endswith("SubMenuItem") and args[0].get("label") == label:
        return [item["_args"][0]["url"] for item in args[1]]
    return [url for item in value.values() for url in submenu_urls(item, label)]


def test_synonyms_are_in_the_vocabulary_menu(national_editor):
    client = Client()
    client.force_login(national_editor)
    page = client.get(reverse("wagtailadmin_home"))
    assert LISTING in submenu_urls(sidebar_menu(page), "Ordforråd")
    assert '"/admin/snippets/"' not in json.dumps(sidebar_menu(page))  # no Snippets menu


def test_synonyms_are_searched_and_filtered_by_life_situation(national_editor):
    grief = LifeSituation.objects.get(slug="sorg")
    LifeSituationPhrase.objects.create(text="mistet min far", life_situation=grief)
    client = Client()
    client.force_login(national_editor)
    found = client.get(LISTING, {"q": "mistet", "life_situation": grief.pk}).content.decode()
    assert "mistet min far" in found
    other = LifeSituation.objects.exclude(pk=grief.pk).first()
    elsewhere = client.get(LISTING, {"life_situation": other.pk}).content.decode()
    assert "mistet min far" not in elsewhere
