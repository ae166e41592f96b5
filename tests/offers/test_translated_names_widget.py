"""A term's names in other languages: one field per configured language, not a JSON box,
each with its language's name as its label."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from offers.models import Language, LifeSituation

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


class _LabelsAndInputs(HTMLParser):
    """The labels (for -> text) and the inputs (name -> attributes) of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.labels, self.inputs, self._label = {}, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self._label = attrs["for"]
            self.labels[self._label] = ""
        elif tag == "input" and attrs.get("name"):
            self.inputs[attrs["name"]] = attrs

    def handle_data(self, data):
        if self._label:
            self.labels[self._label] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None


def labels_and_inputs(page):
    parser = _LabelsAndInputs()
    parser.feed(page)
    return {key: text.strip() for key, text in parser.labels.items()}, parser.inputs


@pytest.mark.parametrize(
    ("model", "url_name"),
    [
        (LifeSituation, "wagtailsnippets_offers_lifesituation:edit"),
        (Language, "wagtailsnippets_offers_language:edit"),
    ],
)
def test_each_languages_field_has_a_visible_label_with_the_languages_name(
    national_editor, model, url_name
):
    term = model.objects.order_by("pk").first()
    client = Client()
    client.force_login(national_editor)
    page = client.get(reverse(url_name, args=[term.pk])).content.decode()
    labels, inputs = labels_and_inputs(page)
    for code, name in [("en", "Engelsk"), ("uk", "Ukrainsk"), ("ar", "Arabisk")]:
        field = inputs[f"translated_names_{code}"]
        assert labels.get(field["id"]) == name
        assert field["lang"] == code
        assert field["aria-describedby"].endswith("translated_names-helptext")
        # The visible label is its name: no other name given to it instead.
        assert "aria-label" not in field
    help_text = "Navnet, som det skal stå for dem, der læser Socialkompas på et andet sprog"
    assert help_text in page
    assert "{&quot;en&quot;" not in page and '{"en"' not in page
