"""A term's names in other languages: one field per configured language, not a JSON box."""

import pytest
from django.test import Client
from django.urls import reverse

from offers.models import LifeSituation

pytestmark = pytest.mark.django_db


def test_one_field_per_language_reads_and_writes_the_names(national_editor):
    term = LifeSituation.objects.get(slug="ensomhed")
    term.translated_names = {"en": "Loneliness"}
    term.save()
    client = Client()
    client.force_login(national_editor)
    url = reverse("wagtailsnippets_offers_lifesituation:edit", args=[term.pk])
    page = client.get(url).content.decode()
    assert 'name="translated_names_en"' in page
    assert 'value="Loneliness"' in page
    assert 'name="translated_names_uk"' in page  # the test settings add uk and ar
    assert 'name="translated_names_da"' not in page
    assert '{"en"' not in page.split('name="translated_names_en"')[0][-300:]
    response = client.post(
        url,
        {
            "name": term.name,
            "slug": term.slug,
            "description": term.description,
            "sort_order": term.sort_order,
            "translated_names_en": " Loneliness and isolation ",
            "translated_names_uk": "Самотність",
            "translated_names_ar": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    assert term.translated_names == {"en": "Loneliness and isolation", "uk": "Самотність"}
