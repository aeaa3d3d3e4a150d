"""Where a figure's sentence is: the link from a table row or a chart mark to its highlighted quote.

A report built into a site (``warclaims build``) has one page per archived article,
``articles/<source_id>.html``, with every coded quote anchored ``#claim-<claim_id>`` (ceasefire
evidence: ``#event-<event_id>``). Outside a site build (a notebook in JupyterLab, nbval) those pages do
not exist, so nothing links: :func:`enable` is called by the report notebook only when the build names
its page (see :func:`warclaims.site.begin_page`). A kernel runs one report, so one switch per process
is enough.
"""
from __future__ import annotations

import re

import pandas as pd

#: The folder of the article pages, relative to the report pages.
ARTICLES_FOLDER = "articles"
#: Ids that are safe as a file name and a URL fragment as they are (the codebook's id pattern and more).
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")

_enabled = False


def enable(on: bool = True) -> None:
    """Link figures to their article pages from now on (``on=False``: stop)."""
    global _enabled
    _enabled = on


def enabled() -> bool:
    """Whether this process builds a site page, so the article pages exist."""
    return _enabled


def article_page(source_id: str) -> str | None:
    """``articles/<source_id>.html``, or None for an id that cannot be a file name."""
    source_id = "" if source_id is None else str(source_id)
    return f"{ARTICLES_FOLDER}/{source_id}.html" if _SAFE_ID.fullmatch(source_id) else None


def anchor(kind: str, item_id: str) -> str:
    """The id of a highlight on an article page: ``claim-c001`` or ``event-e04``."""
    return f"{kind}-{item_id}"


def quote_href(source_id, kind: str, item_id, prefix: str = "") -> str | None:
    """The link to one highlighted quote, relative to a page in ``prefix`` (``""``: the site's top)."""
    page = article_page(source_id)
    if page is None or not _SAFE_ID.fullmatch("" if item_id is None else str(item_id)):
        return None
    return f"{prefix}{page}#{anchor(kind, item_id)}"


def hrefs(frame: pd.DataFrame, kind: str = "claim", id_column: str | None = None) -> pd.Series | None:
    """One link per row of ``frame`` (``source_id`` and ``claim_id``/``event_id``), or None when this
    process builds no site or the frame lacks those columns."""
    id_column = id_column or f"{kind}_id"
    if not _enabled or "source_id" not in frame or id_column not in frame:
        return None
    return pd.Series([quote_href(s, kind, i) for s, i in zip(frame["source_id"], frame[id_column])],
                     index=frame.index, dtype="object")
