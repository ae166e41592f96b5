"""A starter set of English everyday words and phrases per life situation (editable in the
admin), as people new in Denmark or more at home in English type them.

The search matches phrases of every language in every query, so a single English word here
must not be an everyday Danish word too ("sad" is "sat" in Danish, "rent" is "clean"): such
words are only used inside longer phrases ("feeling sad", "pay the rent").
"""

import re
import unicodedata

from django.db import migrations

LANGUAGE = "en"

PHRASES = {
    "angst": [
        "anxiety", "anxious", "panic attack", "panic attacks", "panic disorder",
        "social anxiety", "nervous", "worried", "worrying all the time", "scared all the time",
        "afraid to go out", "phobia", "ocd", "intrusive thoughts", "racing heart",
    ],
    "depression": [
        "depression", "depressed", "feeling sad", "feel sad", "sadness", "feeling down",
        "feeling low", "low mood", "hopeless", "unhappy", "empty inside", "crying all the time",
        "dark thoughts", "no energy", "winter depression",
    ],
    "ensomhed": [
        "loneliness", "lonely", "feel alone", "all alone", "no friends", "no one to talk to",
        "nobody to talk to", "someone to talk to", "isolated", "isolation", "no family",
        "living alone", "visiting friend", "befriending",
    ],
    "sorg": [
        "grief", "grieving", "bereavement", "bereaved", "my husband died", "my wife died",
        "my mother died", "my father died", "my child died", "died", "death", "passed away",
        "funeral", "widow", "widower", "lost my husband", "lost my wife", "lost a child",
        "miscarriage", "stillborn",
    ],
    "stress": [
        "stress", "stressed", "burnout", "burned out", "burnt out", "exhausted", "overwhelmed",
        "sick leave", "too much pressure", "can't cope", "cannot cope", "overworked",
    ],
    "spiseforstyrrelser": [
        "eating disorder", "anorexia", "anorexic", "bulimia", "bulimic", "binge eating",
        "overeating", "not eating", "can't stop eating", "throwing up after eating",
        "body image", "counting calories", "too thin", "weight",
    ],
    "selvskade": [
        "self harm", "selfharm", "self injury", "cutting myself", "hurting myself",
        "harming myself", "suicide", "suicidal", "suicidal thoughts", "kill myself",
        "want to die", "end my life", "don't want to live", "tired of life",
    ],
    "misbrug": [
        "alcohol", "alcoholic", "alcoholism", "drinking", "drinking too much", "drinks too much",
        "my mother drinks", "my father drinks", "drunk", "drugs", "cannabis", "cocaine",
        "addiction", "addicted", "gambling", "gambling debt", "betting", "quit smoking",
    ],
    "vold": [
        "domestic violence", "violence", "abuse", "abused", "abusive", "my partner hits me",
        "my husband hits me", "he hits me", "sexual abuse", "sexual assault", "rape", "raped",
        "threatened", "stalking", "controlling partner", "women's shelter",
        "crisis centre", "crisis center", "forced marriage", "honour violence",
    ],
    "familie": [
        "divorce", "divorced", "getting divorced", "separation", "separated", "break up",
        "breakup", "custody", "co parenting", "single parent", "single mother",
        "single mum", "single dad", "stepchildren", "family conflict", "parenting",
        "teenager", "arguing all the time",
    ],
    "oekonomi": [
        "debt", "debts", "in debt", "can't pay my bills", "cannot pay my bills", "can't pay",
        "cannot pay", "bills", "money problems", "no money", "poverty", "poor", "loan", "loans",
        "debt collector", "food bank", "financial help", "benefits",
    ],
    "bolig": [
        "homeless", "homelessness", "housing", "nowhere to live", "nowhere to sleep",
        "sleeping rough", "sleeping on the street", "evicted", "eviction", "kicked out",
        "pay the rent", "landlord", "apartment", "homeless shelter", "couch surfing",
    ],
    "arbejde": [
        "unemployed", "unemployment", "job", "no job", "lost my job", "fired", "job search",
        "looking for work", "job application", "education", "dropped out", "school",
        "homework", "homework help", "internship", "cv",
    ],
    "sygdom": [
        "cancer", "chronic illness", "chronically ill", "chronic pain", "pain", "arthritis",
        "sclerosis", "diabetes", "heart disease", "stroke", "copd", "brain injury",
        "parkinson", "rehabilitation", "surgery", "physical illness",
    ],
    "psykisk-sygdom": [
        "mental illness", "mentally ill", "mental health", "mental health problems",
        "schizophrenia", "psychosis", "bipolar", "personality disorder", "borderline",
        "hearing voices", "psychiatrist", "psychologist", "psychiatric", "ptsd", "trauma",
        "insomnia", "can't sleep", "nightmares",
    ],
    "handicap": [
        "disability", "disabled", "handicap", "adhd", "autism", "autistic", "asperger",
        "learning disability", "intellectual disability", "diagnosis", "dyslexia", "dyslexic",
        "wheelchair", "blind", "deaf", "hearing loss", "tourette",
    ],
    "demens": [
        "dementia", "alzheimer", "alzheimers", "memory loss", "memory problems", "forgetful",
        "forgetting things", "can't remember", "confused", "respite care",
    ],
    "integration": [
        "new in denmark", "new to denmark", "moved to denmark", "refugee", "immigrant",
        "migrant", "learn danish", "learning danish", "danish lessons", "danish classes",
        "language cafe", "residence permit", "asylum", "family reunification", "citizenship",
        "interpreter", "ukrainian", "letters from the municipality",
    ],
    "mobning": [
        "bullying", "bullied", "bully", "bullies", "cyberbullying", "harassment", "harassed",
        "left out", "excluded", "teased", "nude photos",
    ],
    "lgbt": [
        "lgbt", "lgbtq", "lgbtqia", "gay", "lesbian", "bisexual", "transgender", "trans",
        "non binary", "nonbinary", "queer", "coming out", "gender identity", "sexuality",
        "contraception",
    ],
    "graviditet": [
        "pregnant", "pregnancy", "giving birth", "birth", "postnatal depression",
        "postpartum depression", "new parents", "newborn", "baby", "breastfeeding",
        "maternity leave", "parental leave", "young mother", "toddler", "premature baby",
        "mothers group",
    ],
    "faellesskab": [
        "community", "leisure", "hobby", "hobbies", "make friends", "meet new people",
        "meet people", "eat together", "walking group", "exercise", "choir", "knitting",
        "volunteer", "volunteering", "activities", "things to do", "social club",
    ],
}


def normalise(text):
    """search.models.normalise_phrase at the time of writing."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char)[0] != "M")
    return " ".join(re.findall(r"\w+", text.lower()))


def add_phrases(apps, schema_editor):
    """Only what is missing: an English phrase an editor already has (perhaps under another
    life situation) is left as it is."""
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
        ("search", "0007_phrase_language"),
        ("offers", "0002_shared_vocabulary"),
    ]

    operations = [migrations.RunPython(add_phrases, migrations.RunPython.noop)]
