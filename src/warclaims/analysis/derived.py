"""The tables every view starts from, derived once per dataset: the figures, the corrections, the chains.

:func:`derive` computes them the first time a dataset is asked and keeps them for that dataset object
(a :class:`~warclaims.Dataset` is read-only, so they cannot go stale); :func:`remember` lets
:mod:`warclaims.handover` install the copy a build computed once for all its reports. A mapping of frames
(tests, small tools) is derived afresh on every call.
"""
from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from warclaims.analysis.chains import build_revision_table
from warclaims.analysis.figures import build_figures, supersessions
from warclaims.analysis.vocabulary import tables_of


@dataclass(frozen=True)
class Derived:
    """Derived tables of one dataset; shared by every view, so treat them as read-only."""

    #: One row per figure (see :func:`figures`).
    figures: pd.DataFrame
    #: Pairs ``old``/``new`` of figure ids where a row of ``new`` supersedes a claim of ``old``.
    supersessions: pd.DataFrame
    #: Every claim that corrects or is corrected, grouped by chain (see ``views.revision_table``).
    revisions: pd.DataFrame


_KEPT: "weakref.WeakKeyDictionary[object, Derived]" = weakref.WeakKeyDictionary()


def compute(source) -> Derived:
    """The derived tables of ``source``, computed afresh."""
    claims = tables_of(source)["claims"]
    return Derived(figures=build_figures(source), supersessions=supersessions(claims),
                   revisions=build_revision_table(claims))


def derive(source) -> Derived:
    """The derived tables of ``source``: kept per Dataset object, afresh for a mapping of frames."""
    if isinstance(source, Mapping):
        return compute(source)
    kept = _KEPT.get(source)
    if kept is None:
        kept = _KEPT[source] = compute(source)
    return kept


def remember(dataset, derived: Derived) -> None:
    """Use ``derived`` as ``dataset``'s derived tables (they must have been computed from the same bytes)."""
    _KEPT[dataset] = derived


def every_figure(source) -> pd.DataFrame:
    """:func:`figures`, shared: callers must not modify it (filtering makes a new frame)."""
    return derive(source).figures


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
        Columns :data:`warclaims.analysis.figures.COLUMNS`; ``outlet`` is the first source's outlet or ``"outlet not named"``;
        ``superseded_by`` is the id of a figure that corrects this one, or ``""``; ``display`` is the
        figure as words (:func:`warclaims.text.words.format_figure`). Sorted by ``as_of``, claimant.
        Equal lists may be one shared object: treat list cells as read-only.
    """
    return every_figure(source).copy()
