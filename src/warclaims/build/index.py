"""index.html: every scheduled report with its link, title, what it shows, parameters, status, downloads.

The page is ``templates/site/index.html.j2`` (with the site's header and footer, see
:mod:`warclaims.site.chrome`); this module only decides what each row says. Nothing on it depends on
the time or the machine, so two builds of the same inputs write the same bytes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from warclaims.build.schedule import Entry
from warclaims.site import chrome
from warclaims.site.downloads import report_downloads
from warclaims.site.facts import SiteFacts
from warclaims.text.reports import parameters_in_words

INDEX_TEMPLATE = "index.html.j2"
#: The status of an entry that no build has run yet (e.g. left out by every ``--only`` so far).
NOT_BUILT = {"status": "not built", "error": ""}
#: Where a notebook says in one sentence what its report shows: ``metadata.warclaims.description``.
DESCRIPTION_KEY = ("warclaims", "description")


@dataclass(frozen=True)
class Row:
    """One report on the index page, as plain text: the template escapes every field."""

    name: str
    title: str
    page: str | None  # link to the report's page; None when there is no page to link to
    previous_build: bool  # the page is from an earlier build: this one failed
    notebook: str | None  # link to the cleaned notebook, for entries that write one
    parameters: str
    status: str
    css_class: str
    error: str
    description: str = ""
    downloads: tuple = ()  # warclaims.site.downloads.Download links
    change: str = ""  # "built" or "unchanged" by the build that last ran it; empty when it failed
    kept_notebook: str = ""  # a failed run's executed notebook, relative to the project


def notebook_description(notebook: Path) -> str:
    """The sentence a notebook's metadata gives on what its report shows ("" when it gives none).

    Read as plain JSON: importing nbformat costs about 3 s (jsonschema compiles its format grammars),
    which a build with nothing to rebuild should not pay."""
    try:
        metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
        value = metadata.get(DESCRIPTION_KEY[0], {}).get(DESCRIPTION_KEY[1], "")
    except (OSError, ValueError, AttributeError):  # the build reports an unreadable notebook itself
        return ""
    return value if isinstance(value, str) else ""


def rows(entries: list[Entry], status: dict[str, dict[str, str]], out_dir: Path) -> list[Row]:
    """One :class:`Row` per entry, in schedule order, from the last known ``status`` of each."""
    listed = []
    for entry in entries:
        state = status.get(entry.name, NOT_BUILT)
        page = f"{entry.name}.html"
        has_page = (out_dir / page).exists()
        notebook = f"{entry.name}.ipynb"
        listed.append(Row(
            name=entry.name,
            title=entry.title,
            page=page if has_page else None,
            previous_build=state["status"] == "failed" and has_page,
            notebook=notebook if entry.ipynb and (out_dir / notebook).exists() else None,
            parameters=parameters_in_words(entry.parameters),
            status=state["status"],
            css_class=state["status"].replace(" ", "-"),
            error=state.get("error") or "",
            description=notebook_description(entry.notebook),
            downloads=tuple(report_downloads(out_dir, entry.name)),
            change=state.get("change") or "",
            kept_notebook=state.get("notebook") or "",
        ))
    return listed


def index_page(entries: list[Entry], status: dict[str, dict[str, str]], out_dir: Path, facts: SiteFacts) -> str:
    """The text of index.html; ``facts`` say which dataset and version the pages were built from."""
    return chrome.render(INDEX_TEMPLATE, facts, rows=rows(entries, status, out_dir))
