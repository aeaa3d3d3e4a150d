"""Casualty claims over time, interactive (Altair): one row of panels per metric.

Hover a mark for the claimant, outlet, date and exact quote; click a claimant in the legend to
highlight its figures (shift-click for several). Up to :data:`~warclaims.budget.MAX_MARKS` figures,
each is a mark; beyond, each mark summarises a series per time bin
(:mod:`~warclaims.charts.casualty_summary`) and its tooltip gives the number of figures, their range
and the latest one's quote and source, and links to that quote.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from warclaims.budget import MAX_MARKS
from warclaims.charts import casualty_marks as marks
from warclaims.charts import describe, labels
from warclaims.charts import links as chart_links
from warclaims.charts import style
from warclaims.charts.casualty_summary import TimelineSummary, summary_for, summary_lines
from warclaims.charts.casualty_timeline import TIMELINE_SUBTITLE, TIMELINE_TITLE

#: Tooltip of a summary mark: what it summarises, and the latest figure with its exact quote and id.
_SUMMARY_SERIES_TOOLTIP = [
    alt.Tooltip("claimant_name:N", title="Claimant"),
    alt.Tooltip("subject_side_name:N", title="Whose losses"),
    alt.Tooltip("metric_name:N", title="Counts"),
    alt.Tooltip("population:N", title="Who"),
    alt.Tooltip("when:N", title="When"),
]
_SUMMARY_SOURCE_TOOLTIP = [
    alt.Tooltip("quote:N", title="Its quote (exact)"),
    alt.Tooltip("source_title:N", title="Its source"),
]
SUMMARY_TOOLTIP = [*_SUMMARY_SERIES_TOOLTIP, alt.Tooltip("figures:N", title="Figures"),
                   alt.Tooltip("range:N", title="Range"), alt.Tooltip("latest:N", title="Latest figure"),
                   *_SUMMARY_SOURCE_TOOLTIP]
SUMMARY_SILENCE_TOOLTIP = [*_SUMMARY_SERIES_TOOLTIP, alt.Tooltip("figures:N", title="Said"),
                           alt.Tooltip("latest:N", title="Latest"), *_SUMMARY_SOURCE_TOOLTIP]
#: Only what the summary's encodings and tooltips use goes into the page.
_SUMMARY_COLUMNS = ["kind", "claimant_name", "subject_side_name", "metric_name", "population", "when", "figures", "range",
                    "latest", "quote", "source_title", "x_start", "x_end", "x_mid", "low", "high", "y", "shade"]
#: Height of one metric's panel, in pixels.
PANEL_HEIGHT = 170
SUMMARY_HOVER_HINT = ("Hover a mark for how many figures it holds and the latest one's exact quote and source; "
                      "click a claimant in the legend to highlight it.")


def _figure_layers(base, x, y, x_scale, y_scale, colour, opacity, selection, shape) -> list:
    """One mark per figure: bands for vague words, rules for ranges, points and the figure as text."""
    tooltip = marks.TOOLTIP
    # Named views: Altair needs them to lift the legend selection out of a faceted layer inside a concat.
    bands = base.transform_filter("datum.kind == 'vague'").properties(name="timeline_bands").mark_rect(strokeWidth=1.2).encode(
        x=x, x2="x_end:T", y=y, y2="high:Q",
        color=colour, stroke=colour, fillOpacity=alt.condition(selection, alt.value(0.35), alt.value(0.06)),
        strokeOpacity=opacity, tooltip=tooltip)
    ranges = base.transform_filter("datum.kind == 'range'").mark_rule(strokeWidth=2).encode(
        x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("low:Q", scale=y_scale), y2="high:Q", color=colour,
        opacity=opacity, tooltip=tooltip)
    points = base.transform_filter("datum.kind != 'vague' && datum.kind != 'undisclosed'").mark_point(
        filled=True, size=90, stroke="white", strokeWidth=0.8).encode(
        x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), color=colour, shape=shape,
        opacity=opacity, tooltip=tooltip).add_params(selection)
    # A figure is written after its mark or before it, where :mod:`~warclaims.charts.labels` found room.
    # Named, so that a phone's narrow layout can leave them out (templates/offline/narrow.js).
    texts = [base.transform_filter(f"datum.label_side == '{side}'").properties(name=f"figure_labels_{side}").mark_text(
        align=align, dx=dx, fontSize=10).encode(
        x=alt.X("label_x:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), text="display:N", color=colour,
        opacity=opacity, tooltip=tooltip) for side, align, dx in (("after", "left", labels.GAP_PX), ("before", "right", -labels.GAP_PX))]
    return [bands, ranges, points, *texts]


def _summary_layers(base, x, y, x_scale, y_scale, colour, opacity, selection, shape) -> list:
    """One mark per series and bin: a band from the lowest to the highest figure, a point at the latest."""
    bands = base.transform_filter("datum.kind == 'summary'").properties(name="timeline_bands").mark_rect(strokeWidth=1).encode(
        x=x, x2="x_end:T", y=y, y2="high:Q", color=colour, stroke=colour,
        fillOpacity=alt.condition(selection, alt.FillOpacity("shade:Q", scale=None), alt.value(0.03)),
        strokeOpacity=alt.condition(selection, alt.StrokeOpacity("shade:Q", scale=None), alt.value(0.05)),
        tooltip=SUMMARY_TOOLTIP)
    points = base.transform_filter("datum.kind == 'summary' && isValid(datum.y)").mark_point(
        filled=True, size=40, stroke="white", strokeWidth=0.5).encode(
        x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), color=colour, shape=shape,
        opacity=opacity, tooltip=SUMMARY_TOOLTIP).add_params(selection)
    return [bands, points]


def _y_axis(data: pd.DataFrame, scale: str) -> tuple[alt.Scale, alt.Axis, str, bool, bool]:
    """The value scale, its axis and title, whether the panels share it and whether it is logarithmic."""
    numbers = marks.counted_values(data)
    log = style.log_scale_wanted(numbers, scale)
    shared = data["unit"].nunique() == 1
    # One scale for every panel when they count the same unit, so that panels compare at a glance;
    # otherwise each panel fits its own figures, padded so marks do not sit on the panel's edges.
    y_scale, y_axis = style.altair_value_axis(numbers, log, shared, tick_count=4, zero=not log)
    units = sorted(set(u for u in data["unit"] if u))
    title = (units[0] if len(units) == 1 else "number claimed") + (" (log scale)" if log else "")
    return y_scale, y_axis, title, shared, log


def _silence_strip(values, data: pd.DataFrame, summary, metric_names, x_scale, x_axis, colour, opacity, width):
    """The "not disclosed" strip under the panels: a cross per silence (named by side when few)."""
    silent = alt.Chart(values).transform_filter("datum.kind == 'undisclosed'").properties(width=width)
    tooltip = marks.TOOLTIP if summary is None else SUMMARY_SILENCE_TOOLTIP
    crosses = silent.mark_point(shape="cross", filled=True, size=130, angle=45).encode(
        x=alt.X("x_mid:T", scale=x_scale, axis=x_axis),
        y=alt.Y("metric_name:N", sort=metric_names, title="not disclosed", axis=alt.Axis(labelLimit=200)),
        color=colour, opacity=opacity, tooltip=tooltip)
    strip = [crosses]
    if summary is None:
        # Name the side beside each cross (before it near the right end); summary crosses are too many to name.
        for side, align, dx in (("after", "left", 9), ("before", "right", -9)):
            strip.append(silent.transform_filter(f"datum.silence_side == '{side}'").mark_text(
                align=align, dx=dx, fontSize=10).encode(
                x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("metric_name:N", sort=metric_names),
                text=alt.Text("subject_side_name:N"), color=colour, opacity=opacity, tooltip=marks.TOOLTIP))
    return alt.layer(*strip)


def _time_domain(data: pd.DataFrame, cut: pd.Timestamp | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time axis's ends: the figures' dates (and the cut), padded."""
    end = data["x_end"].max() if cut is None else max(data["x_end"].max(), cut)
    span = max((end - data["x_start"].min()) / pd.Timedelta(days=1), 1.0)
    pad = pd.Timedelta(days=span * 0.04)
    return data["x_start"].min() - pad, end + pad


