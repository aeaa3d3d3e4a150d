"""Charts of casualty claims: figures over time, and where things stood on a date.

Each chart comes twice: a matplotlib :class:`~matplotlib.figure.Figure` for print and PDF
(``*_figure``) and an interactive Altair chart (``*_chart``) whose tooltips carry the claimant, the
outlet, the date and the exact quote, and whose legend highlights a claimant when clicked.

How figures are drawn, in both:

* a point figure ("729") is a marker, shaped by population (military, civilian, ...);
* a vague figure ("hundreds") is a shaded band over its documented range, never a point: the dataset
  gives it no best value and the chart invents none;
* any other range (``about 150 (140–160)``) is a line from low to high, "at least 7" an arrow upwards;
* "not disclosed" is a cross in a separate "not disclosed" strip, never a zero;
* a dotted grey line joins a side's own figures for its own losses (e.g. the Armenian side's military
  deaths), in date order.

Both take the frames that :mod:`warclaims.claims` returns (``timeline`` and ``as_of_view``).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import altair as alt
import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from warclaims import claims as claims_module
from warclaims import quantities
from warclaims.charts import common

TIMELINE_TITLE = "Casualty claims over time, by claimant"
TIMELINE_SUBTITLE = ("Each mark is one figure as its claimant gave it, at the date it counts up to. Points: exact "
                     "figures (shape: who was counted). Bands: vague words as their documented ranges. "
                     "Crosses: figures a side said it does not disclose.")
AS_OF_TITLE = "Where the claims stood"
AS_OF_SUBTITLE = ("The latest figure each claimant had given, grouped by whose losses it counts. "
                  "Bands are vague words as ranges; 'not disclosed' is a stated silence, not zero.")


# -- shared preparation -------------------------------------------------------------------------------
def _prepare(frame: pd.DataFrame, dataset) -> pd.DataFrame:
    """Add plotting columns: numeric bounds, marker position, kind of mark, colours and markers."""
    data = frame.reset_index(drop=True).copy()
    bounds = quantities.bounds(data)
    data["low"], data["high"] = bounds["low"], bounds["high"]
    data["best"] = pd.to_numeric(data["value_best"], errors="coerce").astype("float64")
    finite_high = data["high"].where(np.isfinite(data["high"]))
    with np.errstate(divide="ignore", invalid="ignore"):
        middle = np.where((data["low"] > 0) & finite_high.notna(), np.sqrt(data["low"] * finite_high),
                          (data["low"] + finite_high) / 2)
    data["y"] = data["best"].fillna(pd.Series(middle, index=data.index)).fillna(data["low"])
    data["kind"] = np.select(
        [data["qualifier"].eq("undisclosed"), data["qualifier"].eq("vague"),
         np.isinf(data["high"]), data["low"].ne(data["high"])],
        ["undisclosed", "vague", "at_least", "range"], "point")
    palette = common.claimant_palette(dataset, data["claimant"].unique())
    markers = common.population_markers(dataset, data["population"].unique())
    data["colour"] = data["claimant"].map(palette)
    data["marker"] = data["population"].map(lambda p: markers[p][0])
    data["shape"] = data["population"].map(lambda p: markers[p][1])
    data["x_start"] = data["as_of_local"]
    data["x_end"] = data["as_of_end_local"]
    data["x_mid"] = data["x_start"] + (data["x_end"] - data["x_start"]) / 2
    return data


def _metric_order(data: pd.DataFrame, dataset) -> list[str]:
    order = claims_module.orders(dataset)["metric"]
    present = list(dict.fromkeys(data["metric"]))
    return [m for m in order if m in present] + [m for m in present if m not in order]


def _own_losses(data: pd.DataFrame) -> pd.DataFrame:
    """Cumulative point figures that a camp's claimants gave about the same camp's losses."""
    own = data[(data["claimant_camp"] == data["subject_camp"]) & data["kind"].isin(["point", "range"])
               & data["cumulative"].fillna(False).astype(bool)]
    return own.sort_values("x_mid", kind="stable")


def _date_text(value: float, _position=None) -> str:
    date = mdates.num2date(value)
    return f"{date.day} {date:%b}"


def _dodge(data: pd.DataFrame, span_days: float) -> pd.Series:
    """Small horizontal offsets so that marks of one panel on the same date do not sit on each other."""
    step = pd.Timedelta(days=max(span_days, 1) * 0.012)
    rank = data.groupby(["metric", "x_mid"])["claimant"].rank(method="dense") - 1
    count = data.groupby(["metric", "x_mid"])["claimant"].transform("nunique")
    return data["x_mid"] + (rank - (count - 1) / 2) * step


def _legend_sections(data: pd.DataFrame, dataset, joined: bool) -> list[tuple[str, list]]:
    present = set(data["claimant"])
    names = dict(zip(data["claimant"], data["claimant_name"]))
    claimants = [Line2D([], [], marker="o", linestyle="", color=colour, markersize=7, label=names[claimant])
                 for claimant, colour in common.claimant_palette(dataset).items() if claimant in present]
    markers = dict(zip(data["population"], data["marker"]))
    counted = set(data.loc[data["kind"] != "undisclosed", "population"])
    populations = [Line2D([], [], marker=markers[p], linestyle="", color="#555555", markersize=7, label=p)
                   for p in common.population_markers(dataset) if p in counted]
    marks = []
    if (data["kind"] == "vague").any():
        marks.append(Patch(facecolor="#bbbbbb", edgecolor="#777777", alpha=0.6, label="vague word, as its range"))
    if (data["kind"] == "range").any():
        marks.append(Line2D([], [], color="#555555", linewidth=1.6, label="range given by the claimant"))
    if (data["kind"] == "at_least").any():
        marks.append(Line2D([], [], marker="^", linestyle="", color="#555555", markersize=6, label="'at least': upwards"))
    if (data["kind"] == "undisclosed").any():
        marks.append(Line2D([], [], marker="X", linestyle="", color="#555555", markersize=8, label="not disclosed"))
    if joined:
        marks.append(Line2D([], [], linestyle=":", color="#888888", label="a side's own figures for its own losses, joined"))
    return [("Claimant", claimants), ("Who was counted", populations), ("Marks", marks)]


def _summary_legend_sections(data: pd.DataFrame, dataset, bin_name: str) -> list[tuple[str, list]]:
    claimants, populations, _marks = _legend_sections(data, dataset, joined=False)
    marks = [Patch(facecolor="#bbbbbb", edgecolor="#777777", alpha=0.6, label=f"lowest to highest figure of the {bin_name}"),
             Line2D([], [], marker="o", linestyle="", color="#555555", markersize=6, label=f"latest figure of the {bin_name}")]
    if (data["kind"] == "undisclosed").any():
        marks.append(Line2D([], [], marker="X", linestyle="", color="#555555", markersize=8,
                            label=f"not disclosed, in that {bin_name}"))
    return [claimants, populations, (f"Marks: one per claimant, thing counted and {bin_name}", marks)]


# -- summarising a timeline too big to draw figure by figure -----------------------------------------
#: A series: one claimant's figures about one side's losses, one metric and one group of people.
SERIES = tuple(claims_module.VIEW_KEY)
#: Time bins to summarise a timeline with, finest first: (name for the reader, pandas period frequency).
BIN_LADDER = (("day", "D"), ("week", "W-SUN"), ("month", "M"), ("quarter", "Q-DEC"), ("year", "Y-DEC"))
#: Rows of the as-of figure (0.42 in each) and of the as-of chart (a 20-pixel line each) beyond which
#: only the latest-dated rows are drawn: the figure must stay under matplotlib's pixel limit and both
#: must stay readable.
AS_OF_FIGURE_ROWS = 40
AS_OF_CHART_ROWS = 200
NARROW_HINT = "Narrow the selection with the claimants, subject_sides, metrics or populations parameters to see the rest."


@dataclass(frozen=True)
class TimelineSummary:
    """A timeline with more figures than :data:`~warclaims.charts.common.MAX_MARKS`, one mark per series and bin.

    ``frame`` has the plotting columns of the figures it summarises (``kind`` is ``summary`` for
    figures, ``undisclosed`` for stated silences), with ``x_start``/``x_end`` the bin, ``low`` the
    lowest and ``high`` the highest finite figure in it, ``n_figures`` how many figures it holds, and
    ``display``, ``as_of_label``, ``figure_id`` and ``quote`` of the latest one, so every mark still
    points to one exact quote.
    """

    frame: pd.DataFrame
    bin: str
    n_figures: int
    n_series: int
    left_out_series: int
    left_out_figures: int


def _marks_per_series(series: np.ndarray, bins: np.ndarray, silent: np.ndarray) -> pd.Series:
    """How many marks each series needs: one per bin with figures, one per bin with silences."""
    keys = pd.DataFrame({"series": series, "bin": bins, "silent": silent}).drop_duplicates()
    return keys.groupby("series").size()


def _finest_bin(when: pd.Series, series: np.ndarray, silent: np.ndarray, budget: int):
    """The finest bin of :data:`BIN_LADDER` whose marks fit ``budget`` (else the coarsest), its periods
    and the marks each series needs with it."""
    for name, freq in BIN_LADDER:
        periods = when.dt.to_period(freq)
        needed = _marks_per_series(series, periods.array.asi8, silent)
        if needed.sum() <= budget:
            break
    return name, periods, needed


def _biggest_series(series: np.ndarray, needed: pd.Series, budget: int) -> np.ndarray:
    """The series to keep when even the coarsest bin has too many marks: those with the most figures
    (ties: the series key's order), as many as fit ``budget`` (at least one)."""
    counts = pd.DataFrame({"figures": pd.Series(series).value_counts(), "marks": needed})
    counts = counts.rename_axis("series").reset_index().sort_values(["figures", "series"], ascending=[False, True])
    fits = counts["marks"].cumsum().to_numpy() <= budget
    fits[0] = True
    return counts["series"].to_numpy()[fits]


def _bin_labels(starts: pd.Series, bin_name: str) -> pd.Series:
    """'12 Oct 2020', 'week of 12 Oct 2020', 'Oct 2020', 'Q4 2020' or '2020' (formatted once per bin)."""
    unique = pd.Series(starts.unique())
    day = unique.dt.day.astype(str) + unique.dt.strftime(" %b %Y")
    text = {"day": day, "week": "week of " + day, "month": unique.dt.strftime("%b %Y"),
            "quarter": "Q" + unique.dt.quarter.astype(str) + unique.dt.strftime(" %Y"),
            "year": unique.dt.strftime("%Y")}[bin_name]
    return starts.map(dict(zip(unique, text))).astype("object")


def _counted(n: pd.Series, one: str, many: str) -> pd.Series:
    return n.map("{:,}".format) + np.where(n == 1, one, many)


def _summary_words(frame: pd.DataFrame) -> pd.DataFrame:
    """Tooltip text of each mark: how many figures, their range, the latest figure."""
    silent = frame["kind"].eq("undisclosed")
    vague = np.where(frame["n_vague"] > 0, ", " + frame["n_vague"].map("{:,}".format) + " given as vague words", "")
    figures = _counted(frame["n_figures"], " figure", " figures") + vague
    said = _counted(frame["n_figures"], " statement", " statements") + " that the figure is not disclosed"
    # The marks are at most the budget, so formatting them one by one costs nothing that grows with N.
    ranges = pd.Series([quantities.format_interval(lo, hi) for lo, hi in zip(frame["low"], frame["high"])],
                       index=frame.index, dtype="object")
    ranges = ranges.where(~frame["open_ended"], ranges + " (some figures are 'at least': no upper end)")
    return frame.assign(when=frame["bin_label"], figures=figures.where(~silent, said),
                        range=ranges.where(~silent, ""),
                        latest=frame["display"].astype("object") + ", as of " + frame["as_of_label"].astype("object"))


def _summarise_timeline(data: pd.DataFrame, budget: int) -> TimelineSummary:
    """Summarise :func:`_prepare`'d figures into at most ``budget`` marks, one per series and time bin.

    The bin is the finest of :data:`BIN_LADDER` that fits; when even a year per mark does not, only the
    series with the most figures are kept (the summary says how many were left out).
    """
    series = data.groupby(list(SERIES), sort=True, dropna=False).ngroup().to_numpy()
    silent = data["kind"].eq("undisclosed").to_numpy()
    bin_name, periods, needed = _finest_bin(data["x_start"], series, silent, budget)
    kept = np.arange(series.max() + 1) if needed.sum() <= budget else _biggest_series(series, needed, budget)
    keep = np.isin(series, kept)
    rows = data.assign(_series=series, _silent=silent, _bin=periods.dt.start_time, _next=(periods + 1).dt.start_time,
                       _top=data["high"].where(np.isfinite(data["high"]), data["low"]),
                       _open=np.isinf(data["high"]), _vague=data["kind"].eq("vague"))[keep]
    # Sorted by date, the last row of each group is its latest figure: it speaks for the mark.
    rows = rows.sort_values(["x_start", "x_end"], kind="stable")
    keys = ["_series", "_bin", "_silent"]
    stats = rows.groupby(keys, sort=True).agg(n_figures=("figure_id", "size"), low=("low", "min"), high=("_top", "max"),
                                              open_ended=("_open", "any"), n_vague=("_vague", "sum"))
    latest = rows.drop_duplicates(keys, keep="last").set_index(keys).sort_index().drop(columns=["low", "high"])
    frame = latest.join(stats).reset_index()
    # The latest figure is the point; a vague word has no point of its own, so its band stands alone.
    frame["y"] = frame["y"].where(~frame["kind"].isin(["vague", "undisclosed"]))
    frame["best"] = frame["y"]
    frame["kind"] = np.where(frame["_silent"], "undisclosed", "summary")
    frame["x_start"], frame["x_end"] = frame["_bin"], frame["_next"]
    frame["x_mid"] = frame["x_start"] + (frame["x_end"] - frame["x_start"]) / 2
    frame["bin_label"] = _bin_labels(frame["x_start"], bin_name)
    # Bands of one bin lie on top of each other: the more there are, the fainter each, so they stay readable.
    overlap = frame.groupby(["metric", "x_start", "kind"])["kind"].transform("size")
    frame["shade"] = (2.4 / overlap).clip(0.04, 0.3)
    frame = _summary_words(frame).drop(columns=[c for c in frame.columns if c.startswith("_")])
    return TimelineSummary(frame=frame, bin=bin_name, n_figures=int(keep.sum()), n_series=len(kept),
                           left_out_series=int(series.max() + 1 - len(kept)), left_out_figures=int((~keep).sum()))


def _summary_lines(summary: TimelineSummary, subtitle: str) -> list[str]:
    """What the summarised chart shows, so that nobody reads a mark as one figure."""
    unit = summary.bin
    what = (f"{summary.n_figures + summary.left_out_figures:,} figures are too many to draw one by one, so this chart "
            f"is aggregated: each mark summarises one claimant's figures per {unit} about one side's losses, one "
            f"metric and one group of people. Bands run from the lowest to the highest figure of the {unit}; the "
            f"point is the latest figure (none when it was a vague word). Crosses: {unit}s in which a side said it "
            "does not disclose the figure.")
    lines = [what] if subtitle == TIMELINE_SUBTITLE else [subtitle, what]
    if summary.left_out_series:
        lines.append(f"Even a mark per year is too many: only the {summary.n_series:,} series with the most figures "
                     f"are drawn, and {summary.left_out_series:,} other series ({summary.left_out_figures:,} figures) "
                     f"are left out. {NARROW_HINT}")
    return lines


def _latest_rows(view: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, str]:
    """At most ``limit`` rows of an as-of view, in its order: the latest-dated (the freshest word of each
    claimant), and a sentence saying how many were left out ("" when none)."""
    if len(view) <= limit:
        return view, ""
    latest = view.reset_index(drop=True).sort_values(["as_of", "as_of_end"], ascending=False, kind="stable")
    kept = view.reset_index(drop=True).loc[np.sort(latest.index[:limit])]
    return kept, (f"{limit:,} of {len(view):,} rows shown: those with the latest dates. {NARROW_HINT}")


# -- timeline, matplotlib ----------------------------------------------------------------------------
def _draw_figures(ax, rows: pd.DataFrame, shown: pd.DataFrame, *, band_width, log: bool, labels: bool) -> bool:
    """Each figure of one panel as its own mark (few figures); True when a side's own figures were joined."""
    for _, row in shown.iterrows():
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
                    color=common.darker(colour), zorder=4)
    joined = False
    for _, series in _own_losses(rows).groupby(["subject_camp", "population"]):
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
                       fontsize=7.5, va="center", ha="left", color=common.darker(row["colour"]))


