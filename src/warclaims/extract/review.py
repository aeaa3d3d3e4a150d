"""The curator's review of candidate rows: an HTML listing with each quote highlighted in its sentence, and
one editable review CSV (``accept`` and ``table`` columns first, claim and ceasefire-event candidates in one
file) written once and read back; ``warclaims add REVIEW.csv`` appends its accepted rows."""
from __future__ import annotations

import csv
import html
from pathlib import Path

from warclaims.extract import output
from warclaims.extract.propose import EVENT_EXTRA, EXTRA, Extraction, sentence_of


def _highlight(text: str, start: int, quote: str) -> str:
    low, high = sentence_of(text, start)
    low, high = min(low, start), max(high, start + len(quote))
    return (html.escape(text[low:start]) + "<mark>" + html.escape(quote) + "</mark>"
            + html.escape(text[start + len(quote):high]))


def to_html(extraction: Extraction, text: str) -> str:
    """One table row per candidate: id, confidence, what is proposed, why, and the sentence with the quote marked."""
    rows = []
    for row in extraction.claims:
        proposed = (f"{output._values(row)} {row['metric']} ({row['population']}) of {row['subject_side']}, "
                    f"claimed by {row['claimant']}{' (new actor)' if row.get('claimant_name') else ''}, "
                    f"as of {row['as_of']} ({row['as_of_basis']})")
        rows.append((row["claim_id"], row["confidence"], proposed, row["why"], int(row["quote_start"]), row["quote"]))
    for row in extraction.events:
        proposed = f"{row['event']} of {row['ceasefire_id']} at {row['at']} ({row['precision']}, {row['bound']})"
        rows.append((row["event_id"], row["confidence"], proposed, row["why"], int(row["quote_start"]), row["quote"]))
    cells = "".join(
        f"<tr><td>{html.escape(i)}</td><td>{html.escape(c)}</td><td>{html.escape(p)}</td>"
        f"<td>{_highlight(text, s, q)}</td><td><small>{html.escape(w)}</small></td></tr>" for i, c, p, w, s, q in rows)
    return ("<table><thead><tr><th>id</th><th>confidence</th><th>proposed</th><th>the text (quote marked)</th>"
            f"<th>why</th></tr></thead><tbody>{cells}</tbody></table>")


def review_columns(data_dir: Path) -> list[str]:
    """The one review CSV's columns: ``accept``, ``table`` (claims or ceasefire_events), then claims.csv's columns
    and extract's, then the ceasefire_events.csv columns claims.csv lacks."""
    columns = ["accept", "table"] + output.header(data_dir, "claims", output.CLAIM_COLUMNS) + EXTRA
    for column in output.header(data_dir, "ceasefire_events", output.EVENT_COLUMNS) + EVENT_EXTRA:
        if column not in columns:
            columns.append(column)
    return columns


def write_review(extraction: Extraction, path: Path, data_dir: Path) -> bool:
    """Write the review CSV (one row per candidate, claims then events; accept = yes unless confidence is low)
    unless it exists already (so a curator's edits survive a re-run); True when written."""
    if Path(path).exists():
        return False
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    rows = [{"accept": "" if r["confidence"] == "low" else "yes", "table": table, **r}
            for table, found in (("claims", extraction.claims), ("ceasefire_events", extraction.events)) for r in found]
    Path(path).write_text(output.to_csv(rows, review_columns(data_dir)), encoding="utf-8", newline="")
    return True


def read_review(path: Path, table: str | None = None) -> list[dict]:
    """The rows of a review CSV (of one ``table`` only, when given and the file has a ``table`` column)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if table is None or r.get("table", table) == table]


def _key(row: dict) -> tuple[str, str]:
    table = row.get("table") or ("ceasefire_events" if "event_id" in row and not row.get("claim_id") else "claims")
    return table, row.get("claim_id") if table == "claims" else row.get("event_id")


def apply_edits(path: Path, reject=(), edit=None, table: str = "claims") -> int:
    """Set ``accept`` to empty for the ids of ``table`` in ``reject`` and change fields as ``edit`` says
    (``{"new003": {"subject_side": "artsakh"}}``); returns how many rows changed."""
    edit = edit or {}
    rows = read_review(path)
    if not rows or (not reject and not edit):
        return 0
    changed = 0
    for row in rows:
        kind, row_id = _key(row)
        if kind != table:
            continue
        if row_id in reject:
            row["accept"], changed = "", changed + 1
        if row_id in edit:
            row.update(edit[row_id])
            changed += 1
    Path(path).write_text(output.to_csv(rows, list(rows[0])), encoding="utf-8", newline="")
    return changed
