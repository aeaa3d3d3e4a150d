"""The curator's review of candidate rows: an HTML listing with each quote highlighted in its sentence, and
an editable review CSV (an ``accept`` column first) written once and read back."""
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


def write_review(extraction: Extraction, claims_path: Path, events_path: Path, data_dir: Path) -> bool:
    """Write the review CSVs (accept = yes unless confidence is low) unless they exist; True when written."""
    if Path(claims_path).exists() and Path(events_path).exists():
        return False
    Path(claims_path).parent.mkdir(parents=True, exist_ok=True)
    for path, rows, table, fallback, extra in ((claims_path, extraction.claims, "claims", output.CLAIM_COLUMNS, EXTRA),
                                               (events_path, extraction.events, "ceasefire_events", output.EVENT_COLUMNS,
                                                EVENT_EXTRA)):
        marked = [{"accept": "" if r["confidence"] == "low" else "yes", **r} for r in rows]
        text = output.to_csv(marked, ["accept"] + output.header(data_dir, table, fallback) + extra)
        Path(path).write_text(text, encoding="utf-8", newline="")
    return True


def read_review(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def apply_edits(path: Path, reject=(), edit=None) -> int:
    """Set ``accept`` to empty for the ids in ``reject`` and change fields as ``edit`` says
    (``{"new003": {"subject_side": "artsakh"}}``); returns how many rows changed."""
    edit = edit or {}
    rows = read_review(path)
    if not rows or (not reject and not edit):
        return 0
    key = "claim_id" if "claim_id" in rows[0] else "event_id"
    changed = 0
    for row in rows:
        if row[key] in reject:
            row["accept"], changed = "", changed + 1
        if row[key] in edit:
            row.update(edit[row[key]])
            changed += 1
    Path(path).write_text(output.to_csv(rows, list(rows[0])), encoding="utf-8", newline="")
    return changed
