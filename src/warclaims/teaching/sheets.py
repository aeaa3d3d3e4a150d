"""The student page's data sheets: every table an exercise needs, so the page works without code, and
where a word occurs in the archived texts."""
from __future__ import annotations

import re

import pandas as pd

from warclaims.dataset.read import read_article
from warclaims.text import links, tables, words

NEW, SAME, NEWER, REPEATED = "new since then", "same figure", "newer figure", "silence repeated by a later source"


def find_in_articles(dataset, word: str, context: int = 60) -> pd.DataFrame:
    """Every occurrence of ``word`` in the dataset's archived texts, with the words around it.

    Parameters
    ----------
    dataset : warclaims.Dataset
        A loaded dataset; its ``sources`` table names each archived text (``text_file``).
    word : str
        The text to find, case-insensitively (plain text, not a pattern).
    context : int
        Characters to show on each side.

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, in source then offset order: ``source_id``, ``outlet`` ("outlet not
        named" when the source names none), ``offset`` (of the match, in Unicode characters from 0, as
        ``quote_start`` counts), ``word`` (the whole word the match is part of, as written: searching
        "Mnatsakan" finds "Mnatsakanian" and "Mnatsakanyan") and ``context`` (the match in brackets).
    """
    if not word:
        raise ValueError("find_in_articles: give a word to look for")
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    records = []
    for _, source in dataset.sources.sort_values("source_id").iterrows():
        text = read_article(dataset.data_dir / source["text_file"])
        outlet = source.get("outlet")
        for match in pattern.finditer(text):
            start, end = match.span()
            before = text[max(0, start - context):start]
            after = text[end:end + context]
            records.append({
                "source_id": source["source_id"],
                "outlet": outlet if isinstance(outlet, str) and outlet else words.OUTLET_NOT_NAMED,
                "offset": start,
                "word": _whole_word(text, start, end),
                # Line breaks would make the table hard to read; the offset locates the exact text.
                "context": " ".join(f"…{before}[{match.group(0)}]{after}…".split()),
            })
    return pd.DataFrame(records, columns=["source_id", "outlet", "offset", "word", "context"])


def _whole_word(text: str, start: int, end: int) -> str:
    """The word around ``text[start:end]``: extended over letters, digits, hyphens and apostrophes."""
    inside = re.compile(r"[\w'’-]")
    while start > 0 and inside.match(text[start - 1]):
        start -= 1
    while end < len(text) and inside.match(text[end]):
        end += 1
    return text[start:end].strip("'’-")


# -- the student page's data sheets -----------------------------------------------------------------
def _joined(values) -> str:
    return ", ".join(map(str, values)) if isinstance(values, (list, tuple)) else ("" if pd.isna(values) else str(values))


def figures_sheet(figs: pd.DataFrame) -> pd.DataFrame:
    """Every figure as a reader needs it on paper (``figs`` is :func:`warclaims.analysis.figures`): in
    date order, plain headers, the exact words of every source that printed it; each quote links to its
    sentence on the article page when the build makes a site (:mod:`warclaims.text.links`)."""
    quotes = ["\n".join(f"{source}: “{quote}”" for source, quote in zip(sources, texts))
              for sources, texts in zip(figs["sources"], figs["quotes"])]
    sheet = pd.DataFrame({
        "As of": figs["as_of_label"].to_numpy(),
        "As-of date": figs["as_of_basis"].to_numpy(),
        "Claimant": figs["claimant_name"].to_numpy(),
        "Whose losses": figs["subject_side_name"].to_numpy(),
        "Counts": figs["metric_name"].to_numpy(),
        "Who": figs["population"].to_numpy(),
        "Figure": figs["display"].to_numpy(),
        "Status": figs["status"].to_numpy(),
        "Printed by": [_joined(v) for v in figs["sources"]],
        "Exact words": quotes,
    })
    return tables.with_links(sheet, links.hrefs(figs.reset_index(drop=True)), "Exact words")


def sources_sheet(dataset) -> pd.DataFrame:
    """The archived articles: id, title, outlet, author, kind, publication date and the agencies credited."""
    src = dataset.sources.sort_values("source_id")
    outlet = src["outlet"].where(src["outlet"].fillna("").astype(str) != "", words.OUTLET_NOT_NAMED)
    return pd.DataFrame({
        "Source": src["source_id"].to_numpy(), "Title": src["title"].to_numpy(), "Outlet": outlet.to_numpy(),
        "Author": src["author"].fillna("").to_numpy(), "Kind of source": src["source_type"].to_numpy(),
        "Published": [words.long_date(t) for t in src["published_text"]],
        "Credits": src["reported_via"].fillna("").str.replace("|", ", ", regex=False).to_numpy(),
    })