def _draw_summaries(ax, marks: pd.DataFrame) -> None:
    """Summary marks of one panel: one collection of bands, one scatter per marker shape (artists do not
    grow with the data)."""
    ax.xaxis_date()
    if marks.empty:
        return
    x0, x1 = mdates.date2num(marks["x_start"]), mdates.date2num(marks["x_end"])
    low, high = marks["low"].to_numpy(), marks["high"].to_numpy()
    corners = np.stack([np.column_stack(point) for point in ((x0, low), (x1, low), (x1, high), (x0, high))], axis=1)
    fill = mcolors.to_rgba_array(marks["colour"], marks["shade"])
    edge = mcolors.to_rgba_array(marks["colour"], (marks["shade"] * 2.5).clip(upper=0.8))
    ax.add_collection(PolyCollection(corners, facecolors=fill, edgecolors=edge, linewidths=0.8))
    latest = marks[marks["y"].notna()]
    for marker, group in latest.groupby("marker", sort=True):
        ax.scatter(group["x_mid"], group["y"], marker=marker, c=list(group["colour"]), s=30, edgecolors="white",
                   linewidths=0.5, zorder=3)


def _draw_summary_silences(strip, silent: pd.DataFrame) -> None:
    strip.xaxis_date()
    strip.scatter(silent["x_mid"], np.full(len(silent), 0.5), marker="X", c=list(silent["colour"]), s=60,
                  edgecolors="white", linewidths=0.5)


