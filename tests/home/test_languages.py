"""Languages: Danish source, English translation, ready for Ukrainian and Arabic.

The language switcher keeps the reader on the same page (and the same search), pages declare
their language, direction and alternates, vocabulary has names per language, machine
translated text is marked, and the gettext catalogs are complete and up to date.
"""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from offers.models import Language, LifeSituation, OfferPage
from tests.offers.factories import OfferPageFactory

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
#: Directories makemessages must not look into (kept in step with the Makefile's `messages`).
MAKEMESSAGES_IGNORE = ["node_modules/*", "static_collected/*", "tests/*", "bench/*", "media/*"]


def translate(page, language_code, strings=None, translation_type="manual"):
    """Translate ``page`` (and, as the admin's "Translate" does, its untranslated parents) into
    ``language_code``, with ``strings`` {Danish source text: translation}. Returns the
    translated page."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    untranslated = [
        ancestor
        for ancestor in page.get_ancestors().filter(depth__gte=2).specific()
        if not ancestor.has_translation(locale)
    ]
    for each in [*untranslated, page]:
        # wagtail-localize publishes when the transaction commits, which a test never does;
        # publish each page at once, before its children are added (a later publish of an
        # older revision would write back a stale child count).
        with TestCase.captureOnCommitCallbacks(execute=True):
            TranslationCreator(user=None, target_locales=[locale]).create_translations(
                each, include_related_objects=False
            )
    record = Translation.objects.get(
        source__object_id=page.translation_key, source__locale=page.locale, target_locale=locale
    )
    for segment in StringSegment.objects.filter(source=record.source).select_related("string"):
        if strings and segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": strings[segment.string.data],
                    "translation_type": translation_type,
                },
            )
    with TestCase.captureOnCommitCallbacks(execute=True):
        record.save_target(publish=True)
    return page.get_translation(locale).specific


def switcher_links(html):
    """{language code: (href, attributes)} of the language switcher's links."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    assert nav, "no language switcher"
    links = {}
    for attrs, name in re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(0)):
        code = re.search(r'\blang="([^"]+)"', attrs).group(1)
        href = re.search(r'href="([^"]+)"', attrs).group(1).replace("&amp;", "&")
        assert f'hreflang="{code}"' in attrs
        links[code] = (href, attrs, name)
    return links


@pytest.fixture
def offer(kolding):
    return OfferPageFactory(
        parent=kolding,
        title="Sorggruppe for voksne",
        slug="sorggruppe-for-voksne",
        summary="Samtalegruppe for voksne, der har mistet en nærtstående.",
        life_situations=["sorg"],
    )


@pytest.fixture
def english(home, kolding, offer):
    """English translations of the front page, Kolding and the offer."""
    return {
        "home": translate(home, "en"),
        "kolding": translate(kolding, "en"),
        "offer": translate(
            offer,
            "en",
            {
                "Sorggruppe for voksne": "Grief group for adults",
                "Samtalegruppe for voksne, der har mistet en nærtstående.": (
                    "A support group for adults who have lost someone close to them."
                ),
            },
        ),
    }


# The switcher keeps the reader on the same page


@pytest.mark.parametrize(
    ("danish", "english_url"),
    [
        ("/", "/en/"),
        ("/kolding/", "/en/kolding/"),
        ("/kolding/sorggruppe-for-voksne/", "/en/kolding/sorggruppe-for-voksne/"),
    ],
)
def test_switcher_links_the_same_page_in_english(client, english, danish, english_url):
    links = switcher_links(client.get(danish).content.decode())
    assert links["en"][0] == english_url
    assert links["en"][2] == "English"
    assert links["da"][0] == danish
    assert 'aria-current="true"' in links["da"][1]
    assert "aria-current" not in links["en"][1]

    back = switcher_links(client.get(english_url).content.decode())
    assert back["da"][0] == danish
    assert 'aria-current="true"' in back["en"][1]


def test_switcher_on_search_keeps_the_search(client, english):
    url = "/kolding/soeg/?q=sorg&life_situation=sorg"
    links = switcher_links(client.get(url).content.decode())
    assert links["en"][0] == "/en/kolding/soeg/?q=sorg&life_situation=sorg"

    response = client.get(links["en"][0])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Grief group for adults" in html  # the English offer is found in English
    assert switcher_links(html)["da"][0] == url


