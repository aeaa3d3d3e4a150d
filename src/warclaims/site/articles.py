"""One page per archived article: its text verbatim, its metadata, every coded quote highlighted.

``quote_start`` counts characters of the byte-exact text (:func:`warclaims.dataset.read.read_article`,
no newline translation), so the highlights land where validation found the quotes. Each claim's quote
is anchored ``#claim-<claim_id>``, each ceasefire event's ``#event-<event_id>`` (:mod:`warclaims.text.links`),
and labelled with what was coded from it.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from markupsafe import Markup

from warclaims.analysis.vocabulary import SPECIAL_SIDES, lookup
from warclaims.budget import ARTICLE_ITEMS_LISTED
from warclaims.dataset.read import inside, read_article
from warclaims.site import files
from warclaims.site.chrome import render
from warclaims.site.facts import SiteFacts
from warclaims.site.marks import highlighted
from warclaims.text import links, words


#: The claims columns the article pages read (:func:`claim_labels`, :func:`coded_items`).
CLAIM_COLUMNS = ("claim_id", "source_id", "metric", "population", "value_low", "value_best", "value_high", "qualifier",
                 "vague_term", "claimant", "subject_side", "as_of_text", "as_of_basis", "quote_start", "quote")


class Coded(NamedTuple):
    """One thing coded from an article: its anchor, its label, and where its quote is (a tuple: a page
    may have a million)."""

    anchor: str
    kind: str
    label: str
    start: int
    end: int


class Names:
    """The dataset's names for ids (actors, sides, metrics, ceasefires); an unknown id stays as it is."""

    def __init__(self, dataset) -> None:
        t = dataset.tables
        self.actors = lookup(t.get("actors"), "actor_id", "name").to_dict()
        self.sides = {**SPECIAL_SIDES, **lookup(t.get("sides"), "side_id", "name").to_dict()}
        self.metrics = lookup(t.get("metrics"), "metric_id", "name").to_dict()
        self.ceasefires = lookup(t.get("ceasefires"), "ceasefire_id", "name").to_dict()

    @staticmethod
    def of(table: dict, value) -> str:
        value = "" if value is None or value is pd.NA else str(value)
        return table.get(value, value)


def event_label(row, names: Names) -> str:
    """``Violation reported, 10 October 2020 humanitarian ceasefire · at … · claimant … · accused … · event e04``."""
    bound = ", or before" if row.bound == "not_after" else ""
    parts = [f"{row.event.replace('_', ' ').capitalize()}, {names.of(names.ceasefires, row.ceasefire_id)}",
             f"at {words.long_date(row.at_text)}{bound}"]
    if row.claimant:
        parts.append(f"claimant {names.of(names.actors, row.claimant)}")
    if row.accused:
        parts.append(f"accused {names.of(names.actors, row.accused)}")
    return " · ".join([*parts, f"event {row.event_id}"])


def _cells(frame: pd.DataFrame, column: str, missing="") -> list:
    """A column's cells as a row of ``itertuples`` holds them (``missing`` in every row when there is no such
    column), read at once: a million claims' cells one by one take seconds per column."""
    if column not in frame:
        return [missing] * len(frame)
    return frame[column].to_numpy(dtype=object).tolist()


#: The claims columns a figure is put in words from (:func:`warclaims.text.words.format_figure`).
_FIGURE = ("value_low", "value_best", "value_high", "qualifier", "vague_term")


class ClaimItems:
    """The :class:`Coded` item of each row of a claims table, made for the rows asked for (one article's at a
    time, so a million claims' labels are never held as Python objects at once).

    Each distinct figure, date and name is put in words once, for the whole table (a million claims repeat a
    few thousand of each): a row then holds only the position of its words among the distinct ones.
    """

    def __init__(self, claims: pd.DataFrame, names: Names) -> None:
        self.claims = claims
        self.starts = claims["quote_start"].to_numpy() if "quote_start" in claims else None
        self.lengths = quote_lengths(claims).to_numpy()
        self.worded = [
            words.each_distinct(claims, ["metric"], lambda metric: names.of(names.metrics, metric)),
            words.each_distinct(claims, ["claimant"], lambda claimant: names.of(names.actors, claimant) or "not named"),
            words.each_distinct(claims, ["subject_side"], lambda side: names.of(names.sides, side)),
            words.each_distinct(claims, _FIGURE, lambda low, best, high, qualifier, vague:
                                words.format_figure(low, best, high, qualifier, vague or "")),
            words.each_distinct(claims, ["as_of_text"], words.long_date),
        ]

    def labels(self, rows: np.ndarray, part: pd.DataFrame, ids: list) -> list[str]:
        """``Killed, military: 376 · claimant … · whose losses … · as of 9 October 2020 (inferred) · claim c001``
        for each of ``rows`` (positions; ``part``: those rows, ``ids`` their claim ids): what was coded from it
        in words, then its id in the dataset's download (to cite it, or find it there)."""
        metric, claimant, side, figure, date = (
            [texts[code] for code in codes[rows].tolist()] for codes, texts in self.worded)
        return [f"{m}, {population}: {f} · claimant {c} · whose losses: {s} · as of {d}"
                + (f" ({basis})" if basis else "") + f" · claim {claim_id}"
                for m, population, f, c, s, d, basis, claim_id in zip(
                    metric, _cells(part, "population"), figure, claimant, side, date, _cells(part, "as_of_basis"),
                    ids)]

    def items(self, rows) -> list[Coded]:
        """The items of ``rows`` (positions), in that order."""
        rows = np.asarray(rows, dtype="int64")
        whole = np.array_equal(rows, np.arange(len(self.claims)))
        part = self.claims if whole else self.claims.take(rows)  # a copy of one article's rows
        ids = _cells(part, "claim_id")
        starts = [0] * len(rows) if self.starts is None else self.starts[rows].tolist()
        lengths = self.lengths[rows].tolist()
        return [Coded(links.anchor("claim", claim_id), "claim", label, start, start + length)
                for claim_id, label, start, length in zip(ids, self.labels(rows, part, ids), starts, lengths)]


