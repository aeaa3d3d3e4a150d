"""Losses inflicted: "its forces destroyed 41 tanks", "we shot down six drones", "killed 120 soldiers".

A verb of inflicting right before a figure means the figure counts what its agent did to the other side:
the subject side is the agent's enemy, not the agent. The agent is read from the words before the verb in
the same clause: an actor of actors.csv or a side word ("Valdorian troops destroyed") names its side; a
pronoun or possessive ("its forces", "our troops", "they"), or no agent at all ("said it had destroyed"),
is the claimant. The passive with an agent ("41 tanks were destroyed by Valdorian forces") names it after
"by". Side words beside the figure itself ("41 Ostmarkian tanks") still win: attribution.subject_side
looks at them first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from warclaims.extract.vocab import Vocabulary

INFLICT = (r"destroyed|destroying|destroys|destroy|killed|killing|kills|kill|shot\s+down|shooting\s+down|downed|"
           r"neutrali[sz]ed|neutrali[sz]ing|eliminated|eliminating|wiped\s+out|knocked\s+out|captured|capturing|"
           r"took\s+prisoner|taken\s+prisoner|wounded|wounding|injured|hit|struck|disabled|seized|liquidated")
# The verb, then at most a few words of the figure's own phrase ("destroyed a further", "killed up to").
_VERB_BEFORE = re.compile(rf"(?<![\w-])(?:{INFLICT})(?![\w-])(?:\s+(?:a\s+total\s+of|a\s+further|another|an?\s+estimated|"
                          rf"as\s+many\s+as|nearly|almost|over|about|around|some|at\s+least|more\s+than|up\s+to))?\s*$",
                          re.IGNORECASE)
_ANY_VERB = re.compile(rf"(?<![\w-])(?:{INFLICT})(?![\w-])", re.IGNORECASE)
_PASSIVE = re.compile(r"(?:were|was|had\s+been|have\s+been|has\s+been|been|being)\s*$", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:.!?]|,\s*(?:but|while|whereas|and)\b|\b(?:that|who|which)\b", re.IGNORECASE)
_SELF = re.compile(r"\b(?:it|its|they|their|we|our|own|he|his|she|her)\b", re.IGNORECASE)
_FORCES = re.compile(r"\b(?:forces|troops|army|units?|soldiers|military|air\s+defen[cs]es?|artillery|navy|"
                     r"air\s+force|fighters|brigades?|battalions?)\b", re.IGNORECASE)
_SAID = re.compile(r"\b(?:said|says|claimed|claims|reported|stated|announced|added|had|has|have)\s*$", re.IGNORECASE)
#: A clause that names who speaks ("the Government of X said on Monday"), between commas or at the start.
#: Possessive, so that a long clause of many such verbs and no comma costs one pass, not one per verb.
_SPEAKER = re.compile(r"(?:^|(?<=,))(?=[^,;]*\b(?:said|says|reported|stated|announced|added|told)\b)[^,;]*+(?=,)",
                      re.IGNORECASE)
_BY = re.compile(r"^[^.;,]{0,60}?\bby\s+((?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)", re.IGNORECASE)


@dataclass(frozen=True)
class Inflicted:
    agent_side: str   # the side that did it ("" when the agent is the claimant of unknown side)
    why: str


def _side_in(text: str, vocab: Vocabulary, last: bool = True) -> tuple[str, str]:
    """(side, word) of the last (or first) actor or side word in ``text``."""
    from warclaims.extract import attribution

    hits = [(m.start, m.text, vocab.side_of(m.actor_id)) for m in attribution.mentions(text, vocab)]
    hits += attribution._side_words_in(text, vocab)
    hits = [h for h in hits if h[2]]
    if not hits:
        return "", ""
    _, word, side = max(hits) if last else min(hits)
    return side, word


def inflicted(sentence: str, start: int, end: int, claimant_side: str, vocab: Vocabulary) -> Inflicted | None:
    """Who inflicted the figure at ``start:end`` of ``sentence``, when a verb of inflicting governs it."""
    before = sentence[:start]
    verb = _VERB_BEFORE.search(before)
    if verb:
        if _PASSIVE.search(before[:verb.start()]):
            return _by_agent(sentence, end, vocab)
        clause_starts = [m.end() for m in _CLAUSE_START.finditer(before[:verb.start()])]
        agent_text = before[clause_starts[-1] if clause_starts else 0:verb.start()]
        earlier = list(_ANY_VERB.finditer(agent_text))
        if earlier:  # "destroyed 37 tanks and captured 18": the verbs share the first one's agent
            agent_text = agent_text[:earlier[0].start()]
        # "..., the Government of X said on Monday, killing two families": who speaks is not who killed
        agent_text = _SPEAKER.sub(lambda m: " " * len(m.group()), agent_text)
        side, word = _side_in(agent_text, vocab)
        if side and not _SELF.search(agent_text[agent_text.find(word) + len(word):] if word else ""):
            return Inflicted(side, f"'{word} ... {verb.group().strip()}' -> {side} did it")
        tail = " ".join(re.findall(r"[\w’'-]+", agent_text)[-4:])
        if claimant_side and vocab.is_belligerent(claimant_side) and (_SELF.search(tail) or _FORCES.search(tail)
                                                                      or not tail or _SAID.search(tail)):
            return Inflicted(claimant_side, f"'{(tail + ' ' + verb.group().strip()).strip()}': the claimant's forces did it")
        return None  # "fighting that has killed hundreds": no side is the agent
    return _by_agent(sentence, end, vocab)


def _by_agent(sentence: str, end: int, vocab: Vocabulary) -> Inflicted | None:
    """"41 tanks were destroyed by Valdorian forces": the agent after "by"."""
    after = sentence[end:]
    if not re.match(rf"^[^.;]{{0,40}}?\b(?:were|was|been)\s+(?:{INFLICT})\b", after, re.IGNORECASE):
        return None
    by = _BY.search(after)
    if not by:
        return None
    side, word = _side_in(by.group(1), vocab, last=False)
    return Inflicted(side, f"'by {word}' -> {side} did it") if side else None
