"""The dataset's vocabularies as the analysis uses them: which tables, which values, in which order.

Every function here takes a :class:`warclaims.Dataset` or, for tests and small tools, a mapping of table
name to frame shaped like the dataset's (``claims``, ``actors``, ``sources`` and optionally ``sides``,
``camps``, ``metrics``, ``vague_terms``). Nothing here knows any war's sides, actors or metrics: every
vocabulary comes from the dataset's tables and descriptor.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence

import pandas as pd

from warclaims import dates


#: Claimants that stand for "nobody in particular": the article's own voice. Rows with them (or with an
#: actor of kind ``unattributed``) yield to a row naming a real claimant when several report one figure.
#: A dataset may list its own in its descriptor under ``warclaims:genericClaimants``.
GENERIC_CLAIMANTS = ("reporting_outlet",)


#: Subject sides that the claims contract defines beyond the sides table.
SPECIAL_SIDES = {"both": "Both sides", "unknown": "Side unknown"}


#: The key of "one claimant's running figure" in an as-of view: the speaker (the claimant, or a
#: stand-in for nobody in particular within one source; see ``speaker`` in the figures table).
VIEW_KEY = ("speaker", "subject_side", "metric", "population")


def tables_of(source) -> Mapping[str, pd.DataFrame]:
    if isinstance(source, Mapping):
        return source
    tables = getattr(source, "tables", None)
    if tables is None:
        raise TypeError(f"expected a warclaims Dataset or a mapping of frames, got {type(source).__name__}")
    return tables


def descriptor_of(source) -> dict:
    return getattr(source, "descriptor", None) or {}


def zone_of(source) -> _dt.tzinfo:
    """The zone of the dataset's dates written without a time (see :mod:`warclaims.dates`)."""
    return dates.dataset_zone(descriptor_of(source))


def declared_values(source, table: str, column: str) -> list[str]:
    """Allowed values of a column as the dataset's descriptor declares them (empty if it does not)."""
    for resource in descriptor_of(source).get("resources", []):
        if resource.get("name") == table:
            for spec in resource.get("schema", {}).get("fields", []):
                if spec.get("name") == column:
                    return list(spec.get("constraints", {}).get("enum", []))
    return []


def generic_claimants(source) -> set[str]:
    return set(descriptor_of(source).get("warclaims:genericClaimants", GENERIC_CLAIMANTS))


def lookup(table: pd.DataFrame | None, key: str, value: str) -> pd.Series:
    if table is None or table.empty or key not in table or value not in table:
        return pd.Series(dtype="object")
    return table.drop_duplicates(key).set_index(key)[value]


def choices(source, figs: pd.DataFrame) -> dict[str, list[str]]:
    """The valid values of each filter, from the dataset's own tables and descriptor.

    Parameters
    ----------
    figs
        The figures table of ``source`` (:func:`warclaims.analysis.derived.figures`).

    Returns
    -------
    dict
        ``metrics`` (the metrics table), ``populations`` and ``subject_sides`` (the claims schema's
        allowed values), ``claimants`` (actors that are the claimant of at least one figure); each
        also includes any value the claims use.
    """
    t = tables_of(source)
    claims = t["claims"]
    metrics = t.get("metrics")
    metric_ids = list(metrics["metric_id"]) if metrics is not None and "metric_id" in metrics else []
    sides = t.get("sides")
    side_ids = declared_values(source, "claims", "subject_side") or (
        (list(sides["side_id"]) if sides is not None else []) + list(SPECIAL_SIDES))
    return {
        "metrics": sorted(set(metric_ids) | set(claims["metric"].unique())),
        "populations": sorted(set(declared_values(source, "claims", "population")) | set(claims["population"].unique())),
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
    t = tables_of(source)

    def column(table: str, key: str) -> list[str]:
        frame = t.get(table)
        return list(frame[key]) if frame is not None and key in frame else []

    return {
        "camp": column("camps", "camp_id") + list(SPECIAL_SIDES),
        "side": column("sides", "side_id") + list(SPECIAL_SIDES),
        "metric": column("metrics", "metric_id"),
        "population": declared_values(source, "claims", "population"),
    }


def rank(values: pd.Series, order: Sequence[str]) -> pd.Series:
    """Position of each value in ``order``; unlisted values after the listed ones."""
    return values.map({v: i for i, v in enumerate(order)}).fillna(len(order)).astype("int64")


def sort_by_subject(frame: pd.DataFrame, source) -> pd.DataFrame:
    """Sort figures by subject camp, subject side, metric and population (dataset order), then claimant."""
    order = orders(source)
    keys = pd.DataFrame({
        "_camp": rank(frame["subject_camp"], order["camp"]),
        "_side": rank(frame["subject_side"], order["side"]),
        "_metric": rank(frame["metric"], order["metric"]),
        "_population": rank(frame["population"], order["population"]),
    }, index=frame.index)
    keyed = frame.join(keys)
    keyed = keyed.sort_values(["_camp", "_side", "_metric", "_population", "claimant", "as_of"], kind="stable")
    return keyed.drop(columns=keys.columns).reset_index(drop=True)
