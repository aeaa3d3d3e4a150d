"""A casualty timeline too big to draw figure by figure, summarised: one mark per series and time bin.

A series is one claimant's figures about one side's losses, one metric and one group of people
(:data:`SERIES`). Above :data:`~warclaims.budget.MAX_MARKS` figures a casualty timeline draws one mark
per series and bin instead (:func:`summarise_timeline`); every mark still points to one exact quote.
"""
from __future__ import annotations

import dataclasses
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from warclaims import analysis
from warclaims.charts import binning
from warclaims.text import words
from warclaims.text.casualty import NARROW_HINT

#: A series: one claimant's figures about one side's losses, one metric and one group of people.
SERIES = tuple(analysis.VIEW_KEY)
#: The bins a casualty timeline is summarised with: figures are dated to the day at best, and when
#: even a year per mark does not fit, the series with the most figures are kept (none is split).
LADDER = binning.rungs("day", "year")


@dataclass(frozen=True)
class TimelineSummary:
    """A timeline with more figures than its mark budget, one mark per series and bin.

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


def _biggest_series(series: np.ndarray, needed: pd.Series, budget: int) -> np.ndarray:
    """The series to keep when even the coarsest bin has too many marks: those with the most figures
    (ties: the series key's order), as many as fit ``budget`` (at least one)."""
    counts = pd.DataFrame({"figures": pd.Series(series).value_counts(), "marks": needed})
    counts = counts.rename_axis("series").reset_index().sort_values(["figures", "series"], ascending=[False, True])
    fits = counts["marks"].cumsum().to_numpy() <= budget
    fits[0] = True
    return counts["series"].to_numpy()[fits]


def _counted(n: pd.Series, one: str, many: str) -> pd.Series:
    return n.map("{:,}".format) + np.where(n == 1, one, many)


def _summary_words(frame: pd.DataFrame) -> pd.DataFrame:
    """Tooltip text of each mark: how many figures, their range, the latest figure."""
    silent = frame["kind"].eq("undisclosed")
    vague = np.where(frame["n_vague"] > 0, ", " + frame["n_vague"].map("{:,}".format) + " given as vague words", "")
    figures = _counted(frame["n_figures"], " figure", " figures") + vague
    said = _counted(frame["n_figures"], " statement", " statements") + " that the figure is not disclosed"
    # The marks are at most the budget, so formatting them one by one costs nothing that grows with N.
    ranges = pd.Series([words.format_interval(lo, hi) for lo, hi in zip(frame["low"], frame["high"])],
                       index=frame.index, dtype="object")
    ranges = ranges.where(~frame["open_ended"], ranges + " (some figures are 'at least': no upper end)")
    return frame.assign(when=frame["bin_label"], figures=figures.where(~silent, said),
                        range=ranges.where(~silent, ""),
                        latest=frame["display"].astype("object") + ", as of " + frame["as_of_label"].astype("object"))


def _binned_rows(data: pd.DataFrame, series: np.ndarray, silent: np.ndarray, bin_name: str,
                 keep: np.ndarray) -> pd.DataFrame:
    """The kept figures with their series, bin and the columns the marks aggregate, latest last."""
    low, high = binning.edges(data["x_start"], bin_name)
    rows = data.assign(_series=series, _silent=silent, _bin=low, _next=high,
                       _top=data["high"].where(np.isfinite(data["high"]), data["low"]),
                       _open=np.isinf(data["high"]), _vague=data["kind"].eq("vague"))[keep]
    # Sorted by date, the last row of each group is its latest figure: it speaks for the mark.
    return rows.sort_values(["x_start", "x_end"], kind="stable")


def _marks(rows: pd.DataFrame, bin_name: str) -> pd.DataFrame:
    """One mark per series, bin and silence: the latest figure, with the group's count and range."""
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
    frame["bin_label"] = binning.labels(frame["x_start"], frame["x_end"], bin_name)
    # Bands of one bin lie on top of each other: the more there are, the fainter each, so they stay readable.
    overlap = frame.groupby(["metric", "x_start", "kind"])["kind"].transform("size")
    frame["shade"] = (2.4 / overlap).clip(0.04, 0.3)
    return _summary_words(frame).drop(columns=[c for c in frame.columns if c.startswith("_")])


def summarise_timeline(data: pd.DataFrame, budget: int) -> TimelineSummary:
    """Summarise :func:`~warclaims.charts.casualty_marks.prepare`'d figures into at most ``budget``
    marks, one per series and time bin.

    The bin is the finest of :data:`LADDER` that fits; when even a year per mark does not, only the
    series with the most figures are kept (the summary says how many were left out).
    """
    series = data.groupby(list(SERIES), sort=True, dropna=False).ngroup().to_numpy()
    silent = data["kind"].eq("undisclosed").to_numpy()
    keys = pd.DataFrame({"series": series, "silent": silent})
    bin_name = binning.finest_bin(data["x_start"], keys, budget, LADDER)
    starts = binning.edges(data["x_start"], bin_name)[0]
    needed = keys.assign(_bin=starts.to_numpy()).drop_duplicates().groupby("series").size()
    kept = np.arange(series.max() + 1) if needed.sum() <= budget else _biggest_series(series, needed, budget)
    keep = np.isin(series, kept)
    frame = _marks(_binned_rows(data, series, silent, bin_name, keep), bin_name)
    return TimelineSummary(frame=frame, bin=bin_name, n_figures=int(keep.sum()), n_series=len(kept),
                           left_out_series=int(series.max() + 1 - len(kept)), left_out_figures=int((~keep).sum()))


_last: list = []  # the last summary_for: weak references to its figures and dataset, its key, the summary


def summary_for(dataset, figures: pd.DataFrame, budget: int) -> TimelineSummary | None:
    """:func:`summarise_timeline` of the figures :func:`~warclaims.charts.casualty_marks.prepare`\ d, or None
    when they fit the ``budget``. A report draws the same figures as a static and an interactive chart: the
    last summary is kept for the same frame object, dataset object and budget (frames are read-only here, as
    everywhere in warclaims), and each caller gets its own copy of the marks, so drawing one chart cannot
    change the other."""
    if len(figures) <= budget:
        return None
    key = (budget, len(figures), tuple(figures.columns))
    if not (_last and _last[0]() is figures and _last[1]() is dataset and _last[2] == key):
        from warclaims.charts import casualty_marks

        summary = summarise_timeline(casualty_marks.prepare(dataset, figures), budget)
        try:
            _last[:] = [weakref.ref(figures), weakref.ref(dataset), key, summary]
        except TypeError:  # a mapping of frames cannot be referred to weakly: nothing is kept
            _last.clear()
            return summary
    summary = _last[3]
    return dataclasses.replace(summary, frame=summary.frame.copy())


def summary_lines(summary: TimelineSummary, subtitle: str, default_subtitle: str) -> list[str]:
    """What the summarised chart shows, so that nobody reads a mark as one figure (``subtitle`` kept
    first unless it is the chart's ``default_subtitle``, which describes single figures)."""
    unit = summary.bin
    what = (f"{summary.n_figures + summary.left_out_figures:,} figures are too many to draw one by one, so this chart "
            f"is aggregated: each mark summarises one claimant's figures per {unit} about one side's losses, one "
            f"metric and one group of people. Bands run from the lowest to the highest figure of the {unit}; the "
            f"point is the latest figure (none when it was a vague word). Crosses: {unit}s in which a side said it "
            "does not disclose the figure.")
    lines = [what] if subtitle == default_subtitle else [subtitle, what]
    if summary.left_out_series:
        lines.append(f"Even a mark per year is too many: only the {summary.n_series:,} series with the most figures "
                     f"are drawn, and {summary.left_out_series:,} other series ({summary.left_out_figures:,} figures) "
                     f"are left out. {NARROW_HINT}")
    return lines
