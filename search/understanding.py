"""What a query means: the concepts an offer needs evidence for to be a result.

People type sentences ("min søn har angst", "ingen at tale med", "my husband died"). A query
is read into *concepts*:

- a **life situation** the query names through a synonym phrase in any language or a name of
  the vocabulary ("ensom", "kan ikke betale", "grief", "Loneliness"): an offer tagged with it is
  evidence, and so is the word itself in its text when the phrase is one word;
- a **content word** that is neither a function word nor part of a phrase ("skolen",
  "lektiehjælp"): evidence is the word in the offer's text (stemmed, and as the start of a
  longer compound), or its correction, or both parts of a compound it splits into;
- a **target group** the query mentions ("ældre", "min søn", "young"): a soft concept; it
  lifts offers tagged with it, and finds offers on its own only when the query says nothing
  else.

Function words (search/data/function_words.txt: "jeg", "min", "har", "kan", "ikke", "hjælp",
"tilbud" ...), numbers and place names ("kolding", "hobro") are never evidence on their own.
"""

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.cache import cache as django_cache

from offers.models import LifeSituation

from . import lexicon, vocabulary
from .models import SearchWord, normalise_phrase

FUNCTION_WORDS_FILE = Path(__file__).resolve().parent / "data" / "function_words.txt"
#: Shorter query words carry no evidence ("i", "a").
MIN_WORD = 2
#: Common Danish endings: a query word matches a phrase word it extends by one of these.
ENDINGS = frozenset(
    "e en et er ere erne ene ens es s t ede ende te r n ing ingen inger else elsen lig ige"
    " ske isk iske".split()
)
#: Phrase words at least this long also match any longer word (compounds: "spillegælden").
PREFIX_MIN = 6
#: A word in at least this share of the public offers (and at least COMMON_MIN of them) says
#: nothing about an offer ("frivillig", "gruppe" on a portal of volunteer groups): not evidence
#: on its own, like a function word.
COMMON_SHARE = 0.3
COMMON_MIN = 20
#: Endings a word is looked up with to tell how common it is ("frivillig", "frivillige").
COMMON_ENDINGS = ("", "e", "er", "en", "et", "ene", "erne")
#: Vocabulary names give single-word phrases from their words of at least this many letters
#: ("økonomi" in "Gæld og økonomi").
NAME_WORD_MIN = 5

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
#: Target groups of children and young people (offer-format.md).
YOUNG = ("boern", "unge")
#: "jeg er 16", "jeg er 16 år", "i am 16", "i'm 16": the speaker says their age. The word
#: before the number, and the one before that (None: the number follows "i'm" directly).
#: ("i'm" is read as "i m".)
SPEAKER_AGE_WORDS = {"er": ("jeg",), "am": ("i",), "m": ("i",), "im": None}
#: An age people say of themselves in a search (below it is a postcode or a count).
SPEAKER_AGE_RANGE = range(6, 100)


@cache
def function_words():
    words = set()
    for line in FUNCTION_WORDS_FILE.read_text(encoding="utf-8").splitlines():
        words.update(line.split("#", 1)[0].lower().split())
    return frozenset(words)


def words_of(text):
    """A query's words as the phrases are stored (``normalise_phrase``: lower case, NFKC, no
    combining marks), so "الوَحدة" with a vowel sign meets the phrase "الوحدة"."""
    return normalise_phrase(text).split()


def word_matches(query_word, phrase_word):
    """A query word matches a phrase word: the same, or that word plus a Danish ending, or
    (a phrase word of PREFIX_MIN letters or more) the start of it."""
    if query_word == phrase_word:
        return True
    if not query_word.startswith(phrase_word):
        return False
    return len(phrase_word) >= PREFIX_MIN or query_word[len(phrase_word) :] in ENDINGS


#: Between two words of a phrase the query may have this many function words ("skærer i sig"
#: for "skærer sig", "ingen rigtig at tale med").
GAP = 2


