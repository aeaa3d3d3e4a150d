"""What a number counts: the dataset's metric and the population, from the words around it.

Casualty metrics are found by a concept verb right before the number ("killing 11 people and injuring 40"),
else by their concept words (killed, wounded, missing...) after the number, then later in a list sharing one
verb ("729 soldiers and 37 civilians had been killed"), then just before it ("has killed hundreds"), or
anywhere before it in its clause when the number follows a verb of change ("the death toll from the shelling
rose to 42"). People "lost" ("had lost 8 soldiers") are proposed as killed, for the curator to check, and a
part of a figure ("11 people, including three children") is counted like it. Property and other metrics are
found by the counted noun right after the number ("1,165 houses", "12 tanks"), matched to the nouns of the
metric's own id and name, with a verb of destruction in the sentence. A number whose noun is neither people
nor a metric's noun is not a count the dataset measures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from warclaims.extract.vocab import CIVILIAN, CONCEPTS, DESTROYED, MILITARY, PEOPLE, Vocabulary, stem

_STOP_WORDS = {"were", "was", "had", "have", "has", "been", "said", "are", "is", "be", "being", "who", "which", "that"}
_FILLER = {"of", "its", "their", "his", "her", "the", "those", "them", "whom", "more", "other", "additional", "further",
           "own", "total", "a", "an", "and", "or"}


@dataclass(frozen=True)
class Counted:
    metric: str
    population: str
    why: str
    weak: bool = False
    active: bool = False  # "captured 18 soldiers", "destroyed 37 tanks": the claimant's side did it


@lru_cache(maxsize=None)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def concepts_in(text: str) -> list[tuple[int, str]]:
    """(position, concept) of every casualty concept word in ``text``, in order."""
    found = []
    for concept, words in CONCEPTS.items():
        found += [(m.start(), concept) for m in _pattern(words).finditer(text)]
    return sorted(found)


def _words(text: str, limit: int = 6) -> list[str]:
    """The words right after a number, up to punctuation that ends a noun phrase."""
    phrase = re.split(r"[.;:—–()\[\]\"“”]|\s-\s", text, maxsplit=1)[0]
    return re.findall(r"[\w’'-]+", phrase)[:limit]


def _people_like(words: list[str], vocab: Vocabulary) -> bool:
    """True when the words after the number name people (or nothing: "282 wounded", "hundreds were killed")."""
    people = set(MILITARY) | set(CIVILIAN) | set(PEOPLE)
    for word in words:
        lower = word.lower()
        if lower in people or any(lower in w for w in CONCEPTS.values()):
            return True
        if lower in _STOP_WORDS:
            return True
        if lower in _FILLER or re.sub(r"[’']s$", "", word) in vocab.side_words:
            continue
        return False
    return True


#: Groups of people of no stated size: a number of them counts no people.
_GROUPS = {"families", "family", "households", "household", "villages", "village", "towns", "town", "units", "unit"}
#: Words that may stand between a word and its number ("killed at least 11", "rose to about 40").
_QUALIFIERS = (r"(?:\s+(?:at\s+least|at\s+most|about|around|some|nearly|almost|over|more\s+than|fewer\s+than|"
               r"less\s+than|up\s+to|an\s+estimated|another|a\s+further))*")
#: The number right after "lost" ("had lost 8 soldiers"); right after a toll's verb of change ("rose to 42");
#: right after "including" and the like (a part of the figure before it).
_LOST = re.compile(rf"\b(?:lost|losing|loses|lose){_QUALIFIERS}\s*$", re.IGNORECASE)
_RISEN_TO = re.compile(rf"\b(?:rose|risen|rises|climbed|climbs|reached|reaches|stood|stands|increased|jumped|grew|"
                       rf"has\s+grown|now)\s+(?:to|at){_QUALIFIERS}\s*$", re.IGNORECASE)
_INCLUDING = re.compile(rf"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them){_QUALIFIERS}\s*$",
                        re.IGNORECASE)


def _concept_right_before(text: str) -> str:
    """The casualty concept of a word that ends ``text`` but for qualifiers ("killed at least "), or ""."""
    for concept, words in CONCEPTS.items():
        if concept != "casualties" and re.search(_pattern(words).pattern + _QUALIFIERS + r"\s*$", text, re.IGNORECASE):
            return concept
    return ""


def population(phrase: str, metric_kind: str) -> tuple[str, str]:
    """``(population, reason)`` from the words naming who was counted."""
    military = _pattern(MILITARY).search(phrase)
    civilian = _pattern(CIVILIAN).search(phrase)
    if military and civilian:
        return "all", f"'{military.group()}' and '{civilian.group()}' -> all"
    if military:
        return "military", f"'{military.group()}' -> military"
    if civilian:
        return "civilian", f"'{civilian.group()}' -> civilian"
    if metric_kind == "displacement":
        return "civilian", "displacement counts civilians"
    people = _pattern(PEOPLE).search(phrase)
    if people:  # "11 people": soldiers and civilians alike
        return "all", f"'{people.group()}' -> all"
    return "all", "no population named -> all"


def _metric_for(concepts: set[str], vocab: Vocabulary) -> str:
    casualty = [m for m in vocab.metrics if m.concepts]
    if "casualties" in concepts:
        match = [m for m in casualty if "casualties" in m.concepts]
        if match:
            return match[0].metric_id
        concepts = concepts - {"casualties"} | {"killed", "wounded"}
    exact = [m for m in casualty if set(m.concepts) - {"casualties"} == concepts]
    if exact:
        return exact[0].metric_id
    return ""


def _property(sentence: str, end: int, next_start: int, vocab: Vocabulary) -> Counted | None:
    words = [stem(w) for w in _words(sentence[end:next_start])]
    best, best_score = None, 0
    for metric in vocab.metrics:
        if not metric.head or metric.head not in words:
            continue
        score = len(metric.nouns & set(words))
        if score > best_score:
            best, best_score = metric, score
    if best is None:
        return None
    verb = _pattern(DESTROYED).search(sentence)
    if not verb:
        return None
    # "damaged" counted as a "destroyed" metric (or the reverse) is a guess the curator must check.
    weak = ("damag" in verb.group().lower()) != ("damag" in best.metric_id)
    why = f"'{best.head}' after the number and '{verb.group()}' in the sentence -> {best.metric_id}"
    return Counted(best.metric_id, "property", why, weak)


def counted(sentence: str, spans: list[tuple[int, int]], index: int, vocab: Vocabulary) -> Counted | None:
    """What the number ``spans[index]`` (start, end in ``sentence``) counts, or None."""
    start, end = spans[index]
    next_start = spans[index + 1][0] if index + 1 < len(spans) else len(sentence)
    found = _property(sentence, end, next_start, vocab)
    if found:
        return found
    after = sentence[end:next_start]
    words = _words(after)
    if words and words[0].lower() in _GROUPS:
        return None  # "killing two families": groups of people, of no stated size, are no count of people
    concepts = concepts_in(after)
    where = "after the number"
    lead = sentence[spans[index - 1][1] if index else 0:start]  # back to the figure before
    if index and (including := _INCLUDING.search(lead)) and _people_like(words, vocab):
        # "killed 11 people, including three children": part of the figure before, counted the same way
        whole = counted(sentence, spans, index - 1, vocab)
        if whole is not None and whole.population != "property":
            pop, pop_why = population(" ".join(words), "casualty")
            return Counted(whole.metric, pop, f"part of the figure before it ('{including.group().strip()}') "
                                              f"-> {whole.metric}; {pop_why}", whole.weak)
    verb = _concept_right_before(lead)
    if verb and _people_like(words, vocab):
        # "killing at least 11 people and injuring 40": the verb before the number says what it counts, whatever
        # the words after it go on to say of the next figure
        concepts, where = [(0, verb)], "just before the number"
    if not concepts and _LOST.search(lead) and words and _people_like(words, vocab):
        # "had lost 8 soldiers": people lost are dead, as a rule; the curator checks for wounded or captured
        metric = _metric_for({"killed"}, vocab)
        if metric:
            pop, pop_why = population(" ".join(words), "casualty")
            return Counted(metric, pop, f"'lost' before people -> {metric} (check: losses may also count wounded "
                                        f"or captured); {pop_why}", True)
    if not concepts and _RISEN_TO.search(lead):
        # "the death toll from the shelling rose to 42": the toll is named well before its number
        concepts = concepts_in(lead.rsplit(";", 1)[-1])[-1:]  # in its own clause
        where = "named before 'rose to' (or the like) in the clause"
    if not concepts and _people_like(words, vocab):
        for j in range(index + 1, len(spans)):
            following = sentence[spans[j][1]: spans[j + 1][0] if j + 1 < len(spans) else len(sentence)]
            concepts = concepts_in(following)
            if concepts:
                where = "shared with the next figure of the list"
                break
    if not concepts:
        before = sentence[max(spans[index - 1][1] if index else 0, start - 40):start]
        concepts = concepts_in(before)[-1:]
        where = "just before the number"
    if not concepts or (where == "after the number" and not _people_like(words, vocab) and concepts[0][0] > 40):
        return None
    first = concepts[0][0]
    near = {c for p, c in concepts if p - first < 25}
    metric = _metric_for(near, vocab)
    if not metric:
        return None
    phrase = after[: concepts[0][0]] if where == "after the number" else " ".join(words)
    kind = next(m.kind for m in vocab.metrics if m.metric_id == metric)
    pop, pop_why = population(phrase, kind)
    words_seen = ", ".join(sorted(near))
    active = where == "just before the number" and bool(
        re.search(r"\b(?:killed|captured|wounded|injured|seized|took|taken)\s+(?:\w+\s+){0,2}$", sentence[:start], re.I))
    euphemism = re.search(r"\b(?:neutrali[sz]ed|eliminated|liquidated)\b", sentence[max(0, start - 40):next_start], re.I)
    doubt = f" (check: '{euphemism.group()}' may also count wounded or captured)" if euphemism else ""
    return Counted(metric, pop, f"{words_seen} {where} -> {metric}{doubt}; {pop_why}", bool(euphemism), active)
