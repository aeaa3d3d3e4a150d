"""Validate notebook parameters against the dataset before anything is drawn.

Papermill only warns about unknown parameters and guesses types from the command line, so each
notebook checks its parameters here. A bad value stops the notebook with one message that names the
parameter, what was found and the valid choices; :class:`ParameterError` renders without a traceback in
Jupyter (IPython honours ``_render_traceback_``).
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from warclaims.dataset import parse_when


class ParameterError(ValueError):
    """A notebook parameter is not usable; the message says which, why, and what would be."""

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]


def _as_list(name: str, value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        # papermill -p passes lists as strings; -y passes real lists.
        raise ParameterError(f"{name} must be a list (e.g. -y '{{\"{name}\": [\"{value}\"]}}' with papermill), found the string {value!r}")
    if not isinstance(value, (list, tuple)):
        raise ParameterError(f"{name} must be a list, found {type(value).__name__} {value!r}")
    return list(value)


def choices(name: str, value, allowed: Iterable[str]) -> list[str]:
    """Check a list parameter whose items must come from ``allowed``; empty means all of them.

    Returns the list to filter on (all allowed values when ``value`` is empty).
    """
    allowed = sorted(set(allowed))
    items = _as_list(name, value)
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise ParameterError(f"{name}: unknown value(s) {', '.join(map(repr, unknown))}; valid choices: {', '.join(allowed)}")
    return items or allowed


def one_of(name: str, value, allowed: Iterable[str]) -> str:
    """Check a single-choice parameter."""
    allowed = list(allowed)
    if value not in allowed:
        raise ParameterError(f"{name}: unknown value {value!r}; valid choices: {', '.join(map(str, allowed))}")
    return value


def flag(name: str, value) -> bool:
    """Check a boolean parameter (papermill -p passes 'false' as a string: refuse it rather than guess)."""
    if not isinstance(value, bool):
        raise ParameterError(f"{name} must be true or false (with papermill: -y '{{\"{name}\": false}}'), found {value!r}")
    return value


def date(name: str, value, tz_offset: str = "+04:00") -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Parse an ISO 8601 date parameter (``2020-10-15``, ``2020-10``, ``2020``, or with a time and offset).

    Returns the ``[start, end)`` interval in UTC, or None when ``value`` is empty.
    """
    if value in (None, ""):
        return None
    text = str(value)
    precision = {4: "year", 7: "month", 10: "day"}.get(len(text), "minute")
    start, end, ok = parse_when(pd.Series([text]), pd.Series([precision]), tz_offset)
    if not ok.iloc[0]:
        raise ParameterError(f"{name}: {text!r} is not a date; use ISO 8601 such as 2020-10-15, 2020-10 or 2020-10-15T12:00+04:00")
    return start.iloc[0], end.iloc[0]


def date_range(start_name: str, start_value, end_name: str, end_value, tz_offset: str = "+04:00"):
    """Parse a start and an end date parameter and check that the start is not after the end."""
    start = date(start_name, start_value, tz_offset)
    end = date(end_name, end_value, tz_offset)
    if start and end and start[0] >= end[1]:
        raise ParameterError(f"{start_name} {start_value!r} is after {end_name} {end_value!r}")
    return start, end