def _spans(tokens, phrase):
    """(start, end) of each place where ``phrase`` (a words tuple) occurs in ``tokens``."""
    stop = function_words()
    for start in range(len(tokens)):
        if not word_matches(tokens[start], phrase[0]):
            continue
        position, matched = start + 1, True
        for word in phrase[1:]:
            skipped = 0
            while position < len(tokens) and not word_matches(tokens[position], word):
                if tokens[position] not in stop or skipped == GAP:
                    break
                position, skipped = position + 1, skipped + 1
            if position < len(tokens) and word_matches(tokens[position], word):
                position += 1
            else:
                matched = False
                break
        if matched:
            yield start, position


def matching_situations(query, phrases):
    """Ids of the life situations with a phrase whose words occur in a row in ``query``."""
    tokens = words_of(query)
    found = []
    for phrase, situation_id in phrases:
        if phrase and situation_id not in found and next(_spans(tokens, phrase), None) is not None:
            found.append(situation_id)
    return found


def matching_target_groups(query):
    """Slugs of the target groups the query mentions (see TARGET_GROUP_WORDS)."""
    tokens = words_of(query)
    found = []
    for phrase, slugs in TARGET_GROUP_WORDS.items():
        if next(_spans(tokens, phrase), None) is not None:
            found.extend(slug for slug in slugs if slug not in found)
    return found


def name_phrases():
    """The life situations' names in every language as phrases, and their longer words on
    their own ("Loneliness", "Gæld og økonomi" -> "økonomi"): [(words, life situation id)].
    Cached with the vocabulary."""
    return vocabulary.cached("name-phrases", _name_phrases)


def _name_phrases():
    stop = function_words()
    found = []
    for term in vocabulary.terms(LifeSituation):
        names = [term.name, *(term.translated_names or {}).values()]
        for name in names:
            words = tuple(words_of(name))
            if words:
                found.append((words, term.pk))
            found.extend(
                ((w,), term.pk) for w in words if len(w) >= NAME_WORD_MIN and w not in stop
            )
    return found


def _phrase_index():
    """(every word of a phrase, {first word: [(position, words, life situation id)]}) of the
    synonym phrases and the vocabulary's names, cached with the vocabulary."""
    return vocabulary.cached("phrase-index", _build_phrase_index)


def _build_phrase_index():
    phrases = [*vocabulary.phrases(), *name_phrases()]
    index = {}
    for position, (words, situation_id) in enumerate(phrases):
        if words:
            index.setdefault(words[0], []).append((position, words, situation_id))
    return frozenset(w for words, _id in phrases for w in words), index


def _phrases_starting_in(index, tokens):
    """The phrases whose first word a token matches (``word_matches``: the word, or a start
    of it), in their order: [(words, life situation id)]. The others cannot match."""
    found = {}
    for token in tokens:
        for length in range(1, len(token) + 1):
            for position, words, situation_id in index.get(token[:length], ()):
                if word_matches(token, words[0]):
                    found[position] = (words, situation_id)
    return [found[position] for position in sorted(found)]


def _situation_name_words():
    """{life situation id: the words of its Danish name that can be evidence}, cached with
    the vocabulary."""
    return vocabulary.cached("situation-name-words", _build_situation_name_words)


def _build_situation_name_words():
    """The words of each life situation's Danish name, then its one-word Danish phrases
    ("ensomhed": "ensomhed", "alene", "ensom", "isoleret" ...): an offer whose own text has
    them is about the situation."""
    stop = function_words()
    words = {
        term.pk: [w for w in words_of(term.name) if len(w) >= 4 and w not in stop]
        for term in vocabulary.terms(LifeSituation)
    }
    for phrase, situation_id in vocabulary.phrases(language="da"):
        if len(phrase) == 1 and len(phrase[0]) >= 4 and phrase[0] not in stop:
            found = words.setdefault(situation_id, [])
            if phrase[0] not in found:
                found.append(phrase[0])
    return {pk: tuple(found) for pk, found in words.items()}


