"""How long did each ceasefire last? Durations as honest intervals.

A ceasefire is agreed, takes effect, is first reported violated and finally ends, and each moment is
known only to its precision ("on Saturday", "at midday") or only as a latest date ("had collapsed by
the time of the article"). So each moment is an interval ``[low, high)`` in UTC, and each duration is
an interval too:

* the **start** is when the ceasefire took effect (``effective_at`` in ceasefires.csv); when no source
  gives that, the agreement (``agreed_at``) is used and ``start_event`` says so;
* the **first reported violation** is the earliest of the ceasefire's events whose kind is in
  ``violation_events`` (by default :data:`VIOLATION_EVENTS`: ``violation_reported`` and
  ``accusation``, because an accusation of breaking the ceasefire *is* a report that it was broken,
  only a partisan one). The first of several events happened no earlier than the earliest of their
  lows (clipped at the start: no violation before the ceasefire existed) and no later than the
  earliest of their highs;
* the **end** is ``ended_at`` in ceasefires.csv, the dataset's curated value (sources may disagree;
  the curator resolves that there, and the validator requires an ``ended`` event backing it). Empty
  means the ceasefire has not ended in the data: the duration is open (``end_high`` is NaT,
  ``end_open`` is True).

An event with bound ``not_after`` happened at or before ``at_end``, so its interval is
``[start, at_end)``: it could have happened the moment the ceasefire began. A duration from a start
``[s_low, s_high)`` to a moment ``[e_low, e_high)`` is ``[max(0, e_low - s_high), e_high - s_low]``.

Every bound is traceable: the ``*_ids`` / ``*_quotes`` columns hold the events (and their exact quotes)
that set it, and :func:`bound_evidence` lays them out one row per event. Nothing here knows this war's
sides, actors or ceasefires: everything comes from the dataset's tables.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from warclaims import checks
from warclaims.analysis.kept import kept

#: Event kinds that count as a reported violation (``ceasefire_events.csv`` ``event``).
VIOLATION_EVENTS: tuple[str, ...] = ("violation_reported", "accusation")
#: Units a duration can be shown in; spans of a year or more switch to years automatically.
DURATION_UNITS: tuple[str, ...] = ("hours", "days")
#: Time axes the duration chart can be asked for; "auto" chooses each from the data
#: (:mod:`warclaims.charts.duration_scale`).
DURATION_SCALES: tuple[str, ...] = ("auto", "linear", "log")
#: A Julian year: the unit of long spans.
YEAR = pd.Timedelta(days=365.25)
UNIT_LENGTH = {"minutes": pd.Timedelta(minutes=1), "hours": pd.Timedelta(hours=1),
               "days": pd.Timedelta(days=1), "years": YEAR}
#: The three measured moments, in the order they are shown.
MEASURES: tuple[str, ...] = ("start", "first_violation", "end")


# -- computing ---------------------------------------------------------------------------------------
def durations(dataset, ceasefire_ids: Iterable[str] | None = None, *,
              violation_events: Sequence[str] = VIOLATION_EVENTS) -> pd.DataFrame:
    """The two durations of each ceasefire of a loaded dataset.

    Parameters
    ----------
    dataset : warclaims.Dataset
        A loaded (validated) dataset.
    ceasefire_ids : iterable of str, optional
        Ceasefires to keep; None or empty keeps all.
    violation_events : sequence of str
        Event kinds that count as a reported violation.

    Returns
    -------
    pandas.DataFrame
        See :func:`compute_durations`.
    """
    if not (dataset.has("ceasefires") and dataset.has("ceasefire_events")) or dataset.ceasefires.empty:
        return pd.DataFrame(columns=_COLUMNS)  # a dataset may record no ceasefire
    table = compute_durations(dataset.ceasefires, dataset.ceasefire_events, violation_events=violation_events)
    ids = list(ceasefire_ids or [])
    if ids:
        checks.choices("ceasefires", ids, table["ceasefire_id"])
        table = table[table["ceasefire_id"].isin(ids)].reset_index(drop=True)
    return table


def compute_durations(ceasefires: pd.DataFrame, events: pd.DataFrame, *,
                      violation_events: Sequence[str] = VIOLATION_EVENTS) -> pd.DataFrame:
    """Compute, for each ceasefire, effective -> first reported violation and effective -> end.

    Parameters
    ----------
    ceasefires : pandas.DataFrame
        Typed ``ceasefires`` table: ``ceasefire_id, name, agreed_at(+_end, _text, _precision),
        effective_at(...), ended_at(...), ended_bound`` and optionally ``kind, end_type``.
    events : pandas.DataFrame
        Typed ``ceasefire_events`` table: ``event_id, ceasefire_id, event, at, at_end, at_text,
        precision, bound, quote``.
    violation_events : sequence of str
        Event kinds counted as reported violations.

    Returns
    -------
    pandas.DataFrame
        One row per ceasefire, ordered by start (unknown starts last), then id, with

        * ``start_event`` ("effective", "agreed" or "" when neither is known), ``start`` /
          ``start_end`` (the interval in UTC), ``start_text``, ``start_precision``, ``start_ids``,
          ``start_quotes``;
        * ``violation_kinds`` (the event kinds that counted, pipe-separated), ``violation_ids``
          (every counted event), ``excluded_ids`` (counted kinds dated wholly before the start,
          which cannot be violations of it), ``first_violation`` / ``first_violation_end``,
          ``violation_low`` / ``violation_high`` (Timedelta; high NaT when ``violation_open``: no
          violation reported in the data), ``violation_low_ids``, ``violation_low_quotes``,
          ``violation_high_ids``, ``violation_high_quotes``;
        * ``ended`` / ``ended_end``, ``end_bound``, ``end_type``, ``end_low`` / ``end_high`` (high
          NaT when ``end_open``), ``end_low_ids`` ... ``end_high_quotes``.

        Id and quote columns hold tuples, in event-id order. Every duration bound also depends on
        the start interval, whose evidence is ``start_ids``.
    """
    kinds = tuple(violation_events)
    by_ceasefire = {key: group for key, group in events.groupby("ceasefire_id", sort=False)}
    empty = events.iloc[0:0]
    rows = [_one(cf, by_ceasefire.get(cf["ceasefire_id"], empty), kinds) for _, cf in ceasefires.iterrows()]
    table = pd.DataFrame(rows, columns=_COLUMNS)
    for column in ("start", "start_end", "first_violation", "first_violation_end", "ended", "ended_end"):
        table[column] = pd.to_datetime(table[column], utc=True)
    for column in ("violation_low", "violation_high", "end_low", "end_high"):
        table[column] = pd.to_timedelta(table[column])
    table = table.sort_values(["start", "ceasefire_id"], na_position="last", kind="stable")
    return table.reset_index(drop=True)


_COLUMNS = [
    "ceasefire_id", "name", "kind", "end_type",
    "start_event", "start", "start_end", "start_text", "start_precision", "start_ids", "start_quotes",
    "violation_kinds", "violation_ids", "excluded_ids",
    "first_violation", "first_violation_end", "violation_low", "violation_high", "violation_open",
    "violation_low_ids", "violation_low_quotes", "violation_high_ids", "violation_high_quotes",
    "ended", "ended_end", "end_bound", "end_low", "end_high", "end_open",
    "end_low_ids", "end_low_quotes", "end_high_ids", "end_high_quotes",
]


def present(value) -> bool:
    return value is not None and not pd.isna(value)


def text_or_empty(value) -> str:
    return "" if not present(value) else str(value)


def _evidence(group: pd.DataFrame, kind: str, text: str, bound: str | None = None) -> pd.DataFrame:
    """Events of ``kind`` whose ``at`` is written exactly as ``text`` (the ones that back a curated date)."""
    if group.empty or not text:
        return group.iloc[0:0]
    found = group[(group["event"] == kind) & (group["at_text"] == text)]
    if bound is not None and (found["bound"] == bound).any():
        found = found[found["bound"] == bound]
    return found.sort_values("event_id")


def _ids_quotes(frame: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    frame = frame.sort_values("event_id")
    return tuple(frame["event_id"].astype(str)), tuple(frame["quote"].astype(str))


def _span(low: pd.Timestamp, high: pd.Timestamp, s_low: pd.Timestamp, s_high: pd.Timestamp):
    """Duration interval from a start [s_low, s_high) to a moment [low, high)."""
    return max(pd.Timedelta(0), low - s_high), high - s_low


def _one(cf: pd.Series, group: pd.DataFrame, kinds: tuple[str, ...]) -> dict:
    row = {c: None for c in _COLUMNS}
    row.update(ceasefire_id=cf["ceasefire_id"], name=cf.get("name", cf["ceasefire_id"]),
               kind=text_or_empty(cf.get("kind")), end_type=text_or_empty(cf.get("end_type")),
               violation_kinds="|".join(kinds), end_bound=text_or_empty(cf.get("ended_bound")) if present(cf.get("ended_at")) else "")
    empty: tuple[str, ...] = ()
    for column in ("start_ids", "start_quotes", "violation_ids", "excluded_ids", "violation_low_ids",
                   "violation_low_quotes", "violation_high_ids", "violation_high_quotes",
                   "end_low_ids", "end_low_quotes", "end_high_ids", "end_high_quotes"):
        row[column] = empty

    # The start: when it took effect, else when it was agreed (then durations say so).
    start_event = ""
    for column, kind in (("effective_at", "effective"), ("agreed_at", "agreed")):
        if present(cf.get(column)):
            start_event = kind
            break
    row["start_event"] = start_event
    row["violation_open"] = True
    row["end_open"] = True
    if not start_event:
        return row  # nothing to measure from: every duration stays unknown
    s_low, s_high = cf[column], cf[f"{column}_end"]
    s_text = text_or_empty(cf.get(f"{column}_text"))
    row.update(start=s_low, start_end=s_high, start_text=s_text,
               start_precision=text_or_empty(cf.get(column.replace("_at", "_precision"))))
    row["start_ids"], row["start_quotes"] = _ids_quotes(_evidence(group, start_event, s_text))

    # Reported violations: not_after events may have happened as early as the start.
    counted = group[group["event"].isin(kinds)].sort_values("event_id")
    lows = counted["at"].where(counted["bound"] != "not_after", s_low)
    highs = counted["at_end"]
    before = highs <= s_low  # wholly before the start: not a violation of this ceasefire
    row["excluded_ids"] = tuple(counted.loc[before, "event_id"].astype(str))
    counted, lows, highs = counted[~before], lows[~before].clip(lower=s_low), highs[~before]
    row["violation_ids"] = tuple(counted["event_id"].astype(str))
    row["violation_low"] = pd.Timedelta(0)
    if len(counted):
        v_low, v_high = lows.min(), highs.min()
        row.update(first_violation=v_low, first_violation_end=v_high, violation_open=False)
        row["violation_low"], row["violation_high"] = _span(v_low, v_high, s_low, s_high)
        row["violation_low_ids"], row["violation_low_quotes"] = _ids_quotes(counted[lows == v_low])
        row["violation_high_ids"], row["violation_high_quotes"] = _ids_quotes(counted[highs == v_high])

    # The end, as curated in ceasefires.csv; not_after means "at or before", so as early as the start.
    row["end_low"] = pd.Timedelta(0)
    if present(cf.get("ended_at")):
        bound = row["end_bound"] or "on"
        e_low = s_low if bound == "not_after" else max(cf["ended_at"], s_low)
        e_high = cf["ended_at_end"]
        row.update(ended=e_low, ended_end=e_high, end_open=False)
        row["end_low"], row["end_high"] = _span(e_low, e_high, s_low, s_high)
        ids_quotes = _ids_quotes(_evidence(group, "ended", text_or_empty(cf.get("ended_at_text")), bound))
        row["end_low_ids"], row["end_low_quotes"] = ids_quotes
        row["end_high_ids"], row["end_high_quotes"] = ids_quotes
    return row


# -- evidence -------------------------------------------------------------------------------------
def bound_evidence(dataset, table: pd.DataFrame) -> pd.DataFrame:
    """One row per (ceasefire, measure, event) that sets a bound, with the event's words and source.

    Parameters
    ----------
    dataset : warclaims.Dataset
        The dataset ``table`` was computed from (for the events, actors and sources).
    table : pandas.DataFrame
        Output of :func:`durations`.

    Returns
    -------
    pandas.DataFrame
        Columns ``ceasefire_id, name, measure`` (start|first_violation|end), ``sets`` (what the event
        bounds: "start", "lower bound", "upper bound" or "both bounds"), ``event_id, event, at_text,
        precision, bound, claimant, claimant_name, accused, accused_name, source_id, source_title,
        outlet`` (empty when the source names none), ``published_text, published_basis`` (the
        source's publication date, which a ``not_after`` date often is), ``quote``. Laid out once per
        ``table`` (:func:`~warclaims.analysis.kept.kept`: it is not changed meanwhile), for the report's
        tables, chart and download alike.
    """
    return kept(table, f"bound evidence from {id(dataset)}", lambda: _bound_evidence(dataset, table)).copy()


def _bound_evidence(dataset, table: pd.DataFrame) -> pd.DataFrame:
    events = dataset.ceasefire_events.set_index("event_id")
    names = dataset.actors.set_index("actor_id")["name"] if "actors" in dataset.tables else pd.Series(dtype=str)
    sources = dataset.sources.set_index("source_id")
    records = []
    for _, row in table.iterrows():
        plan = [("start", row["start_ids"], row["start_ids"]),
                ("first_violation", row["violation_low_ids"], row["violation_high_ids"]),
                ("end", row["end_low_ids"], row["end_high_ids"])]
        for measure, low_ids, high_ids in plan:
            for event_id in sorted(set(low_ids) | set(high_ids)):
                if measure == "start":
                    sets = "start"
                elif event_id in low_ids and event_id in high_ids:
                    sets = "both bounds"
                else:
                    sets = "lower bound" if event_id in low_ids else "upper bound"
                event = events.loc[event_id]
                claimant, accused = text_or_empty(event.get("claimant")), text_or_empty(event.get("accused"))
                source = sources.loc[event["source_id"]] if event["source_id"] in sources.index else pd.Series(dtype=object)
                records.append({
                    "ceasefire_id": row["ceasefire_id"], "name": row["name"], "measure": measure, "sets": sets,
                    "event_id": event_id, "event": event["event"], "at_text": event["at_text"],
                    "precision": event["precision"], "bound": event["bound"], "claimant": claimant,
                    "claimant_name": text_or_empty(names.get(claimant, "")) if claimant else "",
                    "accused": accused, "accused_name": text_or_empty(names.get(accused, "")) if accused else "",
                    "source_id": event["source_id"], "source_title": text_or_empty(source.get("title")),
                    "outlet": text_or_empty(source.get("outlet")),
                    "published_text": text_or_empty(source.get("published_text")),
                    "published_basis": text_or_empty(source.get("published_basis")), "quote": event["quote"],
                })
    columns = ["ceasefire_id", "name", "measure", "sets", "event_id", "event", "at_text", "precision", "bound",
               "claimant", "claimant_name", "accused", "accused_name", "source_id", "source_title", "outlet",
               "published_text", "published_basis", "quote"]
    return pd.DataFrame(records, columns=columns)


def duration_unit(low, high, unit: str = "hours") -> str:
    """The unit to show a duration in: ``unit`` (hours|days), or years when a bound reaches a year."""
    if unit not in DURATION_UNITS:
        raise ValueError(f"duration unit {unit!r}: expected one of {', '.join(DURATION_UNITS)}")
    longest = max((v for v in (low, high) if present(v)), default=pd.Timedelta(0))
    return "years" if longest >= YEAR else unit
