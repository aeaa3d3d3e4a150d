"""``warclaims add``: append the rows a curator accepted to the dataset, then validate.

The input is the one review CSV that notebooks/curate.ipynb writes (a ``table`` column says which rows are
claims and which ceasefire events), or the two CSVs of ``warclaims extract --out`` (claims, events). The
accepted rows get new ids; a claim shares the ``figure_id`` of a row from another source that reports
the same figure (side, metric, population, values, qualifier, as of the same date); a new claimant becomes an
actor and a new ceasefire a ceasefires row. Everything is written to a copy of the dataset first and
validated there: if the copy does not validate, nothing is written and every problem is reported as
``file:row:column: message``.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ACCEPT = {"yes", "y", "true", "1", "x", "accept", "accepted"}
NEW = "\0new"  # marks an appended row inside merge()
FIGURE_KEYS = ("subject_side", "metric", "population", "value_low", "value_best", "value_high", "qualifier")


class AddError(Exception):
    """Bad input to ``warclaims add`` (not a dataset problem): one clear message."""


@dataclass
class Added:
    claims: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    ceasefires: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), [dict(r) for r in reader]


def _append_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Append ``rows`` to the CSV at ``path``, leaving its existing bytes as they are."""
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writerows({c: (r.get(c) or "") for c in columns} for r in rows)
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + buffer.getvalue(), encoding="utf-8", newline="")


def next_ids(existing: list[str], count: int, default_prefix: str) -> list[str]:
    """``count`` new ids following the dataset's own pattern (c025 -> c026, e21 -> e22)."""
    numbered = [re.fullmatch(r"([a-z_]*?)(\d+)", i) for i in existing]
    numbered = [m for m in numbered if m]
    prefix, width, top = default_prefix, 3, 0
    if numbered:
        prefixes = [m.group(1) for m in numbered]
        prefix = max(set(prefixes), key=lambda p: (prefixes.count(p), p))
        same = [m for m in numbered if m.group(1) == prefix]
        width, top = max(len(m.group(2)) for m in same), max(int(m.group(2)) for m in same)
    taken, ids, n = set(existing), [], top
    while len(ids) < count:
        n += 1
        candidate = f"{prefix}{n:0{width}d}"
        if candidate not in taken:
            ids.append(candidate)
    return ids


def accepted(rows: list[dict], columns: list[str]) -> list[dict]:
    if "accept" not in columns:
        return rows
    return [r for r in rows if str(r.get("accept", "")).strip().lower() in ACCEPT]


def _shared_figure(row: dict, claims: list[dict]) -> str:
    for other in claims:
        if other["source_id"] != row["source_id"] and all(other.get(k, "") == row.get(k, "") for k in FIGURE_KEYS) \
                and other.get("as_of", "") == row.get("as_of", "") and row.get("qualifier") != "undisclosed":
            return other["figure_id"]
    return ""


def merge(data_dir: Path, reviewed: list[Path]) -> tuple[dict[str, tuple[list[str], list[dict]]], Added]:
    """The dataset's tables and, per table, the accepted rows to append (nothing written)."""
    tables = {name: read_csv(data_dir / f"{name}.csv") for name in ("claims", "actors", "ceasefire_events", "ceasefires")
              if (data_dir / f"{name}.csv").is_file()}
    added = Added()
    for path in reviewed:
        columns, rows = read_csv(path)
        if "table" in columns:  # one review CSV with both kinds of candidate (notebooks/curate.ipynb writes it)
            _add_mixed(path, tables, accepted(rows, columns), added)
        elif "event" in columns and "ceasefire_id" in columns:
            _add_events(tables, accepted(rows, columns), added)
        elif "metric" in columns and "claimant" in columns:
            _add_claims(tables, accepted(rows, columns), added)
        else:
            raise AddError(f"{path}: neither claims nor ceasefire_events candidates (expected the columns written by warclaims extract)")
    return tables, added


