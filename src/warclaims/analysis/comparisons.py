"""Comparisons of figures: what each camp said of its own losses, and one claimant against another.

Numbers only: :mod:`warclaims.text.summaries` puts them in words.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from warclaims import budget, quantities
from warclaims.analysis.vocabulary import orders, rank


def own_losses(frame: pd.DataFrame, source=None, *, steps: tuple[int, int] = budget.SEQUENCE_STEPS) -> pd.DataFrame:
    """What each camp's claimants said about the camp's own losses, in date order.

    Parameters
    ----------
    frame
        ``views.timeline`` output (running totals, usually).
    source
        The dataset, to list camps, metrics and populations in its order (else in order of appearance).
    steps
        ``(first, latest)``: a longer sequence keeps its first and latest steps and counts the figures
        in between, so a daily series over years stays one readable line.

    Returns
    -------
    pandas.DataFrame
        One row per subject camp, metric and population: ``subject_camp, subject_camp_name, metric,
        metric_name, population, n_figures, first, last`` and ``steps``: a tuple of the steps shown, each
        ``(display, as_of_label, claimant_name, left_out_before)`` where ``left_out_before`` counts the
        figures left out just before that step (:func:`warclaims.text.summaries.own_losses` words it).
    """
    columns = ["subject_camp", "subject_camp_name", "metric", "metric_name", "population", "n_figures", "first",
               "last", "steps"]
    own = frame[(frame["claimant_camp"] == frame["subject_camp"]) & (frame["claimant_camp"] != "")]
    if own.empty:
        return pd.DataFrame(columns=columns)
    own = own.sort_values(["as_of", "claimant"], kind="stable")
    keys = ["subject_camp", "subject_camp_name", "metric", "metric_name", "population"]
    grouped = own.groupby(keys, sort=False)
    position, size = grouped.cumcount(), grouped["figure_id"].transform("size")
    head, tail = steps
    # Keep only the steps shown: a series of a million figures would be a line of megabytes.
    shown = own[(position < head) | (position >= size - tail)]
    gap = (position[shown.index] == size[shown.index] - tail) & (size[shown.index] > head + tail)
    left_out = (size[shown.index] - head - tail).where(gap, 0)
    shown = shown.assign(_step=list(zip(shown["display"], shown["as_of_label"], shown["speaker_name"],
                                        left_out.astype(int))))
    out = grouped.agg(n_figures=("figure_id", "size"), first=("display", "first"), last=("display", "last"))
    out["steps"] = shown.groupby(keys, sort=False)["_step"].agg(tuple)
    out = out.reset_index()
    if source is not None:
        order = orders(source)
        out = out.assign(_c=rank(out["subject_camp"], order["camp"]), _m=rank(out["metric"], order["metric"]),
                         _p=rank(out["population"], order["population"]))
        out = out.sort_values(["_c", "_m", "_p"], kind="stable")
    return out[columns].reset_index(drop=True)


_SIDE_COLUMNS = ["claimant", "claimant_name", "speaker", "speaker_name", "figure_id", "subject_side", "subject_side_name", "subject_camp",
                 "metric", "metric_name", "population", "as_of_label", "as_of_basis", "display", "value_low", "value_best", "value_high", "qualifier"]


def _compare_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    a = quantities.bounds(pairs.rename(columns=lambda c: c[2:] if c.startswith("a_") else "_" + c))
    b = quantities.bounds(pairs.rename(columns=lambda c: c[2:] if c.startswith("b_") else "_" + c))
    pairs = pairs.copy()
    pairs["diff_low"], pairs["diff_high"] = quantities.interval_difference(a["low"], a["high"], b["low"], b["high"])
    pairs["ratio_low"], pairs["ratio_high"] = quantities.interval_ratio(a["low"], a["high"], b["low"], b["high"])
    return pairs.reset_index(drop=True)


def _side(frame: pd.DataFrame, prefix: str, on: Sequence[str]) -> pd.DataFrame:
    kept = [c for c in _SIDE_COLUMNS if c in frame and c not in on]
    return frame[list(on) + kept].rename(columns={c: prefix + c for c in kept})


def compare(view: pd.DataFrame, a: str, b: str, *, on: Sequence[str] = ("metric", "population", "subject_side"),
            by: str = "claimant") -> pd.DataFrame:
    """Compare ``a``'s figures with ``b``'s where they count the same thing, as intervals.

    Each figure is the interval ``[low, high]`` (a point figure is ``[x, x]``; see
    :func:`warclaims.quantities.bounds`), so the difference ``a - b`` is
    ``[a_low - b_high, a_high - b_low]`` and the ratio ``a / b`` is ``[a_low / b_high, a_high / b_low]``:
    every value the two claims allow together. A silence ("not disclosed") compares to nothing.

    Parameters
    ----------
    view
        Usually :func:`as_of_view`'s output (one figure per claimant and thing counted).
    a, b
        Values of the ``by`` column (claimant ids by default).
    on
        The columns that must match: by default the same metric, population and subject side.

    Returns
    -------
    pandas.DataFrame
        ``on`` columns, then ``a_``/``b_`` prefixed claimant, figure and value columns, then
        ``diff_low, diff_high, ratio_low, ratio_high`` (floats; NaN when either is not disclosed);
        :func:`warclaims.text.summaries.comparison` adds them in words.
    """
    on = list(on)
    left = _side(view[view[by] == a], "a_", on)
    right = _side(view[view[by] == b], "b_", on)
    return _compare_pairs(left.merge(right, on=on, how="inner"))


def _pairs(left_view: pd.DataFrame, right_view: pd.DataFrame, on: list[str], by: str) -> pd.DataFrame:
    """The pairs of a ``left_view`` row and a ``right_view`` row that share ``on``, with ``by`` A < B, sorted by
    ``on``, A's then B's ``by`` (stable: ties in the merge's order, left rows then right rows as given)."""
    pairs = _side(left_view, "a_", on).merge(_side(right_view, "b_", on), on=on, how="inner")
    a_by, b_by = ("a_" + by, "b_" + by) if by not in on else (by, by)
    pairs = pairs[pairs[a_by] < pairs[b_by]]
    return pairs.sort_values(on + [a_by, b_by], kind="stable")


def compare_all(view: pd.DataFrame, *, on: Sequence[str] = ("metric", "population", "subject_side"),
                by: str = "claimant") -> pd.DataFrame:
    """:func:`compare` for every pair of distinct ``by`` values that share an ``on`` key (each pair once).

    The pairs grow with the square of the claimants per key: prefer :func:`compare_first` for a table
    that shows only its first rows."""
    on = list(on)
    return _compare_pairs(_pairs(view, view, on, by))


def compare_first(view: pd.DataFrame, limit: int, *, on: Sequence[str] = ("metric", "population", "subject_side"),
                  by: str = "claimant") -> tuple[pd.DataFrame, int]:
    """The first ``limit`` rows of :func:`compare_all` (the same rows, in the same order) and how many rows it
    has, without making every pair: a view of a few thousand speakers per key has millions of pairs.

    The pairs are made block by block, one block per ``on`` key and A's ``by`` value, in the order
    :func:`compare_all` sorts them, until ``limit`` rows are made; the others are only counted.
    """
    on = list(on)
    keys = on + [by]
    if by in on or view[keys].isna().any().any():  # no pairs at all; or missing keys, which merge pairs: count them so
        pairs = compare_all(view, on=on, by=by)
        return pairs.head(limit).reset_index(drop=True), len(pairs)
    group = view.groupby(on, sort=True).ngroup().to_numpy()  # the keys' codes, in compare_all's order
    blocks = pd.DataFrame({"group": group, "by": view[by].to_numpy()}).groupby(["group", "by"], sort=True).size()
    in_key = blocks.groupby(level="group", sort=False)
    # A's rows of a block pair with the rows of its key whose ``by`` sorts after A's.
    counts = (blocks * (in_key.transform("sum") - in_key.cumsum())).to_numpy()
    total = int(counts.sum())
    order = np.argsort(group, kind="stable")  # each key's rows, in the view's order
    bounds = np.searchsorted(group[order], np.arange(group.max() + 2 if len(group) else 1))
    made, made_rows = [], 0
    for (code, value), count in zip(blocks.index, counts):
        if made_rows >= limit:
            break
        if count:
            rows = view.iloc[order[bounds[code]:bounds[code + 1]]]
            made.append(_pairs(rows[rows[by] == value], rows, on, by))
            made_rows += int(count)
    first = pd.concat(made).head(limit) if made else _pairs(view.iloc[0:0], view.iloc[0:0], on, by)
    return _compare_pairs(first), total
