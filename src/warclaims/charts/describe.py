"""What each chart shows, in words: the alt text of a static figure and the description of an
interactive one, written from the data drawn (title, what the marks are, how many, the extremes).

A reader who cannot see the chart gets what it shows; a short chart (an as-of view, a few
ceasefires) is listed in full, a long one summarised. A static figure carries its text as
:data:`ALT_ATTRIBUTE`; :func:`warclaims.offline.setup_notebook` hands it to the page as the image's
``alt``. An Altair chart carries it as its Vega-Lite ``description`` (the SVG's accessible name).
"""
from __future__ import annotations

import pandas as pd

from warclaims.text import words
from warclaims.text.ceasefires import duration_summary

ALT_ATTRIBUTE = "warclaims_alt"
#: Rows listed one by one at most; the rest are counted.
LISTED = 12


def attach(figure, text: str):
    """``figure`` with its alt text."""
    setattr(figure, ALT_ATTRIBUTE, text)
    return figure


def alt_text(figure) -> str | None:
    return getattr(figure, ALT_ATTRIBUTE, None)


def _titled(title: str, rest: str) -> str:
    """"Title. Rest" (no second stop after a title that ends in "?" or ".")."""
    return f"{title}{'' if title.endswith(('.', '?', '!')) else '.'} {rest}"


def _dates(data: pd.DataFrame) -> str:
    ordered = data.sort_values("x_mid", kind="stable")["as_of_label"].astype(str)
    first, last = ordered.iloc[0], ordered.iloc[-1]
    return f"dated {first}" if first == last else f"dated {first} to {last}"


def _extremes(data: pd.DataFrame) -> str:
    numbers = pd.concat([data["low"], data["high"]]).astype("float64")
    numbers = numbers[numbers.notna() & (numbers.abs() != float("inf"))]
    if numbers.empty:
        return "no figure given as a number"
    return f"figures from {words.format_number(numbers.min())} to {words.format_number(numbers.max())}"


def timeline(title: str, data: pd.DataFrame, metric_names: list[str], summarised: bool = False, cut_text: str = "") -> str:
    """A timeline of figures: how many, from whom, over what dates, in which panels, their range, and
    the date it is cut on (``cut_text``, "as of 10 October 2020"; "" for none)."""
    silences = int((data["kind"] == "undisclosed").sum())
    marks = (f"{plural_marks(len(data), summarised)} from {words.plural(data['claimant_name'].nunique(), 'claimant')}, "
             f"{_dates(data)}")
    panels = f"one panel per thing counted: {', '.join(metric_names)}"
    said = f"; {words.plural(silences, 'stated silence')} (not disclosed) in a strip below" if silences else ""
    cut = f"; a dashed line marks the date the page cuts on ({cut_text})" if cut_text else ""
    return _titled(title, f"{marks}, {panels}; {_extremes(data[data['kind'] != 'undisclosed'])}{said}{cut}.")


def plural_marks(count: int, summarised: bool) -> str:
    return words.plural(count, "summary mark") if summarised else words.plural(count, "figure")


def as_of(title: str, data: pd.DataFrame) -> str:
    """Where the claims stood: every row (or the first :data:`LISTED`) as "what: figure (who, when)"."""
    rows = [f"{r['row_label']}: {r['display']} ({r['speaker_name']}, {r['as_of_label']})"
            for _, r in data.head(LISTED).iterrows()]
    more = f"; and {words.plural(len(data) - LISTED, 'more row')}" if len(data) > LISTED else ""
    return _titled(title, f"{words.plural(len(data), 'row')}, one per claimant and thing counted: {'; '.join(rows)}{more}.")


def ceasefires(title: str, table: pd.DataFrame, unit: str, what: str) -> str:
    """A ceasefire chart: each ceasefire (or the first :data:`LISTED`) with its measured durations."""
    summary = duration_summary(table, unit)
    rows = [f"{r['ceasefire']}: to first reported violation {r['to first reported violation']}, to end {r['to end']}"
            for _, r in summary.head(LISTED).iterrows()]
    more = f"; and {words.plural(len(summary) - LISTED, 'more ceasefire')}" if len(summary) > LISTED else ""
    return _titled(title, f"{what} for {words.plural(len(summary), 'ceasefire')}: {'; '.join(rows)}{more}.")