def test_language_without_the_page_links_the_nearest_translated_ancestor(client, kolding):
    other = OfferPageFactory(parent=kolding, title="Kun på dansk", slug="kun-paa-dansk")
    translate(kolding, "en")
    links = switcher_links(client.get(other.url).content.decode())
    assert links["en"][0] == "/en/kolding/"
    assert 'rel="nofollow"' in links["en"][1]


def test_a_new_translation_is_in_the_switcher_at_once(client, kolding):
    """The language versions are kept in the cache between requests: publishing a
    translation makes the kept ones stale."""
    search = "/kolding/soeg/?q=sorg"
    assert 'class="language-switcher"' not in client.get(search).content.decode()
    translate(kolding, "en")
    assert switcher_links(client.get(search).content.decode())["en"][0] == (
        "/en/kolding/soeg/?q=sorg"
    )


def test_no_switcher_when_there_is_only_danish(client, kolding):
    html = client.get("/kolding/").content.decode()
    assert 'class="language-switcher"' not in html
    assert 'hreflang="' not in html


def test_languages_are_named_in_their_own_language(client, home, kolding):
    for code in ("en", "uk", "ar"):
        translate(kolding, code)
    links = switcher_links(client.get("/kolding/").content.decode())
    assert [name for _href, _attrs, name in links.values()] == [
        "Dansk",
        "English",
        "Українська",
        "العربية",
    ]
    assert 'dir="rtl"' in links["ar"][1]
    assert links["uk"][0] == "/uk/kolding/"


def test_english_front_page_lists_every_municipality(client, english, mariagerfjord):
    html = client.get("/en/").content.decode()
    assert 'href="/en/kolding/"' in html  # translated
    assert 'href="/mariagerfjord/"' in html  # not translated yet: the Danish page


def test_featured_offers_on_an_english_front_page_are_in_english(client, home, kolding, offer):
    kolding.body = [{"type": "offers", "value": {"heading": "", "offers": [offer.pk]}}]
    kolding.save_revision().publish()
    translate(kolding, "en")
    translate(offer, "en", {"Sorggruppe for voksne": "Grief group for adults"})
    html = client.get("/en/kolding/").content.decode()
    assert 'href="/en/kolding/sorggruppe-for-voksne/"' in html
    assert 'href="/kolding/sorggruppe-for-voksne/"' not in html  # not the Danish offer


# lang, dir and hreflang


def test_pages_declare_their_alternates(client, english):
    html = client.get("/kolding/sorggruppe-for-voksne/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "da": "http://testserver/kolding/sorggruppe-for-voksne/",
        "en": "http://testserver/en/kolding/sorggruppe-for-voksne/",
        "x-default": "http://testserver/kolding/sorggruppe-for-voksne/",
    }
    assert '<html lang="da" dir="ltr"' in html


