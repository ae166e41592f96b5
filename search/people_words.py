"""The people a query speaks of: everyday words for the target groups ("min søn", "ældre",
"young"), and the speaker ("jeg er ensom": an adult; "jeg er 16": that age)."""

from .phrases import spans, words_of

#: Everyday words for the people an offer is for -> target group slugs (offer-format.md).
#: "min søn", "mit barn" is a parent speaking, about a child or a young person.
TARGET_GROUP_WORDS = {
    ("barn",): ("boern",),
    ("børn",): ("boern",),
    ("dreng",): ("boern", "unge"),
    ("pige",): ("boern", "unge"),
    ("piger",): ("boern", "unge"),
    ("ung",): ("unge", "unge-voksne"),
    ("unge",): ("unge", "unge-voksne"),
    ("teenager",): ("unge",),
    ("student",): ("unge-voksne",),
    ("studerende",): ("unge-voksne",),
    ("voksen",): ("voksne",),
    ("voksne",): ("voksne",),
    ("ældre",): ("aeldre",),
    ("pensionist",): ("aeldre",),
    ("senior",): ("aeldre",),
    ("gammel",): ("aeldre",),
    ("mine", "forældre"): ("boern", "unge"),  # a child or young person speaking
    ("my", "parents"): ("boern", "unge"),
    ("forælder",): ("foraeldre",),
    ("forældre",): ("foraeldre",),
    ("alenemor",): ("foraeldre",),
    ("alenefar",): ("foraeldre",),
    ("min", "søn"): ("foraeldre", "boern", "unge"),
    ("min", "datter"): ("foraeldre", "boern", "unge"),
    ("min", "dreng"): ("foraeldre", "boern", "unge"),
    ("min", "pige"): ("foraeldre", "boern", "unge"),
    ("mit", "barn"): ("foraeldre", "boern", "unge"),
    ("mine", "børn"): ("foraeldre", "boern", "unge"),
    ("vores", "barn"): ("foraeldre", "boern", "unge"),
    ("vores", "søn"): ("foraeldre", "boern", "unge"),
    ("vores", "datter"): ("foraeldre", "boern", "unge"),
    ("søn",): ("foraeldre", "boern", "unge"),
    ("datter",): ("foraeldre", "boern", "unge"),
    ("pårørende",): ("paaroerende",),
    # A friend speaking of a friend ("min ven snakker om at tage sit liv"): a relative's place.
    ("min", "ven"): ("paaroerende",),
    ("min", "veninde"): ("paaroerende",),
    ("ven",): ("paaroerende",),
    ("veninde",): ("paaroerende",),
    ("my", "friend"): ("paaroerende",),
    ("mother",): (),
    ("mum",): (),
    ("mom",): (),
    ("father",): (),
    ("dad",): (),
    # A parent named says nothing of whom the offer is for: "min mor drikker" (a child),
    # "besøgsven til min mor" (for her), "barn har mistet sin mor".
    ("mor",): (),
    ("far",): (),
    ("familie",): ("familier",),
    ("mand",): (),  # "min mand" is a wife speaking: not a hint that the offer is for men
    ("kone",): (),
    ("mænd",): ("maend",),
    ("kvinde",): ("kvinder",),
    ("kvinder",): ("kvinder",),
    # English
    ("child",): ("boern",),
    ("children",): ("boern",),
    ("kid",): ("boern",),
    ("kids",): ("boern",),
    ("young",): ("unge", "unge-voksne"),
    ("youth",): ("unge", "unge-voksne"),
    ("teen",): ("unge",),
    ("teens",): ("unge",),
    ("teenage",): ("unge",),
    ("adult",): ("voksne",),
    ("adults",): ("voksne",),
    ("elderly",): ("aeldre",),
    ("old",): ("aeldre",),
    ("older",): ("aeldre",),
    ("seniors",): ("aeldre",),
    ("parent",): ("foraeldre",),
    ("parents",): ("foraeldre",),
    ("my", "son"): ("foraeldre", "boern", "unge"),
    ("my", "daughter"): ("foraeldre", "boern", "unge"),
    ("my", "child"): ("foraeldre", "boern", "unge"),
    ("my", "kids"): ("foraeldre", "boern", "unge"),
    ("relative",): ("paaroerende",),
    ("relatives",): ("paaroerende",),
    ("carer",): ("paaroerende",),
    ("family",): ("familier",),
    ("families",): ("familier",),
    ("husband",): (),
    ("wife",): (),
    ("men",): ("maend",),
    ("women",): ("kvinder",),
    ("woman",): ("kvinder",),
}