def quote_lengths(claims: pd.DataFrame) -> pd.Series:
    """Each claim's quote length in characters: the ``quote_length`` column of a :func:`site_subset
    <warclaims.site.publish.site_subset>`, else counted from ``quote``."""
    if "quote_length" in claims:
        return claims["quote_length"]
    if "quote" not in claims:
        return pd.Series(0, index=claims.index, dtype="int64")
    return claims["quote"].str.len().fillna(0).astype("int64")


def claim_labels(claims: pd.DataFrame, names: Names) -> list[str]:
    """The label (:meth:`ClaimItems.labels`) of every row of ``claims``, in order."""
    made = ClaimItems(claims, names)
    return [item.label for item in made.items(range(len(claims)))]


def _claim_items(claims: pd.DataFrame, names: Names) -> list[Coded]:
    """One :class:`Coded` per row of ``claims``, in order."""
    return ClaimItems(claims, names).items(range(len(claims)))


def _in_text_order(items: list[Coded]) -> list[Coded]:
    return sorted(items, key=lambda c: (c.start, c.end, c.anchor))


def _event_items(events: pd.DataFrame, names: Names) -> list[Coded]:
    return [Coded(links.anchor("event", r.event_id), "event", event_label(r, names), int(r.quote_start),
                  int(r.quote_start) + len(r.quote)) for r in events.itertuples(index=False)]


def coded_items(claims: pd.DataFrame, events: pd.DataFrame, names: Names) -> list[Coded]:
    """Everything coded from one article, in text order."""
    return _in_text_order(_claim_items(claims, names) + _event_items(events, names))


def source_facts(source) -> list[tuple[str, str]]:
    """The metadata rows of an article page: (what, value), as plain text."""
    published = source.published_text or "not known"
    if source.published_text:
        published = f"{words.long_date(source.published_text)} ({source.published_basis or 'basis not stated'})"
    rows = [("Source id", source.source_id),
            ("Outlet", source.outlet or "Outlet not named"),
            ("Author", source.author or "Not named"),
            ("Published", published)]
    if source.published_note:
        rows.append(("How the date was found", source.published_note))
    rows += [("Type", source.source_type or "not stated"),
             ("Reported via", (source.reported_via or "").replace("|", ", ") or "not stated"),
             ("Address", source.url or "not recorded"),
             ("Archived file", source.text_file),
             ("sha256", source.sha256)]
    if getattr(source, "notes", ""):
        rows.append(("Notes", source.notes))
    return rows


def article_text(data_path: Path, source) -> str | None:
    """The archived text of ``source``, or None when its file cannot be read inside the dataset."""
    path, _ = inside(data_path, source.text_file, "text_file")
    try:
        return read_article(path) if path is not None else None
    except (OSError, UnicodeDecodeError):
        return None


def article_page(facts: SiteFacts, source, text: str, items: list[Coded], n_claims: int, n_events: int) -> str:
    """The HTML of one article page (in ``articles/``): ``items`` coded from it (:func:`coded_items`)."""
    body = highlighted(text, items)
    listed = items[:ARTICLE_ITEMS_LISTED]
    return render("article.html.j2", facts, prefix="../", source=source, details=source_facts(source),
                  items=listed, not_listed=len(items) - len(listed), text=Markup(body), n_claims=n_claims,
                  n_events=n_events)


def write_articles(facts: SiteFacts, dataset, out_dir: Path) -> dict[str, str]:
    """Write ``articles/<source_id>.html`` for every source whose text reads; returns source id -> page."""
    names = Names(dataset)
    claims = dataset.claims
    events = dataset.ceasefire_events if dataset.has("ceasefire_events") else claims.iloc[0:0]
    # Each article's claims by position: a frame per article would copy every column.
    claim_items = ClaimItems(claims, names)
    claims_of = claims.groupby("source_id", sort=False).indices if len(claims) else {}
    events_of = dict(tuple(events.groupby("source_id", sort=False))) if len(events) else {}
    written = {}
    for source in dataset.sources.itertuples(index=False):
        page = links.article_page(source.source_id)
        text = article_text(dataset.data_dir, source) if page else None
        if text is None:
            continue
        mine = claim_items.items(claims_of.get(source.source_id, ()))
        mine_events = _event_items(events_of.get(source.source_id, events.iloc[0:0]), names)
        files.write_text(out_dir / page, article_page(facts, source, text, _in_text_order(mine + mine_events),
                                                      len(mine), len(mine_events)))
        written[source.source_id] = page
    return written
