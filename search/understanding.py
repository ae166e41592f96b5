"""What a query means: the concepts an offer needs evidence for to be a result.

People type sentences ("min søn har angst", "ingen at tale med", "my husband died"). A query
is read into *concepts*:

- a **life situation** the query names through a synonym phrase in any language or a name of
  the vocabulary ("ensom", "kan ikke betale", "grief", "Loneliness"): an offer tagged with it is
  evidence, and so is the word itself in its text when the phrase is one word;
- a **content word** that is neither a function word nor part of a phrase ("skolen",
  "lektiehjælp"): evidence is the word in the offer's text (stemmed, and as the start of a
  longer compound), or its correction, or both parts of a compound it splits into;
- a life situation named after a preposition of place, beside another one ("mobbet i
  skolen"): a soft **setting**, where the trouble is; it lifts the offers that have it;
- a **target group** the query mentions ("ældre", "min søn", "young"): a soft concept; it
  lifts offers tagged with it, and finds offers on its own only when the query says nothing
  else.

Function words (search/data/function_words.txt: "jeg", "min", "har", "kan", "ikke", "hjælp",
"tilbud" ...), numbers and place names ("kolding", "hobro") are never evidence on their own.
"""

import math
from dataclasses import dataclass, field

from django.core.cache import cache as django_cache

from . import lexicon, vocabulary
from .models import SearchWord
from .people_words import (
    FIRST_PERSON,
    PARENT_WORDS,
    PARENTS,
    RELATIVES,
    TARGET_GROUP_WORDS,
    YOUNG,
    YOUNG_SPEAKER_WORDS,
    names_someone_else,
    speaker_age,
)
from .phrases import (
    function_words,
    matching_situations,
    phrase_index,
    phrases_starting_in,
    situation_name_words,
    spans,
    word_matches,
    words_of,
)

#: Prepositions of place: a situation named after one, beside another situation, is where
#: that one happens ("mobbet i skolen"), not a second need (``_settings``).
PLACE_WORDS = frozenset("i på in at".split())
#: Shorter query words carry no evidence ("i", "a").
MIN_WORD = 2
#: A word in at least this share of the public offers (and at least COMMON_MIN of them) says
#: nothing about an offer ("frivillig", "gruppe" on a portal of volunteer groups): not evidence
#: on its own, like a function word.
COMMON_SHARE = 0.3
COMMON_MIN = 20
#: Endings a word is looked up with to tell how common it is ("frivillig", "frivillige").
COMMON_ENDINGS = ("", "e", "er", "en", "et", "ene", "erne")