def _add_mixed(path: Path, tables, rows: list[dict], added: Added) -> None:
    known = ("claims", "ceasefire_events")
    for row in rows:
        if row.get("table") not in known:
            raise AddError(f"{path}: an accepted row has table {row.get('table')!r}; expected claims or ceasefire_events")
    claims = [r for r in rows if r["table"] == "claims"]
    events = [r for r in rows if r["table"] == "ceasefire_events"]
    if claims:
        _add_claims(tables, claims, added)
    if events:
        _add_events(tables, events, added)


def _add_claims(tables, rows: list[dict], added: Added) -> None:
    columns, claims = tables["claims"]
    actor_columns, actors = tables["actors"]
    known_actors = {a["actor_id"] for a in actors}
    for row, new_id in zip(rows, next_ids([c["claim_id"] for c in claims], len(rows), "c")):
        row = {c: row.get(c, "") for c in columns}
        row["claim_id"] = new_id
        row["figure_id"] = _shared_figure(row, claims) or new_id
        claims.append({**row, NEW: True})
        added.claims.append(new_id)
    for row in rows:
        if row.get("claimant") and row["claimant"] not in known_actors and row.get("claimant_name"):
            actors.append({NEW: True, "actor_id": row["claimant"], "name": row["claimant_name"], "side": row.get("claimant_side", ""),
                           "kind": row.get("claimant_kind", ""), "aliases": row.get("claimant_name", ""),
                           "notes": "Added by warclaims add from a curated extract."})
            known_actors.add(row["claimant"])
            added.actors.append(row["claimant"])


def _add_events(tables, rows: list[dict], added: Added) -> None:
    if "ceasefire_events" not in tables:
        raise AddError("this dataset has no ceasefire_events.csv to add events to")
    columns, events = tables["ceasefire_events"]
    cf_columns, ceasefires = tables["ceasefires"]
    known = {c["ceasefire_id"] for c in ceasefires}
    for row, new_id in zip(rows, next_ids([e["event_id"] for e in events], len(rows), "e")):
        events.append({**{c: row.get(c, "") for c in columns}, "event_id": new_id, NEW: True})
        added.events.append(new_id)
    for row in rows:
        cid = row["ceasefire_id"]
        if cid and cid not in known:
            agreed = next((r for r in rows if r["ceasefire_id"] == cid and r["event"] == "agreed" and r["bound"] == "on"), None)
            ceasefires.append({NEW: True, "ceasefire_id": cid, "name": f"Ceasefire {cid} (proposed by warclaims extract; name it)",
                               "kind": "other", "agreed_at": agreed["at"] if agreed else "",
                               "agreed_precision": agreed["precision"] if agreed else "", "end_type": "unknown",
                               "source_ids": row["source_id"], "notes": "Added by warclaims add; check its dates."})
            known.add(cid)
            added.ceasefires.append(cid)


def add(data_dir: Path, reviewed: list[Path]) -> Added:
    """Append the accepted rows of ``reviewed`` to ``data_dir`` if the result validates; else write nothing."""
    from warclaims import DatasetError, load

    data_dir = Path(data_dir).resolve()
    tables, added = merge(data_dir, reviewed)
    with tempfile.TemporaryDirectory(prefix="warclaims-add-") as scratch:
        copy = Path(scratch) / data_dir.name  # same folder name, so problems read as they would for the real one
        shutil.copytree(data_dir, copy)
        changed = {name: (columns, [r for r in rows if r.get(NEW)]) for name, (columns, rows) in tables.items()}
        changed = {name: value for name, value in changed.items() if value[1]}
        for name, (columns, rows) in changed.items():
            _append_csv(copy / f"{name}.csv", columns, rows)
        try:
            load(copy)
        except DatasetError as error:
            added.problems = [str(p) for p in error.problems]
            return added
        for name in changed:
            partial = data_dir / f".{name}.csv.partial"
            shutil.copyfile(copy / f"{name}.csv", partial)
            partial.replace(data_dir / f"{name}.csv")
    return added
