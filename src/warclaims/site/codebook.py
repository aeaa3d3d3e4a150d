"""codebook.html: the dataset's README.md as a page (the bundled codebook when a dataset has none).

The README is untrusted text: markdown-it renders it with raw HTML turned off (a ``<script>`` in it
shows as text) and refuses ``javascript:`` links, as it always does.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from warclaims import paths
from warclaims.dataset.read import inside
from warclaims.site import files
from warclaims.site.chrome import render
from warclaims.site.facts import SiteFacts


def codebook_source(data_path: Path) -> tuple[Path | None, bool]:
    """The README to render and whether it is the dataset's own (False: the bundled codebook)."""
    own, _ = inside(data_path, "README.md", "README.md")
    if own is not None and own.is_file():
        return own, True
    try:
        bundled = paths.project_root() / "data" / "README.md"
    except FileNotFoundError:
        return None, False
    return (bundled, False) if bundled.is_file() else (None, False)


def markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def write_codebook(facts: SiteFacts, data_path: Path, out_dir: Path) -> bool:
    """Write codebook.html; False (nothing written) when there is no README to show."""
    source, own = codebook_source(data_path)
    if source is None:
        return False
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    files.write_text(out_dir / "codebook.html",
                     render("codebook.html.j2", facts, body=Markup(markdown_html(text)), own=own))
    return True
