"""What loading gives: an immutable :class:`Dataset`, or a :class:`DatasetError` listing every :class:`Problem`."""
from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from warclaims import dates, paths

#: The tables of the contract, in the order they are checked and shown.
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

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        self.warnings = sorted(set(warnings), key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        super().__init__(self.report())

    def report(self, limit: int | None = None) -> str:
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [str(p) for p in shown]
        if limit is not None and len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)

    def _render_traceback_(self) -> list[str]:
        """In Jupyter: the problems, without a traceback (IPython honours this hook)."""
        return [f"DatasetError: the dataset does not validate ({len(self.problems)} problem(s)):", self.report(limit=50)]


def _table(name: str):
    def get(self: "Dataset") -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(f"this dataset has no {name} table") from None

    get.__doc__ = f"The ``{name}`` table (a DataFrame; treat it as read-only)."
    return property(get)


@dataclass(frozen=True, eq=False)
class Records:
    """Where a table's records are in the bytes of its file that were validated: a download can then copy
    the dataset's own rows, byte for byte, instead of writing them again from the parsed table.

    ``lines[k]`` is the physical line (1-based) where record ``k`` starts (the header is record 0), which is
    the index of its row in the table; the record is ``file[starts[k]:stops[k]]``, its line end included.
    ``digest`` is the SHA-256 of the file's bytes, so a reader can tell that the file still holds them.
    """

    path: str
    digest: str
    lines: np.ndarray = field(repr=False)
    starts: np.ndarray = field(repr=False)
    stops: np.ndarray = field(repr=False)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A validated dataset: one typed DataFrame per table, read-only once loaded.

    Date columns hold the start of the interval the value covers, in UTC (``<col>``), the end of that
    interval (``<col>_end``, exclusive) and the text as written (``<col>_text``). ``version`` is the hash
    of the folder's data files when it was loaded (:func:`dataset_version`). Two datasets are equal only
    when they are the same object (so derived tables can be kept per dataset, see
    :mod:`warclaims.analysis.figures`).
    """

    data_dir: Path
    descriptor: dict = field(repr=False)
    tables: MappingProxyType = field(repr=False)
    version: str = ""
    #: What validation noticed without refusing the dataset (a column the schema does not declare).
    warnings: tuple = ()
    #: Where each table's rows are in its file (:class:`Records`), for the tables whose records the reader
    #: could match to rows one for one.
    records: MappingProxyType = field(default_factory=dict, repr=False)

    sources = _table("sources")
    actors = _table("actors")
    claims = _table("claims")
    ceasefires = _table("ceasefires")
    ceasefire_events = _table("ceasefire_events")
    camps = _table("camps")
    sides = _table("sides")
    metrics = _table("metrics")
    vague_terms = _table("vague_terms")
    places = _table("places")

    def __post_init__(self) -> None:
        for name in ("tables", "records"):
            if not isinstance(getattr(self, name), MappingProxyType):
                object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def __reduce__(self):
        # A mappingproxy does not pickle; the build pickles a dataset once for all its kernels.
        return (Dataset, (self.data_dir, self.descriptor, dict(self.tables), self.version, self.warnings,
                          dict(self.records)))

    def has(self, table: str) -> bool:
        """Whether the dataset has ``table`` (the ceasefire tables may be left out of a dataset)."""
        return table in self.tables

    @property
    def timezone(self) -> str:
        """The zone of dates written without a time, as the descriptor declares it (``+04:00``, ``Europe/Kyiv``)."""
        return self.descriptor.get(dates.DESCRIPTOR_KEY, dates.DEFAULT_ZONE)

    @property
    def zone(self) -> _dt.tzinfo:
        """:attr:`timezone` as a tzinfo (see :func:`warclaims.dates.zone`)."""
        return dates.dataset_zone(self.descriptor)


def dataset_version(data_dir: str | Path | None = None, digests: dict[str, str] | None = None) -> str:
    """A short hash of the dataset's files (names and bytes), so a changed report means changed data.

    Links are not followed (a dataset may not hold any; validation refuses them). Documentation
    (``*.md``) and the dataset's own ``schedule.yml`` are left out: rewording the codebook
    or scheduling another report does not change the data. ``digests`` (a file's path inside the folder, as
    POSIX, to the SHA-256 of its bytes) gives the digests of files already read, so the version is that of the
    bytes validated, and they are not read again.
    """
    root = paths.data_dir(data_dir)
    digests = digests or {}
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix != ".md"
                         and p.name != "schedule.yml"):
        name = file.relative_to(root).as_posix()
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(bytes.fromhex(digests[name]) if name in digests else hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:12]
