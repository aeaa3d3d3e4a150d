"""Chart marks that open a figure's sentence: Vega-Lite's ``href`` channel, only in a site build.

A mark with an ``href`` opens that address when clicked, offline too (the article pages sit beside the
report). Charts add the column to the rows they embed (:func:`with_hrefs`) and the channel to their
base chart (:func:`encoding`); outside a site build there is no column, so no channel and no change to
the chart (nbval compares the committed notebooks' charts byte for byte).
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from warclaims.text import links

COLUMN = "href"
#: A subtitle line for charts whose marks link.
CLICK_HINT = "Click a mark to read its sentence, highlighted in the archived article."


def with_hrefs(values: pd.DataFrame, rows: pd.DataFrame, kind: str = "claim", id_column: str | None = None) -> pd.DataFrame:
    """``values`` (the embedded rows) with the link of each of ``rows`` (same order), when linking."""
    hrefs = links.hrefs(rows.reset_index(drop=True), kind, id_column)
    if hrefs is None or len(hrefs) != len(values):
        return values
    return values.assign(**{COLUMN: hrefs.to_numpy()})


def encoding(values: pd.DataFrame) -> dict:
    """``{"href": ...}`` for ``.encode(**...)`` when ``values`` carry links, else nothing."""
    return {COLUMN: alt.Href(f"{COLUMN}:N")} if COLUMN in values else {}


def hint(values: pd.DataFrame) -> list[str]:
    return [CLICK_HINT] if COLUMN in values else []
