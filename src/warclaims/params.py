"""Notebook parameters, checked against the dataset the same way for every notebook.

Each notebook passes its parameters (plain literals from its ``parameters`` cell, or papermill's) to
one function here, which checks them all and raises one :class:`~warclaims.checks.ParameterError`
naming every bad one, or returns them bound to the dataset: :func:`casualty` for the casualty report,
:func:`ceasefires` for the ceasefire report, :func:`edition` for the lesson.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from warclaims import checks, dates
from warclaims.analysis import ceasefires as ceasefire_analysis
from warclaims.analysis import views, vocabulary
from warclaims.analysis.chains import split_chains
from warclaims.checks import ParameterError, choices, date, date_range, flag, one_of

#: The value-axis choices of the casualty charts (the duration chart's three): "auto" picks log when the
#: figures span ten times or more.
VALUE_SCALES = ceasefire_analysis.DURATION_SCALES

__all__ = ["VALUE_SCALES", "CasualtySelection", "CeasefireSelection", "ParameterError", "casualty", "ceasefires", "choices", "date",
           "date_range", "edition", "flag", "one_of"]


@dataclass(frozen=True)
class CasualtySelection:
    """The casualty notebook's parameters, checked and bound to a dataset; see :func:`casualty`."""

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
    #: The charts' value axis: "auto" (log when the figures span ten times or more), "linear" or "log".
    value_scale: str = "auto"

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
        return views.timeline(self.dataset, start=self.start, end=self.end_bound, include_vague=self.include_vague,
                        **self._filters())

    def as_of_view(self, cumulative: bool | None = True) -> pd.DataFrame:
        """:func:`as_of_view` as of ``as_of`` (or ``end_date``; the latest when both are empty).

        ``start_date`` applies too: a figure counting up to before it is left out.
        """
        view = views.as_of_view(self.dataset, self.end_bound, include_vague=self.include_vague, cumulative=cumulative,
                          **self._filters())
        if self.start is not None:
            view = view[view["as_of_end"] > pd.Timestamp(self.start[0])].reset_index(drop=True)
        return view

    def undisclosed(self) -> pd.DataFrame:
        """The silences among :meth:`as_of_view` (running totals and episode figures alike)."""
        view = self.as_of_view(cumulative=None)
        return view[view["qualifier"] == "undisclosed"].reset_index(drop=True)

    @property
    def cut_local(self) -> pd.Timestamp | None:
        """Where the timeline stops (the end of ``as_of`` or ``end_date``) as local wall-clock time, the
        time the charts' date axes show; None when the page shows everything up to the latest."""
        end = self.end_bound
        return None if end is None else dates.to_local(pd.Timestamp(end[1]), vocabulary.zone_of(self.dataset))

    @property
    def as_of_text(self) -> str:
        """The date the as-of view is taken on, as given (``as_of``, else ``end_date``; "" for the latest)."""
        end = self.end_bound
        if end is None:
            return ""
        return self.given["as_of"] if end == self.as_of else self.given["end_date"]

    def revision_table(self) -> pd.DataFrame:
        """:func:`revision_table` cut to the chains with a figure in this selection (superseded ones included)."""
        table = views.revision_table(self.dataset)
        if table.empty:
            return table
        figs = views.timeline(self.dataset, start=self.start, end=self.end_bound, include_vague=self.include_vague,
                              include_superseded=True, columns=["figure_id"], **self._filters())
        chains = table.loc[table["figure_id"].isin(figs["figure_id"]), "chain"]
        return table[table["chain"].isin(chains)].reset_index(drop=True)

    def revision_chains(self) -> list[pd.DataFrame]:
        """The revision chains (see :func:`revisions`) of the figures in this selection, superseded ones included."""
        return split_chains(self.revision_table())[0]

    def describe(self) -> str:
        """The parameters that narrow the selection, as ``name = value`` text (for messages)."""
        shown = [f"{name} = {value!r}" for name, value in self.given.items() if value not in ("", [], (), None)]
        return "; ".join(shown) or "(defaults)"


def default_metrics(dataset) -> list[str] | None:
    """What an empty ``metrics`` parameter means: the metrics of kind ``casualty`` the dataset declares
    (None, i.e. every metric, when it declares none)."""
    if not dataset.has("metrics"):
        return None
    table = dataset.metrics
    chosen = table.loc[table["kind"] == "casualty", "metric_id"].tolist()
    return chosen or None


