"""Example sentences a report shows, drawn from the dataset being shown (never from the bundled war)."""
from __future__ import annotations

from warclaims.analysis import derived, vocabulary
from warclaims.text import words
from warclaims.text.tables import markdown_escape


def uses_vague_terms(dataset) -> bool:
    """Whether any claim is given as a vague word (then the page shows the ranges they stand for)."""
    return bool((dataset.claims["qualifier"] == "vague").any())


def example_claim(dataset) -> str:
    """"Take the sentence ...": one exact figure with a named claimant, its three parties spelled out
    (Markdown, escaped). Empty when the dataset has no such figure."""
    figures = derived.every_figure(dataset)
    generic = vocabulary.generic_claimants(dataset)
    named = figures[(figures["qualifier"] == "exact") & (figures["claimant_kind"] != "unattributed")
                    & ~figures["claimant"].isin(generic) & (figures["quote"] != "")]
    if named.empty:
        return ""
    figure = named.iloc[0]
    outlet = figure["outlet"] if figure["outlet"] != words.OUTLET_NOT_NAMED else "not named in the article"
    return (f"Take the sentence *“{markdown_escape(figure['quote'])}”* "
            f"(from “{markdown_escape(figure['source_title'])}”, {markdown_escape(figure['published_text'])}). "
            f"The claimant is **{markdown_escape(figure['claimant_name'])}**; the outlet is "
            f"{markdown_escape(outlet)}; the subject side, whose losses the figure of "
            f"{markdown_escape(figure['display'])} counts, is **{markdown_escape(figure['subject_side_name'])}**.")
