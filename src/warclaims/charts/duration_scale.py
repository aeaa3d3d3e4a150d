"""The time axes of the duration chart, chosen from the data: which ceasefires share an axis, whether
it is linear or logarithmic, its unit, and the words that tell the reader what was drawn.

* **Apart.** A ceasefire whose durations are orders of magnitude beyond the others' (its longest bound
  :data:`APART` times or more the next one's: a ceasefire of decades among truces of hours) would
  squeeze them into a sliver; it gets a panel and an axis of its own, in its own unit (years).
* **Linear or log.** Each axis is linear when the bounds drawn on it span less than :data:`LOG_FROM`
  times (a linear axis has a true zero, and most lower bounds are zero), logarithmic otherwise; the
  notebook parameter ``duration_scale`` (:data:`SCALES`) can ask for either instead of ``"auto"``.
  A log axis has no zero: a lower bound below the floor (one minute) is drawn from the floor.

Nothing here names a ceasefire or assumes an axis: every sentence is written from the plan.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from warclaims.analysis.ceasefires import DURATION_SCALES, UNIT_LENGTH, duration_unit, present
from warclaims.charts import style
from warclaims.text import words

#: The choices of the ``duration_scale`` parameter.
SCALES = DURATION_SCALES
#: Ceasefires whose longest bounds differ by this factor or more are drawn on separate axes.
APART = 100
#: ``"auto"``: an axis is logarithmic when its largest bound is this many times its smallest nonzero one.
LOG_FROM = 30
#: Where a lower bound of zero starts on a log axis, by default.
FLOOR = pd.Timedelta(minutes=1)
MINUTE = pd.Timedelta(minutes=1)
#: Tick marks of a log duration axis, in minutes.
LOG_TICKS = {1: "1 minute", 60: "1 hour", 24 * 60: "1 day", 7 * 24 * 60: "1 week",
             int(30.4375 * 24 * 60): "1 month", int(365.25 * 24 * 60): "1 year",
             int(3652.5 * 24 * 60): "10 years", int(36525 * 24 * 60): "100 years"}
#: Steps of a linear axis, in its unit: whole days on an axis in hours, weeks on one in days.
_STEPS = {"hours": (1, 2, 3, 6, 12, 24, 48, 72, 168), "days": (1, 2, 7, 14, 28, 91, 182)}


@dataclass(frozen=True)
class Panel:
    """One time axis of the duration chart: its ceasefires (ids, in table order), ``scale`` ("linear" or
    "log"), ``unit`` of its labels, limits and ticks in minutes, and whether it is drawn ``apart``."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    scale: str
    unit: str
    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]
    top: pd.Timedelta
    apart: bool

    @property
    def title(self) -> str:
        """The axis title: what is measured, in which unit, on which scale."""
        how = "log scale" if self.scale == "log" else f"in {self.unit}"
        return f"Time from the start (effective, else agreed), {how}"


def bounds(row: pd.Series) -> list[pd.Timedelta]:
    """The known bounds of a ceasefire's two durations (an open duration: its lower bound only)."""
    values = [row["violation_low"], row["violation_high"], row["end_low"], row["end_high"]]
    return [v for v in values if present(v)]


def _groups(table: pd.DataFrame) -> list[list[int]]:
    """Positions of the drawn ceasefires, grouped where their longest bounds differ by :data:`APART`.

    A ceasefire with no bound above zero (open, "at least 0") has no size to compare: it joins the
    largest group (the first of equals), or makes one of its own when it is alone.
    """
    drawn = [i for i, (_, row) in enumerate(table.iterrows()) if row["start_event"]]
    top = {i: max(bounds(table.iloc[i]), default=pd.Timedelta(0)) for i in drawn}
    sized = sorted((i for i in drawn if top[i] > pd.Timedelta(0)), key=lambda i: top[i])
    groups: list[list[int]] = []
    for i in sized:
        if groups and top[i] < top[groups[-1][-1]] * APART:
            groups[-1].append(i)
        else:
            groups.append([i])
    groups = sorted((sorted(g) for g in groups), key=lambda g: g[0])
    sizeless = [i for i in drawn if top[i] <= pd.Timedelta(0)]
    if sizeless:
        if groups:
            largest = max(groups, key=len)
            largest[:] = sorted([*largest, *sizeless])
        else:
            groups = [sizeless]
    return groups


def auto_scale(values: list[pd.Timedelta]) -> str:
    """"linear" when the nonzero bounds span less than :data:`LOG_FROM` times, else "log"."""
    nonzero = [v for v in values if v > pd.Timedelta(0)]
    if not nonzero:
        return "linear"
    return "log" if max(nonzero) / min(nonzero) >= LOG_FROM else "linear"


