"""The figures table: one row per figure, however many sources reported it.

Vocabulary. A *claim* is one number that someone asserted, as one source printed it (a row of
``claims.csv``). The *claimant* is who asserted it (a ministry, a president, "the source itself"), the
*outlet* is who printed it, and the *subject side* is whose losses it counts. A *figure* is one original
assertion: when several sources report the same figure they share a ``figure_id`` and it counts once.
"""
from __future__ import annotations

import gc

import numpy as np
import pandas as pd

from warclaims import dates
from warclaims.analysis.vocabulary import SPECIAL_SIDES, generic_claimants, lookup, tables_of, zone_of
from warclaims.text import words

#: Columns of :func:`figures` and :func:`timeline`, in order.
COLUMNS = [
    "figure_id", "claim_id", "as_of", "as_of_end", "as_of_text", "as_of_precision", "as_of_basis", "as_of_local",
    "as_of_end_local", "as_of_label", "claimant", "claimant_name", "claimant_kind", "claimant_side", "claimant_camp",
    "speaker", "speaker_name",
    "subject_side", "subject_side_name", "subject_camp", "subject_camp_name", "metric", "metric_name", "unit",
    "population", "value_low", "value_best", "value_high", "qualifier", "vague_term", "display", "cumulative",
    "source_id", "source_title", "published_text", "outlet", "sources", "outlets", "n_sources", "quote", "quotes",
    "claim_ids", "status", "supersedes", "superseded_by",
]


