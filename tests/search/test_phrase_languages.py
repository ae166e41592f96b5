"""Synonym phrases in more languages than Danish (issue 13): the language field, uniqueness
per language, the English starter list (search/migrations/0008_english_starter_phrases.py),
normalisation of Cyrillic and Arabic, and the admin (listing filtered by language, the form's
Danish message for a duplicate)."""

import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from offers.models import LifeSituation, OfferKind, TargetGroup
from search.models import PHRASE_LANGUAGES, LifeSituationPhrase, normalise_phrase

pytestmark = pytest.mark.django_db

LISTING = reverse("wagtailsnippets_search_lifesituationphrase:list")
ADD = reverse("wagtailsnippets_search_lifesituationphrase:add")

english_migration = importlib.import_module("search.migrations.0008_english_starter_phrases")


def situation(slug):
    return LifeSituation.objects.get(slug=slug)


# The field and the constraint


def test_a_phrase_is_danish_unless_said_otherwise():
    phrase = LifeSituationPhrase.objects.create(
        text="helt alene", life_situation=situation("ensomhed")
    )
    assert phrase.language == "da"
    # The phrases there were before the field (0003) are Danish.
    assert LifeSituationPhrase.objects.get(text="ingen at tale med").language == "da"
    assert not LifeSituationPhrase.objects.filter(text="ingen at tale med").exclude(language="da")


def test_the_phrase_languages_are_defined_once_and_cover_the_portals_languages():
    codes = [code for code, _label in PHRASE_LANGUAGES]
    assert codes == ["da", "en", "uk", "ar"]
    assert set(settings.LANGUAGE_NAMES) <= set(codes)
    field = LifeSituationPhrase._meta.get_field("language")
    assert [code for code, _label in field.choices] == codes


def test_a_text_is_unique_per_language():
    ensomhed = situation("ensomhed")
    LifeSituationPhrase.objects.create(text="kanari", language="en", life_situation=ensomhed)
    # The same text in another language is another phrase.
    LifeSituationPhrase.objects.create(text="kanari", language="da", life_situation=ensomhed)
    with pytest.raises(IntegrityError), transaction.atomic():
        LifeSituationPhrase.objects.create(text="kanari", language="en", life_situation=ensomhed)
    assert LifeSituationPhrase.objects.filter(text="kanari").count() == 2


def test_validation_compares_the_text_as_it_is_saved():
    duplicate = LifeSituationPhrase(
        text="  LONELY!  ", language="en", life_situation=situation("sorg")
    )
    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert set(raised.value.message_dict) == {"text"}
    (message,) = raised.value.message_dict["text"]
    assert message.startswith('"lonely" findes allerede som synonym på engelsk for livssituationen')
    assert "Ensomhed" in message
    # An existing phrase is no duplicate of itself.
    LifeSituationPhrase.objects.get(text="lonely", language="en").full_clean()
    # No words at all.
    with pytest.raises(ValidationError) as raised:
        LifeSituationPhrase(text="?!", language="en", life_situation=situation("sorg")).full_clean()
    assert raised.value.message_dict["text"] == ["Skriv mindst ét ord."]


# Normalisation


def test_normalise_phrase_keeps_cyrillic_and_arabic_letters():
    assert normalise_phrase("Самотність") == "самотність"
    assert normalise_phrase("  Мені   самотньо! ") == "мені самотньо"
    assert normalise_phrase("الوحدة") == "الوحدة"
    assert normalise_phrase("أشعر بـ الوحدة؟") == "أشعر بـ الوحدة"
    assert normalise_phrase("Ingen at TALE med") == "ingen at tale med"


def test_normalise_phrase_drops_marks_that_would_cut_a_word():
    # Arabic vowel signs (harakat) and a Cyrillic stress mark: one word, as people type it.
    assert normalise_phrase("الوَحْدَة") == "الوحدة"
    assert normalise_phrase("само\u0301тність") == "самотність"
    # A decomposed "å" (a + ring) stays "å"; presentation forms become ordinary letters.
    assert normalise_phrase("ha\u030abløs") == "håbløs"
    assert normalise_phrase("\ufee3\ufeb4\ufe8e\ufecb\ufeaa\ufe93") == "مساعدة"


