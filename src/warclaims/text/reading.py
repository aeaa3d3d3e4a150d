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


def why_figures_differ(dataset, metrics: list[str] | None) -> str:
    """"Why the figures differ", naming the things the page counts (``metrics``, a selection's; None: every
    metric) that some claim counts, in the dataset's own words (Markdown, escaped)."""
    claimed = set(dataset.claims["metric"].dropna())
    ids = [metric for metric in metrics if metric in claimed] if metrics is not None else sorted(claimed)
    names = (dict(zip(dataset.metrics["metric_id"], dataset.metrics["name"])) if dataset.has("metrics") else {})
    things = [markdown_escape(words.in_sentence(str(names.get(metric, metric)))) for metric in ids]
    counted = ""
    if len(things) > 1:
        counted = f" and different things (here: {', '.join(things[:-1])} and {things[-1]})"
    return ("**Why the figures differ.** Claims differ because they are made on different dates (running totals "
            "grow), by different claimants (each side has reasons to minimise its own losses and inflate the "
            f"enemy's), about different people (soldiers or civilians){counted}. A side may also decline to "
            "publish a number at all: the dataset records that silence as **not disclosed**, and the charts "
            "show it as such, never as zero.")


def vague_example(dataset, metrics: list[str] | None = None) -> str:
    """"Why vague figures are ranges", with one of the dataset's vague figures (counting one of ``metrics``
    if any does), its quote and the range its word stands for (Markdown, escaped). Empty when no figure is
    given as a vague word."""
    figures = derived.every_figure(dataset)
    vague = figures[(figures["qualifier"] == "vague") & (figures["quote"] != "")
                    & (figures["vague_term"].fillna("") != "")]
    if vague.empty:
        return ""
    counted = vague[vague["metric"].isin(metrics)] if metrics is not None else vague
    figure = (counted if not counted.empty else vague).iloc[0]
    low, high = words.format_number(figure["value_low"]), words.format_number(figure["value_high"])
    if high in ("", "\u221e"):
        allows = f"{low} or more"
    else:
        allows = f"anything from {low} to {high}" if low != high else low
    return (f"**Why vague figures are ranges.** *“{markdown_escape(figure['quote'])}”* "
            f"(from “{markdown_escape(figure['source_title'])}”) gives no number: "
            f"“{markdown_escape(figure['vague_term'])}” allows {allows}. The codebook maps each vague word to the "
            "range it allows, and the charts draw that range as a band; no midpoint is invented.")
