"""Load and validate a warclaims dataset into typed pandas frames.

The dataset's own ``datapackage.json`` (a Frictionless descriptor) drives the generic checks: required
fields, types, allowed values, patterns, unique and primary keys, foreign keys. The checks that need
the whole dataset at once (quotes verbatim at their offsets, checksums, date order, vague-term ranges)
follow. Every check is vectorized over a column so a million claims validate in seconds; frictionless
itself validates row by row, which is why it is used only as a cross-check in the tests.

Every problem found is collected, and :class:`DatasetError` reports them all at once as
``file:row:column: message``. Row numbers count the header as row 1, as a spreadsheet does.
"""
from __future__ import annotations

import csv
import gc
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from warclaims import paths

PRECISIONS = ("minute", "hour", "day", "month", "year")
_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
_STEP = {
    "minute": pd.DateOffset(minutes=1),
    "hour": pd.DateOffset(hours=1),
    "day": pd.DateOffset(days=1),
    "month": pd.DateOffset(months=1),
    "year": pd.DateOffset(years=1),
}
TABLES = ("sources", "camps", "sides", "metrics", "vague_terms", "actors", "places", "claims", "ceasefires",
          "ceasefire_events")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the dataset, located as precisely as possible."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"


class DatasetError(Exception):
    """The dataset is unusable; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        super().__init__(self.report())

    def report(self, limit: int | None = None) -> str:
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


@dataclass
class Dataset:
    """A validated dataset: one typed DataFrame per table.

    Date columns hold the start of the interval the value covers, in UTC (``<col>``), the end of that
    interval (``<col>_end``, exclusive) and the text as written (``<col>_text``).
    """

    data_dir: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(repr=False)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def version(self) -> str:
        return dataset_version(self.data_dir)

    @property
    def timezone(self) -> str:
        """UTC offset of dates written without a time (``+04:00`` for the bundled dataset)."""
        return self.descriptor.get("warclaims:timezone", "+00:00")


def dataset_version(data_dir: str | Path | None = None) -> str:
    """A short hash of the dataset's files (names and bytes), so a changed report means changed data.

    Documentation (``*.md``) is left out: rewording the codebook does not change the data.
    """
    root = paths.data_dir(data_dir)
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md"):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:12]


#: Set by ``warclaims build`` for its kernels: a validated dataset, pickled once for every report.
SNAPSHOT_ENV = "WARCLAIMS_SNAPSHOT"


def write_snapshot(data_dir: str | Path | None, path: Path) -> dict:
    """Load and validate ``data_dir``, derive the shared tables, and pickle it all to ``path``.

    Every report of a build starts from the same validated dataset and the same figures table: at a
    million claims validating takes seconds and deriving the figures as long again, for every notebook.
    A build pays that once and hands the result to its kernels through :data:`SNAPSHOT_ENV`;
    :func:`load` uses it only for the same folder with the same bytes (:func:`dataset_version`).
    Returns the snapshot's header: ``data_dir`` and ``version``.
    """
    import pickle

    from warclaims import claims

    dataset = load(data_dir)
    claims.prepare(dataset)
    header = {"data_dir": str(dataset.data_dir), "version": dataset.version}
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as handle:
        pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(dataset, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return header


def _from_snapshot(root: Path) -> Dataset | None:
    """The build's snapshot of ``root`` (see :func:`write_snapshot`), if there is one for these bytes."""
    import pickle

    snapshot = os.environ.get(SNAPSHOT_ENV, "")
    if not snapshot or not Path(snapshot).is_file():
        return None
    with open(snapshot, "rb") as handle:
        header = pickle.load(handle)
        if header.get("data_dir") != str(root) or header.get("version") != dataset_version(root):
            return None
        # Millions of small objects (the figures' list columns) would set off the cyclic garbage
        # collector again and again: 3 s instead of 9 s for a million claims.
        gc.disable()
        try:
            return pickle.load(handle)
        finally:
            gc.enable()


