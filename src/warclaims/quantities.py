"""Figures as ranges: vague words, bounds and interval arithmetic.

A claim's number is kept as ``value_low``, ``value_best`` and ``value_high``. A vague word such as
"hundreds" maps to the range that the dataset's ``vague_terms`` table documents (never to a made-up
point), so "hundreds" is 200..999 and ``value_best`` stays empty. "Not disclosed" is not zero: it has
no bounds at all. This module turns those columns into numeric bounds, does arithmetic on them as
intervals; :mod:`warclaims.text.words` says them in words ("729", "200–999 ('hundreds')", "not disclosed").
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

# -- vague terms -------------------------------------------------------------------------------------
def vague_table(source) -> pd.DataFrame:
    """The ``vague_terms`` table (``term, low, high, ...``) of a Dataset, a mapping of frames, or itself."""
    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, Mapping):
        table = source.get("vague_terms")
    else:
        table = getattr(source, "tables", {}).get("vague_terms")
    if table is None:
        return pd.DataFrame(columns=["term", "low", "high", "reasoning"])
    return table


def vague_ranges(source) -> dict[str, tuple[int, int]]:
    """Map every vague term of the dataset to its documented ``(low, high)`` range.

    Parameters
    ----------
    source
        A :class:`warclaims.Dataset`, a mapping with a ``vague_terms`` frame, or that frame.
    """
    table = vague_table(source)
    return {str(t): (int(lo), int(hi)) for t, lo, hi in zip(table["term"], table["low"], table["high"])}


def vague_range(term: str, source) -> tuple[int, int]:
    """The documented ``(low, high)`` range of one vague term.

    Raises
    ------
    KeyError
        When the dataset does not define ``term``; the message lists the terms it does define.
    """
    ranges = vague_ranges(source)
    if term not in ranges:
        raise KeyError(f"vague term {term!r} is not in vague_terms; defined terms: {', '.join(sorted(ranges)) or '(none)'}")
    return ranges[term]


# -- numeric bounds ----------------------------------------------------------------------------------
def _floats(values) -> np.ndarray:
    """``values`` as float64, NaN where missing or not a number."""
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64").to_numpy()  # the typed columns (Int64): no parsing, a million at once
    return pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").astype("float64").to_numpy()


def bounds(frame: pd.DataFrame) -> pd.DataFrame:
    """Numeric ``[low, high]`` bounds of each figure, as floats.

    A point figure is ``[best, best]``; ``at_least`` without a high bound is ``[low, inf]``; ``at_most``
    without a low bound is ``[0, high]``; ``undisclosed`` is ``[NaN, NaN]`` (unknown, never zero).
    Missing bounds otherwise fall back on ``value_best``.
    """
    low = _floats(frame["value_low"])
    best = _floats(frame["value_best"])
    high = _floats(frame["value_high"])
    qualifier = frame["qualifier"].astype(str).to_numpy()
    low = np.where(np.isnan(low), best, low)
    high = np.where(np.isnan(high), best, high)
    low = np.where((qualifier == "at_most") & np.isnan(low), 0.0, low)
    high = np.where((qualifier == "at_least") & np.isnan(high), np.inf, high)
    undisclosed = qualifier == "undisclosed"
    low = np.where(undisclosed, np.nan, low)
    high = np.where(undisclosed, np.nan, high)
    return pd.DataFrame({"low": low, "high": high}, index=frame.index)


def interval_difference(a_low, a_high, b_low, b_high) -> tuple[np.ndarray, np.ndarray]:
    """``a - b`` for intervals: ``[a_low - b_high, a_high - b_low]`` (element-wise)."""
    a_low, a_high, b_low, b_high = map(_floats, (a_low, a_high, b_low, b_high))
    with np.errstate(invalid="ignore"):
        return a_low - b_high, a_high - b_low


def interval_ratio(a_low, a_high, b_low, b_high) -> tuple[np.ndarray, np.ndarray]:
    """``a / b`` for non-negative intervals: ``[a_low / b_high, a_high / b_low]`` (element-wise).

    Dividing by an interval that reaches zero makes the upper bound infinite; dividing by exactly zero
    (``b = [0, 0]``) is undefined and gives NaN.
    """
    a_low, a_high, b_low, b_high = map(_floats, (a_low, a_high, b_low, b_high))
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(np.isinf(b_high), 0.0, a_low / b_high)
        high = np.where(b_low == 0, np.inf, a_high / b_low)
        undefined = (b_high == 0) | np.isnan(a_low) | np.isnan(a_high) | np.isnan(b_low) | np.isnan(b_high)
        # 0 / [0, x] is 0 whatever x is.
        zero = (a_high == 0) & ~undefined
        low = np.where(undefined, np.nan, np.where(zero, 0.0, low))
        high = np.where(undefined, np.nan, np.where(zero, 0.0, high))
    return low, high
