"""codebook.html: the dataset's README.md as a page; for a dataset without one, its datapackage.json
(every table and column with its type, description and allowed values), never another dataset's codebook.

The README is untrusted text: markdown-it renders it with raw HTML turned off (a ``<script>`` in it
shows as text) and refuses ``javascript:`` links, as it always does.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from warclaims.dataset.read import inside
from warclaims.site import files
from warclaims.site.chrome import render
from warclaims.site.facts import SiteFacts


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    rules: str  # required, unique, allowed values, pattern


def readme(data_path: Path) -> Path | None:
    own, _ = inside(data_path, "README.md", "README.md")
    return own if own is not None and own.is_file() else None


def markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _rules(spec: dict) -> str:
    constraints = spec.get("constraints") if isinstance(spec.get("constraints"), dict) else {}
    rules = [word for word in ("required", "unique") if constraints.get(word)]
    if isinstance(constraints.get("enum"), list):
        rules.append("one of: " + ", ".join(map(str, constraints["enum"])))
    if constraints.get("pattern"):
        rules.append(f"pattern {constraints['pattern']}")
    return "; ".join(rules)


def tables(descriptor: dict) -> list[tuple[str, str, list[Column]]]:
    """Each resource of the descriptor: name, description, columns."""
    out = []
    for resource in descriptor.get("resources") or ():
        if not isinstance(resource, dict):
            continue
        fields = (resource.get("schema") or {}).get("fields") or ()
        columns = [Column(str(f.get("name", "")), str(f.get("type", "")), str(f.get("description", "")), _rules(f))
                   for f in fields if isinstance(f, dict)]
        out.append((str(resource.get("path") or resource.get("name") or ""), str(resource.get("description") or ""),
                    columns))
    return out


def write_codebook(facts: SiteFacts, dataset, out_dir: Path) -> None:
    """Write codebook.html from the dataset's README.md, or from its descriptor when it has none."""
    source = readme(dataset.data_dir)
    body = None
    if source is not None:
        try:
            body = Markup(markdown_html(source.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            body = None
    files.write_text(out_dir / "codebook.html",
                     render("codebook.html.j2", facts, body=body, tables=tables(dataset.descriptor)))
