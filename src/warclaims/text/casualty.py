"""The casualty report's sentences: what a selection holds, what to do when it holds nothing, and how
to see what a chart or a table left out."""
from __future__ import annotations

import pandas as pd

from warclaims.text.tables import markdown_escape
from warclaims.text.reports import parameters_in_words
from warclaims.text.words import long_date, plural

#: How to see the rows a casualty chart or table left out.
NARROW_HINT = "Narrow the selection with the claimants, subject_sides, metrics or populations parameters to see the rest."


def no_match_markdown(selection) -> str:
    """The message shown instead of charts when the parameters leave nothing to draw."""
    return ("**No claims match this selection:** " + markdown_escape(parameters_in_words(selection.given))
            + ". Widen the dates or empty a list (an empty list means all); the charts are skipped.")


def summary_markdown(selection, figures: pd.DataFrame, view: pd.DataFrame) -> str:
    """One paragraph: how many figures, from how many sources and claimants, over which dates."""
    if figures.empty:
        return no_match_markdown(selection)
    sources = {s for group in figures["sources"] for s in group}
    n_reports = int(figures["n_sources"].sum())
    # The latest end sorted as sort_values sorts the frame, without sorting (copying) a million figures' columns.
    first, last = figures["as_of_label"].iloc[0], figures["as_of_label"][figures["as_of_end"].sort_values().index[-1]]
    silences = int((figures["qualifier"] == "undisclosed").sum())
    vague = int((figures["qualifier"] == "vague").sum())
    view_name = (f"view as of {markdown_escape(long_date(selection.as_of_text))}" if selection.as_of_text
                 else "latest view")
    dated = markdown_escape(first) if first == last else f"{markdown_escape(first)} to {markdown_escape(last)}"
    return (
        f"**{plural(len(figures), 'figure')}** ({plural(n_reports, 'report')} in {plural(len(sources), 'source')}) "
        f"from **{plural(figures['claimant'].nunique(), 'claimant')}**, dated {dated}: "
        f"{plural(vague, 'figure')} given only as a vague word, {plural(silences, 'stated silence')} "
        f"(\"not disclosed\"). The {view_name} keeps {plural(len(view), 'figure')}, one per claimant and thing "
        f"counted. Selection: {markdown_escape(parameters_in_words(selection.given))}."
    )
