"""Ceasefire durations and their evidence in words: intervals rounded outward, events quoted."""
from __future__ import annotations

import math

import pandas as pd

from warclaims import budget
from warclaims.analysis.ceasefires import UNIT_LENGTH, VIOLATION_EVENTS, bound_evidence, duration_unit, present
from warclaims.text import words
from warclaims.text.ceasefire_events import event_line, event_words, kind_words, source_words, start_words, when_words

#: How each measured moment is named on a page.
MEASURE_LABELS = {"start": "start", "first_violation": "first reported violation", "end": "end"}


def _number(value: float, direction: str) -> str:
    """One decimal, rounded outward (down for a lower bound, up for an upper) so the shown interval
    contains the true one; trailing ``.0`` dropped."""
    scaled = value * 10
    nearest = round(scaled)
    if abs(scaled - nearest) < 1e-6:  # 60 h / 24 is 2.5 days exactly, whatever the float noise
        scaled = nearest
    scaled = math.floor(scaled) if direction == "down" else math.ceil(scaled)
    text = f"{scaled / 10:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_duration(low, high, unit: str = "hours") -> str:
    """A duration interval for people: ``"0–12 hours"``, ``"1.5–2.5 days"``, ``"25.7–26.8 years"``.

    Parameters
    ----------
    low, high : pandas.Timedelta or NaT
        The bounds; ``high`` NaT means open (no end in the data): ``"≥ 0 hours (open)"``.
    unit : {"hours", "days"}
        Spans reaching a year (365.25 days) are shown in years instead.

    Both bounds are rounded outward to one decimal, so the text never claims more precision than the
    interval has.
    """
    if not present(low) and not present(high):
        return "unknown"
    shown = duration_unit(low, high, unit)
    length = UNIT_LENGTH[shown]
    low_text = _number((low if present(low) else pd.Timedelta(0)) / length, "down")
    if not present(high):
        return f"≥ {low_text} {shown} (open)"
    high_text = _number(high / length, "up")
    if low_text == high_text:
        return f"{low_text} {shown[:-1] if low_text == '1' else shown}"
    return f"{low_text}–{high_text} {shown}"


def duration_summary(table: pd.DataFrame, unit: str = "hours") -> pd.DataFrame:
    """One line per ceasefire: what the durations are measured from, both intervals, how it ended."""
    records = []
    for _, row in table.iterrows():
        known = bool(row["start_event"])
        records.append({
            "ceasefire": row["name"],
            "measured from": start_words(row["start_event"], row["start_text"]),
            "to first reported violation": format_duration(row["violation_low"], row["violation_high"], unit)
                                           if known else "unknown",
            "to end": format_duration(row["end_low"], row["end_high"], unit) if known else "unknown",
            "how it ended": row["end_type"] if not row["end_open"] else f"{row['end_type'] or 'unknown'} (no end date)",
        })
    return pd.DataFrame(records, columns=["ceasefire", "measured from", "to first reported violation", "to end",
                                          "how it ended"])


def describe_evidence(evidence: pd.DataFrame, limit: int | None = budget.EVIDENCE_QUOTED) -> str:
    """'Accusation by X (accused: Y), 12 October 2020, in “Title” (outlet): “quote”' lines, one per event
    (:func:`~warclaims.text.ceasefire_events.event_line`; the first ``limit``, then a line counting the
    others, which set the bound equally)."""
    lines = [event_line(e) for _, e in evidence.head(limit).iterrows()]
    if limit is not None and len(evidence) > limit:
        others = len(evidence) - limit
        lines.append(f"… and {words.plural(others, 'more event')} that set{'s' if others == 1 else ''} it equally "
                     "(every one is in the table of events)")
    return "\n".join(lines)