def test_a_ukrainian_phrase_is_saved_normalised():
    phrase = LifeSituationPhrase.objects.create(
        text=" САМОТНІСТЬ ", language="uk", life_situation=situation("ensomhed")
    )
    phrase.refresh_from_db()
    assert (phrase.text, phrase.language) == ("самотність", "uk")


# The English starter list


def test_every_life_situation_has_english_starter_phrases():
    english = LifeSituationPhrase.objects.filter(language="en")
    for term in LifeSituation.objects.all():
        count = english.filter(life_situation=term).count()
        # 0008's starter set, and 0010's everyday phrases beside it.
        assert 8 <= count <= 30, (term.slug, count)
    assert set(english_migration.PHRASES) == set(
        LifeSituation.objects.values_list("slug", flat=True)
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("loneliness", "ensomhed"),
        ("no one to talk to", "ensomhed"),
        ("my husband died", "sorg"),
        ("bereavement", "sorg"),
        ("panic attacks", "angst"),
        ("can t pay my bills", "oekonomi"),
        ("my partner hits me", "vold"),
        ("learn danish", "integration"),
        ("self harm", "selvskade"),
        ("gambling", "misbrug"),
        ("dementia", "demens"),
        ("burnout", "stress"),
    ],
)
def test_english_starter_phrases(text, slug):
    assert LifeSituationPhrase.objects.get(text=text, language="en").life_situation.slug == slug


def test_the_english_phrases_are_stored_normalised():
    for text in LifeSituationPhrase.objects.filter(language="en").values_list("text", flat=True):
        assert text == normalise_phrase(text), text


def test_the_english_migration_adds_only_what_is_missing():
    """An editor's change survives the migration, like 0003's phrases do."""
    lonely = LifeSituationPhrase.objects.get(text="lonely", language="en")
    lonely.life_situation = situation("depression")
    lonely.save()
    LifeSituationPhrase.objects.filter(text="grief", language="en").delete()
    before = LifeSituationPhrase.objects.count()
    english_migration.add_phrases(apps, None)
    lonely.refresh_from_db()
    assert lonely.life_situation.slug == "depression"
    assert LifeSituationPhrase.objects.count() == before + 1  # only "grief" was missing


def test_the_search_reads_the_english_phrases_as_before():
    """load_phrases() keeps its shape: (words, life situation id) for every phrase."""
    from search.phrases import matching_situations
    from search.vocabulary import phrases as load_phrases

    phrases = load_phrases()
    assert len(phrases) == LifeSituationPhrase.objects.count()
    assert (("no", "one", "to", "talk", "to"), situation("ensomhed").pk) in phrases
    assert matching_situations("My husband died in May", phrases) == [situation("sorg").pk]
    assert matching_situations("I can't pay my bills", phrases) == [situation("oekonomi").pk]
    # Danish queries: no English phrase is an everyday Danish word ("sad" is not one).
    assert matching_situations("jeg sad alene", phrases) == [situation("ensomhed").pk]


def test_every_term_has_an_english_name():
    for model in (LifeSituation, TargetGroup, OfferKind):
        for term in model.objects.all():
            assert (term.translated_names or {}).get("en"), (model.__name__, term.slug)


# The admin


def _listed(client, **params):
    """The phrases of the listing with ``params`` (every page), and the first page's HTML."""
    response = client.get(LISTING, params)
    assert response.status_code == 200
    paginator = response.context["paginator"]
    texts = {p.text for n in paginator.page_range for p in paginator.page(n).object_list}
    return texts, response.content.decode()


def test_the_listing_filters_by_language_and_shows_it(client, national_editor):
    client.force_login(national_editor)
    english, html = _listed(client, language="en")
    assert english == set(
        LifeSituationPhrase.objects.filter(language="en").values_list("text", flat=True)
    )
    assert {"loneliness", "no one to talk to"} <= english
    assert "ingen at tale med" not in english
    # The language column: a header to sort by, and each row's language.
    assert "ordering=language" in html
    assert re.search(r"<td[^>]*>\s*engelsk\s*</td>", html)
    danish, html = _listed(client, language="da")
    assert "ingen at tale med" in danish
    assert "loneliness" not in danish
    assert re.search(r"<td[^>]*>\s*dansk\s*</td>", html)
    assert not re.search(r"<td[^>]*>\s*engelsk\s*</td>", html)


