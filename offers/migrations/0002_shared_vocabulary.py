"""The shared taxonomy of offer-format.md, shipped with the project."""

from django.db import migrations

LIFE_SITUATIONS = [
    ("angst", "Angst"),
    ("depression", "Depression og tristhed"),
    ("ensomhed", "Ensomhed"),
    ("sorg", "Sorg og tab"),
    ("stress", "Stress og udbrændthed"),
    ("spiseforstyrrelser", "Spiseforstyrrelser"),
    ("selvskade", "Selvskade og selvmordstanker"),
    ("misbrug", "Alkohol, stoffer og spil"),
    ("vold", "Vold og overgreb"),
    ("familie", "Skilsmisse og familieliv"),
    ("oekonomi", "Økonomi og gæld"),
    ("bolig", "Bolig og hjemløshed"),
    ("arbejde", "Arbejde og uddannelse"),
    ("sygdom", "Fysisk sygdom"),
    ("psykisk-sygdom", "Psykisk sygdom"),
    ("handicap", "Handicap og diagnoser (ADHD, autisme)"),
    ("demens", "Demens og hukommelse"),
    ("integration", "Ny i Danmark"),
    ("mobning", "Mobning"),
    ("lgbt", "Køn, krop og seksualitet"),
    ("graviditet", "Graviditet og småbørn"),
    ("faellesskab", "Fællesskab og fritid"),
]

TARGET_GROUPS = [
    ("boern", "Børn (0-12 år)"),
    ("unge", "Unge (13-17 år)"),
    ("unge-voksne", "Unge voksne (18-29 år)"),
    ("voksne", "Voksne (30-64 år)"),
    ("aeldre", "Ældre (65+ år)"),
    ("foraeldre", "Forældre"),
    ("paaroerende", "Pårørende"),
    ("familier", "Familier"),
    ("maend", "Mænd"),
    ("kvinder", "Kvinder"),
]

OFFER_KINDS = [
    ("raadgivning", "Rådgivning og samtale"),
    ("faellesskab", "Fællesskab og aktivitet"),
    ("selvhjaelpsgruppe", "Selvhjælps- og samtalegruppe"),
    ("telefon-chat", "Telefon- og chatrådgivning"),
    ("kursus", "Kursus og forløb"),
    ("praktisk-hjaelp", "Praktisk hjælp"),
    ("besoegsven", "Besøgsven og ledsager"),
    ("vaerested", "Værested"),
    ("mentor", "Mentor og bisidder"),
]

PROVIDER_TYPES = [
    ("forening", "Frivillig forening"),
    ("kommune", "Kommunalt tilbud"),
    ("region", "Regionalt tilbud"),
    ("selvejende", "Selvejende institution"),
    ("andet", "Andet"),
]

# The languages most offers are given in; the import adds others by ISO 639-1 code.
LANGUAGES = [
    ("da", "Dansk"),
    ("en", "Engelsk"),
    ("de", "Tysk"),
    ("ar", "Arabisk"),
    ("uk", "Ukrainsk"),
    ("so", "Somali"),
    ("tr", "Tyrkisk"),
    ("fa", "Persisk"),
    ("ur", "Urdu"),
    ("pl", "Polsk"),
    ("ro", "Rumænsk"),
    ("ti", "Tigrinya"),
    ("sv", "Svensk"),
    ("no", "Norsk"),
    ("kl", "Grønlandsk"),
    ("fo", "Færøsk"),
    ("es", "Spansk"),
    ("fr", "Fransk"),
    ("ru", "Russisk"),
]

TERMS = {
    "LifeSituation": LIFE_SITUATIONS,
    "TargetGroup": TARGET_GROUPS,
    "OfferKind": OFFER_KINDS,
    "ProviderType": PROVIDER_TYPES,
}


def add_vocabulary(apps, schema_editor):
    for model_name, terms in TERMS.items():
        model = apps.get_model("offers", model_name)
        for position, (slug, name) in enumerate(terms, start=1):
            model.objects.update_or_create(
                slug=slug, defaults={"name": name, "sort_order": position}
            )
    language = apps.get_model("offers", "Language")
    for code, name in LANGUAGES:
        language.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [migrations.RunPython(add_vocabulary, migrations.RunPython.noop)]
