"""Views of the figures: a timeline, where the claims stood as of a date, and the silences.

Data in, data out: each view is a selection of rows of the figures table
(:func:`warclaims.analysis.derived.figures`), in its columns.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from warclaims import checks, dates
from warclaims.analysis.chains import chain_rows, split_chains
from warclaims.analysis.derived import derive, every_figure
from warclaims.analysis.kept import kept as _kept
from warclaims.analysis import vocabulary
from warclaims.analysis.vocabulary import VIEW_KEY, sort_by_subject, tables_of, zone_of
from warclaims.text import words


#: A latest figure dated more than this before the newest figure of its view is marked as behind: on a
#: long series a metric whose reports stopped months ago would otherwise read as current. Thirty days
#: is longer than the reporting rhythm of a running war (daily or weekly bulletins) yet short against
#: a series that stopped.
STALE_AFTER = pd.Timedelta(days=30)

_FILTERS = (("metric", "metrics"), ("population", "populations"), ("subject_side", "subject_sides"),
            ("claimant", "claimants"))


def _filter(figs: pd.DataFrame, source, *, include_vague: bool = True, **selected) -> np.ndarray:
    """Which figures match every given list (None or empty: all); unknown values raise.

    Views combine masks and select rows once: each selection copies every column of a frame that
    holds a row per figure.
    """
    keep = np.ones(len(figs), dtype=bool)
    given = [(column, name) for column, name in _FILTERS if selected.get(name) not in (None, [], ())]
    valid = _choices(source, figs) if given else {}
    for column, name in given:
        keep &= figs[column].isin(checks.choices(name, selected[name], valid[name])).to_numpy()
    if not include_vague:
        keep &= (figs["qualifier"] != "vague").to_numpy()
    return keep


def choices(source) -> dict[str, list[str]]:
    """The valid values of each filter (see :func:`warclaims.analysis.vocabulary.choices`)."""
    return _choices(source, every_figure(source))


def _choices(source, figs: pd.DataFrame) -> dict[str, list[str]]:
    kept = _kept(figs, "choices", lambda: vocabulary.choices(source, figs))
    return {name: list(values) for name, values in kept.items()}


def _bound(value, source, which: str) -> pd.Timestamp | None:
    """A filter bound as a UTC instant: the start of a ``start`` date, the (exclusive) end of an ``end`` date.

    ``value`` may be an ISO 8601 string (``2020-10-15``: the whole local day), an interval tuple as
    :func:`warclaims.checks.date` returns, or a timestamp (naive ones are local time at the dataset's
    offset; an ``end`` timestamp is inclusive).
    """
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, str):
        value = checks.date(which, value, zone_of(source))
    if isinstance(value, tuple):
        return pd.Timestamp(value[0] if which == "start" else value[1])
    return dates.instant(value, zone_of(source), end=which == "end")


def _not_superseded(every: pd.DataFrame, source, among: np.ndarray) -> np.ndarray:
    """Which figures no figure of ``every[among]`` corrects (a correction not yet made does not count)."""
    pairs = derive(source).supersessions
    if pairs.empty:
        return np.ones(len(every), dtype=bool)
    positions = _kept(every, "supersessions", lambda: _positions(every["figure_id"], pairs))
    if positions is None:  # figure ids that repeat (not a figures table): by the ids themselves
        ids = every["figure_id"]
        made = ids[among & ids.isin(pairs["new"]).to_numpy()]
        corrected = pairs.loc[pairs["new"].isin(made), "old"]
        return ~ids.isin(corrected).to_numpy()
    new, old = positions
    made = new >= 0
    made[made] = among[new[made]]
    kept = np.ones(len(every), dtype=bool)
    kept[old[made & (old >= 0)]] = False
    return kept


def _positions(ids: pd.Series, pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """Where each pair's ``new`` and ``old`` figure is in the figures (-1: not there); None when ids repeat."""
    index = pd.Index(ids)
    if not index.is_unique:
        return None
    return index.get_indexer(pairs["new"]), index.get_indexer(pairs["old"])