#: Words of a person speaking of themself ("jeg er ensom", "min mand er død"): an adult, unless
#: the query mentions children or young people.
FIRST_PERSON = frozenset("jeg mig min mit mine me my myself".split())
#: A parent named by the speaker ("min mor drikker", "my dad is ill"): mostly a child or a
#: young person speaking, so no adult speaker (an adult's parent: "besøgsven til min mor"
#: loses nothing, offers for everyone still match).
PARENT_WORDS = frozenset("mor far mors fars forældre mother mum mom father dad parents".split())
#: Words of a child's or a young person's day ("jeg keder mig", "ingen vil lege med mig i
#: frikvarteret", "min lærer"): the speaker is no adult.
YOUNG_SPEAKER_WORDS = frozenset(
    "keder kedelig skolen klassen lærer læreren lærerne frikvarter frikvarteret"
    " klassekammerater lege leger bored teacher classmates".split()
)
#: Someone else the speaker names, after a possessive ("min mand er død", "min søn har angst",
#: "vores datter") or in the definite form ("bekymret for børnene"): the speaker is not (only)
#: speaking of themself, and an offer for relatives may be theirs. ("jeg har ingen venner",
#: "jeg er en mand på 40": the speaker alone.)
OTHER_PERSONS = frozenset(
    "mand kone kæreste partner ægtefælle søn datter barn børn dreng pige ven veninde bror"
    " søster bedstemor bedstefar nabo kollega husband wife son daughter child children kids"
    " friend brother sister boyfriend girlfriend".split()
)
OTHER_PERSONS_DEFINITE = frozenset(
    "manden konen kæresten sønnen datteren barnet børnene drengen pigen".split()
)
POSSESSIVES = frozenset("min mit mine vores jeres sin sit sine hans hendes my our his her".split())


def names_someone_else(tokens):
    """The query names a person other than the speaker (see OTHER_PERSONS)."""
    return any(
        token in OTHER_PERSONS_DEFINITE
        or (token in OTHER_PERSONS and k > 0 and tokens[k - 1] in POSSESSIVES)
        for k, token in enumerate(tokens)
    )


#: The target group of relatives (offer-format.md), and the word offers for them say it with.
RELATIVES = "paaroerende"
#: The target group of parents (offer-format.md): "min søn", "mit barn" is a parent speaking.
PARENTS = "foraeldre"
RELATIVES_WORD = "pårørende"
#: Target groups of children and young people (offer-format.md).
YOUNG = ("boern", "unge")
#: The ages of a child or young person speaking (SPEAKER_AGE_RANGE starts there; 18 is adult).
YOUNG_AGES = range(6, 18)
#: "jeg er 16", "jeg er 16 år", "i am 16", "i'm 16": the speaker says their age. The word
#: before the number, and the one before that (None: the number follows "i'm" directly).
#: ("i'm" is read as "i m".)
SPEAKER_AGE_WORDS = {"er": ("jeg",), "am": ("i",), "m": ("i",), "im": None}
#: An age people say of themselves in a search (below it is a postcode or a count).
SPEAKER_AGE_RANGE = range(6, 100)


def matching_target_groups(query):
    """Slugs of the target groups the query mentions (see TARGET_GROUP_WORDS)."""
    tokens = words_of(query)
    found = []
    for phrase, slugs in TARGET_GROUP_WORDS.items():
        if next(spans(tokens, phrase), None) is not None:
            found.extend(slug for slug in slugs if slug not in found)
    return found


def speaker_age(tokens):
    """The age in "jeg er 16 (år)", "i am 16", "i'm 16", else None."""
    for k, token in enumerate(tokens):
        if not token.isdigit() or int(token) not in SPEAKER_AGE_RANGE or k == 0:
            continue
        before = SPEAKER_AGE_WORDS.get(tokens[k - 1], ())
        if before is None or (k >= 2 and tokens[k - 2] in before):
            return int(token)
    return None
