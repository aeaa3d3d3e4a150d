"""Stated silences: "X has not disclosed its military casualties" -> an ``undisclosed`` row.

A silence is a negated verb of disclosure ("has not disclosed", "did not reveal the number of", "has not been
releasing", "refused to give") followed by a toll word, or a toll said to be unknown ("Azerbaijan's
military deaths are unknown"). The silent party is the claimant; its side is the subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from warclaims.extract import attribution
from warclaims.extract.counted import _metric_for, concepts_in, population
from warclaims.extract.vocab import Vocabulary

DISCLOSE = (r"disclos\w*|reveal\w*|releas\w*|publish\w*|giv\w*|given|provid\w*|report\w*|announc\w*|mak\w* public|"
            r"made public|confirm\w*|shar\w*|updat\w*|issu\w*|comment\w* on")
NEGATED = re.compile(rf"\b(?:(?:has|have|had|did|does|do|is|are|was|were|will|would)\s*(?:not|n[’']t)|has yet to|have yet to|"
                     rf"(?:refused|refuses|declined|declines|failed|fails)\s+to|never)\s+(?:been\s+)?(?:{DISCLOSE})\b", re.IGNORECASE)
UNKNOWN = re.compile(r"\b(?:deaths|casualties|losses|death tolls?|tolls?|dead|killed|wounded)\s+(?:are|is|were|was|remain|remains)\s+"
                     r"(?:still\s+)?(?:unknown|not known|undisclosed|unclear|a secret|classified)\b", re.IGNORECASE)
TOLL = re.compile(r"\b(?:casualt\w+|death tolls?|tolls?|deaths|losses|dead|fatalities|killed|wounded|injured|the number of)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Silence:
    start: int  # of the clause, in the sentence
    end: int
    claimant: str  # "" when the text names no actor of the dataset as the silent party
    subject_side: str
    metric: str
    population: str
    why: str


def _clause(sentence: str, at: int) -> tuple[int, int]:
    """The clause around offset ``at``: cut at ", but", ";" and the sentence ends."""
    starts = [m.start() + (2 if m.group().startswith(",") else 1) for m in re.finditer(r",\s+(?=but\b)|;", sentence[:at])]
    start = starts[-1] if starts else 0
    while start < len(sentence) and sentence[start] == " ":
        start += 1
    end_match = re.search(r"[;]|,\s+but\b", sentence[at:])
    end = at + end_match.start() if end_match else len(sentence)
    if sentence[end - 1:end] in (".", "!"):
        end -= 1
    return start, end


def find_silences(sentence: str, vocab: Vocabulary, previous: str = "") -> list[Silence]:
    """Every stated silence in ``sentence``; ``previous`` is the claimant of the sentence before (for "It has not...")."""
    found = []
    for match in list(NEGATED.finditer(sentence)) + list(UNKNOWN.finditer(sentence)):
        object_text = sentence[match.end(): match.end() + 80] if match.re is NEGATED else match.group()
        if match.re is NEGATED and not TOLL.search(object_text):
            continue
        start, end = _clause(sentence, match.start())
        clause = sentence[start:end]
        who = _silent_party(sentence, start, match.start(), vocab, previous)
        if not who:  # said, but by no party the dataset knows: the curator is told, nothing is guessed
            found.append(Silence(start, end, "", "", "", "", f"'{match.group()}': a stated silence, but no actor of "
                                 "the dataset is named as the silent party"))
            continue
        actor_id, why = who
        side = vocab.side_of(actor_id)
        side = side if side in vocab.subject_sides else "unknown"
        concepts = {c for _, c in concepts_in(object_text)} or {"casualties"}
        metric = _metric_for(concepts, vocab) or _metric_for({"killed"}, vocab)
        pop, pop_why = population(clause, "casualty")
        if pop == "all" and vocab.is_belligerent(side) and not re.search(r"civilian", clause, re.I):
            pop, pop_why = "military", "no population named: a warring side's undisclosed toll is taken as its military losses (check)"
        found.append(Silence(start, end, actor_id, side, metric, pop,
                             f"silence '{match.group()}'; {why}; {', '.join(sorted(concepts))} -> {metric}; {pop_why}"))
    return found


def _silent_party(sentence: str, clause_start: int, at: int, vocab: Vocabulary, previous: str) -> tuple[str, str] | None:
    head = sentence[clause_start:at]
    found = [m for m in attribution.mentions(sentence, vocab) if clause_start <= m.start < at]
    if found:
        return found[-1].actor_id, f"'{found[-1].text}' is silent"
    for word, side in vocab.side_words.items():
        if re.search(rf"(?<![\w-]){re.escape(word)}(?:’s|'s)?(?![\w])", head):
            actors = [a for a in vocab.actors if a.side == side]
            governments = [a for a in actors if a.kind == "government"]
            if governments:
                return governments[0].actor_id, f"'{word}' is silent: its government {governments[0].actor_id}"
            # A side that has no government actor speaks through one of its own: its military, else the first.
            stand_in = next((a for a in actors if a.kind == "military"), actors[0] if actors else None)
            if stand_in is not None:
                return stand_in.actor_id, (f"'{word}' is silent: the dataset has no government actor of its side, "
                                           f"so {stand_in.actor_id} (check)")
    if re.match(r"\s*(?:but\s+)?(?:it|they)\b", head, re.IGNORECASE) and previous:
        return previous, f"'{head.strip()}' refers to the claimant of the sentence before"
    return None
