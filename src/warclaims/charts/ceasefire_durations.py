"""How long each ceasefire lasted: both durations of every ceasefire as interval bars, on time axes
chosen from the data (:mod:`warclaims.charts.duration_scale`): a ceasefire orders of magnitude longer
than the others gets a panel and an axis of its own, and each axis is linear (from a true zero) or
logarithmic; a matplotlib figure (:func:`durations_figure`) and an Altair chart (:func:`durations_chart`).

On a log axis a lower bound of 0 is drawn from a floor (:data:`FLOOR`, one minute) with an open,
arrow-shaped end. At most :data:`~warclaims.budget.MAX_CEASEFIRES` ceasefires (the earliest) are
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
from warclaims.charts import describe, duration_scale, style
from warclaims.charts.ceasefire_moments import COLOURS, limit_ceasefires
from warclaims.charts.duration_scale import FLOOR, Panel
from warclaims.text import words
from warclaims.text.ceasefire_events import sources_by_id
from warclaims.text.ceasefires import describe_evidence, duration_report, format_duration

TITLE = "How long did each ceasefire last?"
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


def _sources_text(sources: list[str], said: pd.Series) -> str:
    """The sources of a duration by title and outlet (the first :data:`TOOLTIP_SOURCES`, then a count)."""
    shown = [said.get(s, "an unlisted source") for s in sources[:TOOLTIP_SOURCES]]
    if len(sources) > TOOLTIP_SOURCES:
        shown.append(f"and {len(sources) - TOOLTIP_SOURCES:,} more")
    return "; ".join(shown)


def _bars(dataset, table: pd.DataFrame, unit: str, panels: list[Panel], floor: pd.Timedelta) -> pd.DataFrame:
    """One row per (ceasefire, duration): the bar in minutes on its panel's axis (``order``: the panel),
    its open ends and its tooltip texts. On a log axis a lower bound below ``floor`` starts at it."""
    report = duration_report(dataset, table, unit)
    said = sources_by_id(dataset)
    evidence = bound_evidence(dataset, table)
    panel_of = {key: (i, p.scale) for i, p in enumerate(panels) for key in p.ids}
    records = []
    for _, row in table.iterrows():
        for measure, prefix in (("first reported violation", "violation"), ("end", "end")):
            low, high, is_open = row[f"{prefix}_low"], row[f"{prefix}_high"], bool(row[f"{prefix}_open"])
            if not row["start_event"]:
                continue
            index, scale = panel_of[row["ceasefire_id"]]
            floored = scale == "log" and low < floor
            text = report[(report["ceasefire"] == row["name"]) & (report["to"] == measure)].iloc[0]
            mine = evidence[(evidence["ceasefire_id"] == row["ceasefire_id"])]
            bound = mine[mine["measure"] == ("first_violation" if prefix == "violation" else "end")]
            set_by = _set_by(text, bound, is_open)
            records.append({
                "ceasefire": row["name"], "order": index, "duration": f"to {measure}",
                "low": (floor if floored else low) / pd.Timedelta(minutes=1),
                "high": high / pd.Timedelta(minutes=1) if pd.notna(high) else np.nan,
                "low_is_floor": bool(floored), "open": is_open,
                "interval": format_duration(low, high, unit),
                "measured_from": text["measured from"], "lower_set_by": set_by["lower bound set by"],
                "upper_set_by": set_by["upper bound set by"],
                "sources": _sources_text(sorted(set(mine["source_id"])), said),
            })
    return pd.DataFrame(records, columns=_BAR_COLUMNS)


def axes_text(table: pd.DataFrame, unit: str = "hours", scale: str = "auto", *, floor: pd.Timedelta = FLOOR,
              max_ceasefires: int = MAX_CEASEFIRES) -> str:
    """What the duration chart's time axes are, for the page: written from the axes the chart draws for
    the same arguments (:func:`warclaims.charts.duration_scale.explain`)."""
    table = table.head(max_ceasefires)  # the ceasefires the chart draws (limit_ceasefires, no window)
    return duration_scale.explain(duration_scale.plan(table, unit, scale, floor), unit, scale, floor)


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


def _duration_legend(ax, bars: pd.DataFrame, floor: pd.Timedelta) -> None:
    """The legend under the last panel, listing only what is drawn."""
    handles = [patches.Patch(facecolor=COLOURS[kind], alpha=0.35, linestyle="--", edgecolor=COLOURS[kind], label=label)
               for kind, label in (("to first reported violation",
                                    "to first reported violation (report or accusation): somewhere in the band"),
                                   ("to end", "to end: somewhere in the band")) if kind in set(bars["duration"])]
    handles.append(Line2D([], [], marker="|", color="#444444", linestyle="", markersize=12, markeredgewidth=2,
                          label="a bound the sources set"))
    if bars["low_is_floor"].any():
        handles.append(Line2D([], [], marker="<", color="#444444", markerfacecolor="white", linestyle="",
                              label=f"lower bound 0 (drawn from {_floor_text(floor)}: a log axis has no zero)"))
    if bars["open"].any():
        handles.append(Line2D([], [], marker=">", color="#444444", markerfacecolor="white", linestyle="",
                              label="open: no violation / no end in the data"))
    # Below the axis: the interval labels at the bars' right ends need the space beside it.
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.14 if len(bars) > 2 else -0.3), ncol=2,
              fontsize=8, frameon=False)


def _subtitle(panels: list[Panel], bars: pd.DataFrame, floor: pd.Timedelta, rows_note: str) -> list[str]:
    """How to read the chart, one line per point, only for what is drawn."""
    lines = ["Time from the start to the first reported violation and to the end, as intervals."]
    if len(panels) > 1:
        lines.append(f"Durations orders of magnitude apart: {len(panels)} panels, each with its own time axis.")
    if bars["low_is_floor"].any():
        lines.append(f"◁ lower bound 0, drawn from {_floor_text(floor)} (a log axis has no zero).")
    if bars["open"].any():
        lines.append("▷ open: no violation, or no end, in the data.")
    return [*lines, *([rows_note] if rows_note else [])]


def _panel_title(panel: Panel, count: int) -> str:
    """A panel's title when there are several: "Linear axis in years (1 ceasefire, bounds up to 26.8 years)"."""
    if count == 1:
        return ""
    kind = "Log axis" if panel.scale == "log" else f"Linear axis in {panel.unit}"
    return f"{kind} ({words.plural(len(panel.ids), 'ceasefire')}, bounds up to {duration_scale.length(panel.top)})"


