"""One page per archived article: its text verbatim, its metadata, every coded quote highlighted.

``quote_start`` counts characters of the byte-exact text (:func:`warclaims.dataset.read.read_article`,
no newline translation), so the highlights land where validation found the quotes. Each claim's quote
is anchored ``#claim-<claim_id>``, each ceasefire event's ``#event-<event_id>`` (:mod:`warclaims.text.links`),
and labelled with what was coded from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from markupsafe import Markup

from warclaims.analysis.vocabulary import SPECIAL_SIDES, lookup
from warclaims.budget import ARTICLE_ITEMS_LISTED
from warclaims.dataset.read import inside, read_article
from warclaims.site import files
from warclaims.site.chrome import render
from warclaims.site.facts import SiteFacts
from warclaims.site.marks import Highlight, highlighted
from warclaims.text import links, words


@dataclass(frozen=True)
class Coded:
    """One thing coded from an article: its anchor, its label, and where its quote is."""

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


def _number(value):
    return None if value is None or value is pd.NA or pd.isna(value) else value


def claim_label(row, names: Names) -> str:
    """``c001: Killed, military: 376 · claimant … · whose losses … · as of 9 October 2020 (inferred)``."""
    figure = words.format_figure(_number(row.value_low), _number(row.value_best), _number(row.value_high),
                                 row.qualifier, row.vague_term or "")
    basis = f" ({row.as_of_basis})" if getattr(row, "as_of_basis", "") else ""
    return (f"{row.claim_id}: {names.of(names.metrics, row.metric)}, {row.population}: {figure} · claimant "
            f"{names.of(names.actors, row.claimant) or 'not named'} · whose losses: "
            f"{names.of(names.sides, row.subject_side)} · as of {words.long_date(row.as_of_text)}{basis}")


def event_label(row, names: Names) -> str:
    """``e04: violation reported, 10 October 2020 humanitarian ceasefire · at … · claimant … · accused …``."""
    bound = ", or before" if row.bound == "not_after" else ""
    parts = [f"{row.event_id}: {row.event.replace('_', ' ')}, {names.of(names.ceasefires, row.ceasefire_id)}",
             f"at {words.long_date(row.at_text)}{bound}"]
    if row.claimant:
        parts.append(f"claimant {names.of(names.actors, row.claimant)}")
    if row.accused:
        parts.append(f"accused {names.of(names.actors, row.accused)}")
    return " · ".join(parts)


def coded_items(claims: pd.DataFrame, events: pd.DataFrame, names: Names) -> list[Coded]:
    """Everything coded from one article, in text order."""
    items = [Coded(links.anchor("claim", r.claim_id), "claim", claim_label(r, names), int(r.quote_start),
                   int(r.quote_start) + len(r.quote)) for r in claims.itertuples(index=False)]
    items += [Coded(links.anchor("event", r.event_id), "event", event_label(r, names), int(r.quote_start),
                    int(r.quote_start) + len(r.quote)) for r in events.itertuples(index=False)]
    return sorted(items, key=lambda c: (c.start, c.end, c.anchor))


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


def article_page(facts: SiteFacts, source, text: str, claims: pd.DataFrame, events: pd.DataFrame,
                 names: Names) -> str:
    """The HTML of one article page (in ``articles/``)."""
    items = coded_items(claims, events, names)
    body = highlighted(text, [Highlight(c.start, c.end, c.anchor, c.kind, c.label) for c in items])
    listed = items[:ARTICLE_ITEMS_LISTED]
    return render("article.html.j2", facts, prefix="../", source=source, details=source_facts(source),
                  items=listed, not_listed=len(items) - len(listed), text=Markup(body), n_claims=len(claims),
                  n_events=len(events))


def write_articles(facts: SiteFacts, dataset, out_dir: Path) -> dict[str, str]:
    """Write ``articles/<source_id>.html`` for every source whose text reads; returns source id -> page."""
    names = Names(dataset)
    claims = dataset.claims
    events = dataset.ceasefire_events if dataset.has("ceasefire_events") else claims.iloc[0:0]
    claims_of = dict(tuple(claims.groupby("source_id", sort=False)))
    events_of = dict(tuple(events.groupby("source_id", sort=False))) if len(events) else {}
    written = {}
    for source in dataset.sources.itertuples(index=False):
        page = links.article_page(source.source_id)
        text = article_text(dataset.data_dir, source) if page else None
        if text is None:
            continue
        mine_claims = claims_of.get(source.source_id, claims.iloc[0:0])
        mine_events = events_of.get(source.source_id, events.iloc[0:0])
        files.write_text(out_dir / page, article_page(facts, source, text, mine_claims, mine_events, names))
        written[source.source_id] = page
    return written
