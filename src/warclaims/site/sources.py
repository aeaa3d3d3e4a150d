"""sources.html: one row per source, with what was coded from it and a link to its archived text."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warclaims.site import files
from warclaims.site.chrome import render
from warclaims.site.facts import SiteFacts
from warclaims.text import words

OUTLET_NOT_NAMED = "Outlet not named"
#: The claims columns the page reads.
CLAIM_COLUMNS = ("source_id", "figure_id")


@dataclass(frozen=True)
class SourceRow:
    """One source as the page lists it (plain text; the template escapes it)."""

    source_id: str
    title: str
    outlet: str
    author: str
    published: str
    source_type: str
    reported_via: str
    claims: int
    figures: int
    events: int
    page: str | None  # its article page, None when its text could not be read


def _counts(dataset, table: str, column: str = "source_id"):
    if not dataset.has(table) or dataset.tables[table].empty:
        return {}
    return dataset.tables[table].groupby(column).size().to_dict()


def source_rows(dataset, pages: dict[str, str]) -> list[SourceRow]:
    """Every source in the order of sources.csv."""
    claims, events = _counts(dataset, "claims"), _counts(dataset, "ceasefire_events")
    figures = (dataset.claims.groupby("source_id")["figure_id"].nunique().to_dict()
               if not dataset.claims.empty else {})
    rows = []
    for s in dataset.sources.itertuples(index=False):
        published = (f"{words.long_date(s.published_text)} ({s.published_basis or 'basis not stated'})"
                     if s.published_text else "not known")
        rows.append(SourceRow(
            source_id=s.source_id, title=s.title, outlet=s.outlet or OUTLET_NOT_NAMED, author=s.author or "not named",
            published=published, source_type=s.source_type or "", reported_via=(s.reported_via or "").replace("|", ", "),
            claims=int(claims.get(s.source_id, 0)), figures=int(figures.get(s.source_id, 0)),
            events=int(events.get(s.source_id, 0)), page=pages.get(s.source_id)))
    return rows


def write_sources(facts: SiteFacts, dataset, pages: dict[str, str], out_dir: Path) -> None:
    files.write_text(out_dir / "sources.html", render("sources.html.j2", facts, rows=source_rows(dataset, pages),
                                                     has_events=dataset.has("ceasefire_events")))
