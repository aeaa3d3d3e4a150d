"""Tables for a reader: escaping, the HTML table of a report page, and the columns and plain-English
headers of each casualty table (change a header here)."""
from __future__ import annotations

import html
import re

import pandas as pd

from warclaims.budget import TABLE_ROWS
from warclaims.text import links

#: A column named ``LINK_PREFIX + header`` holds the link of each row's ``header`` cell: html_table makes
#: that cell a link and does not show the column itself (see :func:`with_links`).
LINK_PREFIX = "_link:"


def escape(text) -> str:
    """Text from the data, safe to put into HTML or Markdown (``<script>`` shows as text)."""
    return html.escape("" if text is None else str(text), quote=True)


_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|~"


def markdown_escape(text) -> str:
    """Text from the data or a parameter, safe inside Markdown: punctuation backslashed, then ``& < >`` escaped."""
    backslashed = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in ("" if text is None else str(text)))
    return html.escape(backslashed, quote=False)


#: How cells are aligned: text left, as it reads (JupyterLab's own style right-aligns every cell), numbers
#: right (class ``num``). One rule per table rather than a style on every cell: a 200-row table has
#: thousands of cells, and at a million claims a page has five such tables. The rules must outweigh
#: JupyterLab's ``:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td``, which report pages carry too.
_ALIGNMENT = ("<style>.jp-RenderedHTMLCommon table.warclaims-table td,.jp-RenderedHTMLCommon table.warclaims-table th"
              "{text-align:left}table.warclaims-table .num,.jp-RenderedHTMLCommon table.warclaims-table .num"
              "{text-align:right}</style>\n")
_NUMBER_CELL = ' class="num"'
#: Text that is a number as a table shows it ("2,334", "-24", "130.67", "\u221224"): such a column reads right.
_NUMBER_TEXT = re.compile(r"[-\u2212+]?\d[\d,]*(\.\d+)?")


def _number(value) -> str:
    """A number cell: thousands separated ("99,999"), no trailing ".0" on a whole number."""
    if pd.isna(value):
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{float(value):,.2f}".rstrip("0").rstrip(".")


