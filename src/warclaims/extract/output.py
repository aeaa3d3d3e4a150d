"""Write candidate rows as CSV (claims.csv's and ceasefire_events.csv's columns plus confidence and why)
and print a readable summary for the terminal. Same rows -> same bytes."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from warclaims.extract.propose import EVENT_EXTRA, EXTRA, Extraction

CLAIM_COLUMNS = ["claim_id", "figure_id", "source_id", "claimant", "subject_side", "metric", "population", "value_low",
                 "value_best", "value_high", "qualifier", "vague_term", "as_of", "as_of_precision", "as_of_basis",
                 "as_of_note", "cumulative", "quote", "quote_start", "status", "supersedes", "notes"]
EVENT_COLUMNS = ["event_id", "ceasefire_id", "event", "at", "precision", "bound", "claimant", "accused", "source_id",
                 "quote", "quote_start", "notes"]


def header(data_dir: Path, table: str, fallback: list[str]) -> list[str]:
    """The column names of the dataset's own ``table`` CSV (a dataset may add columns), else ``fallback``."""
    path = Path(data_dir) / f"{table}.csv"
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as handle:
            first = next(csv.reader(handle), None)
        if first:
            return first
    return fallback


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buffer.getvalue()


def events_path(out: Path) -> Path:
    """Where the events go beside ``out``: ``cands.csv`` -> ``cands.events.csv``."""
    return out.with_name(out.stem + ".events" + (out.suffix or ".csv"))


def write(extraction: Extraction, out: Path, data_dir: Path) -> tuple[Path, Path]:
    claims = to_csv(extraction.claims, header(data_dir, "claims", CLAIM_COLUMNS) + EXTRA)
    events = to_csv(extraction.events, header(data_dir, "ceasefire_events", EVENT_COLUMNS) + EVENT_EXTRA)
    out.write_text(claims, encoding="utf-8", newline="")
    second = events_path(out)
    second.write_text(events, encoding="utf-8", newline="")
    return out, second


def _values(row: dict) -> str:
    if row["qualifier"] == "undisclosed":
        return "not disclosed"
    if row["qualifier"] == "vague":
        return f"{row['value_low']}-{row['value_high']} ('{row['vague_term']}')"
    if row["value_best"]:
        return ("~" if row["qualifier"] == "approx" else "") + row["value_best"]
    if row["value_low"] and row["value_high"]:
        return f"{row['value_low']}-{row['value_high']}"
    return (">=" + row["value_low"]) if row["value_low"] else ("<=" + row["value_high"])


def summary(extraction: Extraction, source_id: str) -> str:
    """A plain-text listing of what was proposed, for the terminal."""
    lines = [f"{source_id}: {len(extraction.claims)} claim candidate(s), {len(extraction.events)} ceasefire event "
             f"candidate(s), {len(extraction.skipped)} number(s) or silence(s) not proposed", ""]
    for row in extraction.claims:
        claimant = row["claimant"] + (" (new actor)" if row.get("claimant_name") else "")
        lines.append(f"{row['claim_id']} [{row['confidence']}] {_values(row)} {row['metric']} {row['population']} "
                     f"of {row['subject_side']}, claimed by {claimant}, as of {row['as_of']} ({row['as_of_basis']})")
        lines.append(f"    @{row['quote_start']}: {row['quote'][:110]}")
    if extraction.events:
        lines.append("")
    for row in extraction.events:
        lines.append(f"{row['event_id']} [{row['confidence']}] {row['event']} {row['ceasefire_id']}"
                     f"{' (new ceasefire)' if row.get('new_ceasefire') else ''} at {row['at']} ({row['bound']})")
        lines.append(f"    @{row['quote_start']}: {row['quote'][:110]}")
    if extraction.skipped:
        lines.append("")
        lines.append("not proposed: " + "; ".join(f"'{s['text']}' @{s['quote_start']} ({s['reason']})" for s in extraction.skipped))
    return "\n".join(lines) + "\n"
