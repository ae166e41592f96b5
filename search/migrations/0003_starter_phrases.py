"""A starter set of everyday words and phrases per life situation (editable in the admin)."""

import re

from django.db import migrations

PHRASES = {
    "angst": [
        "angst", "angstanfald", "panikangst", "panikanfald", "nervøs", "bange", "bekymret",
        "bekymringer", "uro i kroppen", "social angst", "ocd", "tvangstanker", "fobi",
        "tør ikke gå ud", "hjertebanken",
    ],
    "depression": [
        "depression", "deprimeret", "ked af det", "trist", "tristhed", "nedtrykt", "håbløs",
        "ingen lyst til noget", "tom indeni", "græder hele tiden", "mørke tanker",
        "vinterdepression", "lavt humør",
    ],
    "ensomhed": [
        "ensom", "alene", "ingen venner", "ingen at tale med", "ingen at snakke med",
        "savner nogen at tale med", "isoleret", "sidder alene", "keder mig", "ingen familie",
        "enlig", "besøgsven", "telefonven",
    ],
    "sorg": [
        "sorg", "mistet", "død", "døde", "døden", "dødsfald", "begravelse", "bisættelse",
        "enke", "enkemand", "enkefrue", "savn", "savner min", "afdød", "gik bort", "sørger",
        "tab af", "dødfødt", "abort",
    ],
    "stress": [
        "stress", "stresset", "udbrændt", "udbrændthed", "sygemeldt", "sygemelding",
        "overbelastet", "kan ikke overskue", "presset", "for travlt", "kan ikke sove",
    ],
    "spiseforstyrrelser": [
        "spiseforstyrrelse", "anoreksi", "bulimi", "overspisning", "tvangsoverspisning",
        "vil ikke spise", "spiser ikke", "kaster op", "kropsbillede", "tæller kalorier",
        "for tynd", "vægt",
    ],
    "selvskade": [
        "selvskade", "cutter", "cutte", "skærer i mig", "skærer sig", "skader mig selv",
        "selvmord", "selvmordstanker", "selvmordsforsøg", "tage mit liv", "tage sit liv",
        "vil ikke leve", "vil dø", "slå mig selv ihjel", "livstræt",
    ],
    "misbrug": [
        "alkohol", "alkoholiker", "alkoholisme", "drikker", "drikker for meget", "druk",
        "fuld", "beruset", "stoffer", "narko", "hash", "ryger hash", "kokain", "piller",
        "afhængig", "afhængighed", "misbrug", "ludomani", "ludoman", "spiller for meget",
        "spillegæld", "spilafhængig", "bookmaker", "betting", "casino", "gambling",
        "spilleautomat", "rygestop", "ryger",
    ],
    "vold": [
        "vold", "voldelig", "vold i hjemmet", "slår mig", "slog mig", "sparker", "truer mig",
        "overgreb", "seksuelle overgreb", "voldtægt", "voldtaget", "krisecenter",
        "psykisk vold", "kontrollerende", "stalking", "æresrelateret", "tvangsægteskab",
        "misbrugt", "incest",
    ],
    "familie": [
        "skilsmisse", "skilt", "skilles", "samlivsbrud", "brud", "gået fra hinanden",
        "forældremyndighed", "samvær", "delebørn", "bonusbørn", "papfar", "papmor",
        "alenemor", "alenefar", "enlig forsørger", "konflikt", "skænderier", "parforhold",
        "familieliv", "teenager", "opdragelse",
    ],
    "oekonomi": [
        "gæld", "inkasso", "rykker", "rykkere", "regninger", "kan ikke betale", "penge",
        "budget", "økonomi", "fattig", "lån", "kviklån", "sms lån", "kontanthjælp",
        "skat", "fogeden", "madhjælp", "julehjælp",
    ],
    "bolig": [
        "husleje", "bolig", "hjemløs", "hjemløshed", "sover på gaden", "på gaden", "sat ud",
        "udsættelse", "smidt ud", "opsagt", "lejlighed", "herberg", "forsorgshjem",
        "sofasurfer", "ingen steder at bo", "varmestue",
    ],
    "arbejde": [
        "arbejdsløs", "ledig", "ledighed", "job", "uden job", "fyret", "afskediget",
        "jobsøgning", "ansøgning", "uddannelse", "droppet ud", "skole", "lektier",
        "lektiehjælp", "praktik", "cv",
    ],
    "sygdom": [
        "kræft", "cancer", "kronisk syg", "kronisk sygdom", "smerter", "gigt", "sklerose",
        "diabetes", "hjertesygdom", "hjerte", "kol", "lungesygdom", "blodprop",
        "hjerneskade", "parkinson", "genoptræning", "operation",
    ],
    "psykisk-sygdom": [
        "psykisk syg", "psykisk sårbar", "psykiatri", "psykiatrisk", "skizofreni",
        "psykose", "bipolar", "maniodepressiv", "personlighedsforstyrrelse", "borderline",
        "hører stemmer", "psykolog", "psykiater", "mental sundhed", "mistrivsel",
        "sover ikke", "søvnproblemer", "søvnløs", "mareridt", "ptsd", "traume",
    ],
    "handicap": [
        "handicap", "handicappet", "adhd", "add", "autisme", "autist", "asperger",
        "udviklingshæmmet", "diagnose", "ordblind", "ordblindhed", "kørestol", "blind",
        "døv", "hørenedsættelse", "tourette", "funktionsnedsættelse",
    ],
    "demens": [
        "demens", "dement", "alzheimer", "glemsom", "glemmer", "hukommelse",
        "hukommelsestab", "husker ikke", "forvirret", "aflastning",
    ],
    "integration": [
        "flygtning", "flygtninge", "indvandrer", "ny i danmark", "dansk sprog",
        "lære dansk", "danskundervisning", "sprogcafé", "opholdstilladelse", "asyl",
        "familiesammenføring", "statsborgerskab", "ukrainer", "ukrainsk", "tolk",
        "breve fra kommunen", "forstå breve",
    ],
    "mobning": [
        "mobning", "mobbet", "mobber", "mobbes", "drillet", "holdt udenfor",
        "udelukket", "digital mobning", "chikane", "nøgenbilleder",
    ],
    "lgbt": [
        "trans", "transkønnet", "nonbinær", "homoseksuel", "homo", "bøsse", "lesbisk",
        "biseksuel", "queer", "lgbt", "lgbtq", "kønsidentitet", "springe ud", "seksualitet",
        "prævention",
    ],
    "graviditet": [
        "gravid", "graviditet", "fødsel", "fødselsdepression", "efterfødselsreaktion",
        "nybagt", "nybagte forældre", "baby", "spædbarn", "amning", "barsel", "mødregruppe",
        "fædregruppe", "ung mor", "småbørn", "for tidligt født",
    ],
    "faellesskab": [
        "fællesskab", "fritid", "hobby", "venner", "nye venner", "møde andre",
        "spise sammen", "fællesspisning", "gåtur", "gåture", "gå tur", "motion", "sport",
        "kor", "strikke", "café", "værested", "frivillig", "frivilligt arbejde", "aktiviteter",
    ],
}


def normalise(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def add_phrases(apps, schema_editor):
    LifeSituation = apps.get_model("offers", "LifeSituation")
    Phrase = apps.get_model("search", "LifeSituationPhrase")
    situations = {s.slug: s for s in LifeSituation.objects.filter(slug__in=PHRASES)}
    seen = set(Phrase.objects.values_list("text", flat=True))
    new = []
    for slug, phrases in PHRASES.items():
        if slug not in situations:
            continue
        for phrase in phrases:
            text = normalise(phrase)
            if text and text not in seen:
                seen.add(text)
                new.append(Phrase(text=text, life_situation=situations[slug]))
    Phrase.objects.bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_life_situation_phrase"),
        ("offers", "0002_shared_vocabulary"),
    ]

    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
