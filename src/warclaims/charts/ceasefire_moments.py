"""What both ceasefire timelines share: the moments of each ceasefire as lanes, the window, the
ceasefires that fit a chart, the events as ticks, and local time on the axis.

Times are shown as local wall-clock time in the dataset's zone (``Dataset.zone``), which is how the
sources speak ("at midday Saturday"). Nothing here names this war's ceasefires, sides or metrics:
labels and colours come from the dataset's tables.
"""
from __future__ import annotations

import pandas as pd

from warclaims import dates
from warclaims.charts import binning, style
from warclaims.text.ceasefire_events import event_words, on_date, start_words
from warclaims.text.ceasefires import format_duration

#: Lanes of one ceasefire in the timeline, top to bottom.
LANES = ("agreed", "in force", "first reported violation", "end")
#: Colour of each lane, and of each duration of the duration chart: greys, black and one reddish
#: purple (Okabe-Ito's, colour-blind safe against greys and black), none of them a colour family of
#: :data:`warclaims.charts.style.BELLIGERENT_FAMILIES` or the neutral greens, so that on a ceasefire
#: page a colour never reads as a side. Reported violations, the moment a reader looks for, get the hue.
VIOLATION = "#cc79a7"
#: The agreed lane is drawn as an outline (:data:`OUTLINED`), so that it differs from an uncertain
#: stretch of "in force" (the same grey, pale) by more than a shade.
OUTLINED = ("agreed",)
COLOURS = {"agreed": "#3a3a3a", "in force": "#3a3a3a", "first reported violation": VIOLATION, "end": "#000000",
           "to first reported violation": VIOLATION, "to end": "#3a3a3a"}
TITLE = "Ceasefires in the war, and the claims made meanwhile"


def local(dataset, values):
    """UTC timestamps (a Series or one value) -> naive wall-clock times in the dataset's zone."""
    return dates.to_local(values, dataset.zone)


def iso(values: pd.Series) -> pd.Series:
    """Wall-clock times written as UTC ISO strings: with a ``utc`` scale Vega shows exactly them,
    whatever the reader's browser time zone."""
    return values.dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def date_axis_title(dataset) -> str:
    return f"Date ({style.zone_text(dataset)})"


