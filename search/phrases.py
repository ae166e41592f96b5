"""Query words against phrases: the function words, how a query word matches a phrase word
(Danish endings, compounds), where a phrase occurs in a query, and the life situations' phrases
and names indexed by their first word (cached with the vocabulary, ``search.vocabulary``)."""

from functools import cache
from pathlib import Path

from offers.models import LifeSituation

from . import vocabulary
from .models import normalise_phrase

FUNCTION_WORDS_FILE = Path(__file__).resolve().parent / "data" / "function_words.txt"
#: Common Danish endings: a query word matches a phrase word it extends by one of these.
ENDINGS = frozenset(
    "e en et er ere erne ene ens es s t ede ende te r n ing ingen inger else elsen lig ige"
    " ske isk iske".split()
)
#: Phrase words at least this long also match any longer word (compounds: "spillegælden").
PREFIX_MIN = 6
#: Vocabulary names give single-word phrases from their words of at least this many letters
#: ("økonomi" in "Gæld og økonomi").
NAME_WORD_MIN = 5


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


def spans(tokens, phrase):
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
        if phrase and situation_id not in found and next(spans(tokens, phrase), None) is not None:
            found.append(situation_id)
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


def phrase_index():
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


def phrases_starting_in(index, tokens):
    """The phrases whose first word a token matches (``word_matches``: the word, or a start
    of it), in their order: [(words, life situation id)]. The others cannot match."""
    found = {}
    for token in tokens:
        for length in range(1, len(token) + 1):
            for position, words, situation_id in index.get(token[:length], ()):
                if word_matches(token, words[0]):
                    found[position] = (words, situation_id)
    return [found[position] for position in sorted(found)]


def situation_name_words():
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
