"""The demo in English: translations of the national front page, both municipalities, the
about page and a few offers, made with wagtail-localize as an editor's "Translate" would.

The English texts are entered as human (manual) translations of the Danish source strings;
a string without English here keeps its Danish text (wagtail-localize's fallback).
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

from home.models import ContentPage, HomePage, MunicipalityPage
from offers.models import OfferPage

#: Offers translated in the demo, by their import id (demo/demo_offers.csv).
OFFERS = ("kol-001", "kol-005", "mar-001")
#: Text pages translated in the demo, by slug (children of the national front page).
CONTENT_PAGES = ("om-socialkompas",)

#: Danish source string (as wagtail-localize extracts it; line breaks as "\n") -> English.
ENGLISH = {
    # National front page
    "Socialkompas samler gratis sociale og sundhedsfremmende tilbud fra frivillige foreninger "
    "og kommunernes åbne tilbud. Find hjælp, fællesskab og rådgivning ud fra det, du står i – "
    "for dig selv, for en du holder af, eller for en borger, du arbejder med.": (
        "Socialkompas brings together free social and health offers from voluntary associations "
        "and municipalities' open services. Find help, community and advice based on what you "
        "are going through – for yourself, for someone you care about, or for a citizen you "
        "work with."
    ),
    # Kolding
    "Her finder du frivillige foreninger og kommunale tilbud i Kolding Kommune, som du kan "
    "bruge uden visitation. Vælg det, du står i, eller søg efter et tilbud.": (
        "Here you will find voluntary associations and municipal services in Kolding "
        "Municipality that you can use without a referral. Choose what you are going through, "
        "or search for an offer."
    ),
    "Det lokale frivilligteam i Kolding (demo)\nEksempelvej 1, 6000 Kolding\n"
    "E-mail: frivillig@kolding.example.org": (
        "The local volunteer team in Kolding (demo)\nEksempelvej 1, 6000 Kolding\n"
        "Email: frivillig@kolding.example.org"
    ),
    "Ny i frivilligt arbejde? Kom til informationsmøde": (
        "New to volunteering? Come to an information meeting"
    ),
    "Hør om de mange måder at være frivillig på i Kolding, og mød nogle af foreningerne. "
    "Mødet er i Frivillighuset kl. 17-18.30, og der er kaffe og kage. Du behøver ikke at "
    "melde dig til.": (
        "Hear about the many ways to volunteer in Kolding and meet some of the associations. "
        "The meeting is at Frivillighuset from 5 to 6.30 pm, with coffee and cake. You do not "
        "need to sign up."
    ),
    "Særligt i fokus": "In focus",
    "Udvalgte tilbud": "Selected offers",
    "Nyttige links": "Useful links",
    "Frivilligrådgivningen i Kolding (demo)": "Volunteer advice centre in Kolding (demo)",
    "Vil du være frivillig, eller mangler din forening frivillige? Kig forbi, ring eller skriv.": (
        "Would you like to volunteer, or does your association need volunteers? Drop by, call "
        "or write."
    ),
    "Mandag-torsdag kl. 10-15\nFredag kl. 10-13": (
        "Monday to Thursday 10 am to 3 pm\nFriday 10 am to 1 pm"
    ),
    "Om Socialkompas": "About Socialkompas",
    # Mariagerfjord
    "Socialkompas Mariagerfjord viser foreninger, netværk og åbne kommunale tilbud i Hobro, "
    "Hadsund, Mariager, Arden og omegn. Alle tilbud er gratis eller koster kun lidt.": (
        "Socialkompas Mariagerfjord shows associations, networks and open municipal services in "
        "Hobro, Hadsund, Mariager, Arden and the surrounding area. Every offer is free or costs "
        "very little."
    ),
    "Det lokale frivilligteam i Mariagerfjord (demo)\nEksempelgade 2, 9500 Hobro\n"
    "E-mail: frivillig@mariagerfjord.example.org": (
        "The local volunteer team in Mariagerfjord (demo)\nEksempelgade 2, 9500 Hobro\n"
        "Email: frivillig@mariagerfjord.example.org"
    ),
    "Frivilligcentret fortæller om frivilligt arbejde i Mariagerfjord. Mødet er på "
    "biblioteket i Hobro kl. 16.30-18.": (
        "The volunteer centre talks about volunteering in Mariagerfjord. The meeting is at the "
        "library in Hobro from 4.30 to 6 pm."
    ),
    "Frivilligcenter Mariagerfjord (demo)": "Mariagerfjord Volunteer Centre (demo)",
    "Vi hjælper foreninger og alle, der vil være frivillige.": (
        "We help associations and everyone who wants to volunteer."
    ),
    "Tirsdag og torsdag kl. 10-14": "Tuesday and Thursday 10 am to 2 pm",
    # About page
    "Socialkompas er en åben portal, som kommuner og frivilligcentre driver sammen.": (
        "Socialkompas is an open portal run jointly by municipalities and volunteer centres."
    ),
    "Hvad er Socialkompas?": "What is Socialkompas?",
    "Socialkompas viser gratis sociale tilbud og sundhedstilbud fra frivillige foreninger og "
    "kommunernes åbne tilbud, som ikke kræver visitation. Borgere, pårørende og fagpersoner "
    "kan finde tilbud ud fra den livssituation, de står i.": (
        "Socialkompas shows free social and health offers from voluntary associations and "
        "municipalities' open services that need no referral. Citizens, relatives and "
        "professionals can find offers based on the life situation they are in."
    ),
    "Hvem står bag?": "Who is behind it?",
    "Hver kommune har sin egen side, som kommunens lokale administratorer holder opdateret. "
    "Foreningerne opretter og opdaterer selv deres tilbud, og hvert tilbud viser, hvornår "
    "oplysningerne sidst er bekræftet.": (
        "Each municipality has its own site, kept up to date by the municipality's local "
        "administrators. Associations add and update their own offers, and every offer shows "
        "when its details were last confirmed."
    ),
    "Åbne data": "Open data",
    "Tilbuddene kan hentes som åbne data, så andre kan bruge dem.": (
        "The offers are available as open data, so that others can use them."
    ),
    # Offers
    "Sorggruppe for voksne": "Grief group for adults",
    "Samtalegruppe for voksne, der har mistet en ægtefælle, et barn, en forælder eller en "
    "anden nærtstående.": (
        "A support group for adults who have lost a spouse, a child, a parent or someone else "
        "close to them."
    ),
    "Gruppen mødes hver anden uge i et roligt lokale i midtbyen og ledes af to frivillige med "
    "uddannelse i sorgstøtte. Her kan du tale om dit tab med andre, der ved, hvordan det "
    "føles, og få redskaber til at leve med sorgen i hverdagen.\n\nDer er plads til otte "
    "deltagere, og et forløb varer cirka et halvt år. Ring eller skriv, hvis du vil have en "
    "uforpligtende snak, før du melder dig til.": (
        "The group meets every other week in a quiet room in the town centre and is led by two "
        "volunteers trained in grief support. Here you can talk about your loss with others who "
        "know how it feels, and find ways to live with grief in everyday life.\n\nThere is room "
        "for eight participants, and a course lasts about six months. Call or write if you "
        "would like an informal chat before you sign up."
    ),
    "Hver anden tirsdag kl. 19-21": "Every other Tuesday, 7 to 9 pm",
    "Gåtur og kaffe for mænd ved Hejlsminde": "Walk and coffee for men at Hejlsminde",
    "Gåfællesskab for mænd, der har lyst til frisk luft, motion og en god snak. Vi går 4-5 km "
    "langs stranden og slutter med kaffe.": (
        "A walking group for men who fancy fresh air, exercise and a good chat. We walk 4-5 km "
        "along the beach and finish with coffee."
    ),
    "Det kan være lettere at tale om livet, når man går side om side. Gåturen er for alle "
    "mænd, uanset om du er gået på pension, er sygemeldt eller bare trænger til nye "
    "bekendtskaber.\n\nVi mødes ved parkeringspladsen ved stranden. Ruten er delvis grus og "
    "sand, så den er desværre ikke egnet til kørestol.": (
        "It can be easier to talk about life when you walk side by side. The walk is for all "
        "men, whether you have retired, are on sick leave or would simply like to meet new "
        "people.\n\nWe meet at the car park by the beach. The route is partly gravel and sand, "
        "so unfortunately it is not suitable for wheelchairs."
    ),
    "Mandage kl. 10-11.30": "Mondays, 10 to 11.30 am",
    "Samtalegruppe for efterladte efter selvmord": "Support group for people bereaved by suicide",
    "Et fortroligt fællesskab for dig, der har mistet en nærtstående ved selvmord.": (
        "A confidential group for you who have lost someone close to you to suicide."
    ),
    "Sorgen efter et selvmord rummer ofte mange ubesvarede spørgsmål, skyld og vrede. I "
    "gruppen kan du dele det med andre, der har oplevet det samme.\n\nGruppen ledes af en "
    "psykolog og en frivillig, som selv er efterladt. Inden du starter, inviterer vi dig til "
    "en samtale.": (
        "Grief after a suicide often holds many unanswered questions, guilt and anger. In the "
        "group you can share it with others who have been through the same.\n\nThe group is "
        "led by a psychologist and a volunteer who has been bereaved themselves. Before you "
        "start, we invite you to a conversation."
    ),
    "Hver anden torsdag kl. 18.30-20.30": "Every other Thursday, 6.30 to 8.30 pm",
}


def _key(text):
    return text.replace("<br/>", "\n").replace("<br>", "\n").strip()


ENGLISH_BY_KEY = {_key(danish): english for danish, english in ENGLISH.items()}


def demo_pages():
    """The demo pages that get an English translation, parents before children."""
    source = Locale.get_default()
    home = HomePage.objects.filter(depth=2, locale=source).first()
    if home is None:
        return []
    pages = [home]
    pages += list(
        ContentPage.objects.child_of(home).filter(slug__in=CONTENT_PAGES, locale=source).live()
    )
    pages += list(
        MunicipalityPage.objects.child_of(home).filter(locale=source).live().order_by("path")
    )
    pages += list(
        OfferPage.objects.filter(external_id__in=OFFERS, locale=source).live().order_by("path")
    )
    return pages


@transaction.atomic
def translate_demo(language_code="en"):
    """Create (or bring up to date) the English translation of the demo pages. Idempotent.

    Returns the number of pages translated; 0 when English is not one of the LANGUAGES.
    """
    if language_code not in dict(settings.LANGUAGES):
        return 0
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    pages = demo_pages()
    creator = TranslationCreator(user=None, target_locales=[locale])
    for page in pages:
        creator.create_translations(page, include_related_objects=False)
    for page in pages:
        translation = Translation.objects.get(
            source__object_id=page.translation_key,
            source__locale=page.locale,
            target_locale=locale,
        )
        segments = StringSegment.objects.filter(source=translation.source).select_related(
            "string", "context"
        )
        for segment in segments:
            english = ENGLISH_BY_KEY.get(_key(segment.string.data))
            if english is None:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": english.replace("\n", "<br/>")
                    if "<br/>" in segment.string.data
                    else english,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        translation.save_target(publish=True)
    return len(pages)


def english_page(page):
    """``page``'s English translation, if any (for tests and the command's summary)."""
    return Page.objects.filter(
        translation_key=page.translation_key, locale__language_code="en"
    ).first()