def timeline(dataset, *, start=None, end=None, metrics=None, populations=None, subject_sides=None, claimants=None,
             include_vague: bool = True, include_superseded: bool = False, columns=None) -> pd.DataFrame:
    """Every figure with its low/best/high range over time, per claimant.

    Parameters
    ----------
    dataset
        A :class:`warclaims.Dataset` (or a mapping of frames).
    start, end
        Keep figures whose ``as_of`` interval overlaps ``[start, end]``. ISO strings cover their whole
        interval (``end="2020-10-15"`` includes that local day); timestamps are instants.
    metrics, populations, subject_sides, claimants
        Lists of ids to keep; None or empty keeps all. An unknown id raises
        :class:`warclaims.checks.ParameterError` listing the valid choices.
    include_vague
        False drops figures given only as a vague word ("hundreds").
    include_superseded
        True keeps figures that a later row corrects (``supersedes``); by default a figure corrected
        by a figure inside the window is dropped (see :func:`revisions` for the chain).
    columns
        Only these columns of :func:`figures` (default: all of them); a caller that needs a few of a
        million figures' columns does not copy the others.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`figures`, sorted by ``as_of`` then claimant.
    """
    every = every_figure(dataset)
    keep = _filter(every, dataset, metrics=metrics, populations=populations, subject_sides=subject_sides,
                   claimants=claimants, include_vague=include_vague)
    lower, upper = _bound(start, dataset, "start"), _bound(end, dataset, "end")
    before_end = np.ones(len(every), dtype=bool) if upper is None else (every["as_of"] < upper).to_numpy()
    if lower is not None:
        keep &= (every["as_of_end"] > lower).to_numpy()
    keep &= before_end
    if not include_superseded:
        keep &= _not_superseded(every, dataset, before_end)
    # figures() is in this order already and selecting keeps it.
    return (every if columns is None else every[list(columns)])[keep].reset_index(drop=True)


def as_of_view(dataset, as_of=None, *, metrics=None, populations=None, subject_sides=None, claimants=None,
               include_vague: bool = True, cumulative: bool | None = None) -> pd.DataFrame:
    """The latest figure each claimant had given, per subject side, metric and population, as of a date.

    Only figures whose ``as_of`` interval starts before the end of ``as_of`` count (``"2020-10-15"``:
    before the end of that local day; None: everything). A figure corrected by another figure in the
    window is replaced by it; a figure repeated by several sources counts once (see :func:`figures`);
    retracted figures are dropped. Among a claimant's figures for the same thing, the one with the
    latest ``as_of`` wins (then the later end of its interval, the later publication, the figure id).

    Parameters
    ----------
    cumulative
        True keeps only running totals (``cumulative``), False only episode figures; None keeps both.
    metrics, populations, subject_sides, claimants, include_vague
        As for :func:`timeline`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`figures`, one row per :data:`VIEW_KEY`, sorted by :func:`sort_by_subject`,
        plus ``days_behind`` (whole days between the figure's ``as_of`` and the newest in the view),
        ``stale`` (more than :data:`STALE_AFTER` behind) and ``behind_note`` (words for a stale one,
        else ""; its ``as_of_label`` then ends with it).
    """
    every = every_figure(dataset)
    keep = _filter(every, dataset, metrics=metrics, populations=populations, subject_sides=subject_sides,
                   claimants=claimants, include_vague=include_vague)
    standing = (every["status"] != "retracted").to_numpy().copy()
    upper = _bound(as_of, dataset, "end")
    if upper is not None:
        standing &= (every["as_of"] < upper).to_numpy()
    keep &= standing
    if cumulative is not None:
        keep &= (every["cumulative"].fillna(False).astype(bool) == cumulative).to_numpy()
    keep &= _not_superseded(every, dataset, standing)
    # The winners are found on the columns that decide them; only they are taken with every column (a
    # selection of a million figures' 45 columns costs a second and hundreds of MB).
    figs = every.loc[keep, list(dict.fromkeys([*VIEW_KEY, "as_of", "as_of_end", "source_id", "figure_id"]))]
    # Only a figure dated at its group's latest as_of can win: sort those few, not every figure.
    keys = [figs[c] for c in VIEW_KEY]
    latest = figs.groupby(keys, sort=False, dropna=False)["as_of"].transform("max")
    figs = figs[(figs["as_of"] == latest) | latest.isna()]
    published = figs["source_id"].map(
        tables_of(dataset)["sources"].drop_duplicates("source_id").set_index("source_id")["published"])
    winners = (figs.assign(_published=published)
               .sort_values(["as_of", "as_of_end", "_published", "figure_id"], kind="stable", na_position="first")
               .drop_duplicates(list(VIEW_KEY), keep="last")).index
    return sort_by_subject(_mark_behind(every.loc[winners]), dataset)