def _place_labels(data: pd.DataFrame, cut: pd.Timestamp | None, log: bool, shared: bool, width: int) -> pd.DataFrame:
    """``label_side`` ("after", "before" or "": no room) and ``label_x`` (where the label starts) of each
    figure, placed panel by panel at the size the chart is drawn (:mod:`~warclaims.charts.labels`)."""
    start, end = _time_domain(data, cut)
    x = lambda values: ((values - start) / (end - start)).to_numpy(dtype="float64")
    sides = pd.Series("", index=data.index, dtype=object)
    numbers = marks.counted_values(data)
    for _, rows in data.groupby("metric", sort=False):
        axis = style.value_scale(numbers if shared else marks.counted_values(rows), log)
        low, high, pad = axis.low, axis.high, 0.0
        if not shared:
            # An unshared panel's domain is its figures' extent (from 0 unless log), padded at each
            # end (see :func:`_y_axis`).
            own = marks.counted_values(rows)
            own = own[np.isfinite(own)]
            if len(own):
                low = float(own.min()) if axis.kind == "log" else 0.0
                high = float(own.max()) if own.max() > low else low + 1.0
            pad = style.FIT_PADDING / PANEL_HEIGHT
        y = lambda values, lo=low, hi=high, kind=axis.kind, p=pad: p + (1 - 2 * p) * np.nan_to_num(
            style.position(values, lo, hi, kind), nan=0.0)
        sides[rows.index] = labels.place(rows, labels.Plot(width, PANEL_HEIGHT, x, y))
    vague = data["kind"].eq("vague")
    label_x = data["x_mid"].where(~vague, data["x_end"].where(sides != "before", data["x_start"]))
    # In the "not disclosed" strip a side's name goes before a cross near the right end.
    silence_side = np.where(x(data["x_mid"]) > 0.85, "before", "after")
    return data.assign(label_side=sides, label_x=label_x, silence_side=silence_side)


