"""index.html: every scheduled report with its link, title, parameters and status.

The page is ``templates/site/index.html.j2``; this module only decides what each row says. Nothing on
it depends on the time or the machine, so two builds of the same inputs write the same bytes.
"""
from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from warclaims.build.schedule import Entry

SITE_TEMPLATES = Path(__file__).parent.parent / "templates" / "site"
INDEX_TEMPLATE = "index.html.j2"
#: The status of an entry that no build has run yet (e.g. left out by every ``--only`` so far).
NOT_BUILT = {"status": "not built", "error": ""}


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
    change: str = ""  # "built" or "unchanged" by the build that last ran it; empty when it failed
    kept_notebook: str = ""  # a failed run's executed notebook, relative to the project


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
            parameters=", ".join(f"{key} = {json.dumps(value, ensure_ascii=False)}"
                                 for key, value in entry.parameters.items()) or "defaults",
            status=state["status"],
            css_class=state["status"].replace(" ", "-"),
            error=state.get("error") or "",
            change=state.get("change") or "",
            kept_notebook=state.get("notebook") or "",
        ))
    return listed


def _escaped(value):
    """Escape with :func:`html.escape`, as the page always was (``&quot;``, not markupsafe's ``&#34;``).

    Used as Jinja's ``finalize``: it runs on every ``{{ value }}`` before autoescaping, which then
    leaves the already escaped (``Markup``) text alone. So nothing reaches the page unescaped, and the
    bytes stay those of earlier builds.
    """
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE_TEMPLATES), autoescape=True, finalize=_escaped,
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(INDEX_TEMPLATE)


def index_page(entries: list[Entry], status: dict[str, dict[str, str]], out_dir: Path, dataset: str) -> str:
    """The text of index.html; ``dataset`` says which dataset and version the pages were built from."""
    return _template().render(rows=rows(entries, status, out_dir), dataset=dataset)
