"""Casualty claims: figures, timelines, as-of views, comparisons, silences and revision chains.

Vocabulary. A *claim* is one number that someone asserted, as one source printed it (a row of
``claims.csv``). The *claimant* is who asserted it (a ministry, a president, "the source itself"), the
*outlet* is who printed it, and the *subject side* is whose losses it counts. A *figure* is one original
assertion: when several sources report the same figure they share a ``figure_id`` and it counts once.

Every function here takes a :class:`warclaims.Dataset` (or, for tests and small tools, a mapping of
table name to frame shaped like the dataset's: ``claims``, ``actors``, ``sources`` and optionally
``sides``, ``camps``, ``metrics``, ``vague_terms``). Nothing here knows this war's sides, actors or
metrics: every vocabulary comes from the dataset's tables and descriptor.
"""
from __future__ import annotations

import datetime as _dt
import gc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from warclaims import params, quantities

OUTLET_NOT_NAMED = "outlet not named"
#: Claimants that stand for "nobody in particular": the article's own voice. Rows with them (or with an
#: actor of kind ``unattributed``) yield to a row naming a real claimant when several report one figure.
#: A dataset may list its own in its descriptor under ``warclaims:genericClaimants``.
GENERIC_CLAIMANTS = ("reporting_outlet",)
#: Subject sides that the claims contract defines beyond the sides table.
SPECIAL_SIDES = {"both": "Both sides", "unknown": "Side unknown"}
#: The key of "one claimant's running figure" in an as-of view.
VIEW_KEY = ("claimant", "subject_side", "metric", "population")

#: Columns of :func:`figures` and :func:`timeline`, in order.
COLUMNS = [
    "figure_id", "claim_id", "as_of", "as_of_end", "as_of_text", "as_of_precision", "as_of_basis", "as_of_local",
    "as_of_end_local", "as_of_label", "claimant", "claimant_name", "claimant_kind", "claimant_side", "claimant_camp",
    "subject_side", "subject_side_name", "subject_camp", "subject_camp_name", "metric", "metric_name", "unit",
    "population", "value_low", "value_best", "value_high", "qualifier", "vague_term", "display", "cumulative",
    "source_id", "source_title", "published_text", "outlet", "sources", "outlets", "n_sources", "quote", "quotes",
    "claim_ids", "status", "supersedes", "superseded_by",
]


# -- access to tables ---------------------------------------------------------------------------------
def _tables(source) -> Mapping[str, pd.DataFrame]:
    if isinstance(source, Mapping):
        return source
    tables = getattr(source, "tables", None)
    if tables is None:
        raise TypeError(f"expected a warclaims Dataset or a mapping of frames, got {type(source).__name__}")
    return tables


def _descriptor(source) -> dict:
    return getattr(source, "descriptor", None) or {}


def _timezone(source) -> _dt.timezone:
    text = getattr(source, "timezone", None) or _descriptor(source).get("warclaims:timezone", "+00:00")
    sign = -1 if text.startswith("-") else 1
    return _dt.timezone(sign * _dt.timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))


def _enum(source, table: str, column: str) -> list[str]:
    """Allowed values of a column as the dataset's descriptor declares them (empty if it does not)."""
    for resource in _descriptor(source).get("resources", []):
        if resource.get("name") == table:
            for spec in resource.get("schema", {}).get("fields", []):
                if spec.get("name") == column:
                    return list(spec.get("constraints", {}).get("enum", []))
    return []


def _generic_claimants(source) -> set[str]:
    return set(_descriptor(source).get("warclaims:genericClaimants", GENERIC_CLAIMANTS))


def _lookup(table: pd.DataFrame | None, key: str, value: str) -> pd.Series:
    if table is None or table.empty or key not in table or value not in table:
        return pd.Series(dtype="object")
    return table.drop_duplicates(key).set_index(key)[value]


# -- figures ------------------------------------------------------------------------------------------
def _local(series: pd.Series, tz: _dt.timezone) -> pd.Series:
    return series.dt.tz_convert(tz).dt.tz_localize(None)