def durations_figure(dataset, table: pd.DataFrame, unit: str = "hours", *, scale: str = "auto",
                     floor: pd.Timedelta = FLOOR, max_ceasefires: int = MAX_CEASEFIRES) -> Figure:
    """Print version of the duration comparison: interval bars, one panel per time axis.

    Parameters
    ----------
    dataset : warclaims.Dataset
    table : pandas.DataFrame
        Output of :func:`warclaims.analysis.durations`.
    unit : {"hours", "days"}
        Unit of the written intervals and of a linear axis (years are used automatically for long spans).
    scale : {"auto", "linear", "log"}
        The time axes (:func:`warclaims.charts.duration_scale.plan`): "auto" chooses each from the data.
    floor : pandas.Timedelta
        Where a lower bound of 0 (or anything shorter) starts on a log axis; drawn as an open,
        arrow-shaped end.
    max_ceasefires : int
        Ceasefires drawn at most (the earliest); the subtitle says how many were left out.
    """
    table, rows_note = limit_ceasefires(dataset, table, None, None, max_ceasefires)
    panels = duration_scale.plan(table, unit, scale, floor)
    bars = _bars(dataset, table, unit, panels, floor)
    counts = [max(int((bars["order"] == i).sum()), 1) for i in range(len(panels))] or [1]
    fig = style.new_figure(11, 0.55 * sum(counts) + 0.5 * len(panels) + 1.4, TITLE,
                           " ".join(_subtitle(panels, bars, floor, rows_note)), style.source_line(dataset))
    axes = list(np.atleast_1d(fig.subplots(len(counts), 1, height_ratios=counts)))
    for index, (ax, panel) in enumerate(zip(axes, panels)):
        mine = bars[bars["order"] == index].reset_index(drop=True)
        for i, (_, bar) in enumerate(mine.iterrows()):
            _draw_bar(ax, len(mine) - 1 - i, bar, panel.high)
        ax.set_yticks(range(len(mine) - 1, -1, -1), [f"{b['ceasefire']}\n{b['duration']}" for _, b in mine.iterrows()],
                      fontsize=8)
        ax.set_ylim(-0.6, len(mine) - 0.4)
        ax.set_xscale(panel.scale)
        ax.set_xlim(panel.low, panel.high)
        ax.set_xticks([m for m, _ in panel.ticks], [t for _, t in panel.ticks], fontsize=8)
        ax.xaxis.set_minor_locator(NullLocator())
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_xlabel(panel.title, fontsize=9)
        ax.set_title(_panel_title(panel, len(panels)), loc="left", fontsize=9)
    if panels:
        _duration_legend(axes[-1], bars, floor)
    else:  # nothing to measure: an empty frame under the title
        axes[0].set_yticks([])
    return describe.attach(fig, describe.ceasefires(TITLE, table, unit, "Durations, as intervals,"))


# -- Altair -------------------------------------------------------------------------------------------
_TOOLTIP = [alt.Tooltip("ceasefire:N"), alt.Tooltip("duration:N"), alt.Tooltip("interval:N"),
            alt.Tooltip("measured_from:N", title="measured from"),
            alt.Tooltip("lower_set_by:N", title="lower bound set by"),
            alt.Tooltip("upper_set_by:N", title="upper bound set by"), alt.Tooltip("sources:N", title="sources (outlet)")]


