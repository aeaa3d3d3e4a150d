"""The checks that need the whole dataset at once: archived texts and their checksums, values and
vague-term ranges, dates against publication, corrections, figures shared across sources, ceasefire dates
backed by quoted events, and quotes verbatim at their offsets. One function a rule family.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from warclaims.dataset.context import Checks, is_text, isin
from warclaims.dataset.model import Problem
from warclaims.dataset.read import inside, read_article


def _has_rows(checks: Checks, table: str) -> bool:
    """Whether ``table`` is part of the dataset and holds a row (every table may be empty or, for the
    ceasefire tables, left out)."""
    return table in checks.typed and len(checks.typed[table]) > 0


def check_sources(checks: Checks) -> None:
    """Each archived text exists and has the recorded checksum; an inferred publication date says why."""
    sources = checks.typed["sources"]
    for row, source in sources.iterrows():
        path, refused = inside(checks.root, source["text_file"], "text_file")
        if path is None:
            checks.problems.append(Problem(checks.file("sources"), int(row), "text_file", refused))
            continue
        if not path.is_file():
            checks.problems.append(Problem(checks.file("sources"), int(row), "text_file", f"archived text {source['text_file']} not found"))
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != source["sha256"]:
            checks.problems.append(Problem(checks.file("sources"), int(row), "sha256",
                                         f"{source['text_file']} has sha256 {digest}, the table records {source['sha256']}; "
                                         f"archived texts must never be edited"))
    inferred_without_note = is_text(checks.raw["sources"]["published_basis"], "inferred") & is_text(checks.raw["sources"]["published_note"], "")
    checks.flag("sources", inferred_without_note, "published_note", "an inferred publication date needs its reasoning in published_note")

def check_claims(checks: Checks) -> None:
    """Every claims rule: values and qualifiers, vague-term ranges, dates, corrections, shared figures."""
    if not _has_rows(checks, "claims"):
        return  # a new dataset starts with no claims
    check_values(checks)
    check_vague_ranges(checks)
    check_claim_dates(checks)
    check_corrections(checks)
    check_shared_figures(checks)


def check_values(checks: Checks) -> None:
    """low <= best <= high, and the values each qualifier needs (none for a silence, a range for a vague word)."""
    claims, raw = checks.typed["claims"], checks.raw["claims"]
    low, best, high = claims["value_low"], claims["value_best"], claims["value_high"]
    qualifier = raw["qualifier"]
    checks.flag("claims", (low > best).fillna(False).astype(bool), "value_best", lambda r: f"value_best {r.value_best} is below value_low {r.value_low}")
    checks.flag("claims", (best > high).fillna(False).astype(bool), "value_best", lambda r: f"value_best {r.value_best} is above value_high {r.value_high}")
    checks.flag("claims", (low > high).fillna(False).astype(bool), "value_high", lambda r: f"value_high {r.value_high} is below value_low {r.value_low}")
    exact = is_text(qualifier, "exact")
    checks.flag("claims", exact & (best.isna() | (low != best).fillna(True) | (high != best).fillna(True)).astype(bool), "value_best",
              "qualifier exact needs value_low = value_best = value_high")
    undisclosed = is_text(qualifier, "undisclosed")
    checks.flag("claims", undisclosed & (low.notna() | best.notna() | high.notna()), "value_best",
              "qualifier undisclosed means no figure was given: leave the values empty")
    needs_value = ~undisclosed & low.isna() & best.isna() & high.isna()
    checks.flag("claims", needs_value, "value_best", lambda r: f"qualifier {r.qualifier} needs at least one value")
    vague = is_text(qualifier, "vague")
    checks.flag("claims", vague & is_text(raw["vague_term"], ""), "vague_term", "qualifier vague needs the vague_term as written")
    checks.flag("claims", ~vague & ~is_text(raw["vague_term"], ""), "qualifier", lambda r: f"vague_term {r.vague_term!r} is set, so qualifier must be vague")
    checks.flag("claims", vague & best.notna(), "value_best",
              "a vague figure keeps its range in value_low..value_high; value_best must stay empty (no invented midpoint)")


def check_vague_ranges(checks: Checks) -> None:
    """A vague figure's range is the one its term maps to in vague_terms.csv."""
    claims, raw = checks.typed["claims"], checks.raw["claims"]
    low, high, vague = claims["value_low"], claims["value_high"], is_text(raw["qualifier"], "vague")
    if "vague_terms" in checks.typed:
        ranges = checks.typed["vague_terms"].set_index("term")
        expected_low = raw["vague_term"].map(ranges["low"])
        expected_high = raw["vague_term"].map(ranges["high"])
        wrong = vague & expected_low.notna() & ((low != expected_low).fillna(True) | (high != expected_high).fillna(True)).astype(bool)
        checks.flag("claims", wrong, "value_low",
                  lambda r: f"{r.vague_term!r} maps to {ranges.loc[r.vague_term, 'low']}..{ranges.loc[r.vague_term, 'high']} "
                            f"in vague_terms.csv, found {r.value_low}..{r.value_high}")