_BOUNDS = {"on": "on", "not_after": "on or before", "not_before": "on or after"}


def events_sheet(dataset, ceasefire_id: str) -> pd.DataFrame:
    """One ceasefire's dated events, in date order: what happened, when (as precisely as the source
    says, local time), who says so, the exact words (linked to the article page in a site build) and
    how the date was read."""
    from warclaims.analysis.vocabulary import SPECIAL_SIDES, lookup

    events = dataset.ceasefire_events
    events = events[events["ceasefire_id"] == ceasefire_id].sort_values(["at", "event_id"]).reset_index(drop=True)
    names = {**SPECIAL_SIDES, **lookup(dataset.actors, "actor_id", "name").to_dict()}
    sheet = pd.DataFrame({
        "Event": events["event_id"].to_numpy(),
        "What": events["event"].str.replace("_", " ", regex=False).to_numpy(),
        "When": [f"{_BOUNDS.get(b, b)} {words.long_date(t)}" for b, t in zip(events["bound"], events["at_text"])],
        "Who says so": [names.get(c, c) if isinstance(c, str) and c else "the article" for c in events["claimant"]],
        "Source": events["source_id"].to_numpy(),
        "Exact words": events["quote"].to_numpy(),
        "How the date was read": events["notes"].fillna("").to_numpy(),
    })
    return tables.with_links(sheet, links.hrefs(events, kind="event"), "Exact words")


def excerpts_sheet(dataset, *texts: str, context: int = 60) -> pd.DataFrame:
    """Every place the archived texts print one of ``texts``, with the words around it; each source
    links to its article page in a site build."""
    found = [find_in_articles(dataset, text, context).assign(searched=text) for text in texts]
    found = pd.concat(found, ignore_index=True)
    sheet = pd.DataFrame({"Searched for": found["searched"].to_numpy(), "Source": found["source_id"].to_numpy(),
                          "Outlet": found["outlet"].to_numpy(), "Words around it": found["context"].to_numpy()})
    pages = pd.Series([links.article_page(s) for s in found["source_id"]], dtype="object") if links.enabled() else None
    return tables.with_links(sheet, pages, "Source")


def actors_sheet(dataset, actor_ids) -> pd.DataFrame:
    """Some actors: the dataset's name for each and every spelling it knows (its aliases)."""
    actors = dataset.actors.set_index("actor_id").loc[list(actor_ids)]
    return pd.DataFrame({"Name in the dataset": actors["name"].to_numpy(),
                         "Spellings the dataset knows": actors["aliases"].fillna("").str.replace("|", ", ", regex=False)
                         .to_numpy()})


def vague_sheet(dataset) -> pd.DataFrame:
    """The vague words and the range the dataset gives each, with its reasoning."""
    terms = dataset.vague_terms
    return pd.DataFrame({"Word": terms["term"].to_numpy(), "At least": [words.format_number(v) for v in terms["low"]],
                         "At most": [words.format_number(v) for v in terms["high"]],
                         "Why": terms["reasoning"].to_numpy()})


def view_changes(then: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    """``now`` (an as-of view) with each row's figure ``then`` and what changed: new, the same figure,
    a newer figure, or the same silence repeated by a later source (no number on either side)."""
    from warclaims.analysis import VIEW_KEY

    key = list(VIEW_KEY)
    earlier = then[key + ["figure_id", "display", "qualifier"]].rename(
        columns={"figure_id": "figure_then", "display": "display_then", "qualifier": "qualifier_then"})
    out = now.merge(earlier, on=key, how="left")
    change = pd.Series(NEWER, index=out.index, dtype="object")
    change[out["figure_then"].isna()] = NEW
    change[out["figure_then"] == out["figure_id"]] = SAME
    change[(out["figure_then"] != out["figure_id"]) & (out["qualifier"] == "undisclosed")
           & (out["qualifier_then"] == "undisclosed")] = REPEATED
    out["display_then"] = out["display_then"].fillna("—")
    return out.assign(change=change).drop(columns=["qualifier_then"])
