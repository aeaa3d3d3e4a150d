"""The analysis: data in, data out (no prose, no HTML; :mod:`warclaims.text` writes the words).

* :mod:`~warclaims.analysis.vocabulary`: the dataset's vocabularies, filter choices and display order;
* :mod:`~warclaims.analysis.figures`: the figures table (one row per figure, however many sources);
* :mod:`~warclaims.analysis.chains`: correction chains;
* :mod:`~warclaims.analysis.derived`: those tables derived once per dataset (:func:`derive`);
* :mod:`~warclaims.analysis.views`: timeline, as-of view, silences, revisions;
* :mod:`~warclaims.analysis.comparisons`: own losses over time, claimant against claimant, as intervals;
* :mod:`~warclaims.analysis.ceasefires`: ceasefire durations as intervals, and the events behind each bound.

The names below are the ones notebooks use: ``from warclaims import analysis; analysis.timeline(ds)``.
"""
from warclaims.analysis.ceasefires import DURATION_UNITS, VIOLATION_EVENTS, bound_evidence, durations
from warclaims.analysis.chains import split_chains
from warclaims.analysis.comparisons import compare, compare_all, compare_first, own_losses
from warclaims.analysis.derived import Derived, derive, figures
from warclaims.analysis.vocabulary import VIEW_KEY, orders, sort_by_subject
from warclaims.analysis.views import (as_of_view, choices, revision_chains, revision_table, revisions, split_cumulative,
                                      timeline, undisclosed)

__all__ = ["DURATION_UNITS", "VIOLATION_EVENTS", "VIEW_KEY", "Derived", "as_of_view", "bound_evidence", "choices",
           "compare", "compare_all", "compare_first", "derive", "durations", "figures", "orders", "own_losses", "revision_chains",
           "revision_table", "revisions", "sort_by_subject", "split_chains", "split_cumulative", "timeline",
           "undisclosed"]