def _panel_chart(bars: pd.DataFrame, panel: Panel, colour, stroke, title: str):
    """One time axis of the interactive chart: pale dashed bands, a tick at each known bound, ◁ at a
    floored lower bound, ▷ at an open end, the interval written beside."""
    bars = bars.assign(right=bars["high"].fillna(panel.high))
    order = list(dict.fromkeys(bars["ceasefire"]))
    labels = " : ".join(f"datum.value == {m} ? '{t}'" for m, t in panel.ticks) + " : ''"
    scale = alt.Scale(type=panel.scale, domain=[panel.low, panel.high], nice=False)
    x = alt.X("low:Q", scale=scale, title=panel.title,
              axis=alt.Axis(values=[m for m, _ in panel.ticks], labelExpr=labels, grid=True))
    right = alt.X("right:Q", scale=scale)
    y = alt.Y("ceasefire:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    y_offset = alt.YOffset("duration:N", sort=_KINDS)
    base = alt.Chart(bars.drop(columns=["order"]))
    # A pale dashed band with a tick at each known bound, not a solid bar: "0-60 hours" is an interval
    # the duration lies in, not "lasted 60 hours". A stroke keeps a narrow interval visible.
    bar = base.mark_bar(clip=True, strokeWidth=1, strokeDash=[4, 2]).encode(
        x=x, x2="right:Q", y=y, yOffset=y_offset, color=colour, stroke=stroke, tooltip=_TOOLTIP,
        fillOpacity=alt.condition("datum.open", alt.value(0.08), alt.value(0.2)))
    bounds = [base.transform_filter(condition).mark_tick(thickness=2.5, size=18).encode(
        x=field, y=y, yOffset=y_offset, color=colour, tooltip=_TOOLTIP)
        for condition, field in (("!datum.low_is_floor", x), ("!datum.open", right))]
    marks = [bar, *bounds]
    if bars["low_is_floor"].any():
        marks.append(base.transform_filter("datum.low_is_floor").mark_point(
            shape="triangle-left", filled=False, size=90, strokeWidth=1.5).encode(
            x=x, y=y, yOffset=y_offset, color=colour, tooltip=_TOOLTIP))
    if bars["open"].any():
        marks.append(base.transform_filter("datum.open").mark_point(
            shape="triangle-right", filled=False, size=90, strokeWidth=1.5).encode(
            x=right, y=y, yOffset=y_offset, color=colour, tooltip=_TOOLTIP))
    marks.append(base.mark_text(align="left", dx=5, fontSize=10).encode(x=right, y=y, yOffset=y_offset,
                                                                         text="interval:N"))
    return alt.layer(*marks).properties(width=640, height=max(70 * len(order), 90),
                                        **({"title": alt.TitleParams(title, anchor="start", fontSize=11,
                                                                     fontWeight="normal")} if title else {}))


def durations_chart(dataset, table: pd.DataFrame, unit: str = "hours", *, scale: str = "auto",
                    floor: pd.Timedelta = FLOOR, max_ceasefires: int = MAX_CEASEFIRES) -> alt.VConcatChart:
    """Interactive duration comparison; the tooltip of each bar quotes the events that set its bounds.
    Same parameters as :func:`durations_figure`."""
    table, rows_note = limit_ceasefires(dataset, table, None, None, max_ceasefires)
    panels = duration_scale.plan(table, unit, scale, floor)
    bars = _bars(dataset, table, unit, panels, floor)
    kinds = [k for k in _KINDS if k in set(bars["duration"])]  # the legend: only what is drawn
    duration_colours = alt.Scale(domain=kinds, range=[COLOURS[k] for k in kinds])
    colour = alt.Color("duration:N", title="Duration", sort=kinds, scale=duration_colours)
    stroke = alt.Stroke("duration:N", title="Duration", sort=kinds, scale=duration_colours)  # merges with the colour legend
    charts = [_panel_chart(bars[bars["order"] == i], panel, colour, stroke, _panel_title(panel, len(panels)))
              for i, panel in enumerate(panels)]
    if not charts:  # nothing to measure: an empty chart with the same title
        charts = [alt.Chart(bars.drop(columns=["order"])).mark_bar().encode(x=alt.X("low:Q", title="Time from the start"))
                  .properties(width=640, height=90)]
    chart = alt.vconcat(*charts).resolve_scale(x="independent", y="independent")
    return style.altair_titled(
        chart, TITLE, [*_subtitle(panels, bars, floor, rows_note)[:1], "Hover a bar for the quotes that set its bounds.",
                       *_subtitle(panels, bars, floor, rows_note)[1:]],
        style.source_line(dataset), describe.ceasefires(TITLE, table, unit, "Durations, as intervals,"))