def supersessions(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs ``old``/``new`` of figure ids where a row of ``new`` supersedes a claim of ``old``."""
    figure_of = claims.drop_duplicates("claim_id").set_index("claim_id")["figure_id"]
    rows = claims[claims["supersedes"].fillna("") != ""]
    pairs = pd.DataFrame({"old": rows["supersedes"].map(figure_of).to_numpy(), "new": rows["figure_id"].to_numpy()})
    return pairs[pairs["old"].notna() & (pairs["old"] != pairs["new"])].drop_duplicates()


def build_figures(source) -> pd.DataFrame:
    """The figures table of ``source`` (see :func:`warclaims.analysis.derived.figures`), computed afresh."""
    t = tables_of(source)
    claims = t["claims"]
    if claims.empty:
        return pd.DataFrame(columns=COLUMNS)
    sources = t["sources"].drop_duplicates("source_id").set_index("source_id")
    rows, starts = _reports_in_order(source, t["actors"], sources, claims)
    out = _one_row_per_figure(rows, starts, sources)
    out = _named(out, t)
    out = _speakers(out, source)
    out = _dated_and_worded(out, source)
    pairs = supersessions(rows)
    newest = dict(pairs.sort_values("new").drop_duplicates("old").set_index("old")["new"])
    out["superseded_by"] = out["figure_id"].map(newest).fillna("") if newest else ""

    out = out.reset_index(drop=True)[COLUMNS]
    order = np.lexsort((text_rank(out["figure_id"]), text_rank(out["claimant"]), sort_key(out["as_of"])))
    return out.iloc[order].reset_index(drop=True)


def _reports_in_order(source, actors: pd.DataFrame, sources: pd.DataFrame, claims: pd.DataFrame):
    """The claims sorted by figure, each figure's chosen report first, and where each figure starts.

    The chosen report names a real claimant (not ``unattributed``, not a generic stand-in), then comes
    from the earliest-published source, then the first row.
    """
    rows = claims.reset_index(drop=True).copy()
    rows["supersedes"] = rows["supersedes"].fillna("") if "supersedes" in rows else ""
    rows["vague_term"] = rows["vague_term"].fillna("") if "vague_term" in rows else ""
    kind = rows["claimant"].map(lookup(actors, "actor_id", "kind")).fillna("")
    generic = rows["claimant"].isin(generic_claimants(source))
    rank = np.select([kind.eq("unattributed").to_numpy(), generic.to_numpy()], [2, 1], 0)
    published = rows["source_id"].map(sources["published"]) if "published" in sources else pd.Series(pd.NaT, index=rows.index)
    # Sort on integer keys (figure ids factorized in sorted order; missing dates last): sorting a
    # million rows on text columns costs seconds.
    figure_code = text_rank(rows["figure_id"])
    published_key = sort_key(published)
    order = np.lexsort((np.arange(len(rows)), published_key, rank, figure_code))
    chosen = np.ones(len(rows), dtype=bool)
    chosen[order[1:]] = figure_code[order[1:]] != figure_code[order[:-1]]
    # The chosen row first, then the other reports by publication, so lists read in that order.
    order = np.lexsort((np.arange(len(rows)), published_key, ~chosen, figure_code))
    rows = rows.iloc[order]
    outlet = rows["source_id"].map(sources["outlet"]).fillna("") if "outlet" in sources else pd.Series("", index=rows.index)
    rows["_outlet"] = outlet.where(outlet != "", words.OUTLET_NOT_NAMED)
    codes = figure_code[order]
    return rows, np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])


def _one_row_per_figure(rows: pd.DataFrame, starts: np.ndarray, sources: pd.DataFrame) -> pd.DataFrame:
    """Each figure's chosen row, with the lists of every report of it (ids, sources, outlets, quotes).

    Rows are sorted by figure, the chosen row first: cut the columns at the group boundaries (a
    groupby(...).agg(list) calls Python once per figure, far too slow on a million claims).
    """
    ends = np.r_[starts[1:], len(rows)].tolist()
    bounds = list(zip(starts.tolist(), ends))

    def lists(column: str, shared: bool = False) -> list[list]:
        """The column's values of each figure, as a list; ``shared``: equal lists are one object (sources
        and outlets repeat a lot: a million figures hold a few thousand distinct lists)."""
        values = rows[column].tolist()
        # Nearly a million new lists would set off the cyclic garbage collector again and again
        # (5x the time); they hold only strings, so no cycle can form.
        gc.disable()
        try:
            if not shared:
                return [values[a:b] for a, b in bounds]
            distinct: dict[tuple, list] = {}
            return [distinct.setdefault(key, list(key)) for key in (tuple(values[a:b]) for a, b in bounds)]
        finally:
            gc.enable()

    out = rows.iloc[starts].copy()
    out["claim_ids"] = lists("claim_id")
    # The dataset forbids one figure twice in one source, so the list has no repeats.
    out["sources"] = lists("source_id", shared=True)
    out["outlets"] = lists("_outlet", shared=True)
    out["quotes"] = lists("quote")
    out = out.set_index("figure_id", drop=False)
    out["n_sources"] = out["sources"].map(len).astype("int64")
    out["outlet"] = out["_outlet"]
    out["source_title"] = out["source_id"].map(sources["title"]) if "title" in sources else ""
    out["published_text"] = (out["source_id"].map(sources["published_text"]).fillna("")
                             if "published_text" in sources else "")
    return out


def _named(out: pd.DataFrame, t) -> pd.DataFrame:
    """Names, kinds, sides and camps of the claimant and of the subject; metric names and units."""
    actors, sides, camps, metrics = t["actors"], t.get("sides"), t.get("camps"), t.get("metrics")
    actor_side = lookup(actors, "actor_id", "side")
    side_camp = lookup(sides, "side_id", "camp")
    camp_name = lookup(camps, "camp_id", "name")
    side_name = lookup(sides, "side_id", "name")
    out["claimant_name"] = out["claimant"].map(lookup(actors, "actor_id", "name")).fillna(out["claimant"])
    out["claimant_kind"] = out["claimant"].map(lookup(actors, "actor_id", "kind")).fillna("")
    out["claimant_side"] = out["claimant"].map(actor_side).fillna("")
    out["claimant_camp"] = out["claimant_side"].map(side_camp).fillna("")
    special = pd.Series(SPECIAL_SIDES)
    out["subject_side_name"] = (out["subject_side"].map(side_name)
                                .fillna(out["subject_side"].map(special)).fillna(out["subject_side"]))
    # 'both' and 'unknown' are not sides of one camp: they stand as their own group.
    out["subject_camp"] = out["subject_side"].map(side_camp).fillna(out["subject_side"])
    out["subject_camp_name"] = (out["subject_camp"].map(camp_name)
                                .fillna(out["subject_camp"].map(special)).fillna(out["subject_camp"]))
    out["metric_name"] = out["metric"].map(lookup(metrics, "metric_id", "name")).fillna(out["metric"])
    out["unit"] = out["metric"].map(lookup(metrics, "metric_id", "unit")).fillna("")
    return out


def _speakers(out: pd.DataFrame, source) -> pd.DataFrame:
    """Who speaks a figure, as one series: its claimant, except that a stand-in for "nobody in
    particular" (an article's own voice, an unnamed report) is a different speaker in each source.

    Two articles that each give a figure in their own voice are not one claimant revising its count;
    ``speaker`` keeps them apart (``reporting_outlet@s004``) and ``speaker_name`` names the article.
    """
    own_voice = out["claimant"].isin(generic_claimants(source))
    stand_in = own_voice | out["claimant_kind"].eq("unattributed")
    out["speaker"] = out["claimant"]
    out["speaker_name"] = out["claimant_name"]
    if stand_in.any():  # worded for those rows only: most figures of a large dataset name their claimant
        them = out.loc[stand_in]
        title = them["source_title"].fillna("").astype(str)
        title = title.where(title != "", them["source_id"])
        out.loc[stand_in, "speaker"] = them["claimant"] + "@" + them["source_id"]
        out.loc[stand_in, "speaker_name"] = np.where(
            own_voice[stand_in], "\u201c" + title + "\u201d, in its own words",
            them["claimant_name"].astype(str) + ", in \u201c" + title + "\u201d")
    return out


def _dated_and_worded(out: pd.DataFrame, source) -> pd.DataFrame:
    """Local dates and their labels, and the figure in words (``display``)."""
    tz = zone_of(source)
    out["as_of_local"] = dates.to_local(out["as_of"], tz)
    out["as_of_end_local"] = dates.to_local(out["as_of_end"], tz)
    out["as_of_label"] = words.date_labels(out["as_of_local"], out["as_of_precision"])
    for column in ("as_of_text", "as_of_basis"):
        if column not in out:
            out[column] = ""
    out["display"] = words.format_figures(out)  # equal figures, one text object (words.in_rows)
    return out


def text_rank(texts: pd.Series) -> np.ndarray:
    """Integers that sort as the texts do (equal texts, equal integers).

    numpy sorts fixed-width unicode several times faster than pandas sorts Python strings; only the
    distinct texts are sorted.
    """
    codes, distinct = pd.factorize(texts, use_na_sentinel=False)
    ranks = np.empty(len(distinct), dtype=np.int64)
    ranks[np.argsort(np.asarray(distinct, dtype="U"), kind="stable")] = np.arange(len(distinct))
    return ranks[codes]


def sort_key(when: pd.Series) -> np.ndarray:
    """Datetimes as integers that sort missing values last (for :func:`numpy.lexsort`)."""
    stamps = pd.to_datetime(when, utc=True)
    values = stamps.array.asi8.copy()
    values[stamps.isna().to_numpy()] = np.iinfo("int64").max
    return values