@dataclass
class Concept:
    """Something the query asks for; an offer matches it on the evidence described above."""

    #: "situation", "word", "group", "echo": a one-word phrase's own word in the text (soft),
    #: or "setting": a situation named as the place of another one ("mobbet i skolen"; soft).
    kind: str
    #: The query's words it stands for, as typed.
    label: str
    #: Text evidence: alternatives, each a tuple of words that must all be in the text.
    words: tuple = ()
    #: Tag evidence: life situation ids (situation) or target group slugs (group).
    tags: tuple = ()
    #: A life situation's own words (its Danish name and one-word phrases, as alternatives):
    #: a tagged offer whose title or own text has one is *about* it and counts more
    #: (``search.ranking``); the index's body also holds the names of every tag.
    focus: tuple = ()

    @property
    def hard(self):
        return self.kind not in ("group", "echo", "setting")

    @property
    def tags_situations(self):
        """Its ``tags`` are life situation ids (else target group slugs)."""
        return self.kind in ("situation", "setting")


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
    #: The query is a child or young person speaking of their day ("jeg keder mig", "min
    #: lærer"): offers only for adults are not strong matches.
    young_speaker: bool = False
    #: An adult speaking of themself and nobody else ("jeg er ked af det", "jeg drikker for
    #: meget"): offers for relatives are not strong matches either.
    self_speaker: bool = False
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
    phrase_words, by_first_word = phrase_index()
    group_words = {w for phrase in TARGET_GROUP_WORDS for w in phrase}
    places = vocabulary.place_names()
    tokens = words_of(query)

    def ordinary(token):
        return len(token) >= MIN_WORD and not token.isdigit() and token not in stop

    looked_at = [t for t in tokens if ordinary(t) and t not in places]
    analysis = lexicon.analyse(" ".join(looked_at), known_elsewhere=phrase_words | group_words)
    corrected = [analysis.corrections.get(t, t) for t in tokens]
    phrases = phrases_starting_in(by_first_word, {*tokens, *corrected})
    understanding = Understanding(analysis=analysis)
    understanding.named = matching_situations(" ".join(tokens), phrases)

    # 1. Life situations: each run of query words covered by phrases (overlapping phrases of
    # different situations make one concept: any of them will do).
    covered = []
    for phrase, situation_id in phrases:
        if phrase:
            covered.extend((start, end, situation_id) for start, end in spans(corrected, phrase))
    # A one-word phrase that is in too many offers to tell them apart ("frivillig" on a portal
    # of volunteer groups) names no life situation, as it is no content word (step 3).
    # (One look-up for the whole query: the one-word phrases' words and every other word.)
    common = _common_words({t for t in {*tokens, *corrected} if ordinary(t)})
    covered = [s for s in covered if s[1] - s[0] > 1 or corrected[s[0]] not in common]
    covered += _compound_heads(covered, corrected, by_first_word)
    # A phrase inside a longer one of another situation is part of what that one says: "bange
    # for min mand" is violence, not also fear; "tør ikke gå ud af min lejlighed" fear, not
    # housing.
    covered = [
        s
        for s in covered
        if not any(
            o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] and o[2] != s[2]
            for o in covered
        )
    ]
    covered.sort()
    used = [False] * len(tokens)
    merged = []
    for start, end, situation_id in covered:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(situation_id)
        else:
            merged.append([start, end, [situation_id]])
    names = situation_name_words()
    danish = vocabulary.danish_words()
    settings = _settings(merged, tokens)
    for start, end, ids in merged:
        ids = tuple(dict.fromkeys(ids))
        text = _word_alternatives(tokens[start], analysis) if end - start == 1 else []
        text = list(dict.fromkeys(words for words in text if all(ordinary(w) for w in words)))
        if (start, end) in settings:
            # Where the trouble is, not what it is: it lifts the offers that have it.
            label = " ".join(tokens[start:end])
            understanding.concepts.append(Concept("setting", label, tuple(text), ids))
            used[start:end] = [True] * (end - start)
            continue
        focus = tuple(dict.fromkeys((w,) for i in ids for w in names.get(i, ())))
        understanding.concepts.append(
            Concept("situation", " ".join(tokens[start:end]), tuple(text), ids, focus)
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
        for start, end in spans(corrected, phrase):
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
        said = set(tokens)
        understanding.adult_speaker = (
            bool(FIRST_PERSON & said)
            and not young
            and not (PARENT_WORDS | YOUNG_SPEAKER_WORDS) & said
        )
        understanding.self_speaker = understanding.adult_speaker and not (
            names_someone_else(tokens) or any(RELATIVES in c.tags for c in understanding.soft)
        )
        # "jeg har ingen venner og keder mig": a child speaking of their own day.
        # (A parent naming their child's school is no child: "min søn bliver mobbet i skolen".)
        parent = any(PARENTS in c.tags for c in understanding.soft)
        understanding.young_speaker = bool(
            FIRST_PERSON & said and YOUNG_SPEAKER_WORDS & said and not parent
        )
    return understanding


def _settings(merged, tokens):
    """The spans of ``merged`` (start, end, ids) that are the place of another situation the
    query names: after a preposition of place ("mobbet i skolen", "stress på arbejdet",
    "bullied at school"), beside a situation named otherwise. {(start, end)}"""
    placed = {
        (start, end) for start, end, _ids in merged if start and tokens[start - 1] in PLACE_WORDS
    }
    if len(placed) == len(merged):
        return set()
    return placed


def _compound_heads(covered, corrected, by_first_word):
    """A word a phrase names a life situation by that ends in a one-word phrase of another
    situation also names that one: a Danish compound is a kind of its last part
    ("spillegæld" is gambling's phrase, and a debt: "gæld"). [(start, end, situation id)]"""
    found = []
    for start, end, situation_id in covered:
        if end - start != 1:
            continue
        for _first, head in lexicon.compound_splits(corrected[start]):
            for _position, words, other in by_first_word.get(head, ()):
                if words == (head,) and other != situation_id:
                    found.append((start, end, other))
    return list(dict.fromkeys(found))


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
