"""Assemble candidate rows: one claims row per figure (and per stated silence), one ceasefire_events row per
piece of ceasefire evidence, each with the sentence as its verbatim quote, a ``confidence`` and a ``why``
that names the rules that proposed it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from warclaims.extract import attribution, asof, ceasefire_events, counted, numbers, silences
from warclaims.extract.sentences import Sentence, split
from warclaims.extract.vocab import Vocabulary

EXTRA = ["confidence", "why", "claimant_name", "claimant_side", "claimant_kind"]
EVENT_EXTRA = ["confidence", "why", "new_ceasefire"]


@dataclass
class Extraction:
    claims: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # numbers and silences not proposed, with the reason


def _confidence(why: str, weak: bool = False) -> str:
    doubts = why.count("(check)") + int(weak) + why.count("proposed as a new actor")
    return "high" if doubts == 0 else "medium" if doubts == 1 else "low"


def _when_fields(when: asof.When, published_inferred: bool) -> dict:
    note = when.note
    if when.start < 0 and published_inferred and "publication date is used" in note:
        note = note.replace("its publication date", "its publication date (itself inferred, see sources.csv)")
    return {"as_of": when.value, "as_of_precision": when.precision, "as_of_basis": when.basis, "as_of_note": note,
            "cumulative": "false" if when.period else "true"}


def _claimant_fields(who: attribution.Claimant) -> dict:
    if who.new_actor:
        actor = who.new_actor
        return {"claimant": actor["actor_id"], "claimant_name": actor["name"], "claimant_side": actor["side"],
                "claimant_kind": actor["kind"]}
    return {"claimant": who.actor_id, "claimant_name": "", "claimant_side": "", "claimant_kind": ""}


def _figures(sentence: Sentence, vocab: Vocabulary, when: asof.When, inferred: bool, previous: str, out: Extraction) -> str:
    """Rows for the figures of one sentence; returns the sentence's claimant (for the next sentence's "It")."""
    found, refused = numbers.find_numbers(sentence.text, vocab.vague_terms)
    for r in refused:
        out.skipped.append({"quote_start": sentence.start + r.start, "text": r.text, "reason": r.reason})
    spans = [(n.start, n.end) for n in found]
    last_claimant = ""
    for index, number in enumerate(found):
        what = counted.counted(sentence.text, spans, index, vocab)
        if what is None:
            out.skipped.append({"quote_start": sentence.start + number.start, "text": number.text,
                                "reason": "no metric of the dataset named near it"})
            continue
        who = attribution.claimant(sentence.text, number.start, vocab, previous)
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(sentence.text)
        side, side_why = attribution.subject_side(sentence.text, number.start, number.end, next_start,
                                                  who.actor_id, vocab, what.active, _new_side(who))
        why = f"{number.why}; {what.why}; claimant {who.why}; subject {side_why}"
        population = what.population
        if population == "all" and "no population named" in what.why and side == vocab.side_of(who.actor_id) \
                and any(a.actor_id == who.actor_id and a.kind == "military" for a in vocab.actors):
            # "The army put its own losses at 96 dead": a force counting its own side's dead counts its troops
            population = "military"
            why += "; a military claimant's own side, no population named -> military (check)"
        values = {"value_low": number.low, "value_best": number.best, "value_high": number.high}
        out.claims.append({
            "subject_side": side, "metric": what.metric, "population": population,
            **{k: "" if v is None else str(v) for k, v in values.items()},
            "qualifier": number.qualifier, "vague_term": number.vague_term, **_when_fields(when, inferred),
            "quote": sentence.text, "quote_start": str(sentence.start), "status": attribution.status(sentence.text),
            **_claimant_fields(who), "confidence": _confidence(why, what.weak), "why": why,
        })
        last_claimant = who.actor_id
    return last_claimant


def _new_side(who: attribution.Claimant) -> str:
    return "" if not who.new_actor else who.new_actor.get("side", "")


def _silences(sentence: Sentence, vocab: Vocabulary, when: asof.When, inferred: bool, previous: str, out: Extraction) -> str:
    last = ""
    for silence in silences.find_silences(sentence.text, vocab, previous):
        if not silence.claimant:
            out.skipped.append({"quote_start": sentence.start + silence.start,
                                "text": sentence.text[silence.start:silence.end], "reason": silence.why})
            continue
        quote = sentence.text[silence.start:silence.end]
        out.claims.append({
            "subject_side": silence.subject_side, "metric": silence.metric, "population": silence.population,
            "value_low": "", "value_best": "", "value_high": "", "qualifier": "undisclosed", "vague_term": "",
            **_when_fields(when, inferred), "quote": quote, "quote_start": str(sentence.start + silence.start),
            "status": "reported", "claimant": silence.claimant, "claimant_name": "", "claimant_side": "",
            "claimant_kind": "", "confidence": _confidence(silence.why), "why": silence.why,
        })
        last = silence.claimant
    return last


def propose(text: str, source_id: str, published: str, vocab: Vocabulary, ceasefires=None, tz_offset: str = "+00:00",
            published_inferred: bool = False) -> Extraction:
    """Candidate rows for the archived ``text`` of ``source_id`` published on ``published``."""
    day = asof.published_date(published)
    out = Extraction()
    if ceasefires is not None and not isinstance(ceasefires, list):
        ceasefires = ceasefires.to_dict("records")
    # The dataset's ceasefires, and each new one this article agrees, so that its later evidence ("hours after
    # the truce began, ...") finds it (a copy: the caller's rows stay as they are).
    ceasefires = list(ceasefires or [])
    known = {row["ceasefire_id"] for row in ceasefires}
    previous_claimant, carried, paragraph, ceasefire_before = "", None, -1, None
    for sentence in split(text):
        if sentence.paragraph != paragraph:
            carried, paragraph = None, sentence.paragraph
        when = asof.as_of(sentence.text, day, carried)
        named = _figures(sentence, vocab, when, published_inferred, previous_claimant, out)
        silent = _silences(sentence, vocab, when, published_inferred, previous_claimant, out)
        found = ceasefire_events.find_events(sentence.text, day, tz_offset, vocab, ceasefires, previous_claimant,
                                             ceasefire_before)
        for event in found:
            out.events.append({
                "ceasefire_id": event.ceasefire_id, "event": event.event, "at": event.at, "precision": event.precision,
                "bound": event.bound, "claimant": event.claimant, "accused": event.accused, "source_id": source_id,
                "quote": sentence.text[event.start:event.end], "quote_start": str(sentence.start + event.start),
                "notes": event.note, "confidence": "medium" if event.new_ceasefire or not event.dated else "high",
                "why": event.why, "new_ceasefire": "true" if event.new_ceasefire else "", "_dated": event.dated,
            })
            if event.new_ceasefire and event.event in ("proposed", "agreed", "effective") \
                    and event.ceasefire_id not in known:
                known.add(event.ceasefire_id)
                ceasefires.append({"ceasefire_id": event.ceasefire_id, "agreed_at_text": event.at[:10],
                                   "effective_at_text": event.at if event.event == "effective" else "",
                                   "ended_at_text": ""})
        mentions = ceasefire_events.CEASEFIRE.search(sentence.text)
        ceasefire_before = (found[-1].ceasefire_id if found else "") if mentions else None
        previous_claimant = _sentence_claimant(sentence.text, vocab) or named or silent or previous_claimant
        if when.start >= 0:
            carried = when
        elif asof.dates_in(sentence.text, day):  # a start date ("began in late September") carries nothing
            carried = None
    _number(out, source_id)
    return out


def _sentence_claimant(text: str, vocab: Vocabulary) -> str:
    """The actor a following "It" or "They" most likely refers to: the first actor named in the sentence."""
    found = attribution.mentions(text, vocab)
    return found[0].actor_id if found and found[0].start < 40 else ""


def _number(out: Extraction, source_id: str) -> None:
    """Drop repeats (a headline printed twice), then give provisional ids in text order."""
    seen, claims = set(), []
    for row in sorted(out.claims, key=lambda r: int(r["quote_start"])):
        key = (row["quote"], row["metric"], row["value_low"], row["value_best"], row["value_high"], row["qualifier"])
        if key not in seen:
            seen.add(key)
            claims.append(row)
    for i, row in enumerate(claims, start=1):
        row.update(claim_id=f"new{i:03d}", figure_id=f"new{i:03d}", source_id=source_id, supersedes="", notes="")
    events = ceasefire_events.tidy(sorted(out.events, key=lambda r: int(r["quote_start"])))
    for i, row in enumerate(events, start=1):
        row["event_id"] = f"new{i:03d}"
    out.claims, out.events = claims, events
    out.skipped.sort(key=lambda s: s["quote_start"])


def sentence_of(text: str, start: int) -> tuple[int, int]:
    """The sentence containing offset ``start`` (for highlighting a quote in its context)."""
    for sentence in split(text):
        if sentence.start <= start < sentence.end:
            return sentence.start, sentence.end
    return start, start


_ = re  # kept for callers that extend the rules with patterns