def timeline_figure(frame: pd.DataFrame, dataset, *, title: str = TIMELINE_TITLE, subtitle: str = TIMELINE_SUBTITLE,
                    width: float = 11.0, labels: bool | None = None):
    """Figures over time, one panel per metric (matplotlib).

    Up to :data:`~warclaims.charts.common.MAX_MARKS` figures, each is drawn as given; beyond, the
    figures are summarised per series and time bin (:class:`TimelineSummary`) and the subtitle
    says so.

    Parameters
    ----------
    frame
        :func:`warclaims.claims.timeline` output (not empty).
    dataset
        The dataset it came from (vocabularies, colours, time zone, source line).
    labels
        Write each figure next to its mark; by default when there are at most 60 figures (never when
        summarised).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if frame.empty:
        raise ValueError("no figures to draw: check for an empty selection before charting")
    data = _prepare(frame, dataset)
    summary = _summarise_timeline(data, common.MAX_MARKS) if len(data) > common.MAX_MARKS else None
    if summary is not None:
        data, labels, subtitle = summary.frame, False, " ".join(_summary_lines(summary, subtitle))
    labels = len(data) <= 60 if labels is None else labels
    metrics = _metric_order(data, dataset)
    has_silence = {m: bool((data.loc[data["metric"] == m, "kind"] == "undisclosed").any()) for m in metrics}
    ratios = []
    for metric in metrics:
        # A panel with one or two figures needs less height than a busy one.
        counted = int(((data["metric"] == metric) & (data["kind"] != "undisclosed")).sum())
        ratios.append(3.2 if counted > 2 else 2.2)
        if has_silence[metric]:
            ratios.append(0.55)
    figure = common.new_figure(width, 0.6 + sum(ratios) * 0.85, title, subtitle, common.source_line(dataset))
    grid = figure.add_gridspec(len(ratios), 2, height_ratios=ratios, width_ratios=[width - 2.9, 2.9])

    x_min, x_max = data["x_start"].min(), data["x_end"].max()
    span = max((x_max - x_min) / pd.Timedelta(days=1), 1.0)
    pad_left, pad_right = pd.Timedelta(days=span * 0.03), pd.Timedelta(days=span * (0.16 if labels else 0.04))
    # Summary marks fill their bin: offsetting hundreds of them would spread them over other bins.
    data["x"] = _dodge(data, span) if summary is None else data["x_mid"]
    band_width = pd.Timedelta(days=span * 0.012)

    # One scale for every panel when they count the same unit, so that panels compare at a glance.
    counted = data[data["kind"] != "undisclosed"]
    all_values = pd.concat([counted["low"], counted["high"], counted["best"]])
    shared = data["unit"].nunique() == 1
    log = common.log_scale_wanted(all_values)
    axes, slot = [], 0
    first = None
    joined_any = False
    for metric in metrics:
        rows = data[data["metric"] == metric]
        ax = figure.add_subplot(grid[slot, 0], sharex=first)
        first = first or ax
        slot += 1
        axes.append(ax)
        shown = rows[rows["kind"] != "undisclosed"]
        values = all_values if shared else pd.concat([shown["low"], shown["high"], shown["best"]])
        if summary is None:
            joined_any = _draw_figures(ax, rows, shown, band_width=band_width, log=log, labels=labels) or joined_any
        else:
            _draw_summaries(ax, shown)
        _style_panel(ax, rows, values, all_values, log, empty=shown.empty)
        if has_silence[metric]:
            strip = figure.add_subplot(grid[slot, 0], sharex=first)
            slot += 1
            axes.append(strip)
            silent = rows[rows["kind"] == "undisclosed"]
            strip.set_ylim(0, 1)
            strip.set_yticks([])
            strip.set_facecolor("#f4f4f4")
            strip.set_ylabel("not\ndisclosed", rotation=0, ha="right", va="center", fontsize=8, color=common.MUTED)
            if summary is None:
                _draw_figure_silences(strip, silent, band_width=band_width, labels=labels)
            else:
                _draw_summary_silences(strip, silent)
            for spine in ("top", "right", "left"):
                strip.spines[spine].set_visible(False)
            strip.tick_params(labelsize=8)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    last = axes[-1]
    last.set_xlim(x_min - pad_left, x_max + pad_right)
    last.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    last.xaxis.set_major_formatter(FuncFormatter(_date_text) if span <= 366 else mdates.DateFormatter("%b %Y"))
    tz = getattr(dataset, "timezone", "")
    last.set_xlabel(f"Date the figure counts up to (local time, UTC{tz})", fontsize=8.5)
    sections = (_legend_sections(data, dataset, joined_any) if summary is None
                else _summary_legend_sections(data, dataset, summary.bin))
    common.legend_panel(figure.add_subplot(grid[:, 1]), sections)
    return figure


def _style_panel(ax, rows: pd.DataFrame, values: pd.Series, all_values: pd.Series, log: bool, *, empty: bool) -> None:
    """Axis, title and scale of one metric's panel."""
    unit = rows["unit"].iloc[0] or "count"
    ax.set_ylabel(f"{unit}" + (" (log scale)" if log else ""), fontsize=8.5)
    name = rows["metric_name"].iloc[0]
    ax.set_title(name, loc="left", fontsize=10.5, fontweight="bold", color=common.TEXT_COLOUR)
    if log:
        ax.set_yscale("symlog" if (all_values == 0).any() else "log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: quantities.format_number(v)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        finite = values[np.isfinite(values) & (values > 0)]
        if len(finite):
            ax.set_ylim(finite.min() / 2, finite.max() * 2.2)
    else:
        finite = values[np.isfinite(values)]
        top = finite.max() if len(finite) else 1
        ax.set_ylim(0, top * 1.25 if top > 0 else 1)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: quantities.format_number(v)))
    if empty:
        ax.set_yticks([])
        ax.text(0.5, 0.5, "only silences for this metric", transform=ax.transAxes, ha="center", va="center",
                color=common.MUTED, fontsize=8)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.7)
    ax.tick_params(labelsize=8)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


