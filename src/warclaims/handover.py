"""How ``warclaims build`` hands one validated dataset to every report it runs.

At a million claims, validating takes seconds and deriving the figures table as long again, for every
notebook. A build pays that once: :func:`write` loads and validates the dataset, derives its shared tables
(:func:`warclaims.analysis.derived.derive`) and pickles both to a *snapshot* file. The build then tells its
kernels where the file is through the environment variable :data:`SNAPSHOT_ENV` (a notebook's only way to
receive it, since papermill passes parameters, not objects). :func:`load`, which is ``warclaims.load``,
uses the snapshot only for the same folder holding the same bytes (:func:`warclaims.dataset.dataset_version`);
anything else, or ``today=``, validates afresh.

This module is the only place that knows the file's format: a header ``{"data_dir", "version"}``, then the
:class:`~warclaims.dataset.Dataset` and its :class:`~warclaims.analysis.derived.Derived` tables in one pickle, so
a text the figures share with the claims is stored (and, in a kernel, held) once.

A build may start its kernels while the snapshot is still being written: it then creates
``<snapshot>.pending`` (holding the build's pid) first, and removes it when the writing ends, well or not.
:func:`read` waits while that marker is there and the build that wrote it runs.
"""
from __future__ import annotations

import gc
import os
import pickle
import time
import weakref
from datetime import datetime
from pathlib import Path

from warclaims import paths
from warclaims.analysis import derived as derived_tables
from warclaims.dataset import Dataset, dataset_version
from warclaims.dataset import load as validate_and_load

#: Set by ``warclaims build`` for its kernels: the path of the build's snapshot file.
SNAPSHOT_ENV = "WARCLAIMS_SNAPSHOT"
#: Beside the snapshot while it is being written: ``<snapshot>.pending``, holding the build's pid.
PENDING_SUFFIX = ".pending"
_FROM_SNAPSHOT: "weakref.WeakSet[Dataset]" = weakref.WeakSet()
#: In a build's kernel zygote (:mod:`warclaims.build.zygote`): the snapshot it read before forking its kernels,
#: as (snapshot path, data folder, version, dataset).
_PRELOADED: tuple[str, str, str, Dataset] | None = None


def write(data_dir: str | Path | None, path: Path) -> dict:
    """Load and validate ``data_dir``, derive its shared tables, and pickle them to ``path`` atomically.

    Returns the snapshot's header: ``data_dir`` (resolved) and ``version``. Raises
    :class:`~warclaims.dataset.DatasetError` for a dataset that does not validate (no file is written).
    """
    return write_snapshot(validate_and_load(data_dir), path)


def write_snapshot(dataset: Dataset, path: Path) -> dict:
    """Derive the shared tables of a validated ``dataset`` and pickle both to ``path`` atomically (see
    :func:`write`)."""
    derived = derived_tables.derive(dataset)
    header = {"data_dir": str(dataset.data_dir), "version": dataset.version}
    partial = path.with_name(path.name + ".partial")
    gc.disable()  # millions of objects: the collector would run again and again while pickling
    try:
        with partial.open("wb") as handle:
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((dataset, derived), handle, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        gc.enable()
    partial.replace(path)
    return header


def pending(snapshot: Path) -> Path:
    """The marker that says ``snapshot`` is being written (see the module docstring)."""
    return snapshot.with_name(snapshot.name + PENDING_SUFFIX)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    return True


def wait_for(path: Path) -> None:
    """Wait while ``path`` (a snapshot, or another file a build hands on the same way) is being written by a
    build that still runs: while it is missing and its :func:`pending` marker names a live process."""
    marker = pending(path)
    while not path.is_file():
        try:
            pid = int(marker.read_text(encoding="utf-8").strip() or 0)
        except (OSError, ValueError):
            return  # no marker (the writing ended) or an unreadable one: do not wait
        if not pid or not _alive(pid):
            return
        time.sleep(0.1)


def preload(data_dir: str | Path | None) -> None:
    """Read the snapshot named by :data:`SNAPSHOT_ENV` for ``data_dir`` now (waiting while it is written), so
    that :func:`read` in a process forked from this one finds it loaded."""
    global _PRELOADED
    snapshot = os.environ.get(SNAPSHOT_ENV, "")
    dataset = read(data_dir, snapshot) if snapshot else None
    if dataset is not None:
        _PRELOADED = (str(Path(snapshot)), str(paths.data_dir(data_dir)), dataset.version, dataset)


def read(data_dir: str | Path | None, snapshot: str | Path) -> Dataset | None:
    """The dataset in ``snapshot`` if it was written for ``data_dir`` with the same bytes, else None."""
    root = paths.data_dir(data_dir)
    snapshot = Path(snapshot)
    if (_PRELOADED is not None and _PRELOADED[:2] == (str(snapshot), str(root))
            and _PRELOADED[2] == dataset_version(root)):
        return _PRELOADED[3]
    wait_for(snapshot)
    if not snapshot.is_file():
        return None
    try:
        with snapshot.open("rb") as handle:
            header = pickle.load(handle)
            if (not isinstance(header, dict) or header.get("data_dir") != str(root)
                    or header.get("version") != dataset_version(root)):
                return None
            # Millions of small objects (the figures' list columns) would set off the cyclic garbage
            # collector again and again: 3 s instead of 9 s for a million claims.
            gc.disable()
            try:
                stored = pickle.load(handle)
            finally:
                gc.enable()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # cut short, or written by another version: validate afresh
    if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], Dataset)
            and isinstance(stored[1], derived_tables.Derived)):
        return None
    dataset, derived = stored
    derived_tables.remember(dataset, derived)
    _FROM_SNAPSHOT.add(dataset)
    return dataset


def from_snapshot(dataset: Dataset) -> bool:
    """Whether ``dataset`` was read from a build's snapshot (for a build's logs and tests)."""
    return dataset in _FROM_SNAPSHOT


def load(data_dir: str | Path | None = None, *, today: datetime | None = None,
         snapshot: str | Path | None = None) -> Dataset:
    """Load and validate the dataset in ``data_dir`` (default: the bundled one, see :mod:`warclaims.paths`).

    Parameters
    ----------
    data_dir
        The dataset folder (holding ``datapackage.json``).
    today
        Dates must not be after this moment (default: now). Passing it always validates afresh.
    snapshot
        A file written by :func:`write` for this dataset; default: the one named by :data:`SNAPSHOT_ENV`,
        which ``warclaims build`` sets for its kernels. Used only when it matches the folder's bytes.

    Raises
    ------
    warclaims.DatasetError
        Listing every problem found, each as ``file:row:column: message``.
    """
    if today is None:
        snapshot = snapshot or os.environ.get(SNAPSHOT_ENV, "")
        if snapshot:
            dataset = read(data_dir, snapshot)
            if dataset is not None:
                return dataset
    return validate_and_load(data_dir, today=today)