def load(data_dir: str | Path | None = None, *, today: datetime | None = None) -> Dataset:
    """Load and validate the dataset in ``data_dir`` (default: the bundled one).

    Inside ``warclaims build`` this returns the build's snapshot of the same bytes instead (see
    :func:`write_snapshot`); passing ``today`` (the date dates must not pass) always validates afresh.

    Raises
    ------
    DatasetError
        Listing every problem found, each as ``file:row:column: message``.
    """
    root = paths.data_dir(data_dir)
    if today is None:
        snapshot = _from_snapshot(root)
        if snapshot is not None:
            return snapshot
    descriptor = _read_descriptor(root)
    problems: list[Problem] = []
    raw: dict[str, pd.DataFrame] = {}
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    for name, resource in resources.items():
        frame = _read_table(root, resource, problems)
        if frame is not None:
            raw[name] = frame
    if problems:
        raise DatasetError(problems)

    checker = _Checker(root, descriptor, raw, problems, today or datetime.now(timezone.utc))
    tables = checker.run()
    if problems:
        raise DatasetError(problems)
    return Dataset(root, descriptor, {name: _share_strings(frame) for name, frame in tables.items()})


def _share_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Make equal texts of a repetitive column one shared string object.

    The CSV reader makes a new object per cell: a million claims hold a million copies of a dozen
    metric names. Sharing them saves most of the memory of such columns, and lets pickle store each
    text once (a build hands the loaded dataset to its kernels that way).
    """
    for name in frame.columns:
        column = frame[name]
        if not pd.api.types.is_string_dtype(column) or len(column) < 1000:
            continue
        if column.iloc[:10_000].nunique() > 5_000:  # ids and quotes: not worth hashing them all
            continue
        codes, uniques = pd.factorize(column)
        if len(uniques) <= len(column) // 2:
            shared = pd.Series(uniques.take(codes), index=column.index, dtype=column.dtype)
            frame[name] = shared.where(codes >= 0)
    return frame


def _read_descriptor(root: Path) -> dict:
    path = root / "datapackage.json"
    shown = _show(path, root)
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


def _show(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_table(root: Path, resource: dict, problems: list[Problem]) -> pd.DataFrame | None:
    """Read one CSV as strings; report a missing, empty, mis-encoded or ragged file."""
    path = root / resource["path"]
    shown = _show(path, root)
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
    # pandas pads a short row with empty strings, indistinguishable from empty fields: count fields.
    # Counting on whole arrays is exact for well-formed CSV; when it finds a short row or disagrees with
    # pandas (stray quotes, bare \r line ends), csv.reader recounts, so the messages stay exact.
    counts = _field_counts(data)
    short = []
    if (counts > 0).sum() != len(frame) + 1 or (counts[counts > 0] < len(frame.columns)).any():
        with path.open(encoding="utf-8", newline="") as handle:
            short = [(number, len(record)) for number, record in enumerate(csv.reader(handle), start=1)
                     if record and len(record) < len(frame.columns)]
    for number, fields in short[:50]:
        problems.append(Problem(shown, number, None, f"row has {fields} fields, the header has {len(frame.columns)}"))
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    return frame.fillna("")


def _field_counts(data: bytes, chunk: int = 1 << 24) -> np.ndarray:
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


def _isin(column: pd.Series, values) -> pd.Series:
    """``column.isin(values)`` through a hash index: pandas' Arrow-backed ``isin`` walks ``values`` in
    Python, which takes seconds when they are a million claim ids."""
    index = pd.Index(pd.unique(pd.Series(list(values) if isinstance(values, (set, frozenset)) else values, dtype=object)))
    return pd.Series(index.get_indexer(column) >= 0, index=column.index)


def _parser_error_line(message: str) -> int | None:
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def parse_when(text: pd.Series, precision: pd.Series, tz_offset: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse ISO 8601 values at their precision into UTC interval bounds.

    Returns ``(start, end, ok)``: ``[start, end)`` is the interval the value covers (a day-precision date
    covers that local day); ``ok`` is False where the text does not parse at its precision. A value with
    a time must carry its UTC offset; a date alone is a local date at ``tz_offset`` (e.g. ``+04:00``).
    """
    start = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us, UTC]")
    end = start.copy()
    ok = pd.Series(True, index=text.index)
    offset = pd.Timedelta(hours=int(tz_offset[:3]), minutes=int(tz_offset[0] + tz_offset[4:6]))
    present = text != ""
    for level in PRECISIONS:
        rows = present & (precision == level)
        if not rows.any():
            continue
        values = text[rows]
        if level in _FORMATS:
            local = pd.to_datetime(values, format=_FORMATS[level], errors="coerce").astype("datetime64[us]")
            parsed_start = (local - offset).dt.tz_localize("UTC")
            parsed_end = (local + _STEP[level] - offset).dt.tz_localize("UTC")
        else:
            matches = values.str.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
            parsed_start = pd.to_datetime(values.where(matches), format="%Y-%m-%dT%H:%M%z", errors="coerce", utc=True).astype("datetime64[us, UTC]")
            parsed_end = parsed_start + _STEP[level]
        start[rows] = parsed_start
        end[rows] = parsed_end
        ok[rows] = parsed_start.notna()
    ok &= ~(present & ~precision.isin(PRECISIONS))
    return start, end, ok