@dataclass
class Concept:
    """Something the query asks for; an offer matches it on the evidence described above."""

    #: "situation", "word", "group", or "echo": a one-word phrase's own word in the text (soft).
    kind: str
    #: The query's words it stands for, as typed.
    label: str
    #: Text evidence: alternatives, each a tuple of words that must all be in the text.
    words: tuple = ()
    #: Tag evidence: life situation ids (situation) or target group slugs (group).
    tags: tuple = ()

    @property
    def hard(self):
        return self.kind not in ("group", "echo")


@dataclass
class Understanding:
    concepts: list = field(default_factory=list)
    #: Place names in the query ("kolding", "hobro"): they lift offers in that town.
    places: list = field(default_factory=list)
    #: Ids of the life situations the query names (corrections included).
    situations: list = field(default_factory=list)
    #: Ids of the life situations named in the query's own words (no correction needed).
    named: list = field(default_factory=list)
    #: The query is an adult speaking ("jeg", "min", no children or young people mentioned):
    #: offers only for children and young people are not strong matches.
    adult_speaker: bool = False
    #: The age the speaker says they are ("jeg er 16"), else None: offers for that age are
    #: the strong matches (``search.parameters.age_condition``).
    speaker_age: int | None = None
    #: Words that rank an offer higher when its text has them, without being evidence.
    rank_words: list = field(default_factory=list)
    #: What the lexicon made of the query (corrections, compounds).
    analysis: lexicon.QueryWords = field(default_factory=lexicon.QueryWords)

    @property
    def hard(self):
        return [c for c in self.concepts if c.hard]

    @property
    def soft(self):
        return [c for c in self.concepts if not c.hard]


