"""Casualty claims over time, one panel per metric: a matplotlib figure for print
(:func:`timeline_figure`); the interactive Altair chart is :mod:`warclaims.charts.casualty_timeline_chart`.

Up to :data:`~warclaims.budget.MAX_MARKS` figures, each is drawn as given (see
:mod:`~warclaims.charts.casualty_marks` for the marks); beyond, the figures are summarised per series
and time bin (:mod:`~warclaims.charts.casualty_summary`) and the subtitle says so.
"""
from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from warclaims.budget import MAX_MARKS
from warclaims.charts import casualty_marks as marks
from warclaims.charts import describe
from warclaims.charts import style
from warclaims.charts.casualty_summary import TimelineSummary, summary_for, summary_lines
from warclaims.text import words

#: The title's words after what is claimed (see :func:`~warclaims.charts.casualty_marks.claims_title`).
TIMELINE_TITLE = "over time, by claimant"
TIMELINE_SUBTITLE = ("Each mark is one figure as its claimant gave it, at the date it counts up to. Points: exact "
                     "figures (shape: who was counted). Bands: vague words as their documented ranges. "
                     "Crosses: figures a side said it does not disclose.")
#: Figures written beside their marks at most (by default).
LABELLED_FIGURES = 60


def _date_text(value: float, _position=None) -> str:
    date = mdates.num2date(value)
    return f"{date.day} {date:%b}"


def _dodge(data: pd.DataFrame, span_days: float) -> pd.Series:
    """Small horizontal offsets so that marks of one panel on the same date do not sit on each other."""
    step = pd.Timedelta(days=max(span_days, 1) * 0.012)
    rank = data.groupby(["metric", "x_mid"])["claimant"].rank(method="dense") - 1
    count = data.groupby(["metric", "x_mid"])["claimant"].transform("nunique")
    return data["x_mid"] + (rank - (count - 1) / 2) * step


def _draw_figure(ax, row: pd.Series, *, band_width, log: bool, labels: bool) -> None:
    """One figure as its own mark: a band (vague), a line (range), an arrow (at least), a marker."""
    colour, x = row["colour"], row["x"]
    if row["kind"] == "vague":
        start = min(row["x_start"], x - band_width / 2)
        end = max(row["x_end"], x + band_width / 2)
        x0, x1 = mdates.date2num(start), mdates.date2num(end)
        ax.add_patch(Rectangle((x0, row["low"]), x1 - x0, row["high"] - row["low"], facecolor=colour,
                               alpha=0.4, edgecolor=colour, linewidth=1.2))
        label_x = end
    else:
        if row["kind"] == "range":
            ax.vlines(x, row["low"], row["high"], color=colour, linewidth=1.6)
        if row["kind"] == "at_least":
            ax.annotate("", xy=(mdates.date2num(x), row["low"] * (2.0 if log else 1.25)),
                        xytext=(mdates.date2num(x), row["low"]),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.4})
        if row["x_end"] - row["x_start"] > pd.Timedelta(days=1.5):
            # A figure dated only to a month or a year: show the whole period it may count up to.
            ax.hlines(row["y"], row["x_start"], row["x_end"], color=colour, linewidth=1.2, alpha=0.6)
        ax.plot([x], [row["y"]], marker=row["marker"], color=colour, markersize=8, linestyle="",
                markeredgecolor="white", markeredgewidth=0.8, zorder=3)
        label_x = x + band_width * 0.6
    if labels:
        ax.text(label_x, row["y"], " " + row["display"], fontsize=7.5, va="center", ha="left",
                color=style.darker(colour), zorder=4)


def _draw_figures(ax, rows: pd.DataFrame, shown: pd.DataFrame, *, band_width, log: bool, labels: bool) -> bool:
    """Each figure of one panel as its own mark (few figures); True when a claimant's figures for its own side were joined."""
    for _, row in shown.iterrows():
        _draw_figure(ax, row, band_width=band_width, log=log, labels=labels)
    joined = False
    # One line per speaker and subject side: Armenia's count of its losses and Artsakh's of its own are
    # two series, even within one camp, and must not read as one figure that doubled.
    for _, series in marks.own_losses(rows).groupby(["speaker", "subject_side", "population"]):
        if len(series) > 1:
            ax.plot(series["x"], series["y"], linestyle=":", color="#888888", linewidth=1.2, zorder=1)
            joined = True
    return joined


def _draw_figure_silences(strip, silent: pd.DataFrame, *, band_width, labels: bool) -> None:
    for _, row in silent.iterrows():
        strip.plot([row["x"]], [0.5], marker="X", color=row["colour"], markersize=9, linestyle="",
                   markeredgecolor="white", markeredgewidth=0.6)
        if labels:
            strip.text(row["x"] + band_width * 0.6, 0.5, f" {row['subject_side_name']}, {row['population']}",
                       fontsize=7.5, va="center", ha="left", color=style.darker(row["colour"]))


