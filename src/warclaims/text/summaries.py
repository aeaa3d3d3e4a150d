"""Comparisons and sequences of figures in words (the numbers come from :mod:`warclaims.analysis.comparisons`)."""
from __future__ import annotations

import pandas as pd

from warclaims.analysis import comparisons
from warclaims.text import words

ARROW = " \u2192 "


def sequence(steps) -> str:
    """``"376 (9 Oct 2020, Government of Armenia) → … 5 more … → 729 (19 Oct 2020, ...)"``."""
    parts = []
    for display, label, claimant, left_out in steps:
        step = f"{display} ({label}, {claimant})"
        parts.append(f"\u2026 {left_out} more \u2026{ARROW}{step}" if left_out else step)
    return ARROW.join(parts)


def own_losses(frame: pd.DataFrame, source=None, **options) -> pd.DataFrame:
    """:func:`warclaims.analysis.comparisons.own_losses` with ``sequence``: its steps joined in words
    (silences appear as "not disclosed"), in place of ``steps``."""
    table = comparisons.own_losses(frame, source, **options)
    table["sequence"] = [sequence(steps) for steps in table["steps"]] if len(table) else pd.Series(dtype=object)
    return table.drop(columns="steps")


def comparison(pairs: pd.DataFrame) -> pd.DataFrame:
    """A comparison (:func:`warclaims.analysis.comparisons.compare`) with ``difference`` and ``ratio`` in
    words: "353", "1.94", "at least 2", or "not disclosed" when either figure is a silence."""
    pairs = pairs.copy()
    silent = (pairs["a_qualifier"] == "undisclosed") | (pairs["b_qualifier"] == "undisclosed")
    pairs["difference"] = [
        words.NOT_DISCLOSED if s else words.format_interval(lo, hi)
        for s, lo, hi in zip(silent, pairs["diff_low"], pairs["diff_high"])
    ]
    pairs["ratio"] = [
        words.NOT_DISCLOSED if s else words.format_interval(lo, hi, digits=2)
        for s, lo, hi in zip(silent, pairs["ratio_low"], pairs["ratio_high"])
    ]
    return pairs