def test_the_listing_filters_by_language_and_life_situation_together(client, national_editor):
    client.force_login(national_editor)
    sorg = situation("sorg")
    response = client.get(LISTING, {"language": "en", "life_situation": sorg.pk})
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert rows
    assert {(p.language, p.life_situation_id) for p in rows} == {("en", sorg.pk)}
    assert "my husband died" in {p.text for p in rows}


def test_the_listing_offers_the_language_filter(client, national_editor):
    client.force_login(national_editor)
    response = client.get(LISTING)
    assert response.status_code == 200
    form = response.context["filters"].form
    assert "language" in form.fields
    assert "life_situation" in form.fields
    assert {str(value) for value, _label in form.fields["language"].choices} >= {
        "da",
        "en",
        "uk",
        "ar",
    }


def test_the_listing_still_refuses_an_undeclared_parameter(client, national_editor):
    client.force_login(national_editor)
    assert client.get(LISTING, {"sprog": "en"}).status_code == 400


def test_the_form_has_the_language(client, national_editor):
    client.force_login(national_editor)
    html = client.get(ADD).content.decode()
    assert 'name="language"' in html
    assert 'value="en"' in html and "engelsk" in html
    assert re.search(r'<option value="da"[^>]*selected', html)  # Danish unless changed


def test_a_national_editor_adds_an_english_phrase(client, national_editor):
    client.force_login(national_editor)
    response = client.post(
        ADD,
        {"text": "Nobody Visits Me", "language": "en", "life_situation": situation("ensomhed").pk},
    )
    assert response.status_code == 302
    phrase = LifeSituationPhrase.objects.get(text="nobody visits me")
    assert (phrase.language, phrase.life_situation.slug) == ("en", "ensomhed")


def test_a_duplicate_in_the_same_language_gets_a_danish_message_and_keeps_the_input(
    client, national_editor
):
    client.force_login(national_editor)
    sorg = situation("sorg")
    response = client.post(
        ADD, {"text": "  No Friends ", "language": "en", "life_situation": sorg.pk}
    )
    assert response.status_code == 200
    assert LifeSituationPhrase.objects.filter(text="no friends").count() == 1
    form = response.context["form"]
    assert form.errors["text"] == [
        '"no friends" findes allerede som synonym på engelsk for livssituationen "Ensomhed". '
        "Ret det eksisterende synonym i stedet, eller vælg et andet sprog."
    ]
    html = response.content.decode()
    assert "findes allerede som synonym på engelsk" in html
    assert 'value="  No Friends "' in html  # what was typed
    assert form["language"].value() == "en"
    assert str(form["life_situation"].value()) == str(sorg.pk)


def test_the_same_text_in_another_language_is_accepted(client, national_editor):
    client.force_login(national_editor)
    # "stress" is Danish and English; "lonely" only English so far.
    response = client.post(
        ADD, {"text": "lonely", "language": "da", "life_situation": situation("ensomhed").pk}
    )
    assert response.status_code == 302
    assert set(
        LifeSituationPhrase.objects.filter(text="lonely").values_list("language", flat=True)
    ) == {
        "da",
        "en",
    }


def test_editing_a_phrase_into_a_duplicate_is_refused(client, national_editor):
    client.force_login(national_editor)
    phrase = LifeSituationPhrase.objects.get(text="lonely", language="en")
    url = reverse("wagtailsnippets_search_lifesituationphrase:edit", args=[phrase.pk])
    unchanged = {"text": "lonely", "language": "en", "life_situation": phrase.life_situation_id}
    assert client.post(url, unchanged).status_code == 302
    response = client.post(url, {**unchanged, "text": "Loneliness"})
    assert response.status_code == 200
    assert "findes allerede som synonym på engelsk" in response.context["form"].errors["text"][0]
    phrase.refresh_from_db()
    assert phrase.text == "lonely"
