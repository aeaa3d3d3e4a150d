"""The ceasefire timeline, interactive (Altair): drag to pan, scroll to zoom the time axis; tooltips
quote every event.

Within the mark budget the ceasefire panel has one tick per recorded event (its kind, date, claimant,
accused, source by title, outlet and exact quote) and the claims panel one mark per figure with its quote.
Above it, ticks count the events per ceasefire, lane and time bin (:func:`binned_events`) and bars
count the figures per time bin and camp, each with one example and its quote; no embedded dataset has
more than the budget's rows.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from warclaims.budget import MAX_CEASEFIRES, MAX_MARKS
from warclaims.charts import binning, describe, style
from warclaims.charts import links as chart_links
from warclaims.charts.ceasefire_claims_chart import claims_charts
from warclaims.charts.ceasefire_moments import (COLOURS, EVENT_COLUMNS, LADDER, LANES, OUTLINED, TITLE, date_axis_title,
                                                event_frame, iso, limit_ceasefires, local, moments, window)

#: Columns of an aggregated event tick, one per ceasefire, lane and bin (``example_id`` traces the example;
#: no tooltip shows it).
_EVENT_BIN_COLUMNS = ["name", "lane", "x", "bin", "events", "kinds", "example_id", "example_kind", "when",
                      "claimant", "accused", "source", "outlet", "quote"]
_EVENT_SOURCE_TOOLTIP = [alt.Tooltip("claimant:N"), alt.Tooltip("accused:N", title="accused"),
                         alt.Tooltip("source:N"), alt.Tooltip("outlet:N"), alt.Tooltip("quote:N")]
_PAN_HINT = "Drag to pan, scroll to zoom the time axis."


def binned_events(frame: pd.DataFrame, x0: pd.Timestamp, x1: pd.Timestamp,
                  budget: int) -> tuple[pd.DataFrame, str, int]:
    """Events counted per ceasefire, lane and time bin (naive wall-clock ``x0``..``x1``, the window).

    Each row is drawn at the middle of its bin and keeps its first event (by id) as the example, with
    that event's date, claimant, accused, source, outlet and exact quote in words; ``kinds`` counts the
    events by kind ("violation reported: 3, accusation: 2"). Events outside the window are left out.
    Returns the rows, the bin and the number left out.
    """
    inside = frame[(frame["at_local"] >= x0) & (frame["at_local"] <= x1)]
    outside = len(frame) - len(inside)
    if inside.empty:
        return pd.DataFrame(columns=_EVENT_BIN_COLUMNS).astype({"events": "int64"}), "day", outside
    bin_name = binning.finest_bin(inside["at_local"], inside[["name", "lane"]], budget, LADDER, span=x1 - x0)
    low, high = binning.edges(inside["at_local"], bin_name)
    inside = inside.assign(low=low, high=high)  # already in event-id order
    keys = ["name", "lane", "low"]
    grouped = inside.groupby(keys, sort=True)
    out = grouped.head(1).set_index(keys).sort_index(kind="stable")
    out["events"] = grouped.size()
    kinds = inside.groupby([*keys, "kind"]).size().rename("n").reset_index()
    kinds["text"] = kinds["kind"] + ": " + kinds["n"].map("{:,}".format)
    out["kinds"] = kinds.groupby(keys)["text"].agg(", ".join)
    out = out.reset_index()
    out["high"] = out["high"].astype("datetime64[ns]")
    out["x"] = iso(out["low"] + (out["high"] - out["low"]) / 2)
    out["bin"] = binning.labels(out["low"], out["high"], bin_name)
    out["events"] = out["events"].astype(int)
    out = out.rename(columns={"event_id": "example_id", "kind": "example_kind"})
    return out[_EVENT_BIN_COLUMNS], bin_name, outside


def _event_ticks(frame: pd.DataFrame, start, end, budget: int, x_scale, y, y_offset, lane_colours):
    """The events as ticks (one each, or counted per bin above ``budget``), the subtitle lines that say
    how, and whether they are counted."""
    if len(frame) <= budget:
        values = chart_links.with_hrefs(frame[EVENT_COLUMNS], frame, "event")
        ticks = alt.Chart(values).mark_tick(thickness=2, size=9, clip=True).encode(
            x=alt.X("x:T", scale=x_scale), y=y, yOffset=y_offset, color=lane_colours, **chart_links.encoding(values),
            tooltip=[alt.Tooltip("name:N", title="ceasefire"), alt.Tooltip("kind:N", title="event"),
                     alt.Tooltip("when:N", title="date"),
                     *_EVENT_SOURCE_TOOLTIP],
        )
        return ticks, ["Ticks are the recorded events: hover for the quote. " + _PAN_HINT, *chart_links.hint(values)], False
    binned, bin_name, outside = binned_events(frame, start, end, budget)
    ticks = alt.Chart(binned).mark_tick(thickness=2, clip=True).encode(
        x=alt.X("x:T", scale=x_scale), y=y, yOffset=y_offset, color=lane_colours,
        size=alt.Size("events:Q", title=f"Events {binning.per(bin_name)}",
                      scale=alt.Scale(type="sqrt", range=[3, 14], zero=False)),
        tooltip=[alt.Tooltip("name:N", title="ceasefire"), alt.Tooltip("lane:N", title="moment"),
                 alt.Tooltip("bin:N", title=bin_name if bin_name != "all" else "dates"),
                 alt.Tooltip("events:Q", title="events", format=","),
                 alt.Tooltip("kinds:N", title="of kind"), alt.Tooltip("example_kind:N", title="example event"),
                 alt.Tooltip("when:N", title="its date"),
                 *_EVENT_SOURCE_TOOLTIP],
    )
    lines = [f"The {len(frame):,} recorded events are more than the {budget:,} a chart draws one by one: each "
             f"tick counts the events of one ceasefire and moment {binning.in_one(bin_name)}, at its middle.",
             "Longer ticks: more events. Hover for the count and one example event with its quote. " + _PAN_HINT]
    if outside:
        lines.append(f"{outside:,} event{'s' if outside != 1 else ''} dated outside the window "
                     f"{'are' if outside != 1 else 'is'} not drawn.")
    return ticks, lines, True


def _bands(dataset, drawn: pd.DataFrame, end, x_scale, y, y_offset, lane_colours):
    """Each moment of each ceasefire (``drawn``: :func:`~warclaims.charts.ceasefire_moments.moments`) as a
    bar over the interval it is known to (an open end runs to ``end``)."""
    drawn = drawn.copy()
    drawn["high"] = drawn["high"].fillna(end)  # an open end runs to the edge of the window
    drawn = drawn.assign(x=iso(local(dataset, drawn["low"])), x2=iso(local(dataset, drawn["high"])),
                         sureness=np.where(drawn["certain"], "certain", "uncertain"))
    drawn["outlined"] = drawn["lane"].isin(OUTLINED)
    base = alt.Chart(drawn[["name", "lane", "x", "x2", "sureness", "what", "outlined"]])
    encoding = dict(x=alt.X("x:T", scale=x_scale, title=date_axis_title(dataset)), x2="x2:T", y=y, yOffset=y_offset,
                    color=lane_colours, tooltip=[alt.Tooltip("name:N", title="ceasefire"), alt.Tooltip("what:N", title="band")])
    sureness = [s for s in ("uncertain", "certain") if s in set(drawn.loc[~drawn["outlined"], "sureness"])]
    filled = base.transform_filter("!datum.outlined").mark_bar(clip=True).encode(
        opacity=alt.Opacity("sureness:N", title="Interval", scale=alt.Scale(
            domain=sureness, range=[{"uncertain": 0.35, "certain": 0.9}[s] for s in sureness])), **encoding)
    # The agreed lane as an outline: it must not read as an uncertain stretch of "in force".
    outlined = base.transform_filter("datum.outlined").mark_bar(clip=True, fillOpacity=0, strokeWidth=1.5).encode(
        stroke=alt.Stroke("lane:N", sort=list(LANES), legend=None,
                          scale=alt.Scale(domain=list(LANES), range=[COLOURS[lane] for lane in LANES])), **encoding)
    return filled + outlined


def timeline_chart(dataset, table: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                   start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
                   unit: str = "hours", budget: int = MAX_MARKS,
                   max_ceasefires: int = MAX_CEASEFIRES) -> alt.VConcatChart:
    """Interactive timeline; same parameters as :func:`warclaims.charts.ceasefire_timeline.timeline_figure`
    (``unit`` is accepted for symmetry: the tooltips write each moment as its sources date it)."""
    start, end = window(dataset, table, claims, start, end)
    table, rows_note = limit_ceasefires(dataset, table, start, end, max_ceasefires)
    domain = [iso(pd.Series([local(dataset, start)]))[0], iso(pd.Series([local(dataset, end)]))[0]]
    order = list(table["name"])
    # One zoom on the ceasefire panel; the x scale is shared, so the claims below follow it.
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    x_scale = alt.Scale(type="utc", domain=domain)
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    y_offset = alt.YOffset("lane:N", sort=list(LANES), scale=alt.Scale(domain=list(LANES)))
    drawn, events = moments(dataset, table), event_frame(dataset, table)
    lanes = [lane for lane in LANES if lane in set(drawn["lane"]) | set(events["lane"])]  # the legend: only what is drawn
    lane_colours = alt.Color("lane:N", sort=lanes, title="Moment",
                             scale=alt.Scale(domain=lanes, range=[COLOURS[lane] for lane in lanes]))
    bands = _bands(dataset, drawn, end, x_scale, y, y_offset, lane_colours)
    ticks, lines, aggregated = _event_ticks(events, local(dataset, start), local(dataset, end),
                                            budget, x_scale, y, y_offset, lane_colours)
    subtitle = ["Each ceasefire: agreed, in force, first reported violation, end. Bands are the "
                "intervals each moment is known to (lighter: uncertain).", *lines, *([rows_note] if rows_note else [])]
    panel = (bands + ticks).properties(width=760, height=max(60 * len(order), 80),
                                       title=style.altair_title(TITLE, subtitle)).add_params(zoom)
    charts = [panel]
    if claims is not None and len(claims):
        claim_panels, claims_aggregated = claims_charts(dataset, claims, x_scale, start, end, budget)
        charts += claim_panels
        aggregated = aggregated or claims_aggregated
    # One time axis; each unit's claims their own value axis and (identical) colour scale.
    scales = {"x": "shared", "y": "independent", "color": "independent", "opacity": "independent"}
    if aggregated:
        scales["size"] = "independent"
    return alt.vconcat(*charts, title=style.altair_source(dataset), description=describe.ceasefires(
        TITLE, table, unit, "When each was agreed, in force, first reported violated and ended,")).resolve_scale(
        **scales).configure_axisTemporal(labelExpr=style.time_labels(utc=True), labelOverlap=True, tickCount=8)
