"""Comparisons and sequences of figures in words (the numbers come from :mod:`warclaims.analysis.comparisons`)."""
from __future__ import annotations

import pandas as pd

from warclaims.analysis import comparisons
from warclaims.analysis.derived import every_figure
from warclaims.analysis.kept import rows_of
from warclaims.analysis.vocabulary import tables_of
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


def correction_chain(chain: pd.DataFrame, dataset) -> pd.DataFrame:
    """One correction chain (a frame of :func:`warclaims.analysis.split_chains`) as a reader reads it:
    each claim's date, claimant and source by name, in the chain's order, and whether it stands or the
    next row corrects it (``standing``), instead of claim, source and actor ids."""
    # Only the chain's few figures and sources are indexed: a page shows several chains of a table that
    # may hold a million figures.
    every = every_figure(dataset)
    figures = every.iloc[rows_of(every, "figure_id", chain["figure_id"].to_numpy())].set_index("figure_id")
    sources = tables_of(dataset)["sources"]
    sources = sources[sources["source_id"].isin(chain["source_id"])].drop_duplicates("source_id").set_index("source_id")
    out = chain.copy()
    for column in ("speaker_name", "as_of_label", "as_of_basis"):
        out[column] = out["figure_id"].map(figures[column])
    out["source_title"] = out["source_id"].map(sources["title"]).fillna("").map(lambda t: f"\u201c{t}\u201d" if t else "")
    out["standing"] = [("current figure" if current else "corrected by the next row") for current in out["current"]]
    return out