# -- as-of view, matplotlib --------------------------------------------------------------------------
def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _row_labels(data: pd.DataFrame) -> pd.Series:
    return (data["subject_side_name"] + ": " + data["metric_name"].str.lower() + ", " + data["population"])


def as_of_figure(view: pd.DataFrame, dataset, *, title: str = AS_OF_TITLE, subtitle: str = AS_OF_SUBTITLE,
                 as_of_text: str = "", width: float = 12.0):
    """Where things stood: one row per claimant and thing counted, grouped by whose losses (matplotlib).

    Parameters
    ----------
    view
        :func:`warclaims.claims.as_of_view` output (not empty).
    as_of_text
        The date of the view, for the title ("" for the latest).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if view.empty:
        raise ValueError("no figures to draw: check for an empty selection before charting")
    view, note = _latest_rows(view, AS_OF_FIGURE_ROWS)
    subtitle = f"{subtitle} {note}" if note else subtitle
    data = _prepare(view, dataset)
    data["row_label"] = _row_labels(data)
    camps = [c for c in claims_module.orders(dataset)["camp"] if c in set(data["subject_camp"])]
    camps += [c for c in dict.fromkeys(data["subject_camp"]) if c not in camps]
    counts = [int((data["subject_camp"] == c).sum()) for c in camps]
    full_title = f"{title}, as of {as_of_text}" if as_of_text else f"{title} (latest figures)"
    body = 0.6 + sum(counts) * 0.42 + len(camps) * 0.45
    figure = common.new_figure(width, body, full_title, subtitle, common.source_line(dataset))
    grid = figure.add_gridspec(len(camps), 2, height_ratios=[n + 0.6 for n in counts], width_ratios=[width - 3.6, 3.6])
    shown = data[data["kind"] != "undisclosed"]
    values = pd.concat([shown["low"], shown["high"], shown["best"]])
    log = common.log_scale_wanted(values)
    finite = values[np.isfinite(values) & (values > 0)]
    lo = finite.min() / 3 if len(finite) else 1
    hi = finite.max() * 1.6 if len(finite) else 10
    axes, first = [], None
    for index, camp in enumerate(camps):
        rows = data[data["subject_camp"] == camp].reset_index(drop=True)
        ax = figure.add_subplot(grid[index, 0], sharex=first)
        first = first or ax
        axes.append(ax)
        positions = np.arange(len(rows))[::-1]
        for y, (_, row) in zip(positions, rows.iterrows()):
            colour = row["colour"]
            if row["kind"] == "undisclosed":
                ax.plot([0.03], [y], marker="X", color=colour, markersize=9, linestyle="",
                        transform=ax.get_yaxis_transform(), clip_on=False)
                ax.text(0.05, y, quantities.NOT_DISCLOSED, transform=ax.get_yaxis_transform(), va="center",
                        fontsize=8.5, color=common.darker(colour), style="italic")
            elif row["kind"] == "vague":
                ax.barh(y, row["high"] - row["low"], left=row["low"], height=0.55, color=colour, alpha=0.35,
                        edgecolor=colour, linewidth=1.2)
            else:
                if row["kind"] == "range":
                    ax.hlines(y, row["low"], row["high"], color=colour, linewidth=1.8)
                if row["kind"] == "at_least":
                    ax.annotate("", xy=(row["low"] * (2.2 if log else 1.3), y), xytext=(row["low"], y),
                                arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.4})
                ax.plot([row["y"]], [y], marker=row["marker"], color=colour, markersize=9, linestyle="",
                        markeredgecolor="white", markeredgewidth=0.8, zorder=3)
        ax.set_yticks(positions, rows["row_label"], fontsize=8.5)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        # Who claimed it and when, in a column of its own (kept inside the layout, unlike twin tick labels).
        notes = figure.add_subplot(grid[index, 1], sharey=ax)
        notes.axis("off")
        for y, (_, row) in zip(positions, rows.iterrows()):
            colour = common.darker(row["colour"])
            notes.text(0.02, y + 0.13, row["display"], fontsize=8.5, fontweight="bold", va="center", color=colour)
            notes.text(0.02, y - 0.17, f"{_short(row['claimant_name'], 40)}, {row['as_of_label']}", fontsize=7.5,
                       va="center", color=colour)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.7)
        ax.set_title(f"Losses of: {rows['subject_camp_name'].iloc[0]}", loc="left", fontsize=10.5,
                     fontweight="bold", color=common.TEXT_COLOUR)
        ax.tick_params(axis="x", labelsize=8)
    last = axes[-1]
    if log:
        last.set_xscale("symlog" if (values == 0).any() else "log")
        last.set_xlim(lo, hi)
    else:
        last.set_xlim(0, hi)
    last.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: quantities.format_number(v)))
    last.xaxis.set_minor_formatter(NullFormatter())
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    units = sorted(set(u for u in data["unit"] if u))
    unit_text = units[0] if len(units) == 1 else "units as in each row's metric"
    last.set_xlabel(f"Number claimed ({unit_text}{'; log scale' if log else ''})", fontsize=8.5)
    # No legend: each row names what it counts (left) and who claimed it (right, in the claimant's colour).
    return figure


def _value_domain(numbers: pd.Series, log: bool) -> tuple[float, float]:
    finite = numbers[np.isfinite(numbers)]
    positive = finite[finite > 0]
    if log and len(positive):
        return float(positive.min() / 2), float(positive.max() * 2)
    top = float(finite.max()) if len(finite) else 1.0
    return 0.0, (top * 1.25 if top > 0 else 1.0)


# -- Altair ------------------------------------------------------------------------------------------
TOOLTIP = [
    alt.Tooltip("claimant_name:N", title="Claimant"),
    alt.Tooltip("display:N", title="Figure"),
    alt.Tooltip("metric_name:N", title="Counts"),
    alt.Tooltip("population:N", title="Who"),
    alt.Tooltip("subject_side_name:N", title="Whose losses"),
    alt.Tooltip("as_of_label:N", title="As of"),
    alt.Tooltip("outlet:N", title="Outlet"),
    alt.Tooltip("source_title:N", title="Source"),
    alt.Tooltip("n_sources:Q", title="Sources reporting it"),
    alt.Tooltip("status:N", title="Status"),
    alt.Tooltip("quote:N", title="Quote (exact)"),
]
_ALTAIR_COLUMNS = ["figure_id", "claimant", "claimant_name", "display", "metric", "metric_name", "unit", "population",
                   "subject_side_name", "subject_camp", "subject_camp_name", "as_of_label", "outlet", "source_title",
                   "n_sources", "status", "quote", "kind", "low", "high", "y", "shape", "x_start", "x_end", "x_mid"]


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
    alt.Tooltip("figure_id:N", title="Its figure id"),
]
SUMMARY_TOOLTIP = [*_SUMMARY_SERIES_TOOLTIP, alt.Tooltip("figures:N", title="Figures"),
                   alt.Tooltip("range:N", title="Range"), alt.Tooltip("latest:N", title="Latest figure"),
                   *_SUMMARY_SOURCE_TOOLTIP]
SUMMARY_SILENCE_TOOLTIP = [*_SUMMARY_SERIES_TOOLTIP, alt.Tooltip("figures:N", title="Said"),
                           alt.Tooltip("latest:N", title="Latest"), *_SUMMARY_SOURCE_TOOLTIP]
#: Only what the summary's encodings and tooltips use goes into the page.
_SUMMARY_COLUMNS = ["kind", "claimant_name", "subject_side_name", "metric_name", "population", "when", "figures", "range",
                    "latest", "quote", "figure_id", "x_start", "x_end", "x_mid", "low", "high", "y", "shade"]


def _summary_altair_data(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[_SUMMARY_COLUMNS].copy()
    for column in ("low", "high", "y"):
        out[column] = out[column].where(np.isfinite(out[column]))
    return common.plain(out)


def _altair_data(data: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    out = data[_ALTAIR_COLUMNS + list(extra)].copy()
    for column in ("low", "high", "y"):
        out[column] = out[column].where(np.isfinite(out[column]))
    return common.plain(out).astype({"n_sources": "int64"})


def _selection_and_colour(data: pd.DataFrame, dataset):
    palette = common.claimant_palette(dataset, data["claimant"].unique())
    names = dict(zip(data["claimant"], data["claimant_name"]))
    scale = common.altair_colour(palette, names)
    selection = alt.selection_point(fields=["claimant_name"], bind="legend", name="claimant_pick")
    colour = alt.Color("claimant_name:N", scale=scale, title="Claimant (click to highlight)",
                       legend=alt.Legend(orient="right", labelLimit=320, symbolType="circle"))
    opacity = alt.condition(selection, alt.value(0.95), alt.value(0.12))
    return selection, colour, opacity


def _shape(data: pd.DataFrame, dataset) -> alt.Shape:
    markers = common.population_markers(dataset, data["population"].unique())
    present = [p for p in markers if p in set(data.loc[data["kind"] != "undisclosed", "population"])]
    return alt.Shape("population:N", title="Who was counted",
                     scale=alt.Scale(domain=present, range=[markers[p][1] for p in present]))


def timeline_chart(frame: pd.DataFrame, dataset, *, title: str = TIMELINE_TITLE, subtitle: str = TIMELINE_SUBTITLE,
                   width: int = 640):
    """Figures over time, one row per metric, interactive (Altair).

    Hover a mark for the claimant, outlet, date and exact quote; click a claimant in the legend to
    highlight its figures (shift-click for several). Up to :data:`~warclaims.charts.common.MAX_MARKS`
    figures, each is a mark; beyond, each mark summarises a series per time bin (:class:`TimelineSummary`)
    and its tooltip gives the number of figures, their range and the latest one's quote and figure id.
    """
    if frame.empty:
        raise ValueError("no figures to draw: check for an empty selection before charting")
    data = _prepare(frame, dataset)
    summary = _summarise_timeline(data, common.MAX_MARKS) if len(data) > common.MAX_MARKS else None
    if summary is not None:
        data = summary.frame
    metrics = _metric_order(data, dataset)
    names = dict(zip(data["metric"], data["metric_name"]))
    metric_names = [names[m] for m in metrics]
    values = _altair_data(data) if summary is None else _summary_altair_data(data)
    selection, colour, opacity = _selection_and_colour(data, dataset)
    span = max((data["x_end"].max() - data["x_start"].min()) / pd.Timedelta(days=1), 1.0)
    pad = pd.Timedelta(days=span * 0.04)
    domain = [(data["x_start"].min() - pad).isoformat(), (data["x_end"].max() + pad).isoformat()]
    x_scale = alt.Scale(domain=domain)
    shown = data[data["kind"] != "undisclosed"]
    numbers = pd.concat([shown["low"], shown["high"], shown["best"]])
    log = common.log_scale_wanted(numbers)
    shared = data["unit"].nunique() == 1
    if shared:
        # One scale for every panel when they count the same unit, so that panels compare at a glance.
        low, high = _value_domain(numbers, log)
        y_scale = alt.Scale(type="log" if log else "linear", domain=[low, high], nice=False, zero=not log)
        y_axis = alt.Axis(values=common.nice_ticks(low, high, log), format=",d")
    else:
        # Each panel fits its own figures: pad the range so marks do not sit on the panel's edges.
        y_scale = alt.Scale(type="log" if log else "linear", nice=False, zero=not log, padding=14)
        y_axis = alt.Axis(format=",d", tickCount=4)
    units = sorted(set(u for u in data["unit"] if u))
    unit_axis = (units[0] if len(units) == 1 else "number claimed") + (" (log scale)" if log else "")
    x_axis = alt.Axis(format="%-d %b" if span <= 366 else "%b %Y", title=None, labelFlush=False)

    base = alt.Chart(values).properties(width=width, height=170)
    x = alt.X("x_start:T", scale=x_scale, axis=x_axis)
    y = alt.Y("low:Q", scale=y_scale, title=unit_axis, axis=y_axis)
    shape = _shape(data, dataset)
    if summary is None:
        layers = _figure_layers(base, x, y, x_scale, y_scale, colour, opacity, selection, shape)
    else:
        layers = _summary_layers(base, x, y, x_scale, y_scale, colour, opacity, selection, shape)
    panels = alt.layer(*layers).facet(
        row=alt.Row("metric_name:N", sort=metric_names, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                      labelFontWeight="bold", labelFontSize=12))
    ).resolve_scale(y="shared" if shared else "independent")

    chart = panels
    if (data["kind"] == "undisclosed").any():
        silent = alt.Chart(values).transform_filter("datum.kind == 'undisclosed'").properties(width=width)
        tooltip = TOOLTIP if summary is None else SUMMARY_SILENCE_TOOLTIP
        crosses = silent.mark_point(shape="cross", filled=True, size=130, angle=45).encode(
            x=alt.X("x_mid:T", scale=x_scale, axis=x_axis),
            y=alt.Y("metric_name:N", sort=metric_names, title="not disclosed", axis=alt.Axis(labelLimit=200)),
            color=colour, opacity=opacity, tooltip=tooltip)
        strip = [crosses]
        if summary is None:
            # Name the side beside each cross; summary crosses are too many to name.
            strip.append(silent.mark_text(align="left", dx=9, fontSize=10).encode(
                x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("metric_name:N", sort=metric_names),
                text=alt.Text("subject_side_name:N"), color=colour, opacity=opacity, tooltip=TOOLTIP))
        chart = alt.vconcat(panels, alt.layer(*strip), spacing=12)
    if summary is None:
        lines = [subtitle, "Hover a mark for its source and exact quote; click a claimant in the legend to highlight it."]
    else:
        lines = [*_summary_lines(summary, subtitle), "Hover a mark for how many figures it holds and the latest one's "
                 "exact quote and figure id; click a claimant in the legend to highlight it."]
    return common.altair_titled(chart, title, lines, common.source_line(dataset))


def _figure_layers(base, x, y, x_scale, y_scale, colour, opacity, selection, shape) -> list:
    """One mark per figure: bands for vague words, rules for ranges, points and the figure as text."""
    # Named views: Altair needs them to lift the legend selection out of a faceted layer inside a concat.
    bands = base.transform_filter("datum.kind == 'vague'").properties(name="timeline_bands").mark_rect(strokeWidth=1.2).encode(
        x=x, x2="x_end:T", y=y, y2="high:Q",
        color=colour, stroke=colour, fillOpacity=alt.condition(selection, alt.value(0.35), alt.value(0.06)),
        strokeOpacity=opacity, tooltip=TOOLTIP)
    ranges = base.transform_filter("datum.kind == 'range'").mark_rule(strokeWidth=2).encode(
        x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("low:Q", scale=y_scale), y2="high:Q", color=colour,
        opacity=opacity, tooltip=TOOLTIP)
    points = base.transform_filter("datum.kind != 'vague' && datum.kind != 'undisclosed'").mark_point(
        filled=True, size=90, stroke="white", strokeWidth=0.8).encode(
        x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), color=colour, shape=shape,
        opacity=opacity, tooltip=TOOLTIP).add_params(selection)
    texts = base.transform_filter("datum.kind != 'undisclosed'").mark_text(align="left", dx=8, fontSize=10).encode(
        x=alt.X("x_mid:T", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), text="display:N", color=colour,
        opacity=opacity, tooltip=TOOLTIP)
    return [bands, ranges, points, texts]


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


def as_of_chart(view: pd.DataFrame, dataset, *, title: str = AS_OF_TITLE, subtitle: str = AS_OF_SUBTITLE,
                as_of_text: str = "", width: int = 520):
    """Where things stood, interactive (Altair): rows by whose losses, x the figure claimed."""
    if view.empty:
        raise ValueError("no figures to draw: check for an empty selection before charting")
    view, note = _latest_rows(view, AS_OF_CHART_ROWS)
    data = _prepare(view, dataset)
    data["row_label"] = _row_labels(data)
    camps = [c for c in claims_module.orders(dataset)["camp"] if c in set(data["subject_camp"])]
    camps += [c for c in dict.fromkeys(data["subject_camp"]) if c not in camps]
    data["camp_label"] = "Losses of: " + data["subject_camp_name"]
    camp_names = list(dict.fromkeys(data.set_index("subject_camp").loc[camps, "camp_label"]))
    values = _altair_data(data, ("row_label", "camp_label"))
    selection, colour, opacity = _selection_and_colour(data, dataset)
    shown = data[data["kind"] != "undisclosed"]
    numbers = pd.concat([shown["low"], shown["high"], shown["best"]])
    log = common.log_scale_wanted(numbers)
    finite = numbers[np.isfinite(numbers) & (numbers > 0)]
    domain = list(_value_domain(numbers, log))
    x_scale = alt.Scale(type="log" if log else "linear", domain=domain, nice=False)
    x_axis = alt.Axis(values=common.nice_ticks(domain[0], domain[1], log), format=",d")
    units = sorted(set(u for u in data["unit"] if u))
    x_title = f"Number claimed ({units[0] if len(units) == 1 else 'units vary by row'}{'; log scale' if log else ''})"
    y = alt.Y("row_label:N", title=None, sort=list(dict.fromkeys(data["row_label"])), axis=alt.Axis(labelLimit=300))

    base = alt.Chart(values).properties(width=width)
    bands = base.transform_filter("datum.kind == 'vague'").properties(name="as_of_bands").mark_bar(height=12, strokeWidth=1.2).encode(
        x=alt.X("low:Q", scale=x_scale, title=x_title, axis=x_axis), x2="high:Q", y=y, color=colour, stroke=colour,
        fillOpacity=alt.condition(selection, alt.value(0.35), alt.value(0.06)), strokeOpacity=opacity,
        tooltip=TOOLTIP)
    ranges = base.transform_filter("datum.kind == 'range'").mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", scale=x_scale), x2="high:Q", y=y, color=colour, opacity=opacity, tooltip=TOOLTIP)
    points = base.transform_filter("datum.kind != 'vague' && datum.kind != 'undisclosed'").mark_point(
        filled=True, size=100, stroke="white", strokeWidth=0.8).encode(
        x=alt.X("y:Q", scale=x_scale), y=y, color=colour, shape=_shape(data, dataset), opacity=opacity,
        tooltip=TOOLTIP).add_params(selection)
    texts = base.transform_filter("datum.kind != 'undisclosed'").mark_text(align="left", dx=9, fontSize=10).encode(
        x=alt.X("high:Q", scale=x_scale), y=y, text="display:N", color=colour, opacity=opacity, tooltip=TOOLTIP)
    silent = base.transform_filter("datum.kind == 'undisclosed'").mark_text(
        align="left", fontSize=11, fontStyle="italic").encode(
        x=alt.value(6), y=y, text=alt.value("\u2715 " + quantities.NOT_DISCLOSED), color=colour, opacity=opacity,
        tooltip=TOOLTIP)
    chart = alt.layer(bands, ranges, points, texts, silent).facet(
        row=alt.Row("camp_label:N", sort=camp_names, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                      labelFontWeight="bold", labelFontSize=12))
    ).resolve_scale(y="independent")
    full_title = f"{title}, as of {as_of_text}" if as_of_text else f"{title} (latest figures)"
    lines = [subtitle, "Hover a mark for its source and exact quote; click a claimant in the legend to highlight it."]
    if note:
        lines.append(note)
    return common.altair_titled(chart, full_title, lines, common.source_line(dataset))


# -- words and tables for the notebook ---------------------------------------------------------------
TABLES = {
    "figures": {"as_of_label": "As of", "claimant_name": "Claimant", "subject_side_name": "Whose losses",
                "metric_name": "Counts", "population": "Who", "display": "Figure", "status": "Status",
                "outlet": "Outlet (first source)", "n_sources": "Sources", "quote": "Quote (exact words)"},
    "view": {"subject_side_name": "Whose losses", "metric_name": "Counts", "population": "Who",
             "claimant_name": "Claimant", "display": "Figure", "as_of_label": "As of", "outlet": "Outlet (first source)",
             "n_sources": "Sources"},
    "silences": {"claimant_name": "Claimant", "subject_side_name": "Whose losses", "metric_name": "Counts",
                 "population": "Who", "as_of_label": "As of", "outlet": "Outlet (first source)",
                 "quote": "Quote (exact words)"},
    "compare": {"a_metric_name": "Counts", "population": "Who", "a_claimant_name": "Claimant A", "a_display": "A's figure",
                "a_as_of_label": "A as of", "a_subject_side_name": "A counts losses of", "b_claimant_name": "Claimant B",
                "b_display": "B's figure", "b_as_of_label": "B as of", "b_subject_side_name": "B counts losses of",
                "difference": "A \u2212 B", "ratio": "A / B"},
    "own": {"subject_camp_name": "Losses of", "metric_name": "Counts", "population": "Who",
            "sequence": "What the side's own claimants said, in date order"},
    "chain": {"claim_id": "Claim", "source_id": "Source", "claimant": "Claimant", "as_of_text": "As of",
              "display": "Figure", "quote": "Quote (exact words)", "superseded_by": "Corrected by", "current": "Current"},
}


def table(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The columns a reader needs from a claims frame, with plain-English headers.

    ``kind`` is one of :data:`TABLES`: ``figures`` (:func:`~warclaims.claims.timeline`), ``view``
    (:func:`~warclaims.claims.as_of_view`), ``silences``, ``compare``
    (:func:`~warclaims.claims.compare_all`), ``own`` (:func:`~warclaims.claims.own_losses`) or
    ``chain`` (:func:`~warclaims.claims.revisions`).
    """
    columns = TABLES[kind]
    present = [c for c in columns if c in frame]
    out = frame[present].rename(columns=columns).reset_index(drop=True)
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, list) else v)
    return out