def _mark_behind(view: pd.DataFrame) -> pd.DataFrame:
    """How far each latest figure trails the newest one; a stale one says so in its date label too."""
    behind = view["as_of"].max() - view["as_of"]
    days = (behind // pd.Timedelta(days=1)).astype("Int64")
    stale = (behind > STALE_AFTER).fillna(False).to_numpy(dtype=bool)
    note = pd.Series("", index=view.index, dtype=object)
    note[stale] = [words.behind_note(int(n)) for n in days[stale]]
    label = view["as_of_label"].astype(object).where(~stale, view["as_of_label"].astype(str) + " (" + note + ")")
    return view.assign(days_behind=days, stale=stale, behind_note=note, as_of_label=label)


def undisclosed(dataset, as_of=None, *, metrics=None, populations=None, subject_sides=None,
                claimants=None) -> pd.DataFrame:
    """The figures a side has said it does not disclose, and still had not disclosed as of ``as_of``.

    A silence is the claimant's latest word on that subject side, metric and population (see
    :func:`as_of_view`): once the same claimant gives a number, the silence drops out.
    """
    view = as_of_view(dataset, as_of, metrics=metrics, populations=populations, subject_sides=subject_sides,
                      claimants=claimants)
    return view[view["qualifier"] == "undisclosed"].reset_index(drop=True)


def split_cumulative(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split figures into running totals (``cumulative``) and figures for one episode (the rest).

    A timeline of running totals should not mix in, say, a count of one border clash months earlier.
    """
    running = frame["cumulative"].fillna(False).astype(bool)
    return frame[running].reset_index(drop=True), frame[~running].reset_index(drop=True)


def revisions(dataset, claim_id: str) -> pd.DataFrame:
    """The revision chain that ``claim_id`` belongs to, oldest first.

    Follows ``supersedes`` back to the original claim and forward to every correction of it, so the
    superseded rows that current views hide stay inspectable.

    Returns
    -------
    pandas.DataFrame
        One row per claim in the chain: ``claim_id, figure_id, source_id, claimant, as_of_text, value_low,
        value_best, value_high, qualifier, display, quote, supersedes, superseded_by, current`` (True for
        a claim that nothing corrects).

    Raises
    ------
    KeyError
        When ``claim_id`` is not in the claims table.
    """
    claims = tables_of(dataset)["claims"]
    if not (claims["claim_id"] == claim_id).any():
        raise KeyError(f"claim {claim_id!r} is not in the claims table")
    table = revision_table(dataset)
    roots = table.loc[table["claim_id"] == claim_id, "chain"]
    if roots.empty:  # a claim nobody corrected and that corrects nothing: a chain of one
        return chain_rows(claims[claims["claim_id"] == claim_id].drop_duplicates("claim_id").assign(chain=claim_id),
                           {}).drop(columns="chain")
    return table[table["chain"] == roots.iloc[0]].drop(columns="chain").reset_index(drop=True)


def revision_table(dataset) -> pd.DataFrame:
    """Every claim that corrects or is corrected, one row each, with ``chain``: the id of its chain's original.

    Rows are grouped by chain (chains in the order their first correction appears in the claims
    table), oldest first within a chain. Columns as :func:`revisions`, plus ``chain``. Built on whole
    arrays: a million claims with thousands of corrections take well under a second.
    """
    return derive(dataset).revisions


def revision_chains(dataset) -> list[pd.DataFrame]:
    """Every revision chain in the dataset (claims that correct or are corrected), one frame each.

    On a large dataset prefer :func:`revision_table`: one frame, no per-chain objects.
    """
    return split_chains(revision_table(dataset))[0]