def check_claim_dates(checks: Checks) -> None:
    """An inferred as_of gives its reasoning; no figure counts up to after its source was published."""
    claims, raw = checks.typed["claims"], checks.raw["claims"]
    inferred_without_note = is_text(raw["as_of_basis"], "inferred") & is_text(raw["as_of_note"], "")
    checks.flag("claims", inferred_without_note, "as_of_note", "an inferred as_of needs its reasoning in as_of_note")

    published_end = claims["source_id"].map(checks.typed["sources"].set_index("source_id")["published_end"])
    late = (claims["as_of"] >= published_end).fillna(False).astype(bool)
    checks.flag("claims", late, "as_of", lambda r: f"as_of {r.as_of} is after the publication of {r.source_id}")


def check_corrections(checks: Checks) -> None:
    """A correction (``supersedes``) points at an earlier claim counting the same thing."""
    claims = checks.typed["claims"]
    by_id = claims.set_index("claim_id")
    target = claims["supersedes"]
    has_target = ~is_text(target, "") & isin(target, by_id.index)
    checks.flag("claims", (target == claims["claim_id"]), "supersedes", "a claim cannot supersede itself")
    earlier = target.map(by_id["as_of"])
    later_target = has_target & (earlier > claims["as_of"]).fillna(False).astype(bool)
    checks.flag("claims", later_target, "supersedes", lambda r: f"{r.supersedes} is as of a later date than {r.claim_id}; supersedes must point at an earlier claim")
    different = has_target & ((target.map(by_id["metric"]) != claims["metric"])
                              | (target.map(by_id["subject_side"]) != claims["subject_side"])
                              | (target.map(by_id["population"]) != claims["population"]))
    checks.flag("claims", different, "supersedes",
                lambda r: f"{r.supersedes} counts a different metric, population or side; a correction must count the same thing")
    in_cycle = pd.Series(_in_cycle(claims["claim_id"], target), index=claims.index)
    checks.flag("claims", in_cycle & (target != claims["claim_id"]), "supersedes",
                lambda r: f"{r.claim_id} is part of a cycle of corrections (following supersedes from it comes back to it)")


def _in_cycle(ids: pd.Series, targets: pd.Series) -> np.ndarray:
    """Whether following ``supersedes`` from each claim comes back to it (a claim pointing at itself is
    flagged on its own, and a target that is no claim ends the chain).

    Each claim points at one other at most, so after as many steps as there are claims every walk is
    either ended or inside a cycle, and every claim of a cycle is where some walk is then. The steps are
    taken by doubling (2, 4, 8, ... at once): a few passes over whole arrays, not a walk per claim.
    """
    keys = ids.to_numpy(dtype=object)
    first = ~pd.Series(keys).duplicated().to_numpy()  # a repeated id (reported elsewhere) counts once
    at = pd.Index(keys[first]).get_indexer(targets.to_numpy(dtype=object))
    step = np.where(at >= 0, np.flatnonzero(first)[np.maximum(at, 0)], -1)
    step[step == np.arange(len(step))] = -1
    for _ in range(max(1, int(len(step)).bit_length())):
        step = np.where(step >= 0, step[np.maximum(step, 0)], -1)
    member = np.zeros(len(step), dtype=bool)
    member[step[step >= 0]] = True
    return member


def check_shared_figures(checks: Checks) -> None:
    """Rows sharing a figure_id report the same figure, each from a different source."""
    claims, raw = checks.typed["claims"], checks.raw["claims"]
    keys = ["subject_side", "metric", "population", "value_low", "value_best", "value_high", "qualifier"]
    # Only figure ids on several rows can disagree; a figure is inconsistent when its rows hold more
    # than one distinct combination of the keys (drop_duplicates is ~6x faster than groupby nunique).
    shared = raw.loc[raw["figure_id"].duplicated(keep=False), ["figure_id", *keys]].drop_duplicates()
    inconsistent = isin(raw["figure_id"], shared.loc[shared["figure_id"].duplicated(), "figure_id"])
    checks.flag("claims", inconsistent, "figure_id",
              lambda r: f"rows sharing figure_id {r.figure_id!r} must report the same figure (side, metric, population, values, qualifier)")
    repeated_in_source = claims.duplicated(["figure_id", "source_id"], keep="first")
    checks.flag("claims", repeated_in_source, "figure_id", lambda r: f"figure {r.figure_id!r} is already recorded for {r.source_id}")