def _linear_ticks(top: float, unit: str) -> tuple[tuple[float, str], ...]:
    """Ticks of a linear axis from 0 to ``top`` (in ``unit``): about five, in steps that suit the unit."""
    if top <= 0:
        return ((0.0, "0"),)
    steps = [s for s in _STEPS.get(unit, ()) if top / s <= 6]
    if steps:
        values = [k * steps[0] for k in range(int(top // steps[0]) + 1)]
    else:
        values = style.nice_ticks(0.0, top, False)
    length = UNIT_LENGTH[unit] / MINUTE
    return tuple((v * length, f"{v:,.1f}".removesuffix(".0")) for v in values)


def plan(table: pd.DataFrame, unit: str = "hours", scale: str = "auto", floor: pd.Timedelta = FLOOR) -> list[Panel]:
    """The panels of the duration chart for ``table`` (:func:`~warclaims.analysis.durations`), in order."""
    panels = []
    groups = _groups(table)
    for group in groups:
        rows = table.iloc[group]
        values = [v for _, row in rows.iterrows() for v in bounds(row)]
        top = max([*values, floor])
        kind = auto_scale(values) if scale == "auto" else scale
        if kind == "log":
            low, high = floor / MINUTE / 3, top / MINUTE * 10  # a decade of room for the written interval
            ticks = tuple((m, t) for m, t in LOG_TICKS.items() if low <= m <= high)
            shown = ""  # the ticks name their unit: 1 minute, 1 hour, 1 day, ...
        else:
            shown = duration_unit(pd.Timedelta(0), top, unit)
            in_unit = top / UNIT_LENGTH[shown]
            low, high = 0.0, in_unit * 1.3 * UNIT_LENGTH[shown] / MINUTE  # room for the written interval
            ticks = _linear_ticks(in_unit * 1.3, shown)
        panels.append(Panel(tuple(rows["ceasefire_id"]), tuple(rows["name"]), kind, shown, low, high, ticks, top,
                            apart=len(groups) > 1))
    return panels


def _names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def explain(panels: list[Panel], unit: str = "hours", scale: str = "auto", floor: pd.Timedelta = FLOOR) -> str:
    """What the duration chart's axes are, in sentences written from ``panels`` (:func:`plan`)."""
    if not panels:
        return "No ceasefire here has a start to measure from, so there is no duration to draw."
    sentences = []
    if len(panels) == 1:
        kind = "logarithmic" if panels[0].scale == "log" else "linear"
        count = len(panels[0].ids)
        lead = "The ceasefire is drawn on a" if count == 1 else f"The {words.plural(count, 'ceasefire')} share one"
        sentences.append(f"{lead} {kind} time axis" + (f", in {panels[0].unit}." if panels[0].scale == "linear" else "."))
    else:
        tops = sorted(p.top for p in panels)
        parts = [f"{_names(p.names)} on a{' logarithmic' if p.scale == 'log' else ' linear'} axis"
                 + (f" in {p.unit}" if p.scale == "linear" else "")
                 + f" (up to {length(p.top, unit)})" for p in panels]
        sentences.append(f"The ceasefires' durations differ by orders of magnitude (their longest bounds run from "
                         f"{length(tops[0], unit)} to {length(tops[-1], unit)}), so they are drawn on "
                         f"{len(panels)} time axes, each with its own scale: {'; '.join(parts)}.")
    if any(p.scale == "linear" for p in panels):
        sentences.append("A linear axis starts at zero, so a lower bound of 0 (the first violation may have come "
                         "the minute the ceasefire began) is drawn from 0.")
    if any(p.scale == "log" for p in panels):
        sentences.append(f"A logarithmic axis has no zero: on it, a lower bound below {_floor(floor)} starts at "
                         f"{_floor(floor)} and is drawn with an open end (◁); read it as “from 0”.")
    if scale == "auto":
        sentences.append(f"An axis is drawn linear unless its bounds span {LOG_FROM} times or more; then it is "
                         "logarithmic.")
    else:
        sentences.append(f"This report asks for {'a linear' if scale == 'linear' else 'a logarithmic'} axis "
                         "rather than one chosen from the data.")
    return " ".join(sentences)


def length(value: pd.Timedelta, unit: str = "hours") -> str:
    """A length of time, rounded up to one decimal, in ``unit`` or years: "96 hours", "26.8 years"."""
    shown = duration_unit(pd.Timedelta(0), value, unit)
    number = math.ceil(round(value / UNIT_LENGTH[shown] * 10, 6)) / 10
    text = f"{number:,.1f}".removesuffix(".0")
    return f"{text} {shown[:-1] if text == '1' else shown}"


def _floor(floor: pd.Timedelta) -> str:
    return words.plural(int(floor / MINUTE), "minute") if floor / MINUTE == int(floor / MINUTE) else f"{floor}"
