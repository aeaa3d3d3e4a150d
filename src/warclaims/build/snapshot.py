"""The dataset snapshot of a build, written while its reports start.

A build validates the dataset once for all its reports (:func:`warclaims.handover.write`, in a child process
so that its memory is given back before the kernels load the snapshot). The build does not wait for it: it
marks the snapshot pending and names it in :data:`~warclaims.handover.SNAPSHOT_ENV` first, so the workers and
their kernels start, import their libraries and run up to ``warclaims.load`` meanwhile, on the other core;
``warclaims.load`` waits for the file there (:func:`warclaims.handover.read`). A dataset that does not load
gives no snapshot: every notebook then reports the problem itself.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path

from warclaims import handover
from warclaims.build.worker import atomic_write, die_with_parent


def _write(data_path: str, path: str) -> None:
    """The child process: write the snapshot; exit 1, quietly, when the dataset does not load."""
    die_with_parent()
    try:
        handover.write(data_path, Path(path))
    except Exception:  # the notebooks validate the dataset themselves and say what is wrong
        sys.exit(1)
    # The kernels start loading the file now: give its memory (GBs at a million claims) back at once,
    # rather than after Python has freed millions of objects one by one.
    os._exit(0)


class Snapshot:
    """``with Snapshot(data_path, path) as snapshot:`` run the reports; afterwards ``snapshot.seconds`` is how
    long the writing took (None when it failed), and the file, its marker and the variable are gone."""

    def __init__(self, data_path: Path, path: Path) -> None:
        self.data_path, self.path = data_path, path
        self.marker = handover.pending(path)
        self.seconds: float | None = None
        self._process: multiprocessing.Process | None = None
        self._watcher: threading.Thread | None = None

    def __enter__(self) -> Snapshot:
        self.path.unlink(missing_ok=True)
        atomic_write(self.marker, f"{os.getpid()}\n")
        os.environ[handover.SNAPSHOT_ENV] = str(self.path)
        began = time.perf_counter()
        context = multiprocessing.get_context("spawn")  # the parent has threads: no fork
        self._process = context.Process(target=_write, args=(str(self.data_path), str(self.path)), daemon=True)
        self._process.start()

        def watch() -> None:  # the marker goes as soon as the writing ends, so no kernel waits longer
            self._process.join()
            if self._process.exitcode == 0:
                self.seconds = time.perf_counter() - began
            self.marker.unlink(missing_ok=True)

        self._watcher = threading.Thread(target=watch, name="snapshot-watcher", daemon=True)
        self._watcher.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()  # interrupted: the kernels are stopped too
        if self._watcher is not None:
            self._watcher.join()
        self.marker.unlink(missing_ok=True)
        self.path.unlink(missing_ok=True)  # hundreds of MB for a large dataset; rebuilt every build
        self.path.with_name(self.path.name + ".partial").unlink(missing_ok=True)
        os.environ.pop(handover.SNAPSHOT_ENV, None)