def _x_axis(data: pd.DataFrame, cut: pd.Timestamp | None) -> tuple[alt.Scale, alt.Axis]:
    domain = [when.isoformat() for when in _time_domain(data, cut)]
    return alt.Scale(domain=domain), alt.Axis(labelExpr=style.time_labels(utc=False), labelOverlap=True, title=None,
                                              labelFlush=False)


def _cut_layers(values: pd.DataFrame, cut: pd.Timestamp, cut_text: str, x_scale) -> list:
    """A dashed rule at the date an as-of page cuts on, named at the top of each panel (one mark per
    panel: the rows are first aggregated to one)."""
    one = alt.Chart(values).transform_aggregate(figures="count()").transform_calculate(
        cut=alt.expr.toDate(cut.isoformat()))
    x = alt.X("cut:T", scale=x_scale)
    rule = one.mark_rule(color=style.TEXT_COLOUR, strokeDash=[5, 3], strokeWidth=1.2).encode(x=x)
    label = one.mark_text(align="right", baseline="top", dx=-4, fontSize=10, color=style.TEXT_COLOUR).encode(
        x=x, y=alt.value(2), text=alt.value(cut_text))
    return [rule, label]


def _subtitle_lines(subtitle: str, summary: TimelineSummary | None, note: str = "") -> list[str]:
    if summary is None:
        return [subtitle, marks.HOVER_HINT, *([note] if note else [])]
    return [*summary_lines(summary, subtitle, TIMELINE_SUBTITLE), SUMMARY_HOVER_HINT]


def timeline_chart(dataset, figures: pd.DataFrame, *, title: str | None = None, subtitle: str = TIMELINE_SUBTITLE,
                   width: int = 640, budget: int = MAX_MARKS, scale: str = "auto", cut: pd.Timestamp | None = None,
                   as_of_text: str = ""):
    """Figures over time, one row per metric, interactive (Altair).

    ``figures`` is :func:`warclaims.analysis.timeline` output (not empty); more than ``budget`` are
    summarised per series and time bin. ``scale``: the value axis, "linear", "log" or "auto". ``cut``:
    where an as-of page cuts (local wall-clock time, the end of ``as_of_text``), marked by a dashed rule.
    """
    if figures.empty:
        raise ValueError(marks.EMPTY)
    summary = summary_for(dataset, figures, budget)
    data = marks.prepare(dataset, figures) if summary is None else summary.frame
    names = dict(zip(data["metric"], data["metric_name"]))
    metric_names = [names[m] for m in marks.metric_order(dataset, data)]
    y_scale, y_axis, unit_axis, shared, log = _y_axis(data, scale)
    note = ""
    if summary is None:
        data = _place_labels(data, cut, log, shared, width)
        note = labels.left_out_note(data["label_side"], data)
    # A summary mark links to its latest figure's sentence, the one its tooltip quotes.
    values = (marks.altair_data(data, ("label_side", "label_x", "silence_side")) if summary is None
              else chart_links.with_hrefs(style.plain(marks.finite_or_none(data[_SUMMARY_COLUMNS])), data))
    selection, colour, opacity = marks.selection_and_colour(dataset, data)
    x_scale, x_axis = _x_axis(data, cut)
    base = alt.Chart(values).encode(**chart_links.encoding(values)).properties(width=width, height=PANEL_HEIGHT)
    x = alt.X("x_start:T", scale=x_scale, axis=x_axis)
    y = alt.Y("low:Q", scale=y_scale, title=unit_axis, axis=y_axis)
    layers = (_figure_layers if summary is None else _summary_layers)(
        base, x, y, x_scale, y_scale, colour, opacity, selection, marks.shape(dataset, data))
    if cut is not None:
        layers += _cut_layers(values, cut, marks.cut_label(as_of_text), x_scale)
    chart = alt.layer(*layers).facet(row=marks.facet_rows("metric_name:N", metric_names)
                                     ).resolve_scale(y="shared" if shared else "independent")
    if (data["kind"] == "undisclosed").any():
        strip = _silence_strip(values, data, summary, metric_names, x_scale, x_axis, colour, opacity, width)
        chart = alt.vconcat(chart, strip, spacing=12)
    title = title or marks.claims_title(dataset, figures, TIMELINE_TITLE)
    return style.altair_titled(chart, title, _subtitle_lines(subtitle, summary, note) + chart_links.hint(values),
                               style.source_line(dataset), describe.timeline(title, data, metric_names, summary is not None,
                                                   marks.cut_label(as_of_text) if cut is not None else ""))