def test_english_offer_is_shown_in_english(client, english):
    offer = english["offer"]
    assert offer.url == "/en/kolding/sorggruppe-for-voksne/"
    LifeSituation.objects.filter(slug="sorg").update(translated_names={"en": "Grief and loss"})
    response = client.get(offer.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr"' in html
    assert "<h1>Grief group for adults</h1>" in re.sub(r"<h1[^>]*>", "<h1>", html)
    assert "A support group for adults who have lost someone close to them." in html
    assert "Grief and loss" in html  # the vocabulary in English
    assert "Fakta om tilbuddet" not in html  # the interface in English
    assert "Sorggruppe for voksne" not in html
    # The Danish original is unchanged.
    danish = client.get("/kolding/sorggruppe-for-voksne/").content.decode()
    assert "Sorggruppe for voksne" in danish
    assert "Sorg og tab" in danish


def test_arabic_page_is_right_to_left(client, home, kolding):
    arabic = translate(kolding, "ar", {"Kolding": "كولدينغ"})
    assert arabic.url == "/ar/kolding/"
    html = client.get("/ar/kolding/").content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "كولدينغ" in html
    danish = client.get("/kolding/").content.decode()
    assert '<html lang="da" dir="ltr"' in danish


def test_a_language_is_added_in_settings():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes[0] == settings.LANGUAGE_CODE == "da"
    assert {"en", "uk", "ar"} <= set(codes)
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES


# Vocabulary


def test_vocabulary_has_english_names_and_keeps_its_slugs():
    loneliness = LifeSituation.objects.get(slug="ensomhed")
    assert loneliness.translated_names["en"] == "Loneliness"
    with translation.override("en"):
        assert loneliness.display_name == "Loneliness"
    with translation.override("da"):
        assert loneliness.display_name == "Ensomhed"
    with translation.override("uk"):
        assert loneliness.display_name == "Ensomhed"  # no Ukrainian name yet: Danish
    arabic = Language.objects.get(code="ar")
    with translation.override("en"):
        assert arabic.display_name == "Arabic"
    for model in (LifeSituation, Language):
        assert not model.objects.filter(translated_names={}).exists(), model


def test_offer_translation_is_wagtail_localizes_own_choice_but_for_facts(monkeypatch):
    """``OfferPage.translatable_fields`` is what wagtail-localize would choose by itself, except
    that the import id stays with the source and phone, postcode and the vocabulary are copied
    from it: a field added to the offer is added to that list too."""
    synchronized = ("phone", "postcode", "life_situations", "target_groups", "offer_kinds")
    synchronized += ("languages",)
    listed = [(type(f).__name__, f.field_name) for f in OfferPage.translatable_fields]
    monkeypatch.delattr(OfferPage, "translatable_fields")
    own_choice = [
        (type(f).__name__, f.field_name)
        for f in get_translatable_fields(OfferPage)
        if f.field_name not in ("external_id", *synchronized)
    ]
    assert listed == own_choice + [("SynchronizedField", name) for name in synchronized]


def test_search_facets_in_english(client, english):
    html = client.get("/en/kolding/soeg/").content.decode()
    assert "Grief and loss (1)" in html
    assert "?life_situation=sorg" in html or 'value="sorg"' in html


def test_english_search_finds_every_offer_in_english_where_translated(client, english, kolding):
    untranslated = OfferPageFactory(
        parent=kolding,
        title="Sorgcafé i Kolding",
        summary="Et sted at tale om sorg og savn.",
        life_situations=["sorg"],
    )
    response = client.get("/en/kolding/soeg/", {"q": "sorg"})
    shown = list(response.context["results"].object_list)
    titles = [o.title for o in shown]
    assert "Grief group for adults" in titles  # the translation, not "Sorggruppe for voksne"
    assert "Sorggruppe for voksne" not in titles
    assert untranslated.title in titles  # not translated yet: still found, in Danish
    danish = client.get("/kolding/soeg/", {"q": "sorg"}).context["paginator"].count
    assert response.context["paginator"].count == danish
    english_offer = next(o for o in shown if o.title == "Grief group for adults")
    assert english_offer.url.startswith("/en/kolding/")
    # The search statistics count it for Kolding (the Danish page), whatever the language.
    from search.models import SearchTerm

    assert SearchTerm.objects.filter(municipality=kolding, query="sorg").exists()


# Machine translation


def test_machine_translated_text_is_marked(client, home, kolding, offer):
    translate(
        offer,
        "en",
        {"Sorggruppe for voksne": "Grief group for adults"},
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    html = client.get("/en/kolding/sorggruppe-for-voksne/").content.decode()
    assert "This text was machine translated." in html
    assert 'href="/kolding/sorggruppe-for-voksne/" lang="da"' in html

    danish = client.get("/kolding/sorggruppe-for-voksne/").content.decode()
    assert "maskinoversat" not in danish


def test_human_translation_is_not_marked(client, english):
    html = client.get("/en/kolding/sorggruppe-for-voksne/").content.decode()
    assert "machine translated" not in html


def test_machine_translation_is_off_by_default():
    assert getattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None) is None


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"SOCIALKOMPAS_MACHINE_TRANSLATOR": "deepl", "DEEPL_AUTH_KEY": "k:fx"}, "DeepL"),
        (
            {
                "SOCIALKOMPAS_MACHINE_TRANSLATOR": "libretranslate",
                "LIBRETRANSLATE_URL": "https://translate.example.org/",
            },
            "LibreTranslate",
        ),
    ],
)
def test_machine_translator_is_chosen_by_environment(monkeypatch, env, backend):
    import importlib

    from wagtail_localize.machine_translators import get_machine_translator

    import config.settings.base as base

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    try:
        reloaded = importlib.reload(base)
        with override_settings(
            WAGTAILLOCALIZE_MACHINE_TRANSLATOR=reloaded.WAGTAILLOCALIZE_MACHINE_TRANSLATOR
        ):
            assert get_machine_translator().display_name == backend
    finally:
        monkeypatch.undo()
        importlib.reload(base)


