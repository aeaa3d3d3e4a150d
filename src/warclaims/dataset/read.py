"""Reading a dataset's files as they are: the descriptor, and each table as strings, problems located."""
from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from warclaims.dataset.model import DatasetError, Problem, Records


def shown_path(path: Path, root: Path) -> str:
    """How a message names a file: relative to the dataset folder's parent (``data/claims.csv``)."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def inside(root: Path, relative, what: str) -> tuple[Path | None, str | None]:
    """``root / relative`` if it stays inside the dataset folder, links included; else ``(None, why)``.

    A dataset is untrusted input: a path it names may not be absolute, climb out with ``..``, or be a
    link to anything outside the folder (the Frictionless spec forbids the first two).
    """
    if not isinstance(relative, str) or not relative:
        return None, f"{what} must be a path inside the dataset folder, found {type(relative).__name__}"
    if relative.startswith(("/", "\\")) or ".." in Path(relative).parts or ":" in relative.split("/")[0]:
        return None, f"{what} {relative!r} must be a relative path inside the dataset folder (no '/' at the start, no '..')"
    path = root / relative
    try:
        resolved = path.resolve(strict=False)
        resolved.relative_to(root.resolve())
    except (ValueError, OSError):
        return None, f"{what} {relative!r} leads outside the dataset folder (through a link)"
    if path.is_symlink():
        return None, f"{what} {relative!r} is a link; archive the file itself inside the dataset folder"
    return path, None


def read_article(path: Path) -> str:
    """An archived text exactly as its bytes say: no newline translation, so offsets (``quote_start``)
    count the file's own characters, ``\\r\\n`` included."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


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
    problems = descriptor_shape(descriptor, shown)
    if problems:
        raise DatasetError(problems)
    return descriptor


def descriptor_shape(descriptor, shown: str) -> list[Problem]:
    """What a descriptor must be before anything is read with it: an object whose resources each have a
    name, a path and a schema with a list of named fields; claims, sources and actors among them."""
    if not isinstance(descriptor, dict):
        return [Problem(shown, None, None, f"expected a JSON object (a Data Package), found {type(descriptor).__name__}")]
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return [Problem(shown, None, "resources", "expected a list of resources")]
    problems = []
    for number, resource in enumerate(resources, start=1):
        where = f"resources[{number}]"
        if not isinstance(resource, dict):
            problems.append(Problem(shown, None, where, "expected an object with name, path and schema"))
            continue
        for key, kind in (("name", str), ("path", str), ("schema", dict)):
            if not isinstance(resource.get(key), kind):
                problems.append(Problem(shown, None, f"{where}.{key}", f"expected a {kind.__name__ if kind is str else 'JSON object'}, "
                                                                        f"found {type(resource.get(key)).__name__}"))
        fields = resource.get("schema", {}).get("fields") if isinstance(resource.get("schema"), dict) else None
        if isinstance(resource.get("schema"), dict) and (not isinstance(fields, list) or not all(
                isinstance(spec, dict) and isinstance(spec.get("name"), str) for spec in fields)):
            problems.append(Problem(shown, None, f"{where}.schema.fields", "expected a list of fields, each with a name"))
    names = {r.get("name") for r in resources if isinstance(r, dict)}
    missing = [t for t in ("claims", "sources", "actors") if t not in names]
    if missing:
        problems.append(Problem(shown, None, None, f"resources {missing} are missing from the descriptor"))
    return problems