def html_table(frame: pd.DataFrame, limit: int | None = TABLE_ROWS, *, left_out: str = "rows", hint: str = "",
               newest_first: bool = False, total: int | None = None):
    """Display a frame as an HTML table (deterministic, no Styler ids).

    Every text cell and header is escaped, so a quote containing ``<script>`` shows as text; line breaks
    inside a cell are kept as ``<br>``. Text is left-aligned, numbers right-aligned with thousands
    separators. At most ``limit`` rows are shown (``None``: all; default
    :data:`~warclaims.budget.TABLE_ROWS`), and a line under the table says how many ``left_out`` were
    not, then ``hint`` (how to see them). ``newest_first``: ``frame`` is in date order, and a table that
    must be cut shows its latest rows, newest first (a reader of a years-long series cares about its
    end), and says so. ``total``: ``frame`` holds only the first rows of a table that has ``total`` (e.g.
    :func:`~warclaims.analysis.compare_first`), and the line under it counts the whole table.
    """
    if total is not None and newest_first:
        raise ValueError("newest_first needs the whole table: its latest rows are its last ones")
    from IPython.display import HTML

    def cell(value) -> str:
        return "" if pd.isna(value) else html.escape(str(value), quote=False).replace("\n", "<br>")

    def linked(text: str, href) -> str:
        # A row without a link (no article page) keeps its plain text.
        return f'<a href="{html.escape(href, quote=True)}">{text}</a>' if isinstance(href, str) and href else text

    rows = len(frame) if total is None else max(total, len(frame))
    hidden = 0 if limit is None else max(rows - limit, 0)
    if hidden and newest_first:
        shown_rows = frame.tail(limit).iloc[::-1]
    else:
        shown_rows = frame.head(limit) if hidden else frame
    link_columns = [c for c in shown_rows.columns if str(c).startswith(LINK_PREFIX)]
    hrefs = {str(c)[len(LINK_PREFIX):]: shown_rows[c].tolist() for c in link_columns}
    columns, cells = [], []
    for column in [c for c in shown_rows.columns if c not in link_columns]:
        values = shown_rows[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        texts = [_number(v) for v in values] if numeric else [cell(v) for v in values]
        numeric = numeric or any(texts) and all(_NUMBER_TEXT.fullmatch(t) for t in texts if t)
        if column in hrefs:
            texts = [linked(text, href) for text, href in zip(texts, hrefs[column])]
        align = _NUMBER_CELL if numeric else ""
        columns.append((html.escape(str(column), quote=False), align))
        cells.append([(text, align) for text in texts])
    head = "".join(f"<th{align}>{name}</th>" for name, align in columns)
    body = "".join("<tr>" + "".join(f"<td{align}>{text}</td>" for text, align in row) + "</tr>\n"
                   for row in zip(*cells)) if cells else ""
    table = (f'{_ALIGNMENT}<table class="dataframe warclaims-table">\n<thead><tr>{head}</tr></thead>\n'
             f"<tbody>\n{body}</tbody>\n</table>")
    if hidden:
        shown = (f"the {limit:,} most recent of {rows:,} {html.escape(left_out)}, newest first; {hidden:,} "
                 f"earlier ones are not shown." if newest_first else
                 f"the first {limit:,} of {rows:,} {html.escape(left_out)}; {hidden:,} more are not shown.")
        table += f'\n<p class="warclaims-table-note">Showing {shown}{" " + html.escape(hint) if hint else ""}</p>'

    return HTML(table)


#: Columns of each casualty table, in order, with their headers.
TABLES = {
    "figures": {"as_of_label": "As of", "speaker_name": "Claimant", "subject_side_name": "Whose losses",
                "metric_name": "Counts", "population": "Who", "display": "Figure", "status": "Status",
                "outlet": "Outlet (first source)", "n_sources": "Sources", "quote": "Quote (exact words)"},
    "view": {"subject_side_name": "Whose losses", "metric_name": "Counts", "population": "Who",
             "speaker_name": "Claimant", "display": "Figure", "as_of_label": "As of", "outlet": "Outlet (first source)",
             "n_sources": "Sources"},
    "silences": {"speaker_name": "Claimant", "subject_side_name": "Whose losses", "metric_name": "Counts",
                 "population": "Who", "as_of_label": "As of", "outlet": "Outlet (first source)",
                 "quote": "Quote (exact words)"},
    "compare": {"a_subject_side_name": "Whose losses", "a_metric_name": "Counts", "population": "Who",
                "a_speaker_name": "Claimant A", "a_display": "A's figure", "a_as_of_label": "A as of",
                "b_speaker_name": "Claimant B", "b_display": "B's figure", "b_as_of_label": "B as of",
                "difference": "A \u2212 B", "ratio": "A / B"},
    "own": {"subject_camp_name": "Losses of", "metric_name": "Counts", "population": "Who",
            "sequence": "What the side's own claimants said, in date order"},
    "chain": {"as_of_label": "As of", "speaker_name": "Claimant", "source_title": "Source", "display": "Figure",
              "standing": "Standing", "quote": "Quote (exact words)"},
}


def with_basis(frame: pd.DataFrame) -> pd.DataFrame:
    """Each date label (``as_of_label``, ``a_as_of_label``, ...) with whether the source states the date or
    it was inferred: "9 Oct 2020 (inferred)". A reader must not take a date the coder worked out for one
    the source gave."""
    out = frame
    for column in [c for c in frame.columns if c.endswith("as_of_label")]:
        basis = column[: -len("as_of_label")] + "as_of_basis"
        if basis in frame:
            said = frame[basis].fillna("").astype(str)
            label = frame[column].fillna("").astype(str)
            out = out.assign(**{column: label.where(said == "", label + " (" + said + ")")})
    return out


def table(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The columns a reader needs from a claims frame, with plain-English headers.

    ``kind`` is one of :data:`TABLES`: ``figures`` (:func:`~warclaims.analysis.timeline`), ``view``
    (:func:`~warclaims.analysis.as_of_view`), ``silences`` (:func:`~warclaims.analysis.undisclosed`),
    ``compare`` (:func:`~warclaims.text.summaries.comparison`), ``own``
    (:func:`~warclaims.text.summaries.own_losses`) or ``chain`` (one chain of
    :func:`~warclaims.analysis.split_chains`, named by :func:`~warclaims.text.summaries.correction_chain`).
    Dates say whether they are stated or inferred (:func:`with_basis`).
    """
    columns = TABLES[kind]
    present = [c for c in columns if c in frame]
    out = with_basis(frame)[present].rename(columns=columns).reset_index(drop=True)
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: ", ".join(map(str, v)) if isinstance(v, list) else v)
    linked = next((columns[c] for c in LINKED_COLUMNS if c in present), None)
    return with_links(out, links.hrefs(frame.reset_index(drop=True)), linked) if linked else out


#: The cell a table links to the figure's sentence, the first of these the table shows.
LINKED_COLUMNS = ("display", "quote")


def with_links(table: pd.DataFrame, hrefs: pd.Series | None, column: str) -> pd.DataFrame:
    """``table`` with its ``column`` cells linked to ``hrefs`` (one per row; None: unchanged)."""
    if hrefs is None or column not in table:
        return table
    return table.assign(**{LINK_PREFIX + column: hrefs.to_numpy()})