# Catalogs


def parse_po(path):
    """Entries of a .po file: [(msgid, msgid_plural, [msgstr...], fuzzy)], header left out."""
    entries = []
    current = None
    field = None

    def finish():
        if current and current["msgid"]:
            entries.append(
                (
                    current["msgid"],
                    current.get("msgid_plural"),
                    [current[k] for k in sorted(current) if k.startswith("msgstr")],
                    current["fuzzy"],
                )
            )

    fuzzy = False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#~"):
            continue
        elif line.startswith("msgid "):
            finish()
            current = {"msgid": "", "fuzzy": fuzzy}
            fuzzy = False
            field = "msgid"
            current[field] = _unquote(line[len("msgid ") :])
        elif line.startswith("msgid_plural "):
            field = "msgid_plural"
            current[field] = _unquote(line[len("msgid_plural ") :])
        elif line.startswith("msgstr"):
            name, value = line.split(" ", 1)
            field = name
            current[field] = _unquote(value)
        elif line.startswith('"') and current is not None:
            current[field] += _unquote(line)
        elif line.startswith("msgctxt"):
            finish()
            current = None
    finish()
    return entries


def _unquote(text):
    return text.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


@pytest.mark.parametrize("language", ["da", "en"])
def test_catalog_is_complete(language):
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    entries = parse_po(po)
    assert len(entries) > 100
    problems = [
        msgid
        for msgid, _plural, msgstrs, fuzzy in entries
        if fuzzy or not all(s.strip() for s in msgstrs)
    ]
    assert not problems, f"{len(problems)} untranslated or fuzzy in {po}: {problems[:10]}"
    # The compiled catalog says the same as the .po file (run `make messages` after editing).
    with mo.open("rb") as f:
        compiled = {k: v for k, v in gettext.GNUTranslations(f)._catalog.items() if k != ""}
    expected = {}
    for msgid, plural, msgstrs, _fuzzy in entries:
        if plural is None:
            expected[msgid] = msgstrs[0]
        else:
            expected.update({(msgid, i): s for i, s in enumerate(msgstrs)})
    assert compiled == expected, f"{mo} is out of date: make messages"


def test_english_interface(client, english):
    html = client.get("/en/kolding/").content.decode()
    assert "What are you going through?" in html
    assert "Hvad står du i?" not in html


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext's xgettext")
def test_catalogs_are_up_to_date(tmp_path, monkeypatch):
    """Every string marked for translation in the code is in the catalogs (run
    `make messages` after adding one)."""
    # makemessages writes next to the sources it finds a locale/ directory for: run it on a
    # copy, so the real catalogs are never touched.
    source = tmp_path / "src"
    skip = {".git", ".venv", "locale", *(pattern.split("/")[0] for pattern in MAKEMESSAGES_IGNORE)}
    source.mkdir()
    for item in Path(settings.BASE_DIR).iterdir():
        if item.name in skip or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, source / item.name, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command(
            "makemessages",
            locale=["en"],
            ignore_patterns=MAKEMESSAGES_IGNORE,
            verbosity=0,
        )
    fresh_po = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    fresh = {msgid for msgid, *_rest in parse_po(fresh_po)}
    current = {msgid for msgid, *_rest in parse_po(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")}
    missing = sorted(fresh - current)
    assert not missing, f"{len(missing)} new strings not in the catalog: {missing[:10]}"


def test_demo_has_english_translations(demo):
    from demo.english import translate_demo

    assert translate_demo() == 7
    english = Page.objects.filter(locale__language_code="en")
    titles = set(english.values_list("title", flat=True))
    assert {"Socialkompas", "Kolding", "Mariagerfjord", "Grief group for adults"} <= titles
    assert english.type(OfferPage).count() == 3
    # The import ids stay with the Danish offers.
    assert not OfferPage.objects.filter(locale__language_code="en", external_id__isnull=False)
