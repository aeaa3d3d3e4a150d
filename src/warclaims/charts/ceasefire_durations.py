"""How long each ceasefire lasted: both durations of every ceasefire as interval bars on a log time
axis, so the minutes of a humanitarian truce and the decades of a long ceasefire fit one chart; a
matplotlib figure (:func:`durations_figure`) and an Altair chart (:func:`durations_chart`).

A log axis has no zero: a lower bound of 0 is drawn from a floor (:data:`FLOOR`, one minute) with an
open, arrow-shaped end. At most :data:`~warclaims.budget.MAX_CEASEFIRES` ceasefires (the earliest) are
drawn; the subtitle says how many were left out.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from matplotlib import patches
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator

from warclaims.analysis import bound_evidence
from warclaims.budget import MAX_CEASEFIRES, TOOLTIP_EVENTS, TOOLTIP_SOURCES
from warclaims.charts import describe, style
from warclaims.charts.ceasefire_moments import COLOURS, limit_ceasefires
from warclaims.text.ceasefires import describe_evidence, duration_report, format_duration

#: Where a zero lower bound starts on the log axis of the duration chart.
FLOOR = pd.Timedelta(minutes=1)
TITLE = "How long did each ceasefire last?"
#: Tick marks of the log duration axis, in minutes.
_DURATION_TICKS = {1: "1 minute", 60: "1 hour", 24 * 60: "1 day", 7 * 24 * 60: "1 week",
                   int(30.4375 * 24 * 60): "1 month", int(365.25 * 24 * 60): "1 year",
                   int(3652.5 * 24 * 60): "10 years", int(36525 * 24 * 60): "100 years"}
_KINDS = ["to first reported violation", "to end"]
_BAR_COLUMNS = ["ceasefire", "order", "duration", "low", "high", "low_is_floor", "open", "interval", "measured_from",
                "lower_set_by", "upper_set_by", "sources"]


def _set_by(text: pd.Series, bound: pd.DataFrame, is_open: bool) -> dict[str, str]:
    """Who set each bound of one duration: the report's words, or the first :data:`TOOLTIP_EVENTS`
    tied events and how many more."""
    set_by = {}
    for column, sets in (("lower bound set by", "lower bound"), ("upper bound set by", "upper bound")):
        events = bound[bound["sets"].isin([sets, "both bounds"])]
        set_by[column] = text[column] if is_open or len(events) <= TOOLTIP_EVENTS else (
            describe_evidence(events.head(TOOLTIP_EVENTS))
            + f"\n… and {len(events) - TOOLTIP_EVENTS:,} more events that set it equally")
    return set_by


def _sources_text(sources: list[str], outlets: pd.Series) -> str:
    if len(sources) > TOOLTIP_SOURCES:
        sources = [*sources[:TOOLTIP_SOURCES], f"and {len(sources) - TOOLTIP_SOURCES:,} more"]
    return "; ".join(f"{s} ({style.outlet_or_default(outlets.get(s, ''))})" if s in outlets.index else s
                     for s in sources)


def _bars(dataset, table: pd.DataFrame, unit: str, floor: pd.Timedelta) -> pd.DataFrame:
    """One row per (ceasefire, duration): the bar in minutes, its open ends and its tooltip texts."""
    report = duration_report(dataset, table, unit)
    outlets = dataset.sources.set_index("source_id")["outlet"]
    evidence = bound_evidence(dataset, table)
    records = []
    for index, (_, row) in enumerate(table.iterrows()):
        for measure, prefix in (("first reported violation", "violation"), ("end", "end")):
            low, high, is_open = row[f"{prefix}_low"], row[f"{prefix}_high"], bool(row[f"{prefix}_open"])
            if not row["start_event"]:
                continue
            text = report[(report["ceasefire"] == row["name"]) & (report["to"] == measure)].iloc[0]
            mine = evidence[(evidence["ceasefire_id"] == row["ceasefire_id"])]
            bound = mine[mine["measure"] == ("first_violation" if prefix == "violation" else "end")]
            set_by = _set_by(text, bound, is_open)
            records.append({
                "ceasefire": row["name"], "order": index, "duration": f"to {measure}",
                "low": max(low, floor) / pd.Timedelta(minutes=1),
                "high": high / pd.Timedelta(minutes=1) if pd.notna(high) else np.nan,
                "low_is_floor": bool(low < floor), "open": is_open,
                "interval": format_duration(low, high, unit),
                "measured_from": text["measured from"], "lower_set_by": set_by["lower bound set by"],
                "upper_set_by": set_by["upper bound set by"],
                "sources": _sources_text(sorted(set(mine["source_id"])), outlets),
            })
    return pd.DataFrame(records, columns=_BAR_COLUMNS)


def _duration_limits(bars: pd.DataFrame, floor: pd.Timedelta) -> tuple[float, float]:
    floor_minutes = floor / pd.Timedelta(minutes=1)
    finite = bars["high"].dropna()
    top = max(finite.max() if len(finite) else floor_minutes * 60, floor_minutes * 10)
    # A decade of room on the right for the written interval beside the longest bar.
    return floor_minutes / 3, top * 10


def _floor_text(floor: pd.Timedelta) -> str:
    minutes = floor / pd.Timedelta(minutes=1)
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


# -- matplotlib ---------------------------------------------------------------------------------------
def _draw_bar(ax, y: int, bar: pd.Series, hi: float) -> None:
    """One duration: the interval it lies in, as a pale dashed band with a tick at each known bound (not
    a solid bar: "0-60 hours" must not read as "lasted 60 hours"), ◁ at a floored lower bound, ▷ at an
    open end, the interval written."""
    colour = COLOURS[bar["duration"]]
    right = bar["high"] if pd.notna(bar["high"]) else hi
    ax.barh(y, right - bar["low"], left=bar["low"], height=0.5, facecolor=colour, alpha=0.18 if not bar["open"] else 0.08,
            edgecolor="none")
    ax.barh(y, right - bar["low"], left=bar["low"], height=0.5, facecolor="none", edgecolor=colour, linewidth=1.0,
            linestyle=(0, (4, 2)))
    # A tick at each bound the data sets; an edge keeps a narrow interval (25.7-26.8 years) visible.
    known = [v for v, shown in ((bar["low"], not bar["low_is_floor"]), (right, not bar["open"])) if shown]
    ax.plot(known, [y] * len(known), marker="|", markersize=16, markeredgewidth=2.2, color=colour, linestyle="")
    if bar["low_is_floor"]:  # open end: the true lower bound is below the floor (often 0)
        ax.plot([bar["low"]], [y], marker="<", markersize=9, markerfacecolor="white", markeredgecolor=colour,
                markeredgewidth=1.5, linestyle="")
    if bar["open"]:
        ax.plot([hi], [y], marker=">", markersize=9, markerfacecolor="white", markeredgecolor=colour,
                markeredgewidth=1.5, linestyle="", clip_on=False)
    ax.annotate(bar["interval"], (right if not bar["open"] else hi, y), xytext=(10 if bar["open"] else 5, 0),
                textcoords="offset points",
                va="center", fontsize=8, annotation_clip=False)


def _duration_legend(ax, floor: pd.Timedelta) -> None:
    # Below the axis: the interval labels at the bars' right ends need the space beside it.
    ax.legend(handles=[patches.Patch(facecolor=COLOURS["to first reported violation"], alpha=0.35, linestyle="--",
                                     edgecolor=COLOURS["to first reported violation"],
                                     label="to first reported violation (report or accusation): somewhere in the band"),
                       patches.Patch(facecolor=COLOURS["to end"], alpha=0.35, linestyle="--", edgecolor=COLOURS["to end"],
                                     label="to end: somewhere in the band"),
                       Line2D([], [], marker="|", color="#444444", linestyle="", markersize=12, markeredgewidth=2,
                              label="a bound the sources set"),
                       Line2D([], [], marker="<", color="#444444", markerfacecolor="white", linestyle="",
                              label=f"lower bound 0 (drawn from {_floor_text(floor)})"),
                       Line2D([], [], marker=">", color="#444444", markerfacecolor="white", linestyle="",
                              label="open: no violation / no end in the data")],
              loc="upper left", bbox_to_anchor=(0, -0.14), ncol=2, fontsize=8, frameon=False)


def durations_figure(dataset, table: pd.DataFrame, unit: str = "hours", *, floor: pd.Timedelta = FLOOR,
                     max_ceasefires: int = MAX_CEASEFIRES) -> Figure:
    """Print version of the duration comparison: interval bars on a log time axis.

    Parameters
    ----------
    dataset : warclaims.Dataset
    table : pandas.DataFrame
        Output of :func:`warclaims.analysis.durations`.
    unit : {"hours", "days"}
        Unit of the written intervals (years are used automatically for long spans).
    floor : pandas.Timedelta
        Where a lower bound of 0 (or anything shorter) starts on the log axis; drawn as an open,
        arrow-shaped end.
    max_ceasefires : int
        Ceasefires drawn at most (the earliest); the subtitle says how many were left out.
    """
    table, rows_note = limit_ceasefires(dataset, table, None, None, max_ceasefires)
    bars = _bars(dataset, table, unit, floor)
    lo, hi = _duration_limits(bars, floor)
    fig = style.new_figure(
        11, 0.55 * max(len(bars), 1) + 1.9, TITLE,
        "Time from the start to the first reported violation and to the end, as intervals. A log axis has no "
        f"zero: a lower bound of 0 is drawn from {_floor_text(floor)} (◁)." + (f" {rows_note}" if rows_note else ""),
        style.source_line(dataset))
    ax = fig.subplots()
    for i, (_, bar) in enumerate(bars.iterrows()):
        _draw_bar(ax, len(bars) - 1 - i, bar, hi)
    ax.set_yticks(range(len(bars) - 1, -1, -1), [f"{b['ceasefire']}\n{b['duration']}" for _, b in bars.iterrows()],
                  fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = {m: t for m, t in _DURATION_TICKS.items() if lo <= m <= hi}
    ax.set_xticks(list(ticks), list(ticks.values()), fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("Time from the start (effective, else agreed), log scale")
    _duration_legend(ax, floor)
    return describe.attach(fig, describe.ceasefires(TITLE, table, unit, "Durations, as intervals,"))


# -- Altair -------------------------------------------------------------------------------------------
_TOOLTIP = [alt.Tooltip("ceasefire:N"), alt.Tooltip("duration:N"), alt.Tooltip("interval:N"),
            alt.Tooltip("measured_from:N", title="measured from"),
            alt.Tooltip("lower_set_by:N", title="lower bound set by"),
            alt.Tooltip("upper_set_by:N", title="upper bound set by"), alt.Tooltip("sources:N", title="sources (outlet)")]


def durations_chart(dataset, table: pd.DataFrame, unit: str = "hours", *, floor: pd.Timedelta = FLOOR,
                    max_ceasefires: int = MAX_CEASEFIRES) -> alt.VConcatChart:
    """Interactive duration comparison; the tooltip of each bar quotes the events that set its bounds.

    At most ``max_ceasefires`` ceasefires (the earliest) are drawn; the subtitle says how many were left out.
    """
    table, rows_note = limit_ceasefires(dataset, table, None, None, max_ceasefires)
    bars = _bars(dataset, table, unit, floor)
    lo, hi = _duration_limits(bars, floor)
    bars["right"] = bars["high"].fillna(hi)
    order = [f"{c}" for c in dict.fromkeys(bars["ceasefire"])]
    ticks = {m: t for m, t in _DURATION_TICKS.items() if lo <= m <= hi}
    label_expr = " : ".join(f"datum.value == {m} ? '{t}'" for m, t in ticks.items()) + " : ''"
    log = alt.Scale(type="log", domain=[lo, hi])
    x = alt.X("low:Q", scale=log, axis=alt.Axis(values=list(ticks), labelExpr=label_expr, grid=True),
              title="Time from the start (effective, else agreed), log scale")
    right = alt.X("right:Q", scale=log)
    y = alt.Y("ceasefire:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    y_offset = alt.YOffset("duration:N", sort=_KINDS)
    duration_scale = alt.Scale(domain=_KINDS, range=[COLOURS[k] for k in _KINDS])
    colour = alt.Color("duration:N", title="Duration", sort=_KINDS, scale=duration_scale)
    base = alt.Chart(bars.drop(columns=["order"]))
    # A stroke keeps a narrow interval (25.7-26.8 years is a sliver on a log axis) visible.
    stroke = alt.Stroke("duration:N", title="Duration", sort=_KINDS, scale=duration_scale)  # merges with the colour legend
    # A pale dashed band with a tick at each known bound, not a solid bar: "0-60 hours" is an interval
    # the duration lies in, not "lasted 60 hours".
    bar = base.mark_bar(clip=True, strokeWidth=1, strokeDash=[4, 2]).encode(
        x=x, x2="right:Q", y=y, yOffset=y_offset, color=colour, stroke=stroke, tooltip=_TOOLTIP,
        fillOpacity=alt.condition("datum.open", alt.value(0.08), alt.value(0.2)))
    bounds = [base.transform_filter(condition).mark_tick(thickness=2.5, size=18).encode(
        x=field, y=y, yOffset=y_offset, color=colour, tooltip=_TOOLTIP)
        for condition, field in (("!datum.low_is_floor", x), ("!datum.open", right))]
    floor_marks = base.transform_filter("datum.low_is_floor").mark_point(
        shape="triangle-left", filled=False, size=90, strokeWidth=1.5).encode(
        x=x, y=y, yOffset=y_offset, color=colour, tooltip=_TOOLTIP)
    open_marks = base.transform_filter("datum.open").mark_point(
        shape="triangle-right", filled=False, size=90, strokeWidth=1.5).encode(
        x=right, y=y, yOffset=y_offset, color=colour, tooltip=_TOOLTIP)
    text = base.mark_text(align="left", dx=5, fontSize=10).encode(x=right, y=y, yOffset=y_offset, text="interval:N")
    chart = alt.layer(bar, *bounds, floor_marks, open_marks, text).properties(width=640, height=max(70 * len(order), 90))
    return style.altair_titled(
        chart, TITLE,
        ["Time from the start to the first reported violation and to the end, as intervals.",
         "Hover a bar for the quotes that set its bounds.",
         f"◁ lower bound 0, drawn from {_floor_text(floor)} (a log axis has no zero).",
         "▷ open: no violation, or no end, in the data.", *([rows_note] if rows_note else [])],
        style.source_line(dataset), describe.ceasefires(TITLE, table, unit, "Durations, as intervals,"))
