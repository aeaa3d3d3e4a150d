"""Ceasefire evidence: sentences that say a ceasefire was proposed, agreed, took effect, was violated,
was the object of accusations, or ended -> candidate ``ceasefire_events.csv`` rows.

Each event gets its time and precision from the sentence (or the publication date as a ``not_after``
bound) and is matched to a ceasefire of the dataset whose dates fit; when none fits, a new ceasefire is
proposed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from warclaims.extract import attribution
from warclaims.extract.asof import dates_in, time_of_day
from warclaims.extract.vocab import Vocabulary

CEASEFIRE = re.compile(r"\b(?:cease-?fires?|truces?|armistices?|(?:temporary |humanitarian )?(?:halt|pause) (?:in|to) (?:the )?fighting|"
                       r"humanitarian pause|halt in hostilities)\b", re.IGNORECASE)
EVENTS = [  # order: how rows of one sentence are listed
    ("proposed", re.compile(r"\b(?:suggested|proposed|offered)\b", re.I)),
    ("agreed", re.compile(r"\b(?:agreed(?! to participate| to (?:hold|attend|join))|reached|signed|brokered|struck|sealed|negotiated)\b", re.I)),
    ("effective", re.compile(r"\b(?:took effect|takes effect|take effect|came into (?:force|effect)|went into effect|entered into force|"
                             r"began at|(?:it |which )began|started at|become effective|in force from)\b", re.I)),
    ("violation_reported", re.compile(r"\b(?:violat\w*|breach\w*|broke(?! down)|broken|under (?:severe |heavy )?strain|clashes erupted|"
                                      r"fighting resumed|resumed fighting|shelled|shelling continued|continued attacks|did little to slow|"
                                      r"done little to slow|within minutes)\b", re.I)),
    ("accusation", re.compile(r"\b(?:accused|accuses|accuse|blamed|blames|blame)\b", re.I)),
    ("ended", re.compile(r"\b(?:collapsed|collapse|fell through|fell apart|broke down|break down|failed|fails|ended|was ignored|"
                         r"were ignored|is over|no longer holds?|unravell?ed)\b", re.I)),
]
AFTER_START = ("violation_reported", "accusation", "ended")
PLANNED = re.compile(r"\b(?:talks|negotiations|search|need|calls?|seeking|seek|push|urged?|appeal)\s+(?:on|for|to)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?$", re.I)


@dataclass(frozen=True)
class Event:
    event: str
    ceasefire_id: str
    at: str
    precision: str
    bound: str
    claimant: str
    accused: str
    why: str
    new_ceasefire: bool = False


def _day(text: str) -> str:
    return str(text)[:10]


def _match_ceasefire(ceasefires, event: str, at: str, precision: str, bound: str = "on") -> tuple[str, str, bool]:
    """(ceasefire_id, why, is_new) for an event at ``at``."""
    rows = ceasefires or []
    if precision == "year":
        fits = [r for r in rows if str(r.get("agreed_at_text", ""))[:4] == at]
        if fits:
            return fits[0]["ceasefire_id"], f"agreed in {at} like {fits[0]['ceasefire_id']}", False
        return f"cf{at}", f"no ceasefire of the dataset was agreed in {at}: a new one", True
    day = _day(at)
    if event == "agreed" and bound == "on":
        for r in rows:
            agreed = _day(r.get("agreed_at_text", ""))
            if len(agreed) == 10 and abs((date.fromisoformat(agreed) - date.fromisoformat(day)).days) <= 1:
                return r["ceasefire_id"], f"agreed {day}, within a day of {r['ceasefire_id']}'s agreement {agreed}", False
        return f"cf{day.replace('-', '')}", f"no ceasefire of the dataset was agreed within a day of {day}: a new one", True
    fits = []
    for r in rows:
        agreed = _day(r.get("agreed_at_text", ""))
        ended = _day(r.get("ended_at_text", ""))
        if agreed and agreed[: len(day)] <= day and (not ended or ended >= day or event in AFTER_START):
            fits.append((agreed, r["ceasefire_id"], ended))
    if event in AFTER_START:
        open_ones = [f for f in fits if not f[2] or f[2] >= day]
        fits = open_ones or fits
    if fits:
        agreed, cid, _ = max(fits)
        return cid, f"{cid} (agreed {agreed}) is the latest ceasefire agreed by {day}", False
    return f"cf{day.replace('-', '')}", f"no ceasefire of the dataset fits {day}: a new one", True


def _each_other(vocab: Vocabulary) -> str:
    for actor in vocab.actors:
        if any(re.search(r"\b(?:both sides|each side|warring sides)\b", n, re.I) for n in actor.names):
            return actor.actor_id
    return ""


def find_events(sentence: str, published: date, tz_offset: str, vocab: Vocabulary, ceasefires, previous: str = "") -> list[Event]:
    """Candidate events of ``sentence`` (empty when it names no ceasefire)."""
    mention = CEASEFIRE.search(sentence)
    if not mention:
        return []
    kinds = [kind for kind, pattern in EVENTS if pattern.search(sentence)]
    if PLANNED.search(sentence[:mention.start()]):
        kinds = [k for k in kinds if k == "proposed"]
    if "accusation" in kinds and "violation_reported" in kinds:
        kinds.remove("violation_reported")
    dates = dates_in(sentence, published)
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", sentence) if not dates else None
    events = []
    for kind in kinds:
        verb = dict(EVENTS)[kind].search(sentence)
        clause = _clause_of(sentence, verb.start())
        near = [w for w in dates if clause[0] <= w.start < clause[1]]
        if near or (dates and kind not in AFTER_START):
            when = (near or dates)[0]
            at, precision, bound = when.value, when.precision, "on"
            why_at = f"date '{sentence[when.start:when.end]}'" + (f" ({when.note})" if when.note else "")
            if kind == "effective":
                timed = time_of_day(sentence, when.value, tz_offset)
                if timed:
                    at, precision = timed
                    why_at += f", time -> {at}"
        elif year and clause[0] <= year.start() < clause[1]:
            at, precision, bound, why_at = year.group(1), "year", "on", f"year '{year.group(1)}'"
        else:
            at, precision, bound = published.isoformat(), "day", "not_after"
            why_at = "no date in the sentence: on or before publication"
        cid, why_cf, new = _match_ceasefire(ceasefires, kind, at, precision, bound)
        claimant, accused = _parties(sentence, kind, vocab, previous)
        why = f"'{EVENTS[[k for k, _ in EVENTS].index(kind)][1].search(sentence).group()}' with '{mention.group()}' -> {kind}; {why_at}; {why_cf}"
        events.append(Event(kind, cid, at, precision, bound, claimant, accused, why, new))
    return events


def _clause_of(sentence: str, at: int) -> tuple[int, int]:
    """The clause around offset ``at``: cut at "but", "and immediately", ";" and ", after"."""
    cuts = [0] + [m.start() for m in re.finditer(r",?\s+but\b|;|\s+and\s+(?:then\s+|immediately\s+|later\s+)", sentence)] + [len(sentence)]
    for low, high in zip(cuts, cuts[1:]):
        if low <= at < high:
            return low, high
    return 0, len(sentence)


def _parties(sentence: str, kind: str, vocab: Vocabulary, previous: str) -> tuple[str, str]:
    if kind not in ("accusation", "violation_reported"):
        return "", ""
    if re.search(r"\beach other\b|\bone another\b", sentence, re.I):
        both = _each_other(vocab)
        return both, both
    verb = EVENTS[[k for k, _ in EVENTS].index(kind)][1].search(sentence)
    found = attribution.mentions(sentence, vocab)
    accused = next((m.actor_id for m in found if 0 <= m.start - verb.end() <= 25), "")
    who = attribution.claimant(sentence, verb.start(), vocab, previous)
    claimant = who.actor_id if who.actor_id != accused else ""
    if not claimant:
        before = [m for m in found if m.end <= verb.start()]
        claimant = before[-1].actor_id if before else ""
    return claimant, accused
