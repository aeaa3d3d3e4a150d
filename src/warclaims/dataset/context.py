"""The state one validation run shares between its checks: the raw and typed tables, and the problems."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from warclaims import dates
from warclaims.dataset.model import Problem
from warclaims.dataset.read import shown_path

#: Rows named one by one for one problem in one column; the rest are counted in one more message.
ROWS_NAMED = 200


class Checks:
    """What every check reads (``raw``: the tables as strings, ``typed``: as types) and adds to (``problems``)."""

    def __init__(self, root: Path, descriptor: dict, raw: dict[str, pd.DataFrame], problems: list[Problem],
                 now: datetime):
        self.root = root
        self.descriptor = descriptor
        self.raw = raw
        self.problems = problems
        stamp = pd.Timestamp(now)
        self.now = stamp.tz_convert("UTC") if stamp.tzinfo else stamp.tz_localize("UTC")
        self.zone = dates.dataset_zone(descriptor)
        self.resources = {r["name"]: r for r in descriptor["resources"]}
        self.typed: dict[str, pd.DataFrame] = {}
        self._settled: dict[str, set[int]] = {}

    def settle(self) -> None:
        """From now on, rows that already have a problem are not flagged again: a later rule would only
        repeat the consequence of the first problem (a quote "not at offset nan")."""
        rows: dict[str, set[int]] = {}
        for problem in self.problems:
            if problem.row is not None:
                rows.setdefault(problem.file, set()).add(problem.row)
        self._settled = {table: rows[self.file(table)] for table in self.resources if self.file(table) in rows}

    def file(self, table: str) -> str:
        return shown_path(self.root / self.resources[table]["path"], self.root)

    def flag(self, table: str, mask: pd.Series, column: str | None, message, limit: int = ROWS_NAMED) -> None:
        """Add one problem per row where ``mask`` is True; ``message`` may be a function of the raw row."""
        if table in self._settled:
            mask = mask & ~mask.index.isin(list(self._settled[table]))
        rows = mask[mask].index[:limit]
        frame = self.raw[table]
        for row in rows:
            text = message(frame.loc[row]) if callable(message) else message
            self.problems.append(Problem(self.file(table), int(row), column, text))
        if mask.sum() > limit:
            self.problems.append(Problem(self.file(table), None, column, f"{int(mask.sum()) - limit} more rows with the same problem"))


def is_text(column: pd.Series, text: str) -> pd.Series:
    """``column == text`` for a column of cells as read (text, "" when empty): numpy compares a million
    objects in a few milliseconds, pandas' string comparison in tens, and a check makes a hundred."""
    return pd.Series(column.to_numpy(dtype=object) == text, index=column.index)


def isin(column: pd.Series, values) -> pd.Series:
    """``column.isin(values)`` through a hash index: pandas' Arrow-backed ``isin`` walks ``values`` in
    Python, which takes seconds when they are a million claim ids."""
    index = pd.Index(pd.unique(pd.Series(list(values) if isinstance(values, (set, frozenset)) else values, dtype=object)))
    return pd.Series(index.get_indexer(column) >= 0, index=column.index)
