"""Checking one given value against what is allowed: the messages a reader of a notebook or a page sees.

A bad value stops with one :class:`ParameterError` naming the parameter, what was found and the valid
choices; it renders without a traceback in Jupyter (IPython honours ``_render_traceback_``). Papermill
only warns about unknown parameters and guesses types from the command line, so every notebook
parameter goes through here (see :mod:`warclaims.params`), and so do the analysis functions' filters.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import pandas as pd

from warclaims import dates


class ParameterError(ValueError):
    """A parameter is not usable; the message says which, why, and what would be (one line per problem)."""

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]


def as_list(name: str, value) -> list:
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
    items = as_list(name, value)
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


def date(name: str, value, tz: _dt.tzinfo) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Parse an ISO 8601 date parameter (``2020-10-15``, ``2020-10``, ``2020``, or with a time and offset)
    as a local date in ``tz``. Returns the ``[start, end)`` interval in UTC, or None when ``value`` is empty."""
    if value in (None, ""):
        return None
    text = str(value)
    interval = dates.parse_one(text, tz)
    if interval is None:
        raise ParameterError(f"{name}: {text!r} is not a date; use ISO 8601 such as 2020-10-15, 2020-10 or 2020-10-15T12:00+04:00")
    return interval


def date_range(start_name: str, start_value, end_name: str, end_value, tz: _dt.tzinfo):
    """Parse a start and an end date parameter and check that the start is not after the end."""
    start = date(start_name, start_value, tz)
    end = date(end_name, end_value, tz)
    if start and end and start[0] >= end[1]:
        raise ParameterError(f"{start_name} {start_value!r} is after {end_name} {end_value!r}")
    return start, end


def collect(*checks) -> list:
    """Run each zero-argument check and return their results; raise one ParameterError naming every
    problem (one per line), so a notebook given two bad parameters says both at once."""
    results, problems = [], []
    for check in checks:
        try:
            results.append(check())
        except ParameterError as error:
            problems.append(str(error))
            results.append(None)
    if problems:
        raise ParameterError("\n".join(problems))
    return results
