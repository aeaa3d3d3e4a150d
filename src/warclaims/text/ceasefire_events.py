"""Ceasefire events in a reader's words: kinds as words, dates as words, "not after" said, sources by
their title, claimants and the accused by name. The ids stay in the data (and in links), never in text.

Nothing here knows a war's vocabulary: kinds, names and titles come from the dataset's tables.
"""
from __future__ import annotations

import pandas as pd

from warclaims.text.words import long_date

#: How the start of a ceasefire's durations is said, by ``start_event`` of :func:`~warclaims.analysis.durations`.
_STARTS = {"effective": "when it took effect", "agreed": "when it was agreed"}
_BASIS = {"stated": "stated", "inferred": "inferred"}


def kind_words(kind) -> str:
    """``"violation_reported"`` -> ``"violation reported"``: an event kind as a word, whatever the kinds."""
    return "" if kind is None or pd.isna(kind) else str(kind).replace("_", " ")


def on_date(text) -> str:
    """A date with its preposition: "in 1994", "in July 2020", "on 10 October 2020" (a time keeps its clock)."""
    shown = long_date(text)
    coarse = len(str(text).strip()) <= 7  # "1994", "2020-07": a year or a month
    return f"{'in' if coarse else 'on'} {shown}" if shown else "at an unknown date"


def when_words(at_text, bound, published_text: str = "", published_basis: str = "") -> str:
    """When an event happened, in words: "10 October 2020", or "on or before 12 October 2020 (the article's
    publication date, inferred)" for an event known only by its latest moment."""
    shown = long_date(at_text)
    if bound != "not_after":
        return shown
    said = f"on or before {shown}"
    if published_text and str(at_text).strip() == str(published_text).strip():
        basis = _BASIS.get(published_basis, "")
        said += f" (the article's publication date{', ' + basis if basis else ''})"
    return said


def source_words(title, outlet) -> str:
    """A source as a reader knows it: "“Title” (outlet)", or its title alone when it names no outlet."""
    title = "" if title is None or pd.isna(title) else str(title).strip()
    outlet = "" if outlet is None or pd.isna(outlet) else str(outlet).strip()
    if not title:
        return outlet or "an untitled source"
    return f"“{title}” ({outlet})" if outlet else f"“{title}”"


def start_words(start_event: str, start_text: str) -> str:
    """What the durations are measured from: "when it took effect, on 10 October 2020 12:00 (UTC+04:00)"."""
    if not start_event:
        return "no start in the data"
    return f"{_STARTS.get(start_event, 'when it was ' + kind_words(start_event))}, {on_date(start_text)}"


def sources_by_id(dataset) -> pd.Series:
    """``source_id -> "“Title” (outlet)"`` for every source of the dataset."""
    sources = dataset.sources
    return pd.Series([source_words(t, o) for t, o in zip(sources["title"], sources["outlet"])],
                     index=sources["source_id"].to_numpy(), dtype="object")


def actor_names(dataset) -> pd.Series:
    """``actor_id -> name`` (empty when the dataset has no actors table)."""
    if "actors" not in dataset.tables:
        return pd.Series(dtype="object")
    actors = dataset.actors.drop_duplicates("actor_id")
    return pd.Series(actors["name"].to_numpy(), index=actors["actor_id"].to_numpy(), dtype="object")


def name_of(names: pd.Series, actor, missing: str = "") -> str:
    """An actor's name; ``missing`` for no actor, the id's words for an actor the table lacks."""
    actor = "" if actor is None or pd.isna(actor) else str(actor)
    if not actor:
        return missing
    name = names.get(actor)
    return str(name) if isinstance(name, str) and name else actor.replace("_", " ")


def event_line(e) -> str:
    """One event of :func:`~warclaims.analysis.bound_evidence` as a sentence: 'Accusation by X (accused: Y),
    on or before 12 October 2020 (…), in “Title” (outlet): “quote”' ('Ended on 27 September 2020, in …')."""
    kind = kind_words(e["event"])
    who = f" by {e['claimant_name']}" if e.get("claimant_name") else ""
    accused = f" (accused: {e['accused_name']})" if e.get("accused_name") else ""
    if e["bound"] == "not_after":
        when = ", " + when_words(e["at_text"], e["bound"], e.get("published_text", ""), e.get("published_basis", ""))
    else:
        when = ("," if who or accused else "") + " " + on_date(e["at_text"])
    source = source_words(e.get("source_title", ""), e.get("outlet", ""))
    return f"{kind[:1].upper()}{kind[1:]}{who}{accused}{when}, in {source}: “{e['quote']}”"


def event_words(dataset, events: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``ceasefire_events`` (same index) in words: ``kind, claimant, accused, when, source, outlet``."""
    names = actor_names(dataset)
    sources = dataset.sources.drop_duplicates("source_id").set_index("source_id")
    titles = events["source_id"].map(sources["title"])
    outlets = events["source_id"].map(sources["outlet"]).fillna("")
    published = events["source_id"].map(sources["published_text"]).fillna("")
    basis = events["source_id"].map(sources["published_basis"]).fillna("")
    return pd.DataFrame({
        "kind": events["event"].map(kind_words),
        "claimant": events["claimant"].map(lambda a: name_of(names, a, "not named")),
        "accused": events["accused"].map(lambda a: name_of(names, a, "")) if "accused" in events else "",
        "when": [when_words(t, b, p, s) for t, b, p, s in zip(events["at_text"], events["bound"], published, basis)],
        "source": [source_words(t, o) for t, o in zip(titles, outlets)],
        "outlet": outlets,
    }, index=events.index)
