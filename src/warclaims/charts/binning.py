"""Time bins for charts that have more to draw than their mark budget: one ladder, one way to label a
bin, and the rule that picks the finest bin that fits.

A page must not grow with the data (:mod:`warclaims.budget`): above :data:`~warclaims.budget.MAX_MARKS`
marks a chart counts or summarises its rows per time bin. The bin is the finest rung of :data:`BINS`
whose marks fit the budget and (for a chart with a fixed window) leave each bin a few pixels wide:
at most :data:`~warclaims.budget.MAX_BINS_ACROSS` bins across.

Every time here is naive local wall-clock time (what the axis shows); weeks start on Monday, months,
quarters and years on their first day.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from warclaims.budget import MAX_BINS_ACROSS

#: The time bins, finest first. "all" is one bin over the whole window (the last resort).
BINS = ("hour", "day", "week", "month", "quarter", "year", "decade", "all")
#: About how long each bin is, to count the bins across a window.
LENGTH = {"hour": pd.Timedelta(hours=1), "day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7),
          "month": pd.Timedelta(days=30.4375), "quarter": pd.Timedelta(days=91.3125),
          "year": pd.Timedelta(days=365.25), "decade": pd.Timedelta(days=3652.5)}
#: The pandas frequency of contiguous bin edges (:func:`grid`).
_FREQ = {"hour": "h", "day": "D", "week": "7D", "month": "MS", "quarter": "QS-JAN", "year": "YS", "decade": "10YS"}
_PERIOD = {"month": "M", "quarter": "Q-DEC", "year": "Y-DEC"}


def rungs(finest: str, coarsest: str) -> tuple[str, ...]:
    """The rungs of :data:`BINS` from ``finest`` to ``coarsest``, both included."""
    return BINS[BINS.index(finest): BINS.index(coarsest) + 1]


def edges(x: pd.Series, bin_name: str) -> tuple[pd.Series, pd.Series]:
    """The start and the (exclusive) end of the ``bin_name`` bin that holds each wall-clock time in ``x``."""
    if bin_name == "all":
        low, high = x.min().floor("D"), x.max().floor("D") + pd.Timedelta(days=1)
        return pd.Series(low, index=x.index), pd.Series(high, index=x.index)
    if bin_name in ("hour", "day"):
        low = x.dt.floor("h" if bin_name == "hour" else "D")
        return low, low + LENGTH[bin_name]
    if bin_name == "week":
        low = x.dt.floor("D") - pd.to_timedelta(x.dt.day_of_week, unit="D")
        return low, low + pd.Timedelta(days=7)
    if bin_name in _PERIOD:
        periods = x.dt.to_period(_PERIOD[bin_name])
        return periods.dt.start_time, (periods + 1).dt.start_time
    low = pd.to_datetime(pd.DataFrame({"year": x.dt.year // 10 * 10, "month": 1, "day": 1}))
    return low, low + pd.DateOffset(years=10)


def labels(low: pd.Series, high: pd.Series, bin_name: str) -> pd.Series:
    """How a bin reads in a tooltip, formatted once per distinct bin: "12 Oct 2020 14:00–15:00",
    "12 Oct 2020", "week of 12 Oct 2020", "Oct 2020", "Q4 2020", "2020", "2020s", or for the whole
    window "1 Oct 2020 to 31 Oct 2020"."""
    pairs = pd.DataFrame({"low": low, "high": high}).drop_duplicates()
    start, end = pairs["low"], pairs["high"]

    def day(values: pd.Series) -> pd.Series:
        return values.dt.day.astype(str) + values.dt.strftime(" %b %Y")

    text = {
        "hour": lambda: day(start) + start.dt.strftime(" %H:00–") + end.dt.strftime("%H:00"),
        "day": lambda: day(start),
        "week": lambda: "week of " + day(start),
        "month": lambda: start.dt.strftime("%b %Y"),
        "quarter": lambda: "Q" + start.dt.quarter.astype(str) + start.dt.strftime(" %Y"),
        "year": lambda: start.dt.strftime("%Y"),
        "decade": lambda: start.dt.strftime("%Y") + "s",
        "all": lambda: day(start) + " to " + day(end - pd.Timedelta(days=1)),
    }[bin_name]()
    lookup = dict(zip(zip(start, end), text))
    return pd.Series([lookup[pair] for pair in zip(low, high)], index=low.index, dtype="object")


def per(bin_name: str) -> str:
    """ "per week", or "over the whole window" for the last resort."""
    return "over the whole window" if bin_name == "all" else f"per {bin_name}"


def in_one(bin_name: str) -> str:
    """ "in one week", or "over the whole window"."""
    return "over the whole window" if bin_name == "all" else f"in one {bin_name}"


def marks(keys: pd.DataFrame, low: pd.Series) -> int:
    """How many marks a chart draws with these bins: one per distinct row of ``keys`` and bin start."""
    return len(keys.assign(_bin=low.to_numpy()).drop_duplicates())


def finest_bin(when: pd.Series, keys: pd.DataFrame, budget: int, ladder: Sequence[str], *,
               span: pd.Timedelta | None = None) -> str:
    """The finest bin of ``ladder`` (rungs of :data:`BINS`) whose marks (:func:`marks`) fit ``budget``,
    else the last of ``ladder``.

    With ``span`` (the window's length), a bin that puts more than :data:`MAX_BINS_ACROSS` bins across
    it is skipped.
    """
    for bin_name in ladder[:-1]:
        if span is not None and bin_name in LENGTH and span / LENGTH[bin_name] > MAX_BINS_ACROSS:
            continue
        if marks(keys, edges(when, bin_name)[0]) <= budget:
            return bin_name
    return ladder[-1]


def grid(low: pd.Timestamp, high: pd.Timestamp, bin_name: str, data_low: pd.Series) -> pd.DatetimeIndex:
    """Contiguous bin edges from the bin holding ``low`` to past ``high`` (for stacked steps); for
    "all", the one bin of ``data_low`` (the bins' starts)."""
    if bin_name == "all":
        first, last = data_low.min(), edges(data_low.iloc[:1], "all")[1].iloc[0]
        return pd.DatetimeIndex([first, max(last, first + pd.Timedelta(days=1))])
    first = edges(pd.Series([low]), bin_name)[0].iloc[0]
    steps = pd.date_range(first, high, freq=_FREQ[bin_name])
    following = edges(pd.Series([steps[-1]]), bin_name)[1].iloc[0]
    return steps.append(pd.DatetimeIndex([following]))
