"""Everyday Danish, and the same in English, for money, housing, low mood, stress and more,
as people write it in a search box ("har ikke råd til mad", "sidst på måneden", "kan ikke
komme ud af sengen", "can't afford food"): the judged search set's sentences that found
nothing or the wrong thing, and the other ways of saying the same. Only what is missing is
added (editors' own phrases are left as they are)."""

import importlib

from django.db import migrations

#: search.models.normalise_phrase at the time of writing: 0009's (a migration is frozen, so it
#: is read from there, not from the model).
normalise = importlib.import_module("search.migrations.0009_more_danish_phrases").normalise

DANISH = {
    "oekonomi": [
        "ikke råd", "har ikke råd", "ikke råd til", "råd til mad", "sidst på måneden",
        "pengene slår ikke til", "for få penge", "ingen penge", "skylder penge", "skylder",
        "restskat", "overtræk", "rki", "betalingsanmærkning", "gældssanering", "fattigdom",
        "lav indkomst", "afdrag", "pengesorger",
    ],
    "bolig": [
        "huslejerestance", "restance", "mister min bolig", "mister min lejlighed",
        "bliver sat ud", "ingen bolig", "boligløs", "et sted at bo", "ikke et sted at bo",
        "sover i bilen", "sover hos venner",
    ],
    "ensomhed": [
        "føler mig ensom", "ingen at være sammen med", "sidder meget alene",
        "ingen omgangskreds", "mangler nogen at tale med", "savner selskab", "isolation",
    ],
    "depression": [
        "kan ikke komme ud af sengen", "orker ikke", "orker ingenting", "gider ikke noget",
        "ingen energi", "modløs", "tungsindig", "mistet lysten", "ligeglad med alt",
    ],
    "stress": [
        "udmattet", "træt hele tiden", "kan ikke mere", "brændt ud", "gået ned med stress",
        "arbejdspres", "stress på arbejdet", "for meget arbejde",
    ],
    # "jeg tør ikke gå ud af min lejlighed" is fear, not housing ("lejlighed" is housing's):
    # the longer phrase covers the flat, so the sentence names one situation.
    "angst": [
        "panik", "frygt", "bekymrer mig", "social fobi", "eksamensangst", "præstationsangst",
        "gå ud af min lejlighed", "gå ud af huset", "forlade lejligheden", "forlade huset",
        "tør ikke forlade",
    ],
    "sorg": ["efterladt", "efterladte", "døende", "sorgen"],
    "familie": [
        "slog op", "forlod mig", "har forladt mig", "parterapi", "konflikter med mit barn",
        "svært ved at være forælder", "forældrerolle",
    ],
    "graviditet": ["nyfødt", "venter barn", "venter en baby", "kolik", "skrigebarn", "amme"],
    "misbrug": [
        "misbruger", "stofmisbrug", "alkoholproblem", "alkoholproblemer", "spilleproblemer",
        "computerspil", "gaming", "gamer", "skærmafhængig",
    ],
    "mobning": ["drilles", "driller", "holder mig udenfor", "udstødt", "cybermobning", "hængt ud"],
    "selvskade": [
        "tanker om selvmord", "vil ikke være her", "vil ikke være her mere",
        "ikke lyst til at leve", "orker ikke at leve",
    ],
    "integration": [
        "sprogskole", "danskundervisning", "ny i landet", "udlænding", "arbejdstilladelse",
    ],
    "handicap": [
        "udviklingshæmning", "spastisk", "cerebral parese", "svagtseende", "synshandicap",
        "hørehæmmet", "downs syndrom",
    ],
    "psykisk-sygdom": ["psykiske problemer", "psykisk sygdom", "skizofren", "psykiatrien"],
    "sygdom": [
        "kronisk", "kræftsyg", "hjerneblødning", "apopleksi", "blodprop i hjernen", "dialyse",
        "senfølger", "long covid", "sclerose",
    ],
    "demens": ["alzheimers", "demenssyg", "husker dårligt", "hukommelsesproblemer"],
    "arbejde": [
        "jobcenter", "dagpenge", "fleksjob", "ressourceforløb", "ingen uddannelse",
        "skolevægring", "går ikke i skole", "pjækker",
    ],
}  # fmt: skip

ENGLISH = {
    "oekonomi": [
        "can't afford", "cannot afford", "can't afford food", "end of the month",
        "short of money", "broke", "owe money", "struggling financially", "behind on bills",
        "budget",
    ],
    "bolig": [
        "rent arrears", "behind on rent", "losing my home", "nowhere to stay",
        "sleeping in my car",
    ],
    "ensomhed": ["no one to be with", "nobody cares", "on my own", "by myself", "no company"],
    "depression": [
        "can't get out of bed", "sad all the time", "no motivation", "feel empty",
        "feeling empty",
    ],
    "stress": ["stressed at work", "work stress", "too much work", "can't take it anymore"],
    "angst": [
        "panic", "fear", "scared", "afraid", "anxiety attacks", "scared to leave the house",
        "afraid to leave the house", "scared to go out",
    ],
    "sorg": ["mourning", "dying", "loss of"],
    "familie": [
        "parents fight", "my parents fight", "parents arguing", "parents are fighting",
        "splitting up", "couples therapy", "relationship problems",
    ],
    "graviditet": ["postnatal", "new mum", "new mom", "expecting a baby", "colic"],
    "misbrug": [
        "my dad drinks", "my mom drinks", "my mum drinks", "drug problem", "alcohol problem",
        "gaming addiction", "video games", "weed", "hash",
    ],
    "mobning": ["picked on", "bullied at school"],
    "selvskade": ["don't want to be here", "thoughts of suicide", "self harming"],
    "integration": ["danish course", "language school", "work permit", "foreigner"],
    "handicap": [
        "down syndrome", "cerebral palsy", "visually impaired", "hard of hearing",
        "special needs",
    ],
    "psykisk-sygdom": ["mental problems", "psychiatry"],
    "sygdom": ["chronic", "long covid", "heart attack", "kidney disease", "dialysis"],
    "demens": ["forgets things"],
    "arbejde": [
        "job centre", "job center", "unemployment benefits", "school refusal", "skipping school",
        "no education",
    ],
    "lgbt": ["gender dysphoria", "homosexual"],
    "vold": [
        "hits me", "beats me", "violent partner", "violent husband", "afraid of my husband",
        "scared of my partner",
    ],
    "spiseforstyrrelser": ["stopped eating", "won't eat"],
}  # fmt: skip

PHRASES = {"da": DANISH, "en": ENGLISH}


def add_phrases(apps, schema_editor):
    LifeSituation = apps.get_model("offers", "LifeSituation")
    Phrase = apps.get_model("search", "LifeSituationPhrase")
    slugs = {slug for phrases in PHRASES.values() for slug in phrases}
    situations = {s.slug: s for s in LifeSituation.objects.filter(slug__in=slugs)}
    new = []
    for language, by_situation in PHRASES.items():
        seen = set(Phrase.objects.filter(language=language).values_list("text", flat=True))
        for slug, phrases in by_situation.items():
            if slug not in situations:
                continue
            for phrase in phrases:
                text = normalise(phrase)
                if text and text not in seen:
                    seen.add(text)
                    new.append(
                        Phrase(text=text, language=language, life_situation=situations[slug])
                    )
    Phrase.objects.bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_more_danish_phrases"),
        ("offers", "0002_shared_vocabulary"),
    ]

    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
