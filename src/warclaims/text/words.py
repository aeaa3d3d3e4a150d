"""The words a reader sees for one value: numbers, intervals, figures, dates, counts.

Pure functions of values, used by the analysis for its display columns (``display``, ``as_of_label``)
and by every page; nothing here reads a dataset.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

NOT_DISCLOSED = "not disclosed"
DASH = "\u2013"  # en dash, the typographic range sign
#: What a table says where a source names no outlet.
OUTLET_NOT_NAMED = "outlet not named"


def plural(count: int, one: str, many: str | None = None) -> str:
    """``plural(1, "ceasefire")`` -> ``"1 ceasefire"``; ``plural(3, "figure")`` -> ``"3 figures"``."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def in_sentence(name: str) -> str:
    """A name as it reads mid-sentence: "Tanks destroyed (UAV excluded)" -> "tanks destroyed (UAV excluded)".

    Only the first letter is lowered (lowering the whole name turns "UAV" into "uav"), and not at all
    when the first word is an acronym ("APC losses")."""
    first = name.split(" ", 1)[0]
    if not name or (len(first) > 1 and first.isupper()):
        return name
    return name[0].lower() + name[1:]


def behind_note(days: int) -> str:
    """How far a latest figure trails the newest of its view: "600 days behind the newest figure"."""
    return f"{plural(days, 'day')} behind the newest figure"


def format_number(value, digits: int = 0) -> str:
    """``5800`` -> ``"5,800"``; ``inf`` -> ``"∞"``; missing -> ``""``."""
    if value is None or value is pd.NA:
        return ""
    value = float(value)
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "\u221e" if value > 0 else "-\u221e"
    if digits == 0 or value == round(value) and abs(value) >= 10:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def format_interval(low, high, digits: int = 0) -> str:
    """``(3, 3)`` -> ``"3"``; ``(2, 5)`` -> ``"2–5"``; ``(-4, 5)`` -> ``"-4 to 5"``; ``(2, inf)`` -> ``"at least 2"``.

    NaN gives ``""``.
    """
    lo, hi = format_number(low, digits), format_number(high, digits)
    if lo == "" or hi == "":
        return ""
    if lo == hi:
        return lo
    if hi == "\u221e":
        return f"at least {lo}"
    # A dash between signed numbers ("-176–623") reads badly; spell the range out.
    joiner = " to " if float(low) < 0 or float(high) < 0 else DASH
    return f"{lo}{joiner}{hi}"


def format_figure(low, best, high, qualifier: str, vague_term: str = "") -> str:
    """The figure as a reader should see it.

    Examples
    --------
    >>> format_figure(729, 729, 729, "exact")
    '729'
    >>> format_figure(200, None, 999, "vague", "hundreds")
    "200–999 ('hundreds')"
    >>> format_figure(None, None, None, "undisclosed")
    'not disclosed'
    """
    lo, bst, hi = (format_number(v) for v in (low, best, high))
    if qualifier == "undisclosed":
        return NOT_DISCLOSED
    if qualifier == "vague":
        span = f"{lo}{DASH}{hi}" if lo and hi else (f"at least {lo}" if lo else (f"at most {hi}" if hi else ""))
        return f"{span} ('{vague_term}')".strip() if vague_term else span
    if qualifier == "at_least":
        return f"at least {lo or bst}"
    if qualifier == "at_most":
        return f"at most {hi or bst}"
    span = f"{lo}{DASH}{hi}" if lo and hi and lo != hi else ""
    if qualifier == "approx":
        if bst:
            return f"about {bst} ({span})" if span else f"about {bst}"
        return f"about {span or lo or hi}"
    if bst:
        return f"{bst} ({span})" if span else bst
    return span or lo or hi


def each_distinct(frame: pd.DataFrame, columns: Sequence[str], word: Callable[..., str]) -> tuple[np.ndarray, list[str]]:
    """Each row's position among the distinct rows of ``columns`` (a column ``frame`` lacks is empty in every
    row), and ``word(*values)`` of each distinct row, missing values as None: a million rows repeat a few
    thousand figures, dates and names, each put in words once."""
    if frame.empty:
        return np.zeros(0, dtype="int64"), []
    codes, distinct = _distinct_rows(pd.DataFrame(
        {c: frame[c].array if c in frame else np.full(len(frame), "", dtype=object) for c in columns}))
    cells = [[None if value is None or value is pd.NA or value != value else value
              for value in distinct[c].to_numpy(dtype=object).tolist()] for c in columns]
    return codes, [word(*values) for values in zip(*cells)]


def _distinct_rows(keys: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's position among the distinct rows of ``keys`` (missing values equal one another), and
    those rows, in the order they first come."""
    codes = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    return codes, keys.iloc[np.unique(codes, return_index=True)[1]]


def in_rows(codes: np.ndarray, texts: list[str], index: pd.Index) -> pd.Series:
    """The texts of :func:`each_distinct` back in its rows (equal texts, one object)."""
    return pd.Series(np.asarray(texts, dtype=object)[codes] if texts else [], index=index, dtype="object")


def format_figures(frame: pd.DataFrame) -> pd.Series:
    """:func:`format_figure` for every row of a claims-like frame."""
    codes, texts = each_distinct(frame, ("value_low", "value_best", "value_high", "qualifier", "vague_term"),
                                 lambda lo, b, hi, q, t: format_figure(lo, b, hi, q, t if isinstance(t, str) else ""))
    return in_rows(codes, texts, frame.index)


def date_labels(local: pd.Series, precision: pd.Series) -> pd.Series:
    """'19 Oct 2020', 'Oct 2020', '2020' or '10 Oct 2020 12:00', by precision (local time)."""
    # Many figures share a date: format each distinct (date, precision) once.
    if local.empty:
        return pd.Series([], index=local.index, dtype="object")
    codes, unique = _distinct_rows(pd.DataFrame({"local": local.array, "precision": precision.array}))
    when, level = unique["local"], unique["precision"]
    day = when.dt.day.astype("Int64").astype(str) + when.dt.strftime(" %b %Y")
    labels = day.where(~level.isin(["hour", "minute"]), day + when.dt.strftime(" %H:%M"))
    labels = labels.where(level != "month", when.dt.strftime("%b %Y"))
    labels = labels.where(level != "year", when.dt.strftime("%Y"))
    return in_rows(codes, labels.where(when.notna(), "").tolist(), local.index)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def long_date(text: str) -> str:
    """An ISO 8601 date as a reader writes it, at the precision it is written: ``"2020-10-10"`` ->
    ``"10 October 2020"``, ``"2020-10"`` -> ``"October 2020"``, a time keeps its clock and offset
    (``"10 October 2020 12:00 (UTC+04:00)"``). Text that is not such a date comes back as it is."""
    text = "" if text is None else str(text).strip()
    parts = text[:10].split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return text
    if len(parts) > 1 and not 1 <= int(parts[1]) <= 12:
        return text
    month = _MONTHS[int(parts[1]) - 1] if len(parts) > 1 else ""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = f"{int(parts[2])} {month} {parts[0]}"
    if len(text) > 10 and text[10] == "T":
        clock, offset = text[11:16], text[16:]
        zone = "UTC" if offset in ("Z", "+00:00") else f"UTC{offset}"
        return f"{day} {clock} ({zone})" if offset else f"{day} {clock}"
    return day
