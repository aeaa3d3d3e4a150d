"""Ceasefire evidence: clauses that say a ceasefire was proposed, agreed, took effect, was violated, was the
object of accusations, or ended -> candidate ``ceasefire_events.csv`` rows.

The codebook's kinds are followed: a ceasefire that "broke down", "collapsed", "fell apart", "failed to
hold" or "failed within hours" *ended* (``end_type`` collapsed), and since the text rarely dates the end,
it gets ``bound`` ``not_after`` (data/README.md, Bounds); "was ignored", "violated", "fighting resumed" are
``violation_reported``. Each event quotes its own clause (clauses.py) and takes its date from its own words
first: the date right before its verb ("Friday's agreed ceasefire"), after it up to the next event's verb,
the clause's opening words, a sentence-initial "After ... on Saturday," clause, "immediately" after the
event before it; else the publication date as a ``not_after`` bound. The reasoning goes to ``notes``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from warclaims.extract import attribution, ceasefire_match, clauses
from warclaims.extract.asof import When, dates_in, time_of_day
from warclaims.extract.vocab import Vocabulary

CEASEFIRE = re.compile(r"\b(?:cease-?fires?|truces?|armistices?|(?:temporary |humanitarian )?(?:halt|pause|cessation) "
                       r"(?:in|to|of) (?:the )?(?:fighting|hostilities)|humanitarian pause)\b", re.IGNORECASE)
HALT = re.compile(r"\b(?:halt|pause|cessation)\b", re.IGNORECASE)  # names the effect, not the agreement
EVENTS = [  # (kind, trigger); the order is how rows of one clause are listed
    ("proposed", r"suggested|proposed|offered"),
    ("agreed", r"agreed(?! to (?:participate|hold|attend|join|talks|meet))|reached|signed|brokered|struck|sealed|negotiated"),
    ("effective", r"took effect|takes effect|take effect|came into (?:force|effect)|went into effect|entered into force|"
                  r"(?<=it )began|(?<=which )began|began at|started at|become effective|in force from"),
    ("violation_reported", r"violat\w*|breach\w*|broke(?! down)|broken|flouted|(?:was|were|is|being) ignored|"
                           r"under (?:severe |heavy )?strain|clashes erupted|fighting (?:resumed|continued)|resumed fighting|"
                           r"shelled|shelling continued|continued attacks|did little to slow|done little to slow"),
    ("accusation", r"accused|accuses|accuse|blamed|blames|blame"),
    ("ended", r"collapsed|collapses|collapse|fell through|fell apart|falls apart|broke down|breaks down|break down|"
              r"fail(?:ed|s)?(?!\s+to\s+(?!hold|take hold|stick|last|survive)\w)|ended(?!\s+(?:in|with)\b)|is over|"
              r"no longer holds?|unravell?(?:ed|s)?"),
]
TRIGGER = re.compile("|".join(f"(?P<{kind}>(?<![\\w-])(?:{words})(?![\\w-]))" for kind, words in EVENTS), re.IGNORECASE)
PLANNED = re.compile(r"\b(?:talks|negotiations|search|need|calls?|seeking|seek|push|urged?|appeal)\s+(?:on|for|to)\s+(?:an?\s+|the\s+)?"
                     r"(?:\w+\s+)?$", re.I)
FUTURE = re.compile(r"\b(?:will|would|could|should|may|might|(?:is|are|was|were) (?:to|due to|expected to|set to|supposed to|"
                    r"meant to))\s+(?:\w+\s+)?(?:be\s+)?$", re.I)
SOON = re.compile(r"\b(?:immediately|at once|within minutes|minutes later)\b", re.I)
HOURS = re.compile(r"\b(?:within hours|hours later|shortly after(?:wards)?|within a day|the next day|soon after)\b", re.I)
COUNT = re.compile(r"\b(two|three|four|both)\s+(?:\w+\s+)?(?:cease-?fires|truces)\b", re.I)
WAR_START = re.compile(r"\b(?:war|conflict|escalation|offensive|invasion|hostilities)\b[^.;]{0,40}?\b(?:began|broke out|erupted|"
                       r"started|resumed)\s+(?:on\s+|in\s+)?$", re.I)
# A sentence without a ceasefire word, right after one with it, is about that ceasefire when "it" is the subject of an
# event verb ("After it began at noon", "it quickly collapsed") or it reports mutual accusations.
REFERS_BACK = re.compile(r"\bit\s+(?:had\s+|has\s+|was\s+|quickly\s+|soon\s+|also\s+)?(?:" + "|".join(w for _, w in EVENTS) + ")", re.I)
MUTUAL = re.compile(r"\b(?:accused|accuse|accuses|blamed|blame|blames)\s+(?:each other|one another)\b", re.I)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


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
    start: int = 0          # the quote: sentence[start:end]
    end: int = 0
    note: str = ""
    dated: bool = True      # False: only bounded by the publication date


@dataclass(frozen=True)
class _Dated:
    at: str
    precision: str
    bound: str
    why: str
    note: str
    span: tuple[int, int] = (-1, -1)


def _triggers(sentence: str, clause: clauses.Clause) -> list[tuple[str, re.Match]]:
    """(kind, match) of the event verbs of ``clause``: same-kind neighbours merged, futures and plans left out,
    a violation inside an accusation ("accused each other of violating it") folded into it."""
    found, accused_at = [], None
    for m in TRIGGER.finditer(sentence, clause.start, clause.end):
        kind = m.lastgroup
        head = sentence[clause.start:m.start()]
        if FUTURE.search(head) or (kind != "proposed" and PLANNED.search(head[-60:])):
            continue
        if kind == "violation_reported" and accused_at is not None:
            continue
        if kind == "accusation":
            accused_at = m.start()
        if found and found[-1][0] == kind:
            continue
        found.append((kind, m))
    return found


def _modifier(sentence: str, when: When, verb_start: int, first: bool) -> bool:
    """A date right before the verb that belongs to it: "Friday's agreed ceasefire" (a possessive), or any date
    right before the clause's first verb ("on Friday agreed"); "agreed to on Friday failed" is the first verb's."""
    return 0 <= verb_start - when.end <= 3 and (first or bool(re.search(r"(?:’s|'s)$", sentence[when.start:when.end])))


def _own_date(sentence: str, dates: list[When], high: int, verb: re.Match, first: bool, next_verb: int) -> When | None:
    right_before = [w for w in dates if _modifier(sentence, w, verb.start(), first)]
    inside = [w for w in dates if verb.start() <= w.start < high and not _modifier(sentence, w, next_verb, False)]
    return (right_before or inside or [None])[0]


def _date_for(sentence, published, dates, clause, trigger_list, index, previous: _Dated | None, lead_date,
              tz_offset: str) -> _Dated:
    kind, verb = trigger_list[index]
    high = trigger_list[index + 1][1].start() if index + 1 < len(trigger_list) else clause.end
    when = _own_date(sentence, dates, high, verb, index == 0, high if index + 1 < len(trigger_list) else -99)
    where = "its own words"
    if when is None and index == 0:
        opening = [w for w in dates if clause.start <= w.start < verb.start()]
        when, where = (opening[0], "the clause's opening words") if opening else (None, where)
    if when is None and lead_date is not None:
        when, where = lead_date, "the sentence's opening clause"
    if when is not None:
        at, precision = when.value, when.precision
        text = sentence[when.start:when.end]
        note = when.note or f"'{text}'."
        if kind == "effective":
            timed = time_of_day(sentence[min(when.start, verb.start()):high], when.value, tz_offset)
            if timed:
                at, precision = timed
                note += f" Local time, at the dataset's offset {tz_offset}."
        return _Dated(at, precision, "on", f"date '{text}' from {where}", note, (when.start, when.end))
    segment = sentence[verb.start():high]
    relative = SOON.search(segment) or SOON.search(sentence[clause.start:verb.start()])
    later = HOURS.search(segment) or HOURS.search(sentence[clause.start:verb.start()])
    if previous is not None and previous.bound == "on" and len(previous.at) >= 10 and (relative or later):
        day = previous.at[:10]
        if relative:
            return _Dated(day, "day", "on", f"'{relative.group()}' after the event dated {day}",
                          f"'{relative.group()}' after the event of {day} in the same sentence.")
        return _Dated(ceasefire_match.plus_days(day, 1), "day", "not_after", f"'{later.group()}' after the event dated {day}",
                      f"'{later.group()}' after the event of {day}: on that day or the next.")
    year = YEAR.search(sentence, clause.start, clause.end)
    if year:
        return _Dated(year.group(1), "year", "on", f"year '{year.group(1)}'", "", year.span())
    return _Dated(published.isoformat(), "day", "not_after", "no date of its own: on or before publication",
                  f"Undated: on or before the article's publication ({published.isoformat()}).")


def find_events(sentence: str, published: date, tz_offset: str, vocab: Vocabulary, ceasefires, previous: str = "",
                carried: str | None = None) -> list[Event]:
    """Candidate events of ``sentence``; ``carried`` is the ceasefire id ("" if unknown) of the sentence before
    when that one names a ceasefire, for a sentence that refers to it as "it" ("After it began at noon, ...")."""
    mention = CEASEFIRE.search(sentence)
    if not mention and carried is None:
        return _war_start(sentence, published, ceasefires)
    if not mention and not (REFERS_BACK.search(sentence) or MUTUAL.search(sentence)):
        return _war_start(sentence, published, ceasefires)
    dates = dates_in(sentence, published)
    parts = clauses.split(sentence)
    lead = parts[0] if parts and parts[0].lead else None
    lead_date = next((w for w in dates if lead and lead.start <= w.start < lead.end), None)
    events, previous_date, anchor = [], None, (carried or None)
    count = COUNT.search(sentence)
    for clause in parts:
        found = _triggers(sentence, clause)
        for index, (kind, verb) in enumerate(found):
            dated = _date_for(sentence, published, dates, clause, found, index, previous_date,
                              lead_date if clause is not lead else None, tz_offset)
            n = {"two": 2, "both": 2, "three": 3, "four": 4}[count.group(1).lower()] if count and kind in ("ended", "violation_reported") else 1
            if anchor and n == 1 and not (kind == "agreed" and dated.bound == "on"):
                matches = [(anchor, "the ceasefire this sentence is about", False)]
            else:
                matches = ceasefire_match.match(ceasefires, kind, dated.at, dated.precision, dated.bound, n)
            if kind in ("agreed", "effective") and dated.bound == "on":
                anchor = matches[0][0]
            claimant, accused = _parties(sentence, clause, kind, verb, vocab, previous)
            start, end = _quote(clause, dated.span)
            for cid, why_cf, new in matches:
                why = f"'{verb.group()}' -> {kind}; {dated.why}; {why_cf}"
                events.append(Event(kind, cid, dated.at, dated.precision, dated.bound, claimant, accused, why, new,
                                    start, end, dated.note, not dated.why.startswith("no date")))
            previous_date = dated
    return events + _named_date(sentence, published, dates, ceasefires, events, mention)


def _quote(clause: clauses.Clause, span: tuple[int, int]) -> tuple[int, int]:
    if span[0] < 0:
        return clause.start, clause.end
    return min(clause.start, span[0]), max(clause.end, span[1])


def _named_date(sentence, published, dates, ceasefires, events, mention) -> list[Event]:
    """"a 1994 ceasefire", "the ceasefire of 10 April", "Friday's truce": the agreement (or, for a halt in
    fighting, its taking effect) on that date, when no event of the sentence says so already."""
    if not mention or any(e.event in ("agreed", "effective") for e in events):
        return []
    for m in CEASEFIRE.finditer(sentence):
        before = re.search(r"\b(1[89]\d\d|20\d\d)\s+$", sentence[:m.start()])            # "a 1994 ceasefire"
        after = re.compile(r"\s+(?:of|in|from)\s+(1[89]\d\d|20\d\d)\b").match(sentence, m.end())  # "the ceasefire in 1994"
        year = before or after
        when = next((w for w in dates if 0 <= m.start() - w.end <= 3 or 0 <= w.start - m.end() <= 9), None)
        if not year and not when:
            continue
        kind = "effective" if HALT.search(m.group()) else "agreed"
        at, precision = (year.group(1), "year") if year else (when.value, when.precision)
        cid, why_cf, new = ceasefire_match.match(ceasefires, kind, at, precision, "on")[0]
        low, high = m.start(), m.end()
        if year:
            low, high = min(low, year.start(1)), max(high, year.end(1))
        else:
            low, high = min(low, when.start), max(high, when.end)
        why = f"'{sentence[low:high]}': a ceasefire named by its date -> {kind}; {why_cf}"
        note = "" if year else (when.note or "")
        return [Event(kind, cid, at, precision, "on", "", "", why, new, low, high, note)]
    return []


def _war_start(sentence: str, published: date, ceasefires) -> list[Event]:
    """"The war began on 27 September": the ceasefire in force that day ended then (the codebook ends a ceasefire
    on the day the fighting it had halted resumed). Only a ceasefire of the dataset, never a new one."""
    found = []
    for when in dates_in(sentence, published):
        if when.precision != "day" or not WAR_START.search(sentence[max(0, when.start - 80):when.start]):
            continue
        cid = ceasefire_match.in_force(ceasefires, when.value)
        if cid:
            lead = WAR_START.search(sentence[max(0, when.start - 80):when.start])
            start = max(0, when.start - 80) + lead.start()
            why = f"'{sentence[start:when.end]}': the war resumed, ending {cid}, in force then"
            found.append(Event("ended", cid, when.value, "day", "on", "", "", why, False, start, when.end,
                               when.note or f"The fighting resumed on {when.value}, ending the ceasefire in force."))
    return found


def _each_other(vocab: Vocabulary) -> str:
    for actor in vocab.actors:
        if any(re.search(r"\b(?:both sides|each side|warring sides)\b", n, re.I) for n in actor.names):
            return actor.actor_id
    return ""


def _parties(sentence: str, clause: clauses.Clause, kind: str, verb: re.Match, vocab: Vocabulary, previous: str) -> tuple[str, str]:
    if kind not in ("accusation", "violation_reported"):
        return "", ""
    if re.search(r"\beach other\b|\bone another\b|\beach side accused the other\b", sentence[clause.start:clause.end], re.I):
        both = _each_other(vocab)
        return both, both
    found = [m for m in attribution.mentions(sentence, vocab) if clause.start <= m.start < clause.end]
    accused = next((m.actor_id for m in found if 0 <= m.start - verb.end() <= 25), "")
    if kind == "violation_reported":  # "Valdorian forces shelled the town": the agent is accused
        agent = [m for m in found if m.end <= verb.start() and verb.start() - m.end <= 30]
        accused = agent[-1].actor_id if agent else accused
    subject = [m for m in found if m.end <= verb.start() and verb.start() - m.end <= 60]
    if kind == "accusation" and subject:  # "the Valdorian president blamed Ostmark": who accuses
        return subject[-1].actor_id, accused
    who = attribution.claimant(sentence, verb.start(), vocab, previous)
    return (who.actor_id if who.actor_id != accused else ""), accused


ONCE = ("proposed", "agreed", "effective", "ended")


def tidy(rows: list[dict]) -> list[dict]:
    """One row per fact of one source, the first in the text: the same ceasefire, kind, date and bound once (for a
    violation or accusation, once per quote); an
    undated row (only bounded by publication) of an event that happens once (agreed, ended...) dropped where the
    source dates that event of that ceasefire. Violations and accusations recur, so each is kept."""
    dated = {(r["ceasefire_id"], r["event"]) for r in rows if r.get("_dated", True) and r["event"] in ONCE}
    seen, kept = set(), []
    for row in rows:
        key = (row["ceasefire_id"], row["event"], row["at"], row["bound"]) + (() if row["event"] in ONCE else (row["quote"],))
        if key in seen or (not row.get("_dated", True) and (row["ceasefire_id"], row["event"]) in dated):
            continue
        seen.add(key)
        kept.append({k: v for k, v in row.items() if k != "_dated"})
    return kept