def no_match_markdown(selection) -> str:
    """The message shown instead of charts when the parameters leave nothing to draw."""
    return ("**No claims match these parameters:** " + common.markdown_escape(selection.describe())
            + ". Widen the dates or empty a list (an empty list means all); the charts are skipped.")


def summary_markdown(selection, figures: pd.DataFrame, view: pd.DataFrame) -> str:
    """One paragraph: how many figures, from how many sources and claimants, over which dates."""
    if figures.empty:
        return no_match_markdown(selection)
    sources = {s for group in figures["sources"] for s in group}
    n_reports = int(figures["n_sources"].sum())
    first, last = figures["as_of_label"].iloc[0], figures.sort_values("as_of_end")["as_of_label"].iloc[-1]
    silences = int((figures["qualifier"] == "undisclosed").sum())
    vague = int((figures["qualifier"] == "vague").sum())
    when = f"as of {common.markdown_escape(selection.as_of_text)}" if selection.as_of_text else "latest"
    return (
        f"**{len(figures)} figures** ({n_reports} reports in {len(sources)} sources) from "
        f"**{figures['claimant'].nunique()} claimants**, dated {common.markdown_escape(first)} to "
        f"{common.markdown_escape(last)}: {vague} given only as a vague word, {silences} stated silences "
        f"(\"not disclosed\"). The {when} view keeps {len(view)} figures, one per claimant and thing counted. "
        f"Parameters: {common.markdown_escape(selection.describe())}."
    )


def save_pngs(selection, directory, *, dpi: int = 110) -> list:
    """Write the notebook's two print charts for ``selection`` (:func:`warclaims.claims.select`) as PNGs.

    Writes ``casualty_timeline.png`` (running totals over time) and ``casualty_as_of.png`` (where things
    stood) into ``directory`` and returns their paths. No timestamp goes into the PNG metadata, so the
    files are byte-for-byte reproducible.
    """
    from pathlib import Path

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    figures = selection.timeline()
    running, _episodes = claims_module.split_cumulative(figures)
    drawn = {
        "casualty_timeline.png": timeline_figure(running if not running.empty else figures, selection.dataset),
        "casualty_as_of.png": as_of_figure(selection.as_of_view(), selection.dataset, as_of_text=selection.as_of_text),
    }
    written = []
    for name, figure in drawn.items():
        figure.savefig(directory / name, dpi=dpi, metadata={"Software": None})
        written.append(directory / name)
    return written