def casualty(dataset, *, start_date="", end_date="", as_of="", metrics=(), populations=(), subject_sides=(),
           claimants=(), include_vague=True, value_scale="auto") -> CasualtySelection:
    """Check notebook parameters against ``dataset`` and bind them into a :class:`CasualtySelection`.

    Empty strings and empty lists mean "no restriction" (``as_of`` empty: the latest), except
    ``metrics``: empty means :func:`default_metrics`.

    Raises
    ------
    warclaims.checks.ParameterError
        Naming every bad parameter at once (one per line): an unknown metric, population, subject side or claimant (listing the valid choices), a
        string where a list is expected, an unparseable date, ``start_date`` after ``end_date``, a
        non-boolean ``include_vague`` or a ``value_scale`` other than "auto", "linear" and "log".
    """
    valid = views.choices(dataset)
    tz = vocabulary.zone_of(dataset)
    lists = (("metrics", metrics), ("populations", populations), ("subject_sides", subject_sides),
             ("claimants", claimants))
    *chosen, dated, as_of_interval, vague, scale = checks.collect(
        *[lambda n=name, v=value: checks.choices(n, v, valid[n]) for name, value in lists],
        lambda: checks.date_range("start_date", start_date, "end_date", end_date, tz),
        lambda: checks.date("as_of", as_of, tz),
        lambda: checks.flag("include_vague", include_vague),
        lambda: checks.one_of("value_scale", value_scale, VALUE_SCALES))
    checked = {name: items if value else None for (name, value), items in zip(lists, chosen)}
    if not metrics:
        checked["metrics"] = default_metrics(dataset)
    start, end = dated
    given = {"start_date": start_date, "end_date": end_date, "as_of": as_of, "metrics": list(metrics or []),
             "populations": list(populations or []), "subject_sides": list(subject_sides or []),
             "claimants": list(claimants or [])}
    if include_vague is not True:
        given["include_vague"] = include_vague
    if value_scale != "auto":
        given["value_scale"] = value_scale
    return CasualtySelection(dataset=dataset, start=start, end=end, as_of=as_of_interval, include_vague=vague,
                             given=given, value_scale=scale, **checked)


@dataclass(frozen=True)
class CeasefireSelection:
    """The ceasefire notebook's parameters, checked and bound to a dataset; see :func:`ceasefires`."""

    dataset: object = field(repr=False)
    ceasefire_ids: list[str]
    start: tuple | None
    end: tuple | None
    unit: str
    scale: str = "auto"

    @property
    def window_start(self) -> pd.Timestamp | None:
        """The start of the window (UTC), or None for "from the first moment in the data"."""
        return self.start[0] if self.start else None

    @property
    def window_end(self) -> pd.Timestamp | None:
        """The (exclusive) end of the window (UTC), or None for "to the last moment in the data"."""
        return self.end[1] if self.end else None

    def durations(self) -> pd.DataFrame:
        """:func:`warclaims.analysis.ceasefires.durations` of the chosen ceasefires."""
        return ceasefire_analysis.durations(self.dataset, self.ceasefire_ids)

    def claims(self) -> pd.DataFrame:
        """The claimed figures in the window, the context of the ceasefire timeline."""
        return views.timeline(self.dataset, start=self.window_start, end=self.window_end)


def ceasefires(dataset, *, ceasefires=(), start_date="", end_date="", duration_unit="hours",
               duration_scale="auto") -> CeasefireSelection:
    """Check the ceasefire notebook's parameters against ``dataset``.

    ``ceasefires`` empty means all of them; dates as for :func:`casualty`; ``duration_scale`` is one of
    :data:`~warclaims.analysis.ceasefires.DURATION_SCALES` (the time axes of the duration chart:
    :mod:`warclaims.charts.duration_scale`).

    Raises
    ------
    warclaims.checks.ParameterError
        Naming every bad parameter at once (one per line).
    """
    known = dataset.ceasefires["ceasefire_id"] if dataset.has("ceasefires") else []
    tz = vocabulary.zone_of(dataset)
    chosen, (start, end), unit, scale = checks.collect(
        lambda: checks.choices("ceasefires", ceasefires, known),
        lambda: checks.date_range("start_date", start_date, "end_date", end_date, tz),
        lambda: checks.one_of("duration_unit", duration_unit, ceasefire_analysis.DURATION_UNITS),
        lambda: checks.one_of("duration_scale", duration_scale, ceasefire_analysis.DURATION_SCALES))
    return CeasefireSelection(dataset=dataset, ceasefire_ids=chosen, start=start, end=end, unit=unit, scale=scale)


def edition(value, editions) -> str:
    """The lesson's ``edition`` parameter (one of ``editions``)."""
    return checks.one_of("edition", value, editions)
