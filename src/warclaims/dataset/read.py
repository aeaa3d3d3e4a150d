"""Reading a dataset's files as they are: the descriptor, and each table as strings, problems located."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from warclaims.dataset.model import DatasetError, Problem


def shown_path(path: Path, root: Path) -> str:
    """How a message names a file: relative to the dataset folder's parent (``data/claims.csv``)."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_descriptor(root: Path) -> dict:
    """``datapackage.json`` as a dict; raises :class:`DatasetError` when it is missing or unreadable."""
    path = root / "datapackage.json"
    shown = shown_path(path, root)
    if not root.is_dir():
        raise DatasetError([Problem(str(root), None, None, "dataset folder not found")])
    if not path.is_file():
        raise DatasetError([Problem(shown, None, None, "file not found; a dataset needs its datapackage.json")])
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError([Problem(shown, getattr(error, "lineno", None), None, f"not valid UTF-8 JSON: {error}")])
    missing = [t for t in ("claims", "sources", "actors") if t not in {r.get("name") for r in descriptor.get("resources", [])}]
    if missing:
        raise DatasetError([Problem(shown, None, None, f"resources {missing} are missing from the descriptor")])
    return descriptor


def read_table(root: Path, resource: dict, problems: list[Problem]) -> pd.DataFrame | None:
    """Read one CSV as strings; report a missing, empty, mis-encoded or ragged file.

    Rows are indexed by their row number in the file, the header being row 1, as a spreadsheet counts.
    """
    path = root / resource["path"]
    shown = shown_path(path, root)
    expected = [f["name"] for f in resource["schema"]["fields"]]
    if not path.is_file():
        problems.append(Problem(shown, None, None, f"file not found; expected a CSV with columns {', '.join(expected)}"))
        return None
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(shown, line, None, f"not UTF-8 (byte {data[error.start]:#x} at offset {error.start}); save the file as UTF-8"))
        return None
    if not data.strip():
        problems.append(Problem(shown, None, None, f"file is empty; expected a header row: {','.join(expected)}"))
        return None
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=True, na_values=[], encoding="utf-8")
    except pd.errors.ParserError as error:
        problems.append(Problem(shown, _parser_error_line(str(error)), None, f"unreadable CSV: {error}"))
        return None
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        problems.append(Problem(shown, 1, None, f"header lacks column(s) {', '.join(missing)}; found {', '.join(frame.columns)}"))
        return None
    for number, fields in _short_rows(path, data, frame)[:50]:
        problems.append(Problem(shown, number, None, f"row has {fields} fields, the header has {len(frame.columns)}"))
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    return frame.fillna("")


def _short_rows(path: Path, data: bytes, frame: pd.DataFrame) -> list[tuple[int, int]]:
    """``(row, fields)`` of each row with fewer fields than the header.

    pandas pads a short row with empty strings, indistinguishable from empty fields: count fields.
    Counting on whole arrays is exact for well-formed CSV; when it finds a short row or disagrees with
    pandas (stray quotes, bare \\r line ends), csv.reader recounts, so the messages stay exact.
    """
    counts = field_counts(data)
    if (counts > 0).sum() == len(frame) + 1 and not (counts[counts > 0] < len(frame.columns)).any():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [(number, len(record)) for number, record in enumerate(csv.reader(handle), start=1)
                if record and len(record) < len(frame.columns)]


def field_counts(data: bytes, chunk: int = 1 << 24) -> np.ndarray:
    """Number of fields of each record of CSV bytes (0 for a blank line), counted on whole arrays.

    A delimiter or newline counts only outside quotes; a quote toggles "inside" (an escaped ``""``
    toggles twice). Chunks keep the temporary arrays small; ``inside`` carries across them.
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    if not len(raw):
        return np.zeros(0, dtype=np.int64)
    ends, commas_before, commas, inside = [], [], 0, False
    for low in range(0, len(raw), chunk):
        part = raw[low: low + chunk]
        quoted = np.bitwise_xor.accumulate(part == ord('"'))
        if inside:
            np.logical_not(quoted, out=quoted)
        inside = bool(quoted[-1])
        np.logical_not(quoted, out=quoted)  # now: outside quotes
        delimiters = np.flatnonzero((part == ord(",")) & quoted)
        newlines = np.flatnonzero((part == ord("\n")) & quoted)
        ends.append(newlines + low)
        commas_before.append(commas + np.searchsorted(delimiters, newlines))
        commas += len(delimiters)
    ends, commas_before = np.concatenate(ends or [[]]).astype(np.int64), np.concatenate(commas_before or [[]]).astype(np.int64)
    if len(raw) and raw[-1] != ord("\n"):  # last record without a final newline
        ends, commas_before = np.append(ends, len(raw)), np.append(commas_before, commas)
    starts = np.r_[0, ends[:-1] + 1]
    length = ends - starts
    blank = (length == 0) | ((length == 1) & (raw[np.minimum(starts, len(raw) - 1)] == ord("\r")))
    fields = np.diff(np.r_[0, commas_before]) + 1
    return np.where(blank, 0, fields)


def _parser_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