def duration_report(dataset, table: pd.DataFrame, unit: str = "hours", *,
                    quoted: int | None = budget.EVIDENCE_QUOTED) -> pd.DataFrame:
    """The durations as a table for people, one row per ceasefire and duration, with the quotes.

    Columns: ``ceasefire, measured from, to, interval, lower bound set by, upper bound set by``. Each
    event is written in words (kind, claimant, accused, date, source by title: :func:`describe_evidence`)
    on a line of its own. "measured from" carries the start's evidence, which both bounds depend on.
    When many events set a bound equally, the first ``quoted`` are quoted and the rest counted
    (``None``: quote them all).
    """
    evidence = bound_evidence(dataset, table)
    records = []
    for _, row in table.iterrows():
        mine = evidence[evidence["ceasefire_id"] == row["ceasefire_id"]]
        if row["start_event"]:
            start = (start_words(row["start_event"], row["start_text"]) + "\n"
                     + describe_evidence(mine[mine["measure"] == "start"], quoted))
        else:
            start = "no effective or agreed time in the data"
        for measure, prefix, open_note in (("first_violation", "violation", "no violation reported in the data"),
                                           ("end", "end", "not ended in the data")):
            events = mine[mine["measure"] == measure]
            lower = events[events["sets"].isin(["lower bound", "both bounds"])]
            upper = events[events["sets"].isin(["upper bound", "both bounds"])]
            is_open = bool(row[f"{prefix}_open"])
            records.append({
                "ceasefire": row["name"],
                "measured from": start.strip(),
                "to": MEASURE_LABELS[measure],
                "interval": format_duration(row[f"{prefix}_low"], row[f"{prefix}_high"], unit)
                            if row["start_event"] else "unknown",
                "lower bound set by": describe_evidence(lower, quoted) if not is_open else "(from the start)",
                "upper bound set by": describe_evidence(upper, quoted) if not is_open else f"(open: {open_note})",
            })
    return pd.DataFrame(records, columns=["ceasefire", "measured from", "to", "interval",
                                          "lower bound set by", "upper bound set by"])


def overview(dataset, table: pd.DataFrame, claims: pd.DataFrame) -> str:
    """The ceasefire report's opening sentence (Markdown): how many ceasefires and claimed figures it
    draws on, or, for a dataset that records none, that it records none."""
    if table.empty:
        recorded = len(dataset.ceasefires) if dataset.has("ceasefires") else 0
        if recorded:
            return "None of this dataset's ceasefires match these parameters, so there is nothing to measure."
        return "This dataset records no ceasefires, so there is nothing to measure."
    kinds = " and ".join(f"“{kind.replace('_', ' ')}”" for kind in VIOLATION_EVENTS)
    return (f"This report measures {words.plural(len(table), 'ceasefire')}, beside "
            f"{words.plural(len(claims), 'claimed figure')} from the same period. A reported violation is an "
            f"event of kind {kinds}.")


def evidence_table(dataset, table: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Every event that sets a bound, one row each, its quote linked to its sentence in the archived
    article when the page is part of a site (:mod:`warclaims.text.links`)."""
    from warclaims.text import links
    from warclaims.text.tables import with_links

    evidence = bound_evidence(dataset, table).drop_duplicates(["ceasefire_id", "measure", "sets", "event_id"])
    if limit is not None:
        evidence = evidence.head(limit)
    evidence = evidence.reset_index(drop=True)
    shown = pd.DataFrame({
        "ceasefire": evidence["name"],
        "moment": evidence["measure"].map(MEASURE_LABELS).fillna(evidence["measure"]),
        "sets": evidence["sets"],
        "event": evidence["event"].map(kind_words),
        "claimant": evidence["claimant_name"].replace("", "not named"),
        "accused": evidence["accused_name"],
        "dated": [when_words(t, b, p, s) for t, b, p, s in zip(evidence["at_text"], evidence["bound"],
                                                               evidence["published_text"], evidence["published_basis"])],
        "source": [source_words(t, o) for t, o in zip(evidence["source_title"], evidence["outlet"])],
        "exact words": evidence["quote"],
    })
    if not shown["accused"].astype(bool).any():
        shown = shown.drop(columns="accused")  # no event here names an accused party
    return with_links(shown, links.hrefs(evidence, "event"), "exact words")


def excluded_events(dataset, table: pd.DataFrame) -> pd.DataFrame:
    """The reports and accusations dated wholly before their ceasefire began (``excluded_ids``), in words:
    they cannot be violations of it. One row per event, its quote linked like :func:`evidence_table`'s."""
    from warclaims.text import links
    from warclaims.text.tables import with_links

    ids = [(name, event_id) for name, kept in zip(table["name"], table["excluded_ids"]) for event_id in kept]
    events = dataset.ceasefire_events.set_index("event_id")
    rows = events.loc[[event_id for _, event_id in ids]].reset_index()
    said = event_words(dataset, rows)
    shown = pd.DataFrame({"ceasefire": [name for name, _ in ids], "event": said["kind"], "claimant": said["claimant"],
                          "accused": said["accused"], "dated": said["when"], "source": said["source"],
                          "exact words": rows["quote"]})
    return with_links(shown, links.hrefs(rows, "event"), "exact words")