def understand(query):
    """Read ``query`` into concepts (see the module's docstring)."""
    stop = function_words()
    phrase_words, by_first_word = _phrase_index()
    group_words = {w for phrase in TARGET_GROUP_WORDS for w in phrase}
    places = vocabulary.place_names()
    tokens = words_of(query)

    def ordinary(token):
        return len(token) >= MIN_WORD and not token.isdigit() and token not in stop

    looked_at = [t for t in tokens if ordinary(t) and t not in places]
    analysis = lexicon.analyse(" ".join(looked_at), known_elsewhere=phrase_words | group_words)
    corrected = [analysis.corrections.get(t, t) for t in tokens]
    phrases = _phrases_starting_in(by_first_word, {*tokens, *corrected})
    understanding = Understanding(analysis=analysis)
    understanding.named = matching_situations(" ".join(tokens), phrases)

    # 1. Life situations: each run of query words covered by phrases (overlapping phrases of
    # different situations make one concept: any of them will do).
    spans = []
    for phrase, situation_id in phrases:
        if phrase:
            spans.extend((start, end, situation_id) for start, end in _spans(corrected, phrase))
    # A one-word phrase that is in too many offers to tell them apart ("frivillig" on a portal
    # of volunteer groups) names no life situation, as it is no content word (step 3).
    # (One look-up for the whole query: the one-word phrases' words and every other word.)
    common = _common_words({t for t in {*tokens, *corrected} if ordinary(t)})
    spans = [s for s in spans if s[1] - s[0] > 1 or corrected[s[0]] not in common]
    spans.sort()
    used = [False] * len(tokens)
    merged = []
    for start, end, situation_id in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(situation_id)
        else:
            merged.append([start, end, [situation_id]])
    names = _situation_name_words()
    danish = vocabulary.danish_words()
    for start, end, ids in merged:
        ids = tuple(dict.fromkeys(ids))
        text = _word_alternatives(tokens[start], analysis) if end - start == 1 else []
        text = list(dict.fromkeys(words for words in text if all(ordinary(w) for w in words)))
        understanding.concepts.append(
            Concept("situation", " ".join(tokens[start:end]), tuple(text), ids)
        )
        # The situation's Danish name in an offer's text ranks it higher ("anxiety" or "ingen
        # at tale med": "angst", "ensomhed"); not evidence on its own ("økonomisk vold").
        understanding.rank_words.extend(
            w for i in ids for w in names.get(i, ()) if w not in understanding.rank_words
        )
        understanding.situations.extend(i for i in ids if i not in understanding.situations)
        used[start:end] = [True] * (end - start)
        if text and any(word_matches(corrected[start], word) for word in danish):
            # The Danish word itself in the text ("telefonven", "hash"): more than the tag
            # alone. (An English word is in translations only: "grief" is every offer on grief.)
            understanding.concepts.append(Concept("echo", tokens[start], tuple(text)))

    # 2. Target groups in what is left.
    for phrase, slugs in sorted(TARGET_GROUP_WORDS.items(), key=lambda item: -len(item[0])):
        for start, end in _spans(corrected, phrase):
            if any(used[start:end]):
                continue
            used[start:end] = [True] * (end - start)
            if slugs:
                text = tuple((w,) for w in corrected[start:end] if ordinary(w))
                understanding.concepts.append(
                    Concept("group", " ".join(tokens[start:end]), text, tuple(slugs))
                )

    # 3. Places, function words, numbers and words nearly every offer has say nothing on their
    # own; every other word is a content word.
    seen = set()
    for i, token in enumerate(tokens):
        if used[i] or not ordinary(token):
            continue
        if token in places:
            understanding.places.append(token)
            continue
        if token in seen or token in common:
            continue
        seen.add(token)
        understanding.concepts.append(
            Concept("word", token, tuple(_word_alternatives(token, analysis)))
        )
    if len(understanding.hard) != 1:
        # The word itself tells offers apart only when it is all the query asks for
        # ("telefonven"); beside other words it would outweigh them.
        understanding.concepts = [c for c in understanding.concepts if c.kind != "echo"]
    young = any(set(c.tags) & set(YOUNG) for c in understanding.soft)
    understanding.speaker_age = speaker_age(tokens)
    if understanding.speaker_age is None:
        understanding.adult_speaker = bool(FIRST_PERSON & set(tokens)) and not young
    return understanding


def speaker_age(tokens):
    """The age in "jeg er 16 (år)", "i am 16", "i'm 16", else None."""
    for k, token in enumerate(tokens):
        if not token.isdigit() or int(token) not in SPEAKER_AGE_RANGE or k == 0:
            continue
        before = SPEAKER_AGE_WORDS.get(tokens[k - 1], ())
        if before is None or (k >= 2 and tokens[k - 2] in before):
            return int(token)
    return None


def _common_words(tokens):
    """Those of ``tokens`` that are in too many public offers to tell them apart."""
    common = frequent_words()
    if not tokens or not common:
        return set()
    return {t for t in tokens if any(t + ending in common for ending in COMMON_ENDINGS)}


def frequent_words():
    """The lexicon's words in at least COMMON_SHARE of the public offers (and COMMON_MIN), as
    a frozenset; read once for ten minutes, like the count of offers they are measured by
    (a few words, so no search looks them up)."""
    key = "search:frequent-words"
    words = django_cache.get(key)
    if words is None:
        total = vocabulary.public_offer_count()
        words = frozenset()
        if total >= COMMON_MIN:
            threshold = max(COMMON_MIN, math.ceil(COMMON_SHARE * total))
            found = SearchWord.objects.filter(offer_count__gte=threshold)
            words = frozenset(found.values_list("text", flat=True))
        django_cache.set(key, words, 600)
    return words


def _word_alternatives(token, analysis):
    """The text evidence for a query word: itself, its correction, its compound's parts."""
    alternatives = [(token,)]
    if token in analysis.corrections:
        alternatives.append((analysis.corrections[token],))
    if token in analysis.parts:
        alternatives.append(tuple(analysis.parts[token]))
    return alternatives