def read_table(root: Path, resource: dict, problems: list[Problem],
               notices: list[Problem] | None = None, records: dict[str, Records] | None = None) -> pd.DataFrame | None:
    """Read one CSV as strings; report a missing, empty, mis-encoded or ragged file, and add a notice
    (a warning: the table is still read) for each column the schema does not declare.

    Rows are indexed by their row number in the file, the header being row 1, as a spreadsheet counts.
    When ``records`` is given, the table's :class:`~warclaims.dataset.model.Records` are put in it under the
    resource's name (when the file's records match the rows one for one).
    """
    expected = [f["name"] for f in resource["schema"]["fields"]]
    path, refused = inside(root, resource["path"], "resource path")
    if path is None:
        problems.append(Problem(shown_path(root / "datapackage.json", root), None, f"{resource['name']}.path", refused))
        return None
    shown = shown_path(path, root)
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
    if data.count(b'"') % 2:  # the file ends inside a quoted field: cut short, or a stray quote
        lines = record_spans(data)[0]
        problems.append(Problem(shown, int(lines[-1]) if len(lines) else None, None,
                                "a quoted field starting in this row is never closed (the file ends inside quotes); "
                                "is the file cut short, or is a quote inside a field not doubled (\"\")?"))
        return None
    try:
        # index_col=False: a row with one field too many must not turn the first column into an index.
        with warnings.catch_warnings():  # a ragged row is reported below, as file:row
            warnings.simplefilter("ignore", pd.errors.ParserWarning)
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=True, na_values=[], encoding="utf-8",
                                index_col=False, on_bad_lines="skip")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        problems.append(Problem(shown, _parser_error_line(str(error)), None, f"unreadable CSV: {_first_line(str(error))}"))
        return None
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        problems.append(Problem(shown, 1, None, f"header lacks column(s) {', '.join(missing)}; {_found_header(frame.columns)}"))
        return None
    problems.extend(_duplicate_columns(shown, frame.columns))
    if notices is not None:
        notices.extend(Problem(shown, 1, str(name), "column is not in the schema (datapackage.json); it is ignored")
                       for name in frame.columns if name not in expected and not re.fullmatch(r".+\.\d+", str(name)))
    lines, fields, starts, stops = record_spans(data)
    ragged = np.flatnonzero(fields != len(frame.columns))
    for line, count in zip(lines[ragged[:50]].tolist(), fields[ragged[:50]].tolist()):
        problems.append(Problem(shown, line, None, f"row has {count} field{'' if count == 1 else 's'}, the header has {len(frame.columns)}"))
    if len(ragged):
        return None
    # Rows are named by their physical line in the file (header = 1), whatever blank lines or line
    # breaks inside quoted fields come before them; should the two readers ever disagree on the records
    # (stray quotes, bare \r line ends), rows are counted from 2 as a spreadsheet would.
    agree = len(lines) - 1 == len(frame)
    frame.index = pd.Index(lines[1:] if agree else np.arange(2, len(frame) + 2), name="row")
    if agree and records is not None:
        records[resource["name"]] = Records(path.relative_to(root).as_posix(), hashlib.sha256(data).hexdigest(),
                                            lines, starts, stops)
    return frame.fillna("")


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "no data"


def _found_header(columns) -> str:
    """What the header holds, without echoing a file that is not a CSV table (it may hold anything)."""
    names = [str(c) for c in columns]
    if all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ ]{0,60}", name) for name in names) and len(names) <= 60:
        return f"found {', '.join(names)}"
    return f"found a first line of {len(names)} field(s) that are not column names; is this the right file?"


def _duplicate_columns(shown: str, columns) -> list[Problem]:
    """A column twice in the header is a problem (pandas would rename the second one ``name.1`` silently)."""
    names = [str(c) for c in columns]
    duplicated = sorted({re.sub(r"\.\d+$", "", n) for n in names if re.fullmatch(r".+\.\d+", n)
                         and re.sub(r"\.\d+$", "", n) in names})
    return [Problem(shown, 1, name, "column appears more than once in the header") for name in duplicated]


def record_spans(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each non-blank CSV record's physical line (1-based), number of fields, and first and end byte
    (``data[start:stop]`` is the record with its own line end)."""
    counts, starts, ends = _records(data)
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    line_of = np.searchsorted(newlines, starts) + 1
    keep = counts > 0
    return line_of[keep], counts[keep], starts[keep], np.minimum(ends[keep] + 1, len(data))


def _records(data: bytes, chunk: int = 1 << 24) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each record's number of fields (0 for a blank line), first byte, and the newline that ends it (the
    file's length for a last record without one).

    A delimiter or newline counts only outside quotes; a quote toggles "inside" (an escaped ``""``
    toggles twice). Chunks keep the temporary arrays small; ``inside`` carries across them.
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    if not len(raw):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
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
    return np.where(blank, 0, fields), starts, ends


def _parser_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
