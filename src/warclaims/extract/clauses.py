"""Clauses of a sentence, with offsets: curators quote the clause that carries a piece of evidence
("and immediately accused each other of breaking it"), and an event's date is looked for in its own
clause first.

The cuts are English coordination and subordination marks, not words of any war: ";", "but", ", while",
", whereas", ", as", ", and", "and then / immediately / later / quickly / soon", and a sentence-initial
subordinate clause ("After it took effect at noon, ...") up to its comma. The conjunction stays at the
start of the clause it opens, so a quote reads as printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CUT = re.compile(r";\s*|,\s+(?=(?:but|while|whereas|as|and|yet)\b)|\s+(?=but\b)|"
                  r"\s+(?=and\s+(?:then|immediately|later|quickly|soon|subsequently)\b)", re.IGNORECASE)
LEAD = re.compile(r"^(?:After|Before|When|Once|Following|Since|Although|Though|While|As|Until|Despite)\b[^,;]{3,120},\s*")


@dataclass(frozen=True)
class Clause:
    start: int   # offsets into the sentence; ``sentence[start:end]`` is the clause, trimmed
    end: int
    lead: bool = False  # a sentence-initial subordinate clause ("After it began at midday Saturday")


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    while start < end and sentence[start] in " ,;":
        start += 1
    while end > start and sentence[end - 1] in " ,;":
        end -= 1
    return start, end


def split(sentence: str) -> list[Clause]:
    """The clauses of ``sentence`` in order; together they cover it (separators aside)."""
    cuts, lead_end = [0], 0
    lead = LEAD.match(sentence)
    if lead:
        lead_end = lead.end()
        cuts.append(lead_end)
    for match in _CUT.finditer(sentence, lead_end):
        cuts.append(match.start())
    cuts.append(len(sentence))
    clauses = []
    for low, high in zip(cuts, cuts[1:]):
        start, end = _trim(sentence, low, high)
        if end > start:
            clauses.append(Clause(start, end, bool(lead) and low == 0))
    return clauses


def clause_at(clauses: list[Clause], at: int) -> Clause:
    for clause in clauses:
        if clause.start <= at < clause.end:
            return clause
    return min(clauses, key=lambda c: min(abs(c.start - at), abs(c.end - at)))
