"""Time: the only module that parses dates, knows a dataset's zone and turns UTC into local time.

Every date of a dataset is ISO 8601 at a *precision* (``year``, ``month``, ``day``, ``hour``,
``minute``), so a date is an interval, not a point: ``2020-10`` covers that whole local month. A value
with a time carries its UTC offset (``2020-10-10T12:00+04:00``). A value without a time is a local
date in the dataset's zone, declared in ``datapackage.json`` as ``warclaims:timezone``: a fixed offset
(``+04:00``) or an IANA name (``Europe/Kyiv``), with summer time applied for the latter.

Intervals are half-open, ``[start, end)``, and held in UTC (``datetime64[us, UTC]``).
"""
from __future__ import annotations

import datetime as _dt
import re
import zoneinfo

import pandas as pd

PRECISIONS = ("minute", "hour", "day", "month", "year")
#: The years a date may fall in: every reader of a page's dates (Python's datetime, strftime,
#: matplotlib) knows years 1 to 9999 only, and an interval must keep its zone shift inside them.
FIRST_YEAR, LAST_YEAR = 2, 9998
#: strptime formats of the precisions written without a time.
DATE_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
#: Length of one interval at each precision.
STEP = {
    "minute": pd.DateOffset(minutes=1),
    "hour": pd.DateOffset(hours=1),
    "day": pd.DateOffset(days=1),
    "month": pd.DateOffset(months=1),
    "year": pd.DateOffset(years=1),
}
#: The zone of a dataset that declares none.
DEFAULT_ZONE = "+00:00"
DESCRIPTOR_KEY = "warclaims:timezone"
_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")
_WITH_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})"
UTC_TYPE = "datetime64[us, UTC]"


class ZoneError(ValueError):
    """A time zone that is neither a ``+HH:MM`` offset nor a known IANA name."""


def zone(text: str | None) -> _dt.tzinfo:
    """The zone ``text`` names: ``+04:00`` (a fixed offset) or ``Asia/Baku`` (IANA, with summer time).

    Raises
    ------
    ZoneError
        For anything else, with what was expected.
    """
    text = (text or DEFAULT_ZONE).strip()
    match = _OFFSET.fullmatch(text)
    if match:
        sign, hours, minutes = match.groups()
        delta = _dt.timedelta(hours=int(hours), minutes=int(minutes))
        if delta >= _dt.timedelta(hours=24):
            raise ZoneError(f"{text!r} is not a UTC offset (hours must be below 24)")
        return _dt.timezone(-delta if sign == "-" else delta)
    try:
        return zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ZoneError(f"{text!r} is neither a UTC offset such as +04:00 nor an IANA time zone such as "
                        f"Europe/Kyiv") from error


def dataset_zone(descriptor: dict) -> _dt.tzinfo:
    """The zone a dataset's descriptor declares (UTC when it declares none)."""
    return zone(descriptor.get(DESCRIPTOR_KEY) if isinstance(descriptor, dict) else None)


def zone_label(tz: _dt.tzinfo) -> str:
    """How a chart or a page names the zone: ``UTC+04:00`` for an offset, the IANA name otherwise."""
    if isinstance(tz, zoneinfo.ZoneInfo):
        return tz.key
    offset = tz.utcoffset(None) or _dt.timedelta(0)
    sign = "-" if offset < _dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _local_midnights(local: pd.Series, tz: _dt.tzinfo) -> pd.Series:
    """Naive local wall-clock times -> UTC instants in ``tz``.

    A wall-clock time that a clock change skips moves forward to the first valid instant; one that it
    repeats takes its first (summer-time) occurrence, so an interval never loses its start.
    """
    return local.dt.tz_localize(tz, ambiguous=pd.Series(True, index=local.index).to_numpy(),
                                nonexistent="shift_forward").dt.tz_convert("UTC").astype(UTC_TYPE)


def parse_when(text: pd.Series, precision: pd.Series, tz: _dt.tzinfo) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse ISO 8601 values at their precision into UTC interval bounds.

    Returns ``(start, end, ok)``: ``[start, end)`` is the interval the value covers (a day-precision date
    covers that local day in ``tz``); ``ok`` is False where the text does not parse at its precision or
    the precision is not one of :data:`PRECISIONS`. A value with a time must carry its UTC offset.
    """
    start = pd.Series(pd.NaT, index=text.index, dtype=UTC_TYPE)
    end = start.copy()
    ok = pd.Series(True, index=text.index)
    present = text != ""
    for level in PRECISIONS:
        rows = present & (precision == level)
        if not rows.any():
            continue
        values = text[rows]
        if level in DATE_FORMATS:
            local = pd.to_datetime(values, format=DATE_FORMATS[level], errors="coerce").astype("datetime64[us]")
            parsed_start = _local_midnights(local, tz)
            parsed_end = _local_midnights((local + STEP[level]).astype("datetime64[us]"), tz)
        else:
            matches = values.str.fullmatch(_WITH_TIME)
            parsed_start = pd.to_datetime(values.where(matches), format="%Y-%m-%dT%H:%M%z", errors="coerce",
                                          utc=True).astype(UTC_TYPE)
            parsed_end = parsed_start + STEP[level]
        start[rows] = parsed_start
        end[rows] = parsed_end
        ok[rows] = parsed_start.notna()
    ok &= ~(present & ~precision.isin(PRECISIONS))
    ok &= ~(present & (start.dt.year.lt(FIRST_YEAR) | end.dt.year.gt(LAST_YEAR)).fillna(False).astype(bool))
    return start, end, ok


def parse_one(text: str, tz: _dt.tzinfo) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """One ISO 8601 value (``2020``, ``2020-10``, ``2020-10-15`` or with a time and offset) as its UTC
    interval; None when it does not parse. The precision follows from the form."""
    precision = {4: "year", 7: "month", 10: "day"}.get(len(text), "minute")
    start, end, ok = parse_when(pd.Series([text]), pd.Series([precision]), tz)
    return (start.iloc[0], end.iloc[0]) if ok.iloc[0] else None


def to_local(values, tz: _dt.tzinfo):
    """UTC timestamps (a Series or one value) -> naive local wall-clock times in ``tz``."""
    if isinstance(values, pd.Series):
        return values.dt.tz_convert(tz).dt.tz_localize(None)
    if values is None or pd.isna(values):
        return pd.NaT
    return pd.Timestamp(values).tz_convert(tz).tz_localize(None)


def instant(value, tz: _dt.tzinfo, *, end: bool = False) -> pd.Timestamp:
    """A timestamp as a UTC instant: naive ones are local wall-clock time in ``tz``.

    ``end=True`` makes it an exclusive upper bound of an inclusive instant (one nanosecond later).
    """
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(tz)
    stamp = stamp.tz_convert("UTC")
    return stamp + pd.Timedelta(1, "ns") if end else stamp