class _Checker:
    """The checks, table by table. Each adds Problems and builds the typed frames."""

    def __init__(self, root: Path, descriptor: dict, raw: dict[str, pd.DataFrame], problems: list[Problem], now: datetime):
        self.root = root
        self.descriptor = descriptor
        self.raw = raw
        self.problems = problems
        self.now = pd.Timestamp(now).tz_convert("UTC") if pd.Timestamp(now).tzinfo else pd.Timestamp(now, tz="UTC")
        self.tz = descriptor.get("warclaims:timezone", "+00:00")
        self.resources = {r["name"]: r for r in descriptor["resources"]}
        self.typed: dict[str, pd.DataFrame] = {}

    # -- helpers ---------------------------------------------------------------------------------
    def file(self, table: str) -> str:
        return _show(self.root / self.resources[table]["path"], self.root)

    def flag(self, table: str, mask: pd.Series, column: str | None, message, limit: int = 200) -> None:
        """Add one problem per row where ``mask`` is True; ``message`` may be a function of the row."""
        rows = mask[mask].index[:limit]
        frame = self.raw[table]
        for row in rows:
            text = message(frame.loc[row]) if callable(message) else message
            self.problems.append(Problem(self.file(table), int(row), column, text))
        if mask.sum() > limit:
            self.problems.append(Problem(self.file(table), None, column, f"{int(mask.sum()) - limit} more rows with the same problem"))

    # -- generic, from the descriptor ------------------------------------------------------------
    def run(self) -> dict[str, pd.DataFrame]:
        for name, resource in self.resources.items():
            if name in self.raw:
                self.typed[name] = self.check_schema(name, resource)
        for name, resource in self.resources.items():
            if name in self.raw:
                self.check_foreign_keys(name, resource)
        if self.problems:
            return self.typed
        self.check_sources()
        self.check_claims()
        self.check_ceasefires()
        self.check_quotes("claims")
        if "ceasefire_events" in self.typed:
            self.check_quotes("ceasefire_events")
        return self.typed

    def check_schema(self, table: str, resource: dict) -> pd.DataFrame:
        frame = self.raw[table]
        typed = frame.copy()
        for spec in resource["schema"]["fields"]:
            name = spec["name"]
            column = frame[name]
            constraints = spec.get("constraints", {})
            present = column != ""
            if constraints.get("required"):
                self.flag(table, ~present, name, f"{name} is required but empty")
            kind = spec.get("type", "string")
            if kind == "integer":
                # Parse each distinct text once (a million counts have a few thousand distinct values).
                codes, distinct = pd.factorize(column, use_na_sentinel=False)
                parsed = pd.to_numeric(pd.Series(distinct).where(distinct != ""), errors="coerce").to_numpy()
                numbers = pd.Series(parsed[codes], index=column.index)
                bad = present & (numbers.isna() | (numbers != numbers.round()))
                self.flag(table, bad, name, lambda r, n=name: f"expected a whole number, found {r[n]!r}")
                typed[name] = numbers.where(~bad).astype("Int64")
                if "minimum" in constraints:
                    below = typed[name].lt(constraints["minimum"]).fillna(False).astype(bool)
                    self.flag(table, below, name, lambda r, n=name: f"expected at least {constraints['minimum']}, found {r[n]}")
            elif kind == "boolean":
                lowered = column.str.lower()
                bad = present & ~lowered.isin(["true", "false"])
                self.flag(table, bad, name, lambda r, n=name: f"expected true or false, found {r[n]!r}")
                typed[name] = lowered.map({"true": True, "false": False}).astype("boolean")
            if "enum" in constraints:
                allowed = constraints["enum"]
                bad = present & ~column.isin(allowed)
                self.flag(table, bad, name, lambda r, n=name: f"expected one of {', '.join(allowed)}; found {r[n]!r}")
            if "pattern" in constraints:
                # Match each distinct value once: a million dates have a few thousand distinct texts.
                distinct = pd.Series(column.unique())
                matching = distinct[distinct.str.fullmatch(constraints["pattern"]).fillna(False).astype(bool)]
                bad = present & ~_isin(column, matching)
                self.flag(table, bad, name, lambda r, n=name: f"{r[n]!r} does not have the expected form {constraints['pattern']}")
            if constraints.get("unique"):
                dup = present & column.duplicated(keep="first")
                self.flag(table, dup, name, lambda r, n=name: f"{r[n]!r} is not unique (ids must be)")
            if "warclaims:precisionField" in spec:
                self.type_when(table, typed, name, spec["warclaims:precisionField"])
        return typed

    def type_when(self, table: str, typed: pd.DataFrame, name: str, precision_field: str) -> None:
        text, precision = self.raw[table][name], self.raw[table][precision_field]
        start, end, ok = parse_when(text, precision, self.tz)
        no_precision = (text != "") & (precision == "")
        self.flag(table, no_precision, precision_field, f"{name} is set, so {precision_field} is required")
        self.flag(table, ~ok & ~no_precision, name,
                  lambda r: f"{r[name]!r} is not an ISO 8601 value at precision {r[precision_field]!r} "
                            f"(year 2020, month 2020-10, day 2020-10-10, hour/minute 2020-10-10T12:00+04:00)")
        orphan = (text == "") & (precision != "")
        self.flag(table, orphan, precision_field, f"{precision_field} is set but {name} is empty")
        future = ok & (start > self.now)
        self.flag(table, future, name, lambda r: f"{r[name]!r} is in the future")
        typed[f"{name}_text"] = text
        typed[name] = start
        typed[f"{name}_end"] = end

    def check_foreign_keys(self, table: str, resource: dict) -> None:
        frame = self.raw[table]
        for fk in resource["schema"].get("foreignKeys", []):
            column, target = fk["fields"], fk["reference"]
            if target["resource"] not in self.raw:
                continue
            valid = set(self.raw[target["resource"]][target["fields"]].tolist())  # tolist: 4x faster than set(Series)
            bad = (frame[column] != "") & ~_isin(frame[column], valid)
            self.flag(table, bad, column, lambda r, c=column: f"{r[c]!r} is not a {target['fields']} in {target['resource']}.csv")
        for spec in resource["schema"]["fields"]:
            ref = spec.get("warclaims:itemReference")
            if not ref or ref["resource"] not in self.raw:
                continue
            name, delimiter = spec["name"], spec.get("warclaims:listDelimiter", "|")
            valid = set(self.raw[ref["resource"]][ref["field"]].tolist())
            items = frame[name].str.split(delimiter, regex=False).explode()
            items = items[items != ""]
            bad_rows = items[~_isin(items, valid)]
            mask = frame.index.isin(bad_rows.index)
            self.flag(table, pd.Series(mask, index=frame.index), name,
                      lambda r, n=name: f"{', '.join(i for i in r[n].split(delimiter) if i not in valid)} "
                                        f"not found in {ref['resource']}.csv {ref['field']}")

    # -- domain checks ---------------------------------------------------------------------------
    def check_sources(self) -> None:
        sources = self.typed["sources"]
        for row, source in sources.iterrows():
            path = self.root / source["text_file"]
            if not path.is_file():
                self.problems.append(Problem(self.file("sources"), int(row), "text_file", f"archived text {source['text_file']} not found"))
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest != source["sha256"]:
                self.problems.append(Problem(self.file("sources"), int(row), "sha256",
                                             f"{source['text_file']} has sha256 {digest}, the table records {source['sha256']}; "
                                             f"archived texts must never be edited"))
        inferred_without_note = (self.raw["sources"]["published_basis"] == "inferred") & (self.raw["sources"]["published_note"] == "")
        self.flag("sources", inferred_without_note, "published_note", "an inferred publication date needs its reasoning in published_note")

    def check_claims(self) -> None:
        claims, raw = self.typed["claims"], self.raw["claims"]
        low, best, high = claims["value_low"], claims["value_best"], claims["value_high"]
        qualifier = raw["qualifier"]
        self.flag("claims", (low > best).fillna(False).astype(bool), "value_best", lambda r: f"value_best {r.value_best} is below value_low {r.value_low}")
        self.flag("claims", (best > high).fillna(False).astype(bool), "value_best", lambda r: f"value_best {r.value_best} is above value_high {r.value_high}")
        self.flag("claims", (low > high).fillna(False).astype(bool), "value_high", lambda r: f"value_high {r.value_high} is below value_low {r.value_low}")
        exact = qualifier == "exact"
        self.flag("claims", exact & (best.isna() | (low != best).fillna(True) | (high != best).fillna(True)).astype(bool), "value_best",
                  "qualifier exact needs value_low = value_best = value_high")
        undisclosed = qualifier == "undisclosed"
        self.flag("claims", undisclosed & (low.notna() | best.notna() | high.notna()), "value_best",
                  "qualifier undisclosed means no figure was given: leave the values empty")
        needs_value = ~undisclosed & low.isna() & best.isna() & high.isna()
        self.flag("claims", needs_value, "value_best", lambda r: f"qualifier {r.qualifier} needs at least one value")
        vague = qualifier == "vague"
        self.flag("claims", vague & (raw["vague_term"] == ""), "vague_term", "qualifier vague needs the vague_term as written")
        self.flag("claims", ~vague & (raw["vague_term"] != ""), "qualifier", lambda r: f"vague_term {r.vague_term!r} is set, so qualifier must be vague")
        self.flag("claims", vague & best.notna(), "value_best",
                  "a vague figure keeps its range in value_low..value_high; value_best must stay empty (no invented midpoint)")
        if "vague_terms" in self.typed:
            ranges = self.typed["vague_terms"].set_index("term")
            expected_low = raw["vague_term"].map(ranges["low"])
            expected_high = raw["vague_term"].map(ranges["high"])
            wrong = vague & expected_low.notna() & ((low != expected_low).fillna(True) | (high != expected_high).fillna(True)).astype(bool)
            self.flag("claims", wrong, "value_low",
                      lambda r: f"{r.vague_term!r} maps to {ranges.loc[r.vague_term, 'low']}..{ranges.loc[r.vague_term, 'high']} "
                                f"in vague_terms.csv, found {r.value_low}..{r.value_high}")
        inferred_without_note = (raw["as_of_basis"] == "inferred") & (raw["as_of_note"] == "")
        self.flag("claims", inferred_without_note, "as_of_note", "an inferred as_of needs its reasoning in as_of_note")

        published_end = claims["source_id"].map(self.typed["sources"].set_index("source_id")["published_end"])
        late = (claims["as_of"] >= published_end).fillna(False).astype(bool)
        self.flag("claims", late, "as_of", lambda r: f"as_of {r.as_of} is after the publication of {r.source_id}")

        by_id = claims.set_index("claim_id")
        target = claims["supersedes"]
        has_target = (target != "") & _isin(target, by_id.index)
        self.flag("claims", (target == claims["claim_id"]), "supersedes", "a claim cannot supersede itself")
        earlier = target.map(by_id["as_of"])
        later_target = has_target & (earlier > claims["as_of"]).fillna(False).astype(bool)
        self.flag("claims", later_target, "supersedes", lambda r: f"{r.supersedes} is as of a later date than {r.claim_id}; supersedes must point at an earlier claim")
        different = has_target & ((target.map(by_id["metric"]) != claims["metric"]) | (target.map(by_id["subject_side"]) != claims["subject_side"]))
        self.flag("claims", different, "supersedes", lambda r: f"{r.supersedes} counts a different metric or side; a correction must count the same thing")

        keys = ["subject_side", "metric", "population", "value_low", "value_best", "value_high", "qualifier"]
        # Only figure ids on several rows can disagree; a figure is inconsistent when its rows hold more
        # than one distinct combination of the keys (drop_duplicates is ~6x faster than groupby nunique).
        shared = raw.loc[raw["figure_id"].duplicated(keep=False), ["figure_id", *keys]].drop_duplicates()
        inconsistent = _isin(raw["figure_id"], shared.loc[shared["figure_id"].duplicated(), "figure_id"])
        self.flag("claims", inconsistent, "figure_id",
                  lambda r: f"rows sharing figure_id {r.figure_id!r} must report the same figure (side, metric, population, values, qualifier)")
        repeated_in_source = claims.duplicated(["figure_id", "source_id"], keep="first")
        self.flag("claims", repeated_in_source, "figure_id", lambda r: f"figure {r.figure_id!r} is already recorded for {r.source_id}")

    def check_ceasefires(self) -> None:
        if "ceasefires" not in self.typed:
            return
        ceasefires = self.typed["ceasefires"]
        steps = [("agreed_at", "effective_at"), ("effective_at", "ended_at"), ("agreed_at", "ended_at")]
        for first, then in steps:
            wrong = (ceasefires[f"{then}_end"] <= ceasefires[first]).fillna(False).astype(bool)
            self.flag("ceasefires", wrong, then, lambda r, f=first, t=then: f"{t} {r[t]} is before {f} {r[f]}")
        raw = self.raw["ceasefires"]
        self.flag("ceasefires", (raw["ended_at"] != "") & (raw["ended_bound"] == ""), "ended_bound",
                  "ended_at is set, so ended_bound (on or not_after) is required")
        if "ceasefire_events" not in self.typed:
            return
        events = self.typed["ceasefire_events"]
        by_id = ceasefires.set_index("ceasefire_id")
        effective = events["ceasefire_id"].map(by_id["effective_at"])
        agreed = events["ceasefire_id"].map(by_id["agreed_at"])
        start = effective.fillna(agreed)
        after_start = events["event"].isin(["violation_reported", "accusation", "ended"])
        early = after_start & (events["at_end"] <= start).fillna(False).astype(bool)
        self.flag("ceasefire_events", early, "at",
                  lambda r: f"a {r.event} event at {r.at} cannot come before {r.ceasefire_id} took effect")
        published_end = events["source_id"].map(self.typed["sources"].set_index("source_id")["published_end"])
        late = (events["at"] >= published_end).fillna(False).astype(bool)
        self.flag("ceasefire_events", late, "at", lambda r: f"{r.at} is after the publication of {r.source_id}")
        # Every date in ceasefires.csv must be backed by an event (with its quote) of the same kind and
        # value; an end must also be backed with the same bound (an "ended by" cannot back an "ended on").
        raw_events = self.raw["ceasefire_events"]
        evidence = set(zip(raw_events["ceasefire_id"], raw_events["event"], raw_events["at"], raw_events["bound"]))
        raw = self.raw["ceasefires"]
        for column, kind in (("agreed_at", "agreed"), ("effective_at", "effective"), ("ended_at", "ended")):
            bounds = raw["ended_bound"] if kind == "ended" else pd.Series("on", index=raw.index)
            unbacked = (raw[column] != "") & ~pd.Series(
                [(c, kind, v, b) in evidence for c, v, b in zip(raw["ceasefire_id"], raw[column], bounds)], index=raw.index)
            self.flag("ceasefires", unbacked, column,
                      lambda r, c=column, k=kind: f"no {k} event in ceasefire_events.csv backs {c} {r[c]!r} "
                                                  f"(with the same bound) with a quote")

    def check_quotes(self, table: str) -> None:
        frame, raw = self.typed[table], self.raw[table]
        texts = {}
        for source_id, text_file in zip(self.typed["sources"]["source_id"], self.typed["sources"]["text_file"]):
            path = self.root / text_file
            if path.is_file():
                texts[source_id] = path.read_text(encoding="utf-8")
        starts = frame["quote_start"].astype("float64").fillna(-1).astype(int).tolist()
        # Plain lists: iterating a pandas string column element by element is several times slower.
        found = [
            start >= 0 and source in texts and texts[source].startswith(quote, start)
            for source, quote, start in zip(raw["source_id"].tolist(), raw["quote"].tolist(), starts)
        ]
        bad = ~pd.Series(found, index=frame.index)

        def explain(row: pd.Series) -> str:
            text = texts.get(row.source_id, "")
            elsewhere = text.find(row.quote)
            hint = f"; it occurs at {elsewhere}" if elsewhere >= 0 else "; it does not occur anywhere in the text (check curly quotes, dashes and non-breaking spaces)"
            return f"quote is not in {row.source_id}'s archived text at {row.quote_start}{hint}"

        self.flag(table, bad, "quote_start", explain)