def _date_labels(local: pd.Series, precision: pd.Series) -> pd.Series:
    """'19 Oct 2020', 'Oct 2020', '2020' or '10 Oct 2020 12:00', by precision (local time)."""
    # Many figures share a date: format each distinct (date, precision) once.
    keys = pd.DataFrame({"local": local, "precision": precision})
    unique = keys.drop_duplicates()
    when, level = unique["local"], unique["precision"]
    day = when.dt.day.astype("Int64").astype(str) + when.dt.strftime(" %b %Y")
    labels = day.where(~level.isin(["hour", "minute"]), day + when.dt.strftime(" %H:%M"))
    labels = labels.where(level != "month", when.dt.strftime("%b %Y"))
    labels = labels.where(level != "year", when.dt.strftime("%Y"))
    unique = unique.assign(label=labels.where(when.notna(), "").astype("object"))
    merged = keys.merge(unique, on=["local", "precision"], how="left")
    return pd.Series(merged["label"].to_numpy(), index=local.index, dtype="object")


def _supersessions(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs ``old``/``new`` of figure ids where a row of ``new`` supersedes a claim of ``old``."""
    figure_of = claims.drop_duplicates("claim_id").set_index("claim_id")["figure_id"]
    rows = claims[claims["supersedes"].fillna("") != ""]
    pairs = pd.DataFrame({"old": rows["supersedes"].map(figure_of).to_numpy(), "new": rows["figure_id"].to_numpy()})
    return pairs[pairs["old"].notna() & (pairs["old"] != pairs["new"])].drop_duplicates()


def figures(source) -> pd.DataFrame:
    """One row per figure: rows sharing a ``figure_id`` (the same figure in several sources) collapse.

    The figure's claimant is the attributed one: a row whose claimant is neither of kind
    ``unattributed`` nor a generic stand-in for the article's own voice (:data:`GENERIC_CLAIMANTS`)
    wins; among equals, the earliest-published source, then the first row. That row also gives the
    figure's date, quote, status and first source; ``sources``, ``outlets`` and ``quotes`` list every
    source's (the chosen one first, then by publication).

    Parameters
    ----------
    source
        A :class:`warclaims.Dataset` or a mapping of frames (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``outlet`` is the first source's outlet or ``"outlet not named"``;
        ``superseded_by`` is the id of a figure that corrects this one, or ``""``; ``display`` is the
        figure as words (:func:`warclaims.quantities.format_figure`). Sorted by ``as_of``, claimant.
        Equal lists may be one shared object: treat list cells as read-only.
    """
    return _every_figure(source).copy()


def _cached(source, name: str, compute):
    """``compute()``, kept on the Dataset (whose tables are not edited after loading) for the next call.

    Views, filters and charts all start from the same derived tables; a replaced claims table
    invalidates them. Mappings of frames (tests, small tools) are not cached.
    """
    claims = _tables(source)["claims"]
    cache = None if isinstance(source, Mapping) else getattr(source, "__dict__", None)
    if cache is None:
        return compute()
    key = "_cache_" + name
    if cache.get(key, (None,))[0] is not claims:
        cache[key] = (claims, compute())
    return cache[key][1]


def prepare(dataset) -> None:
    """Derive and keep on ``dataset`` the tables every view starts from (figures, corrections)."""
    _every_figure(dataset)
    _cached(dataset, "supersessions", lambda: _supersessions(_tables(dataset)["claims"]))
    revision_table(dataset)


def _every_figure(source) -> pd.DataFrame:
    """:func:`figures`, shared: callers must not modify it (filtering makes a new frame)."""
    t = _tables(source)
    return _cached(source, "figures", lambda: _figures(source, t, t["claims"]))


def _figures(source, t: Mapping[str, pd.DataFrame], claims: pd.DataFrame) -> pd.DataFrame:
    if claims.empty:
        return pd.DataFrame(columns=COLUMNS)
    sources = t["sources"].drop_duplicates("source_id").set_index("source_id")
    actors = t["actors"]
    sides, camps, metrics = t.get("sides"), t.get("camps"), t.get("metrics")

    rows = claims.reset_index(drop=True).copy()
    rows["supersedes"] = rows["supersedes"].fillna("") if "supersedes" in rows else ""
    rows["vague_term"] = rows["vague_term"].fillna("") if "vague_term" in rows else ""
    kind = rows["claimant"].map(_lookup(actors, "actor_id", "kind")).fillna("")
    generic = rows["claimant"].isin(_generic_claimants(source))
    rank = np.select([kind.eq("unattributed").to_numpy(), generic.to_numpy()], [2, 1], 0)
    published = rows["source_id"].map(sources["published"]) if "published" in sources else pd.Series(pd.NaT, index=rows.index)
    # Sort on integer keys (figure ids factorized in sorted order; missing dates last): sorting a
    # million rows on text columns costs seconds.
    figure_code = _text_rank(rows["figure_id"])
    published_key = _sort_key(published)
    order = np.lexsort((np.arange(len(rows)), published_key, rank, figure_code))
    chosen = np.ones(len(rows), dtype=bool)
    chosen[order[1:]] = figure_code[order[1:]] != figure_code[order[:-1]]
    # The chosen row first, then the other reports by publication, so lists read in that order.
    order = np.lexsort((np.arange(len(rows)), published_key, ~chosen, figure_code))
    rows = rows.iloc[order]
    outlet = rows["source_id"].map(sources["outlet"]).fillna("") if "outlet" in sources else pd.Series("", index=rows.index)
    rows["_outlet"] = outlet.where(outlet != "", OUTLET_NOT_NAMED)

    # Rows are sorted by figure, the chosen row first: cut the columns at the group boundaries (a
    # groupby(...).agg(list) calls Python once per figure, far too slow on a million claims).
    codes = figure_code[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])

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

    actor_side = _lookup(actors, "actor_id", "side")
    side_camp = _lookup(sides, "side_id", "camp")
    camp_name = _lookup(camps, "camp_id", "name")
    side_name = _lookup(sides, "side_id", "name")
    out["claimant_name"] = out["claimant"].map(_lookup(actors, "actor_id", "name")).fillna(out["claimant"])
    out["claimant_kind"] = out["claimant"].map(_lookup(actors, "actor_id", "kind")).fillna("")
    out["claimant_side"] = out["claimant"].map(actor_side).fillna("")
    out["claimant_camp"] = out["claimant_side"].map(side_camp).fillna("")
    special = pd.Series(SPECIAL_SIDES)
    out["subject_side_name"] = (out["subject_side"].map(side_name)
                                .fillna(out["subject_side"].map(special)).fillna(out["subject_side"]))
    # 'both' and 'unknown' are not sides of one camp: they stand as their own group.
    out["subject_camp"] = out["subject_side"].map(side_camp).fillna(out["subject_side"])
    out["subject_camp_name"] = (out["subject_camp"].map(camp_name)
                                .fillna(out["subject_camp"].map(special)).fillna(out["subject_camp"]))
    out["metric_name"] = out["metric"].map(_lookup(metrics, "metric_id", "name")).fillna(out["metric"])
    out["unit"] = out["metric"].map(_lookup(metrics, "metric_id", "unit")).fillna("")

    tz = _timezone(source)
    out["as_of_local"] = _local(out["as_of"], tz)
    out["as_of_end_local"] = _local(out["as_of_end"], tz)
    out["as_of_label"] = _date_labels(out["as_of_local"], out["as_of_precision"])
    for column in ("as_of_text", "as_of_basis"):
        if column not in out:
            out[column] = ""
    out["display"] = _shared(quantities.format_figures(out))

    pairs = _supersessions(rows)
    newest = dict(pairs.sort_values("new").drop_duplicates("old").set_index("old")["new"])
    out["superseded_by"] = out["figure_id"].map(newest).fillna("") if newest else ""

    out = out.reset_index(drop=True)[COLUMNS]
    order = np.lexsort((_text_rank(out["figure_id"]), _text_rank(out["claimant"]), _sort_key(out["as_of"])))
    return out.iloc[order].reset_index(drop=True)


def _shared(texts: pd.Series) -> pd.Series:
    """Equal texts as one object each (a million figures repeat a few thousand displays)."""
    codes, distinct = pd.factorize(texts, use_na_sentinel=False)
    return pd.Series(np.asarray(distinct, dtype=object)[codes], index=texts.index, dtype=texts.dtype)


def _text_rank(texts: pd.Series) -> np.ndarray:
    """Integers that sort as the texts do (equal texts, equal integers).

    numpy sorts fixed-width unicode several times faster than pandas sorts Python strings; only the
    distinct texts are sorted.
    """
    codes, distinct = pd.factorize(texts, use_na_sentinel=False)
    ranks = np.empty(len(distinct), dtype=np.int64)
    ranks[np.argsort(np.asarray(distinct, dtype="U"), kind="stable")] = np.arange(len(distinct))
    return ranks[codes]


def _sort_key(when: pd.Series) -> np.ndarray:
    """Datetimes as integers that sort missing values last (for :func:`numpy.lexsort`)."""
    stamps = pd.to_datetime(when, utc=True)
    values = stamps.array.asi8.copy()
    values[stamps.isna().to_numpy()] = np.iinfo("int64").max
    return values


# -- vocabularies and filters -------------------------------------------------------------------------
def choices(source, figs: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """The valid values of each filter, from the dataset's own tables and descriptor.

    Parameters
    ----------
    figs
        :func:`figures` of ``source`` when already computed.

    Returns
    -------
    dict
        ``metrics`` (the metrics table), ``populations`` and ``subject_sides`` (the claims schema's
        allowed values), ``claimants`` (actors that are the claimant of at least one figure); each
        also includes any value the claims use.
    """
    t = _tables(source)
    claims = t["claims"]
    metrics = t.get("metrics")
    metric_ids = list(metrics["metric_id"]) if metrics is not None and "metric_id" in metrics else []
    sides = t.get("sides")
    side_ids = _enum(source, "claims", "subject_side") or (
        (list(sides["side_id"]) if sides is not None else []) + list(SPECIAL_SIDES))
    figs = _every_figure(source) if figs is None else figs
    return {
        "metrics": sorted(set(metric_ids) | set(claims["metric"].unique())),
        "populations": sorted(set(_enum(source, "claims", "population")) | set(claims["population"].unique())),
        "subject_sides": sorted(set(side_ids) | set(claims["subject_side"].unique())),
        "claimants": sorted(set(figs["claimant"].unique())),
    }


def orders(source) -> dict[str, list[str]]:
    """Display order of each vocabulary, as the dataset's tables list them.

    Returns
    -------
    dict
        ``camp`` (camps table, then ``both``, ``unknown``), ``side`` (sides table, then those two),
        ``metric`` (metrics table) and ``population`` (the claims schema's allowed values).
    """
    t = _tables(source)

    def column(table: str, key: str) -> list[str]:
        frame = t.get(table)
        return list(frame[key]) if frame is not None and key in frame else []

    return {
        "camp": column("camps", "camp_id") + list(SPECIAL_SIDES),
        "side": column("sides", "side_id") + list(SPECIAL_SIDES),
        "metric": column("metrics", "metric_id"),
        "population": _enum(source, "claims", "population"),
    }


def _rank(values: pd.Series, order: Sequence[str]) -> pd.Series:
    """Position of each value in ``order``; unlisted values after the listed ones."""
    return values.map({v: i for i, v in enumerate(order)}).fillna(len(order)).astype("int64")


def sort_by_subject(frame: pd.DataFrame, source) -> pd.DataFrame:
    """Sort figures by subject camp, subject side, metric and population (dataset order), then claimant."""
    order = orders(source)
    keys = pd.DataFrame({
        "_camp": _rank(frame["subject_camp"], order["camp"]),
        "_side": _rank(frame["subject_side"], order["side"]),
        "_metric": _rank(frame["metric"], order["metric"]),
        "_population": _rank(frame["population"], order["population"]),
    }, index=frame.index)
    keyed = frame.join(keys)
    keyed = keyed.sort_values(["_camp", "_side", "_metric", "_population", "claimant", "as_of"], kind="stable")
    return keyed.drop(columns=keys.columns).reset_index(drop=True)


_FILTERS = (("metric", "metrics"), ("population", "populations"), ("subject_side", "subject_sides"),
            ("claimant", "claimants"))


def _filter(figs: pd.DataFrame, source, *, include_vague: bool = True, **selected) -> np.ndarray:
    """Which figures match every given list (None or empty: all); unknown values raise.

    Views combine masks and select rows once: each selection copies every column of a frame that
    holds a row per figure.
    """
    keep = np.ones(len(figs), dtype=bool)
    given = [(column, name) for column, name in _FILTERS if selected.get(name) not in (None, [], ())]
    valid = choices(source, figs) if given else {}
    for column, name in given:
        keep &= figs[column].isin(params.choices(name, selected[name], valid[name])).to_numpy()
    if not include_vague:
        keep &= (figs["qualifier"] != "vague").to_numpy()
    return keep


def _bound(value, source, which: str) -> pd.Timestamp | None:
    """A filter bound as a UTC instant: the start of a ``start`` date, the (exclusive) end of an ``end`` date.

    ``value`` may be an ISO 8601 string (``2020-10-15``: the whole local day), an interval tuple as
    :func:`warclaims.params.date` returns, or a timestamp (naive ones are local time at the dataset's
    offset; an ``end`` timestamp is inclusive).
    """
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, str):
        tz = getattr(source, "timezone", None) or _descriptor(source).get("warclaims:timezone", "+00:00")
        value = params.date(which, value, tz)
    if isinstance(value, tuple):
        return pd.Timestamp(value[0] if which == "start" else value[1])
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(_timezone(source))
    stamp = stamp.tz_convert("UTC")
    return stamp if which == "start" else stamp + pd.Timedelta(1, "ns")


def _not_superseded(every: pd.DataFrame, source, among: np.ndarray) -> np.ndarray:
    """Which figures no figure of ``every[among]`` corrects (a correction not yet made does not count)."""
    pairs = _cached(source, "supersessions", lambda: _supersessions(_tables(source)["claims"]))
    if pairs.empty:
        return np.ones(len(every), dtype=bool)
    # Look the few corrections up in the many figures, not the other way round: making a set of a
    # million figure ids costs seconds.
    ids = every["figure_id"]
    made = ids[among & ids.isin(pairs["new"]).to_numpy()]
    corrected = pairs.loc[pairs["new"].isin(made), "old"]
    return ~ids.isin(corrected).to_numpy()


# -- views --------------------------------------------------------------------------------------------
def timeline(dataset, *, start=None, end=None, metrics=None, populations=None, subject_sides=None, claimants=None,
             include_vague: bool = True, include_superseded: bool = False) -> pd.DataFrame:
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
        :class:`warclaims.params.ParameterError` listing the valid choices.
    include_vague
        False drops figures given only as a vague word ("hundreds").
    include_superseded
        True keeps figures that a later row corrects (``supersedes``); by default a figure corrected
        by a figure inside the window is dropped (see :func:`revisions` for the chain).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`figures`, sorted by ``as_of`` then claimant.
    """
    every = _every_figure(dataset)
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
    return every[keep].reset_index(drop=True)


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
        The columns of :func:`figures`, one row per :data:`VIEW_KEY`, sorted by :func:`sort_by_subject`.
    """
    every = _every_figure(dataset)
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
    figs = every[keep]
    # Only a figure dated at its group's latest as_of can win: sort those few, not every figure.
    keys = [figs[c] for c in VIEW_KEY]
    latest = figs.groupby(keys, sort=False, dropna=False)["as_of"].transform("max")
    figs = figs[(figs["as_of"] == latest) | latest.isna()]
    published = figs["source_id"].map(
        _tables(dataset)["sources"].drop_duplicates("source_id").set_index("source_id")["published"])
    figs = (figs.assign(_published=published)
            .sort_values(["as_of", "as_of_end", "_published", "figure_id"], kind="stable", na_position="first")
            .drop_duplicates(list(VIEW_KEY), keep="last")
            .drop(columns="_published"))
    return sort_by_subject(figs, dataset)


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


#: Steps a sequence of :func:`own_losses` spells out: the first ones and the latest ones.
SEQUENCE_STEPS = (2, 8)


def own_losses(frame: pd.DataFrame, source=None, *, steps: tuple[int, int] = SEQUENCE_STEPS) -> pd.DataFrame:
    """What each camp's claimants said about the camp's own losses, in date order.

    Parameters
    ----------
    frame
        :func:`timeline` output (running totals, usually).
    source
        The dataset, to list camps, metrics and populations in its order (else in order of appearance).
    steps
        ``(first, latest)``: a longer sequence keeps its first and latest steps and says how many
        figures in between it leaves out, so a daily series over years stays one readable line.

    Returns
    -------
    pandas.DataFrame
        One row per subject camp, metric and population: ``subject_camp, subject_camp_name, metric,
        metric_name, population, n_figures, first, last`` and ``sequence``, the figures joined with
        arrows (``"376 (9 Oct 2020, Government of Armenia) → 729 (19 Oct 2020, ...)"``); silences
        appear as "not disclosed".
    """
    columns = ["subject_camp", "subject_camp_name", "metric", "metric_name", "population", "n_figures", "first",
               "last", "sequence"]
    own = frame[(frame["claimant_camp"] == frame["subject_camp"]) & (frame["claimant_camp"] != "")]
    if own.empty:
        return pd.DataFrame(columns=columns)
    own = own.sort_values(["as_of", "claimant"], kind="stable")
    keys = ["subject_camp", "subject_camp_name", "metric", "metric_name", "population"]
    grouped = own.groupby(keys, sort=False)
    position, size = grouped.cumcount(), grouped["figure_id"].transform("size")
    head, tail = steps
    # Spell out only the steps shown: a series of a million figures would be a line of megabytes.
    shown = own[(position < head) | (position >= size - tail)]
    text = shown["display"] + " (" + shown["as_of_label"] + ", " + shown["claimant_name"] + ")"
    gap = (position[shown.index] == size[shown.index] - tail) & (size[shown.index] > head + tail)
    hidden = (size[shown.index] - head - tail).astype(str)
    text = text.where(~gap, "\u2026 " + hidden + " more \u2026 \u2192 " + text)
    shown = shown.assign(_step=text)
    out = grouped.agg(n_figures=("figure_id", "size"), first=("display", "first"), last=("display", "last"))
    out["sequence"] = shown.groupby(keys, sort=False)["_step"].agg(" \u2192 ".join)
    out = out.reset_index()
    if source is not None:
        order = orders(source)
        out = out.assign(_c=_rank(out["subject_camp"], order["camp"]), _m=_rank(out["metric"], order["metric"]),
                         _p=_rank(out["population"], order["population"]))
        out = out.sort_values(["_c", "_m", "_p"], kind="stable")
    return out[columns].reset_index(drop=True)


# -- comparisons --------------------------------------------------------------------------------------
_SIDE_COLUMNS = ["claimant", "claimant_name", "figure_id", "subject_side", "subject_side_name", "subject_camp",
                 "metric", "metric_name", "population", "as_of_label", "display", "value_low", "value_best", "value_high", "qualifier"]


def _compare_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    a = quantities.bounds(pairs.rename(columns=lambda c: c[2:] if c.startswith("a_") else "_" + c))
    b = quantities.bounds(pairs.rename(columns=lambda c: c[2:] if c.startswith("b_") else "_" + c))
    pairs = pairs.copy()
    pairs["diff_low"], pairs["diff_high"] = quantities.interval_difference(a["low"], a["high"], b["low"], b["high"])
    pairs["ratio_low"], pairs["ratio_high"] = quantities.interval_ratio(a["low"], a["high"], b["low"], b["high"])
    silent = (pairs["a_qualifier"] == "undisclosed") | (pairs["b_qualifier"] == "undisclosed")
    pairs["difference"] = [
        quantities.NOT_DISCLOSED if s else quantities.format_interval(lo, hi)
        for s, lo, hi in zip(silent, pairs["diff_low"], pairs["diff_high"])
    ]
    pairs["ratio"] = [
        quantities.NOT_DISCLOSED if s else quantities.format_interval(lo, hi, digits=2)
        for s, lo, hi in zip(silent, pairs["ratio_low"], pairs["ratio_high"])
    ]
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
        ``diff_low, diff_high, ratio_low, ratio_high`` (floats; NaN when either is not disclosed) and
        ``difference``, ``ratio`` as text.
    """
    on = list(on)
    left = _side(view[view[by] == a], "a_", on)
    right = _side(view[view[by] == b], "b_", on)
    return _compare_pairs(left.merge(right, on=on, how="inner"))


def compare_all(view: pd.DataFrame, *, on: Sequence[str] = ("metric", "population", "subject_side"),
                by: str = "claimant") -> pd.DataFrame:
    """:func:`compare` for every pair of distinct ``by`` values that share an ``on`` key (each pair once)."""
    on = list(on)
    left, right = _side(view, "a_", on), _side(view, "b_", on)
    pairs = left.merge(right, on=on, how="inner")
    a_by, b_by = ("a_" + by, "b_" + by) if by not in on else (by, by)
    pairs = pairs[pairs[a_by] < pairs[b_by]]
    return _compare_pairs(pairs.sort_values(on + [a_by, b_by], kind="stable"))


# -- revisions ----------------------------------------------------------------------------------------
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
    claims = _tables(dataset)["claims"]
    if not (claims["claim_id"] == claim_id).any():
        raise KeyError(f"claim {claim_id!r} is not in the claims table")
    table = revision_table(dataset)
    roots = table.loc[table["claim_id"] == claim_id, "chain"]
    if roots.empty:  # a claim nobody corrected and that corrects nothing: a chain of one
        return _chain_rows(claims[claims["claim_id"] == claim_id].drop_duplicates("claim_id").assign(chain=claim_id),
                           {}).drop(columns="chain")
    return table[table["chain"] == roots.iloc[0]].drop(columns="chain").reset_index(drop=True)


_CHAIN_COLUMNS = ["chain", "claim_id", "figure_id", "source_id", "claimant", "as_of_text", "value_low", "value_best",
                  "value_high", "qualifier", "display", "quote", "supersedes", "superseded_by", "current"]


def revision_table(dataset) -> pd.DataFrame:
    """Every claim that corrects or is corrected, one row each, with ``chain``: the id of its chain's original.

    Rows are grouped by chain (chains in the order their first correction appears in the claims
    table), oldest first within a chain. Columns as :func:`revisions`, plus ``chain``. Built on whole
    arrays: a million claims with thousands of corrections take well under a second.
    """
    return _cached(dataset, "revisions", lambda: _revision_table(_tables(dataset)["claims"]))


def _revision_table(claims: pd.DataFrame) -> pd.DataFrame:
    claims = claims.drop_duplicates("claim_id").reset_index(drop=True)
    supersedes = claims["supersedes"].fillna("")
    position = pd.Index(claims["claim_id"])
    parent = position.get_indexer(supersedes.where(supersedes != "", None))
    linked = parent >= 0
    if not linked.any():
        return pd.DataFrame(columns=_CHAIN_COLUMNS)
    # Pointer jumping: after k rounds every claim points 2**k steps back, so a chain of any length
    # reaches its original in log2(length) rounds. The round limit stops a cycle in hand-edited data.
    root = np.where(linked, parent, np.arange(len(claims)))
    for _ in range(64):
        jumped = root[root]
        if (jumped == root).all():
            break
        root = jumped
    in_chain = np.zeros(len(claims), dtype=bool)
    in_chain[linked] = True
    in_chain[parent[linked]] = True
    members = np.flatnonzero(in_chain)
    first_correction = pd.Series(np.flatnonzero(linked)).groupby(root[linked]).min()
    newer = pd.DataFrame({"old": claims["claim_id"].to_numpy()[parent[linked]],
                          "new": claims["claim_id"].to_numpy()[linked]})
    corrected_by = newer.groupby("old", sort=False)["new"].agg("|".join).to_dict()
    rows = claims.iloc[members].assign(chain=claims["claim_id"].to_numpy()[root[members]])
    rows["_chain_order"] = first_correction.reindex(root[members]).to_numpy()
    rows["_row"] = members
    rows = rows.sort_values(["_chain_order", "as_of", "_row"], kind="stable")
    return _chain_rows(rows, corrected_by)


def _chain_rows(rows: pd.DataFrame, corrected_by: dict[str, str]) -> pd.DataFrame:
    rows = rows.copy()
    rows["supersedes"] = rows["supersedes"].fillna("")
    rows["superseded_by"] = [corrected_by.get(claim, "") for claim in rows["claim_id"]]
    rows["current"] = rows["superseded_by"] == ""
    rows["display"] = quantities.format_figures(rows)
    return rows[[c for c in _CHAIN_COLUMNS if c in rows]].reset_index(drop=True)


def revision_chains(dataset) -> list[pd.DataFrame]:
    """Every revision chain in the dataset (claims that correct or are corrected), one frame each.

    On a large dataset prefer :func:`revision_table`: one frame, no per-chain objects.
    """
    return split_chains(revision_table(dataset))[0]


def split_chains(table: pd.DataFrame, limit: int | None = None) -> tuple[list[pd.DataFrame], int]:
    """The chains of a :func:`revision_table` as one frame each: the first ``limit`` (None: all),
    and the number of chains left out."""
    roots = table["chain"].drop_duplicates()
    kept = roots if limit is None else roots.head(limit)
    rows = table[table["chain"].isin(kept)]
    chains = [chain.drop(columns="chain").reset_index(drop=True) for _, chain in rows.groupby("chain", sort=False)]
    return chains, len(roots) - len(kept)


# -- notebook parameters ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Selection:
    """Validated notebook parameters, bound to a dataset; see :func:`select`."""

    dataset: object = field(repr=False)
    start: tuple | None
    end: tuple | None
    as_of: tuple | None
    metrics: list[str] | None
    populations: list[str] | None
    subject_sides: list[str] | None
    claimants: list[str] | None
    include_vague: bool
    given: dict = field(default_factory=dict)

    def _filters(self) -> dict:
        return {"metrics": self.metrics, "populations": self.populations, "subject_sides": self.subject_sides,
                "claimants": self.claimants}

    @property
    def end_bound(self):
        """The timeline's end: ``end_date`` or ``as_of``, whichever comes first."""
        ends = [e for e in (self.end, self.as_of) if e is not None]
        return min(ends, key=lambda e: e[1]) if ends else None

    def timeline(self) -> pd.DataFrame:
        """:func:`timeline` for these parameters (up to ``as_of`` when it is set)."""
        return timeline(self.dataset, start=self.start, end=self.end_bound, include_vague=self.include_vague,
                        **self._filters())

    def as_of_view(self, cumulative: bool | None = True) -> pd.DataFrame:
        """:func:`as_of_view` as of ``as_of`` (or ``end_date``; the latest when both are empty).

        ``start_date`` applies too: a figure counting up to before it is left out.
        """
        view = as_of_view(self.dataset, self.end_bound, include_vague=self.include_vague, cumulative=cumulative,
                          **self._filters())
        if self.start is not None:
            view = view[view["as_of_end"] > pd.Timestamp(self.start[0])].reset_index(drop=True)
        return view

    def undisclosed(self) -> pd.DataFrame:
        """The silences among :meth:`as_of_view` (running totals and episode figures alike)."""
        view = self.as_of_view(cumulative=None)
        return view[view["qualifier"] == "undisclosed"].reset_index(drop=True)

    @property
    def as_of_text(self) -> str:
        """The date the as-of view is taken on, as given (``as_of``, else ``end_date``; "" for the latest)."""
        end = self.end_bound
        if end is None:
            return ""
        return self.given["as_of"] if end == self.as_of else self.given["end_date"]

    def revision_table(self) -> pd.DataFrame:
        """:func:`revision_table` cut to the chains with a figure in this selection (superseded ones included)."""
        table = revision_table(self.dataset)
        if table.empty:
            return table
        figs = timeline(self.dataset, start=self.start, end=self.end_bound, include_vague=self.include_vague,
                        include_superseded=True, **self._filters())
        chains = table.loc[table["figure_id"].isin(figs["figure_id"]), "chain"]
        return table[table["chain"].isin(chains)].reset_index(drop=True)

    def revision_chains(self) -> list[pd.DataFrame]:
        """The revision chains (see :func:`revisions`) of the figures in this selection, superseded ones included."""
        return split_chains(self.revision_table())[0]

    def describe(self) -> str:
        """The parameters that narrow the selection, as ``name = value`` text (for messages)."""
        shown = [f"{name} = {value!r}" for name, value in self.given.items() if value not in ("", [], (), None)]
        return "; ".join(shown) or "(defaults)"


def select(dataset, *, start_date="", end_date="", as_of="", metrics=(), populations=(), subject_sides=(),
           claimants=(), include_vague=True) -> Selection:
    """Check notebook parameters against ``dataset`` and bind them into a :class:`Selection`.

    Empty strings and empty lists mean "no restriction" (``as_of`` empty: the latest).

    Raises
    ------
    warclaims.params.ParameterError
        For an unknown metric, population, subject side or claimant (listing the valid choices), a
        string where a list is expected, an unparseable date, ``start_date`` after ``end_date`` or a
        non-boolean ``include_vague``.
    """
    valid = choices(dataset)
    tz = getattr(dataset, "timezone", None) or _descriptor(dataset).get("warclaims:timezone", "+00:00")
    checked = {}
    for name, value in (("metrics", metrics), ("populations", populations), ("subject_sides", subject_sides),
                        ("claimants", claimants)):
        chosen = params.choices(name, value, valid[name])
        checked[name] = chosen if value else None
    start, end = params.date_range("start_date", start_date, "end_date", end_date, tz)
    as_of_interval = params.date("as_of", as_of, tz)
    given = {"start_date": start_date, "end_date": end_date, "as_of": as_of, "metrics": list(metrics or []),
             "populations": list(populations or []), "subject_sides": list(subject_sides or []),
             "claimants": list(claimants or [])}
    if include_vague is not True:
        given["include_vague"] = include_vague
    return Selection(dataset=dataset, start=start, end=end, as_of=as_of_interval,
                     include_vague=params.flag("include_vague", include_vague), given=given, **checked)