def _draw_summaries(ax, shown: pd.DataFrame) -> None:
    """Summary marks of one panel: one collection of bands, one scatter per marker shape (artists do not
    grow with the data)."""
    ax.xaxis_date()
    if shown.empty:
        return
    x0, x1 = mdates.date2num(shown["x_start"]), mdates.date2num(shown["x_end"])
    low, high = shown["low"].to_numpy(), shown["high"].to_numpy()
    corners = np.stack([np.column_stack(point) for point in ((x0, low), (x1, low), (x1, high), (x0, high))], axis=1)
    fill = mcolors.to_rgba_array(shown["colour"], shown["shade"])
    edge = mcolors.to_rgba_array(shown["colour"], (shown["shade"] * 2.5).clip(upper=0.8))
    ax.add_collection(PolyCollection(corners, facecolors=fill, edgecolors=edge, linewidths=0.8))
    latest = shown[shown["y"].notna()]
    for marker, group in latest.groupby("marker", sort=True):
        ax.scatter(group["x_mid"], group["y"], marker=marker, c=list(group["colour"]), s=30, edgecolors="white",
                   linewidths=0.5, zorder=3)


def _draw_summary_silences(strip, silent: pd.DataFrame) -> None:
    strip.xaxis_date()
    strip.scatter(silent["x_mid"], np.full(len(silent), 0.5), marker="X", c=list(silent["colour"]), s=60,
                  edgecolors="white", linewidths=0.5)


def _style_panel(ax, rows: pd.DataFrame, values: pd.Series, all_values: pd.Series, log: bool, *, empty: bool) -> None:
    """Axis, title and scale of one metric's panel."""
    unit = rows["unit"].iloc[0] or "count"
    ax.set_ylabel(f"{unit}" + (" (log scale)" if log else ""), fontsize=8.5)
    name = rows["metric_name"].iloc[0]
    ax.set_title(name, loc="left", fontsize=10.5, fontweight="bold", color=style.TEXT_COLOUR)
    # The panel's own values set its range; a zero anywhere makes every log panel symlog, so that
    # panels read alike.
    scale = style.value_scale(values, log)
    if log and scale.kind == "log" and (all_values == 0).any():
        scale = style.ValueScale("symlog", 0.0, scale.high, scale.ticks)
    style.matplotlib_scale(ax.set_yscale, ax.set_ylim, scale)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: words.format_number(v)))
    ax.yaxis.set_minor_formatter(NullFormatter())
    if empty:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "only silences for this metric", transform=ax.transAxes, ha="center", va="center",
                color=style.MUTED, fontsize=8)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.7)
    ax.tick_params(labelsize=8)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def _style_strip(strip) -> None:
    """The "not disclosed" strip under a metric's panel."""
    strip.set_ylim(0, 1)
    strip.set_yticks([])
    strip.set_facecolor("#f4f4f4")
    strip.set_ylabel("not\ndisclosed", rotation=0, ha="right", va="center", fontsize=8, color=style.MUTED)


def _finish_strip(strip) -> None:
    for spine in ("top", "right", "left"):
        strip.spines[spine].set_visible(False)
    strip.tick_params(labelsize=8)


def _panel_ratios(data: pd.DataFrame, metrics: list[str]) -> tuple[list[float], dict[str, bool]]:
    """Height ratios of the panels (and "not disclosed" strips) and which metrics have a strip."""
    has_silence = {m: bool((data.loc[data["metric"] == m, "kind"] == "undisclosed").any()) for m in metrics}
    ratios = []
    for metric in metrics:
        # A panel with one or two figures needs less height than a busy one.
        counted = int(((data["metric"] == metric) & (data["kind"] != "undisclosed")).sum())
        ratios.append(3.2 if counted > 2 else 2.2)
        if has_silence[metric]:
            ratios.append(0.55)
    return ratios, has_silence


def _draw_panels(figure, grid, data: pd.DataFrame, metrics: list[str], has_silence: dict[str, bool],
                 summary: TimelineSummary | None, *, band_width, labels: bool, scale: str) -> tuple[list, bool]:
    """One panel per metric (and its strip of silences); the axes and whether own figures were joined."""
    all_values = marks.counted_values(data)
    shared = data["unit"].nunique() == 1  # one scale for every panel when they count the same unit
    log = style.log_scale_wanted(all_values, scale)
    axes, first, slot, joined = [], None, 0, False
    for metric in metrics:
        rows = data[data["metric"] == metric]
        ax = figure.add_subplot(grid[slot, 0], sharex=first)
        first, slot = first or ax, slot + 1
        axes.append(ax)
        shown = rows[rows["kind"] != "undisclosed"]
        values = all_values if shared else pd.concat([shown["low"], shown["high"], shown["best"]])
        if summary is None:
            joined = _draw_figures(ax, rows, shown, band_width=band_width, log=log, labels=labels) or joined
        else:
            _draw_summaries(ax, shown)
        _style_panel(ax, rows, values, all_values, log, empty=shown.empty)
        if has_silence[metric]:
            strip = figure.add_subplot(grid[slot, 0], sharex=first)
            slot += 1
            axes.append(strip)
            silent = rows[rows["kind"] == "undisclosed"]
            _style_strip(strip)
            if summary is None:
                _draw_figure_silences(strip, silent, band_width=band_width, labels=labels)
            else:
                _draw_summary_silences(strip, silent)
            _finish_strip(strip)
    return axes, joined


