"""The claims of the same period under the interactive ceasefire timeline (Altair): one value panel per
unit, each axis titled with its unit, on the timeline's time axis, with the figures not disclosed in a
strip of their own; above the mark budget, one panel that counts the figures per time bin and camp.

The panels share one colour scale over the claimants drawn (the first panel's legend names them in
full, wrapped over lines); what the units, axes and bins are is :mod:`warclaims.charts.ceasefire_claims`.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from warclaims.charts import binning, style
from warclaims.charts.ceasefire_claims import (LEGEND_WRAP, as_of_words, binned_claims, claim_sources, figure_bounds,
                                              has_value, is_floor, panel_height, unit_axis_title, unit_metrics, unit_ticks, unit_of, unit_scale,
                                              value_units)
from warclaims.charts.ceasefire_moments import date_axis_title, iso, local

_CLAIM_TOOLTIP = [alt.Tooltip("display:N", title="figure"), alt.Tooltip("metric_name:N", title="metric"),
                  alt.Tooltip("population:N"), alt.Tooltip("whose:N", title="whose losses"),
                  alt.Tooltip("claimant_name:N", title="claimant"), alt.Tooltip("as_of:N", title="as of"),
                  alt.Tooltip("source:N", title="source"), alt.Tooltip("outlet:N"), alt.Tooltip("quote:N")]
_CLAIM_COLUMNS = ["x", "x2", "middle", "floor", "group", "whose", "low", "high", "best", "display", "metric_name", "population",
                  "claimant_name", "outlet", "source", "as_of", "quote"]
WIDTH = 760
#: Height of a unit panel per unit of :func:`~warclaims.charts.ceasefire_claims.panel_height`, in pixels.
PANEL_PIXELS = 70


def _claim_rows(dataset, claims: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    frame = claims.copy()
    frame["x"] = iso(local(dataset, frame["as_of"]))
    frame["x2"] = iso(local(dataset, frame["as_of_end"]))
    frame["group"] = frame["claimant"].map(names)
    frame["whose"] = frame["subject_side_name"]
    # "At least N" (no upper bound): no box, N as its figure, and a triangle that says it may be more.
    frame["low"], frame["best"], frame["high"] = figure_bounds(claims)
    frame["floor"] = is_floor(claims)
    frame["middle"] = iso(local(dataset, frame["as_of"] + (frame["as_of_end"] - frame["as_of"]) / 2))
    frame["outlet"] = frame["outlet"].map(style.outlet_or_default)
    frame["source"] = claim_sources(claims)
    frame["as_of"] = as_of_words(claims)
    return frame


def _unit_panel(frame: pd.DataFrame, unit: str, x_scale, colour, title: alt.TitleParams, dates: bool) -> alt.LayerChart:
    """One unit's claims: a box per claim (date interval by value range), a tick at a stated figure, and a
    triangle pointing up at an "at least" figure with no upper bound."""
    scale = unit_scale(frame)
    y_scale = style.altair_scale(scale)
    base = alt.Chart(frame[_CLAIM_COLUMNS])
    x_axis = alt.Axis() if dates else alt.Axis(labels=False, ticks=False, domain=False)
    # Both layers state the same axis: Vega-Lite drops the properties two layers disagree on.
    y_axis = alt.Axis(values=unit_ticks(scale), format=",~f")  # "," alone: Vega writes 500 as "5e+2"
    ranges = base.mark_rect(opacity=0.3, clip=True).encode(
        x=alt.X("x:T", scale=x_scale, title=None, axis=x_axis), x2="x2:T",
        y=alt.Y("low:Q", scale=y_scale, title=unit_axis_title(unit, scale), axis=y_axis), y2="high:Q",
        color=colour, tooltip=_CLAIM_TOOLTIP)
    points = base.transform_filter("isValid(datum.best)").mark_tick(thickness=3, size=8, clip=True).encode(
        x=alt.X("x:T", scale=x_scale, title=None, axis=x_axis),
        y=alt.Y("best:Q", scale=y_scale, title=unit_axis_title(unit, scale), axis=y_axis),
        color=colour, tooltip=_CLAIM_TOOLTIP)
    layers = ranges + points
    if frame["floor"].any():
        layers += base.transform_filter("datum.floor").mark_point(
            shape="triangle-up", filled=True, size=45, opacity=1, clip=True).encode(
            x=alt.X("middle:T", scale=x_scale, title=None, axis=x_axis),
            y=alt.Y("low:Q", scale=y_scale, title=unit_axis_title(unit, scale), axis=y_axis),
            color=colour, tooltip=_CLAIM_TOOLTIP)
    return layers.properties(width=WIDTH, height=round(PANEL_PIXELS * panel_height(scale)), title=title)


def claims_charts(dataset, claims: pd.DataFrame, x_scale, start: pd.Timestamp, end: pd.Timestamp,
                  budget: int) -> tuple[list, bool]:
    """The claims panels of the interactive timeline, and whether they count instead of listing."""
    if len(claims) > budget:
        return _claims_count_charts(dataset, claims, x_scale, start, end, budget), True
    colours = style.claimant_palette(dataset, list(dict.fromkeys(claims["claimant"])))
    names = dict(zip(claims["claimant"], claims["claimant_name"]))
    frame = _claim_rows(dataset, claims, names)
    disclosed = frame[has_value(claims)]
    silent = frame[frame["qualifier"] == "undisclosed"]
    drawn = set(disclosed["claimant"]) | set(silent["claimant"])
    order = [names[g] for g in colours if g in drawn]  # the legend names only the claimants drawn
    domain = alt.Scale(domain=order, range=[colours[g] for g in colours if g in drawn])
    legend = alt.Legend(title="Claimant", **style.altair_wrapped_labels(order, LEGEND_WRAP))
    units = value_units(dataset, disclosed)
    charts = []
    for index, unit in enumerate(units):
        mine = disclosed[unit_of(disclosed) == unit]
        what = unit_metrics(dataset, mine)
        if index == 0:
            title = alt.TitleParams("Claims of the same period, by claimant", anchor="start", subtitle=[
                "Boxes: a claim's date interval and value range; ticks: a stated figure"
                + ('; triangles: "at least" the figure, with no upper bound.' if disclosed["floor"].any() else "."),
                f"One value axis per unit, so that figures in different units never share one. {unit.capitalize()}: "
                f"{what}."])
        else:
            title = alt.TitleParams(f"{unit.capitalize()}: {what}", anchor="start", fontSize=11, fontWeight="normal")
        colour = alt.Color("group:N", scale=domain, legend=legend if index == 0 else None)
        charts.append(_unit_panel(mine, unit, x_scale, colour, title, dates=index == len(units) - 1 and silent.empty))
    if len(silent):
        colour = alt.Color("group:N", scale=domain, legend=None if charts else legend)
        charts.append(alt.Chart(silent[_CLAIM_COLUMNS]).mark_point(shape="cross", size=70, clip=True).encode(
            x=alt.X("x:T", scale=x_scale, title=date_axis_title(dataset)), color=colour, tooltip=_CLAIM_TOOLTIP,
        ).properties(width=WIDTH, height=30,
                     title=alt.TitleParams("Figures a claimant declined to disclose (not zero)", fontSize=11,
                                           anchor="start")))
    return charts, False


def _count_tooltip(bin_name: str) -> list:
    return [alt.Tooltip("camp:N", title="claimant's camp"),
            alt.Tooltip("bin:N", title=bin_name if bin_name != "all" else "dates"),
            alt.Tooltip("figures:Q", title="figures", format=","), alt.Tooltip("range:N", title="from"),
            alt.Tooltip("display:N", title="example figure"),
            alt.Tooltip("metric_name:N", title="metric"), alt.Tooltip("whose:N", title="whose losses"),
            alt.Tooltip("claimant_name:N", title="claimant"), alt.Tooltip("as_of_words:N", title="as of"),
            alt.Tooltip("source:N", title="source"), alt.Tooltip("outlet:N"), alt.Tooltip("quote:N")]


def _stacked(binned: pd.DataFrame, present: list[str]) -> pd.DataFrame:
    """The counted rows with ``x``/``x2``/``middle`` as Vega text and ``y``/``y2`` stacked in camp order
    (Vega-Lite does not stack bars that span an interval of time)."""
    frame = binned.assign(x=iso(binned["low"]), x2=iso(binned["high"]),
                          middle=iso(binned["low"] + (binned["high"] - binned["low"]) / 2)
                          ).drop(columns=["low", "high"])
    rank = frame["camp"].map({c: i for i, c in enumerate(present)})
    stated = frame.assign(_rank=rank)[frame["status"] == "stated"].sort_values(["x", "_rank"], kind="stable")
    frame["y2"] = stated.groupby("x")["figures"].cumsum().reindex(frame.index)
    frame["y"] = frame["y2"] - frame["figures"].where(frame["y2"].notna())
    return frame


def _claims_count_charts(dataset, claims: pd.DataFrame, x_scale, start: pd.Timestamp, end: pd.Timestamp,
                         budget: int) -> list:
    """Too many claims to list: bars count the figures per time bin, stacked by claimant's camp, and
    crosses (sized by count) the undisclosed ones; one example with its quote in every tooltip."""
    binned, bin_name, hidden = binned_claims(dataset, claims, start, end, budget)
    _, camp_colours = style.camp_colours(dataset)
    present = [c for c in camp_colours if c in set(binned["camp"])]
    frame = _stacked(binned, present)
    camp_scale = alt.Scale(domain=present, range=[camp_colours[c] for c in present])
    colour = alt.Color("camp:N", title="Claimant's camp", sort=present, scale=camp_scale,
                       legend=alt.Legend(**style.altair_wrapped_labels(present, LEGEND_WRAP)))
    tooltip = _count_tooltip(bin_name)
    base = alt.Chart(frame)  # one embedded dataset for both panels
    per = binning.per(bin_name)
    subtitle = [f"The {int(binned['figures'].sum()):,} claimed figures are more than the {budget:,} a chart draws one "
                f"by one: bars count them {per}, stacked by claimant's camp (a count of figures, whatever their unit).",
                "Hover a bar for the count, the range of the figures in each unit and one example with its quote."]
    if hidden:
        subtitle.append(f"{hidden:,} figure{'s' if hidden != 1 else ''} dated outside the window "
                        f"{'are' if hidden != 1 else 'is'} not counted.")
    bars = base.transform_filter("datum.status == 'stated'").mark_rect(clip=True, opacity=0.8).encode(
        x=alt.X("x:T", scale=x_scale, title=None), x2="x2:T",
        y=alt.Y("y:Q", title=["Figures claimed", f"{per}", "(stacked by camp)"]), y2="y2:Q",
        color=colour, tooltip=tooltip)
    charts = [bars.properties(width=WIDTH, height=220, title=alt.TitleParams(
        "Claims of the same period, counted by claimant's camp", subtitle=subtitle, anchor="start"))]
    if (binned["status"] == "not disclosed").any():
        charts.append(base.transform_filter("datum.status == 'not disclosed'").mark_point(
            shape="cross", clip=True).encode(
            x=alt.X("middle:T", scale=x_scale, title=date_axis_title(dataset)), color=alt.Color("camp:N", sort=present, scale=camp_scale, legend=None),
            size=alt.Size("figures:Q", title=f"Undisclosed {per}",
                          scale=alt.Scale(type="sqrt", range=[15, 200], zero=False)),
            tooltip=tooltip,
        ).properties(width=WIDTH, height=30,
                     title=alt.TitleParams(f"Figures a claimant declined to disclose (not zero), counted {per}",
                                           fontSize=11, anchor="start")))
    return charts