def check_ceasefires(checks: Checks) -> None:
    """Ceasefire dates in order, events after the start and before publication, every date backed by an event."""
    if not _has_rows(checks, "ceasefires"):
        return  # a dataset may record no ceasefire: then there is nothing to order or back
    ceasefires = checks.typed["ceasefires"]
    steps = [("agreed_at", "effective_at"), ("effective_at", "ended_at"), ("agreed_at", "ended_at")]
    for first, then in steps:
        wrong = (ceasefires[f"{then}_end"] <= ceasefires[first]).fillna(False).astype(bool)
        checks.flag("ceasefires", wrong, then, lambda r, f=first, t=then: f"{t} {r[t]} is before {f} {r[f]}")
    raw = checks.raw["ceasefires"]
    checks.flag("ceasefires", ~is_text(raw["ended_at"], "") & is_text(raw["ended_bound"], ""), "ended_bound",
              "ended_at is set, so ended_bound (on or not_after) is required")
    if not _has_rows(checks, "ceasefire_events"):
        return
    events = checks.typed["ceasefire_events"]
    by_id = ceasefires.set_index("ceasefire_id")
    effective = events["ceasefire_id"].map(by_id["effective_at"])
    agreed = events["ceasefire_id"].map(by_id["agreed_at"])
    start = effective.fillna(agreed)
    after_start = events["event"].isin(["violation_reported", "accusation", "ended"])
    early = after_start & (events["at_end"] <= start).fillna(False).astype(bool)
    checks.flag("ceasefire_events", early, "at",
              lambda r: f"a {r.event} event at {r.at} cannot come before {r.ceasefire_id} took effect")
    published_end = events["source_id"].map(checks.typed["sources"].set_index("source_id")["published_end"])
    late = (events["at"] >= published_end).fillna(False).astype(bool)
    checks.flag("ceasefire_events", late, "at", lambda r: f"{r.at} is after the publication of {r.source_id}")
    # Every date in ceasefires.csv must be backed by an event (with its quote) of the same kind and
    # value; an end must also be backed with the same bound (an "ended by" cannot back an "ended on").
    raw_events = checks.raw["ceasefire_events"]
    evidence = set(zip(raw_events["ceasefire_id"], raw_events["event"], raw_events["at"], raw_events["bound"]))
    raw = checks.raw["ceasefires"]
    for column, kind in (("agreed_at", "agreed"), ("effective_at", "effective"), ("ended_at", "ended")):
        bounds = raw["ended_bound"] if kind == "ended" else pd.Series("on", index=raw.index)
        unbacked = ~is_text(raw[column], "") & ~pd.Series(
            [(c, kind, v, b) in evidence for c, v, b in zip(raw["ceasefire_id"], raw[column], bounds)], index=raw.index)
        checks.flag("ceasefires", unbacked, column,
                  lambda r, c=column, k=kind: f"no {k} event in ceasefire_events.csv backs {c} {r[c]!r} "
                                              f"(with the same bound) with a quote")

def check_quotes(checks: Checks, table: str) -> None:
    """Each quote stands verbatim in its source's archived text at quote_start."""
    if not _has_rows(checks, table):
        return
    frame, raw = checks.typed[table], checks.raw[table]
    texts = {}
    for source_id, text_file in zip(checks.typed["sources"]["source_id"], checks.typed["sources"]["text_file"]):
        path, _ = inside(checks.root, text_file, "text_file")
        if path is not None and path.is_file():
            texts[source_id] = read_article(path)
    starts = frame["quote_start"].astype("float64").fillna(-1).astype(int).tolist()
    # Plain lists: iterating a pandas string column element by element is several times slower. A
    # text that is missing or refused is reported once, on its sources.csv row, not for every quote.
    found = [
        source not in texts or (start >= 0 and texts[source].startswith(quote, start))
        for source, quote, start in zip(raw["source_id"].tolist(), raw["quote"].tolist(), starts)
    ]
    bad = ~pd.Series(found, index=frame.index)

    def explain(row: pd.Series) -> str:
        text = texts.get(row.source_id, "")
        elsewhere = text.find(row.quote)
        hint = f"; it occurs at {elsewhere}" if elsewhere >= 0 else "; it does not occur anywhere in the text (check curly quotes, dashes and non-breaking spaces)"
        return f"quote is not in {row.source_id}'s archived text at {row.quote_start}{hint}"

    checks.flag(table, bad, "quote_start", explain)