def _mark_cut(axes: list, cut: pd.Timestamp, label: str) -> None:
    """A dashed rule at the date an as-of page cuts on, across every panel and strip, named in the first."""
    for ax in axes:
        ax.axvline(cut, color=style.TEXT_COLOUR, linestyle=(0, (5, 3)), linewidth=1.1, zorder=2)
    axes[0].text(cut, 1.0, f"{label} ", transform=axes[0].get_xaxis_transform(), ha="right", va="top", fontsize=8,
                 color=style.TEXT_COLOUR)


def _time_axis(dataset, axes: list, data: pd.DataFrame, span: float, labels: bool, cut: pd.Timestamp | None) -> None:
    """The shared date axis under the last panel, padded (more on the right when figures are written)."""
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    x_min, x_max = data["x_start"].min(), data["x_end"].max()
    x_max = x_max if cut is None else max(x_max, cut)
    pad_left, pad_right = pd.Timedelta(days=span * 0.03), pd.Timedelta(days=span * (0.16 if labels else 0.04))
    last = axes[-1]
    last.set_xlim(x_min - pad_left, x_max + pad_right)
    last.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    last.xaxis.set_major_formatter(FuncFormatter(_date_text) if span <= 366 else mdates.DateFormatter("%b %Y"))
    last.set_xlabel(f"Date the figure counts up to ({style.zone_text(dataset)})", fontsize=8.5)


def timeline_figure(dataset, figures: pd.DataFrame, *, title: str | None = None, subtitle: str = TIMELINE_SUBTITLE,
                    width: float = 11.0, labels: bool | None = None, budget: int = MAX_MARKS, scale: str = "auto",
                    cut: pd.Timestamp | None = None, as_of_text: str = ""):
    """Figures over time, one panel per metric (matplotlib).

    Parameters
    ----------
    dataset
        The dataset the figures came from (vocabularies, colours, time zone, source line).
    figures
        :func:`warclaims.analysis.timeline` output (not empty).
    labels
        Write each figure next to its mark; by default when there are at most
        :data:`LABELLED_FIGURES` (never when summarised).
    budget
        Figures drawn one by one at most; more are summarised per series and time bin.
    scale
        The value axis: "linear", "log" or "auto" (log when the figures span ten times or more).
    cut, as_of_text
        Where an as-of page cuts (local wall-clock time: the end of the ``as_of_text`` date), marked by a
        dashed rule; None for none.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if figures.empty:
        raise ValueError(marks.EMPTY)
    summary = summary_for(dataset, figures, budget)
    data = marks.prepare(dataset, figures) if summary is None else summary.frame
    if summary is not None:
        labels = False
        subtitle = " ".join(summary_lines(summary, subtitle, TIMELINE_SUBTITLE))
    labels = len(data) <= LABELLED_FIGURES if labels is None else labels
    metrics = marks.metric_order(dataset, data)
    ratios, has_silence = _panel_ratios(data, metrics)
    title = title or marks.claims_title(dataset, figures, TIMELINE_TITLE)
    figure = style.new_figure(width, 0.6 + sum(ratios) * 0.85, title, subtitle, style.source_line(dataset))
    grid = figure.add_gridspec(len(ratios), 2, height_ratios=ratios, width_ratios=[width - 2.9, 2.9])
    span = max((data["x_end"].max() - data["x_start"].min()) / pd.Timedelta(days=1), 1.0)
    # Summary marks fill their bin: offsetting hundreds of them would spread them over other bins.
    data["x"] = _dodge(data, span) if summary is None else data["x_mid"]
    axes, joined = _draw_panels(figure, grid, data, metrics, has_silence, summary,
                                band_width=pd.Timedelta(days=span * 0.012), labels=labels, scale=scale)
    _time_axis(dataset, axes, data, span, labels, cut)
    if cut is not None:
        _mark_cut(axes, cut, marks.cut_label(as_of_text))
    sections = (marks.legend_sections(dataset, data, joined) if summary is None
                else marks.summary_legend_sections(dataset, data, summary.bin))
    style.legend_panel(figure.add_subplot(grid[:, 1]), sections)
    names = dict(zip(data["metric"], data["metric_name"]))
    return describe.attach(figure, describe.timeline(title, data, [names[m] for m in metrics], summary is not None,
                                                     marks.cut_label(as_of_text) if cut is not None else ""))
