"""What is worked out once from a shared, read-only frame (a Dataset's tables, its figures), for as long as
the frame lives: a kernel then pays each pass over a million rows once, not in every view or download."""
from __future__ import annotations

import weakref
from typing import Callable, TypeVar

import pandas as pd

T = TypeVar("T")
_kept_for: dict[int, tuple] = {}  # id of a frame -> (weak reference to it, what was worked out from it)


def kept(frame: pd.DataFrame, what: str, compute: Callable[[], T]) -> T:
    """``compute()`` the first time ``what`` is asked of ``frame``, the same value afterwards. The frame must
    not change meanwhile (a Dataset's tables and derived tables are read-only)."""
    key = id(frame)
    entry = _kept_for.get(key)
    if entry is None or entry[0]() is not frame:
        def forget(ref, key=key):
            if _kept_for.get(key, (None,))[0] is ref:
                del _kept_for[key]

        entry = _kept_for[key] = (weakref.ref(frame, forget), {})
    if what not in entry[1]:
        entry[1][what] = compute()
    return entry[1][what]


def rows_of(frame: pd.DataFrame, column: str, keys) -> "np.ndarray":
    """The positions in ``frame`` of the first row holding each of ``keys`` in ``column``, in the keys'
    order, each key once (keys not found are left out); the index of ``column`` it takes is made once per
    frame (see :func:`kept`), so asking for a few rows of a million costs no pass over them all."""
    import numpy as np

    def index():
        values = frame[column]
        first = ~values.duplicated().to_numpy()
        return np.flatnonzero(first), pd.Index(values.to_numpy()[first])

    first, known = kept(frame, f"first rows by {column}", index)
    at = known.get_indexer(pd.unique(np.asarray(keys, dtype=object)))
    return first[at[at >= 0]]