def default_window(dataset, table: pd.DataFrame, claims: pd.DataFrame | None = None
                   ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time axis of the timeline when no dates are given (UTC, padded by 3% each side).

    The span of every moment known to the day or better: the claims' ``as_of`` and the ceasefires'
    agreed, effective and ended dates. Coarser moments (a month, a year: "the 1994 ceasefire", "clashes
    in July") would stretch the axis over years; they reach outside and are clipped with an arrow.
    With no such moment, the span of all of them.
    """
    rows = dataset.ceasefires[dataset.ceasefires["ceasefire_id"].isin(table["ceasefire_id"])]
    pairs = [(rows[c], rows[f"{c}_end"]) for c in ("agreed_at", "effective_at", "ended_at")]
    if claims is not None and len(claims):
        pairs.append((claims["as_of"], claims["as_of_end"]))
    lows = pd.concat([pd.Series(low, dtype="datetime64[ns, UTC]") for low, _ in pairs], ignore_index=True)
    highs = pd.concat([pd.Series(high, dtype="datetime64[ns, UTC]") for _, high in pairs], ignore_index=True)
    known = lows.notna() & highs.notna()
    lows, highs = lows[known], highs[known]
    if lows.empty:
        raise ValueError("nothing to draw: no dated ceasefire moment and no claims")
    # A day plus an hour: a local day is 24 hours, but leave room for a clock change.
    fine = (highs - lows) <= pd.Timedelta(hours=25)
    if fine.any():
        lows, highs = lows[fine], highs[fine]
    low, high = lows.min(), highs.max()
    pad = max((high - low) * 0.03, pd.Timedelta(hours=6))
    return low - pad, high + pad


def window(dataset, table: pd.DataFrame, claims: pd.DataFrame | None, start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``start`` and ``end`` (UTC), each defaulting to its side of :func:`default_window`."""
    default = default_window(dataset, table, claims)
    return (start if start is not None else default[0]), (end if end is not None else default[1])


def _moment_records(row: pd.Series, agreed: pd.DataFrame) -> list[dict]:
    """The lanes of one ceasefire (a row of :func:`warclaims.analysis.durations`)."""
    key = row["ceasefire_id"]
    base = {"ceasefire_id": key, "name": row["name"]}
    records = []
    if pd.notna(agreed.loc[key, "agreed_at"]):
        records.append({**base, "lane": "agreed", "low": agreed.loc[key, "agreed_at"],
                        "high": agreed.loc[key, "agreed_at_end"], "certain": False,
                        "what": f"agreed {on_date(agreed.loc[key, 'agreed_at_text'])}"})
    if row["start_event"]:
        end_high = row["ended_end"] if not row["end_open"] else pd.NaT
        records.append({**base, "lane": "in force", "low": row["start"], "high": end_high, "certain": False,
                        "what": f"possibly in force (from {start_words(row['start_event'], row['start_text'])},"
                                f" to {'its end' if not row['end_open'] else 'no end in the data'})"})
        if not row["end_open"] and row["ended"] > row["start_end"]:
            records.append({**base, "lane": "in force", "low": row["start_end"], "high": row["ended"],
                            "certain": True, "what": "in force for certain"})
    if not row["violation_open"] and row["start_event"]:
        records.append({**base, "lane": "first reported violation", "low": row["first_violation"],
                        "high": row["first_violation_end"], "certain": False,
                        "what": "first reported violation: "
                                + format_duration(row["violation_low"], row["violation_high"]) + " after the start"})
    if not row["end_open"]:
        records.append({**base, "lane": "end", "low": row["ended"], "high": row["ended_end"], "certain": False,
                        "what": f"ended ({row['end_type']}): "
                                + format_duration(row["end_low"], row["end_high"]) + " after the start"})
    return records


def moments(dataset, table: pd.DataFrame) -> pd.DataFrame:
    """One row per (ceasefire, lane): the interval drawn, how sure it is, and the label of its events."""
    agreed = dataset.ceasefires.set_index("ceasefire_id")
    records = [record for _, row in table.iterrows() for record in _moment_records(row, agreed)]
    frame = pd.DataFrame(records, columns=["ceasefire_id", "name", "lane", "low", "high", "certain", "what"])
    for column in ("low", "high"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def row_label(row: pd.Series, unit: str) -> str:
    """A ceasefire's name and both its durations, as the timeline figure labels its row."""
    start = "from agreement" if row["start_event"] == "agreed" else "from effect"
    return (f"{row['name']}\n{start}: violation {format_duration(row['violation_low'], row['violation_high'], unit)}"
            f"\nend {format_duration(row['end_low'], row['end_high'], unit)}")


def limit_ceasefires(dataset, table: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None,
                     limit: int) -> tuple[pd.DataFrame, str]:
    """At most ``limit`` ceasefires: those whose moments reach into ``[start, end]``, the earliest first.

    Returns the rows to draw (in ``table`` order) and a sentence for the subtitle ("" when all are drawn).
    Without a window (the duration chart) the earliest ``limit`` are drawn.
    """
    if len(table) <= limit:
        return table, ""
    total = len(table)
    if start is None or end is None:
        shown = table.head(limit)
        reason, parameters = f"the earliest {limit}", "a report on fewer ceasefires (its setting ceasefires) shows others"
    else:
        drawn = moments(dataset, table)
        reach = (drawn["low"] < end) & (drawn["high"].isna() | (drawn["high"] > start))  # NaT: open
        in_window = table[table["ceasefire_id"].isin(set(drawn.loc[reach, "ceasefire_id"]))]
        shown = in_window.head(limit)
        if len(in_window) > limit:
            reason = f"the earliest {limit} of the {len(in_window):,} in the window"
        else:
            reason = f"the {len(in_window):,} in the window" if len(in_window) else "none falls in the window"
        parameters = "a report on fewer ceasefires or other dates (its settings ceasefires, start_date and end_date) shows others"
    note = f"{len(shown):,} of {total:,} ceasefires shown ({reason}); {parameters}."
    return shown.reset_index(drop=True), note


#: Columns of an event tick, one per event (``event_id`` and ``source_id`` only for the mark's link).
EVENT_COLUMNS = ["name", "lane", "x", "event_id", "source_id", "kind", "when", "claimant", "accused", "source", "outlet",
                 "quote"]


def event_frame(dataset, table: pd.DataFrame) -> pd.DataFrame:
    """Every recorded event of the drawn ceasefires, placed at the middle of its interval on its lane
    (``x`` as text for Vega, ``at_local`` as a naive wall-clock time), in event-id order, with its kind,
    date, claimant, accused and source in words (:func:`~warclaims.text.ceasefire_events.event_words`)."""
    events = dataset.ceasefire_events[dataset.ceasefire_events["ceasefire_id"].isin(table["ceasefire_id"])].copy()
    violation_kinds = set(table["violation_kinds"].iloc[0].split("|")) if len(table) else set()
    lane = {"proposed": "agreed", "agreed": "agreed", "effective": "in force", "ended": "end"}
    events["lane"] = events["event"].map(lambda k: lane.get(k, "first reported violation" if k in violation_kinds
                                                           else "in force"))
    middle = events["at"] + (events["at_end"] - events["at"]) / 2
    # A not_after event is known only by its latest moment: put its tick there.
    where = middle.where(events["bound"] != "not_after", events["at_end"])
    events["at_local"] = local(dataset, where)
    events["x"] = iso(events["at_local"])
    events["name"] = events["ceasefire_id"].map(dict(zip(table["ceasefire_id"], table["name"])))
    said = event_words(dataset, events)
    events = events.drop(columns=["claimant", "accused"], errors="ignore").join(said.drop(columns="outlet"))
    events["outlet"] = said["outlet"].map(style.outlet_or_default)
    return events[[*EVENT_COLUMNS, "at_local"]].sort_values("event_id").reset_index(drop=True)


#: The bins a ceasefire timeline counts events and claims with: every rung, from an hour (ceasefires
#: are dated to the minute) to one bin over the whole window.
LADDER = binning.rungs("hour", "all")
