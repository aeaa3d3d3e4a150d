"""The dataset stage of a build: the dataset loaded and validated once, for the site's pages and the kernels.

A child process (:func:`_stage`) starts with the build, loads and validates the dataset, and sends the build
the facts every page states (:class:`~warclaims.site.facts.SiteFacts`; which reports are stale depends on
them). The build then says what else it needs:

* :meth:`Stage.write_pages_here` (no report to run): the child writes the site's pages and ends;
* :meth:`Stage.hand_over` (reports to run): the child writes what the pages read
  (:func:`warclaims.site.publish.site_subset`) for a second process (:func:`_pages`), which writes the pages
  on the other core meanwhile, and the snapshot every kernel loads (:func:`warclaims.handover.write_snapshot`)
  is written with the shared tables derived, and the child ends at once, so its memory is given back as the
  kernels load the file.

The shared tables are derived while the domain rules are checked (:class:`_Deriving`): once the tables are
typed, the child forks; the fork checks the rules and does the rest, while the child derives on the other
core, which validation alone would leave idle, and writes the snapshot only if the fork says it is wanted.

Both files are marked pending (:func:`warclaims.handover.pending`, holding the build's pid) and the snapshot
is named in :data:`~warclaims.handover.SNAPSHOT_ENV` before the child starts, so the workers and their
kernels start, import their libraries and run up to ``warclaims.load`` meanwhile, and wait there for the file;
both markers go when the child ends, however it ends. A dataset that does not load gives facts saying why,
no pages and no snapshot: every notebook then reports the problem itself.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import threading
import time
from pathlib import Path

from warclaims import handover
from warclaims.analysis import derived as derived_tables
from warclaims.build.schedule import one_line
from warclaims.build.children import ONE_THREAD, die_with_parent, inherited, single_threaded
from warclaims.build.worker import atomic_write
from warclaims.site import publish
from warclaims.site.facts import SiteFacts

#: glibc's malloc in the stage's processes (loading, checking, deriving, the pages): freed memory is kept for
#: the next allocation instead of being given back at once. Giving memory back and taking it again costs this
#: 2-core virtual machine dearly: a page touched anew takes 3-11 µs (1 GB in 0.9-3.1 s, benchmarks/page_cost.py).
#: By default glibc maps a large buffer on its own and unmaps it when it is freed (above a threshold that starts
#: at 128 KiB and climbs to 32 MB at most), and trims the top of the heap as soon as some of it is free; so the
#: stage spent 12.4-13.4 s of its 43-47 s in the kernel at a million claims, and with these values 2.8-4.9 s of
#: 32.5-36.4 s, for 50 MB more at its peak. The stage ends before the kernels load the snapshot, so this never
#: adds to the build's peak; the kernels keep their own setting (``runner.CHILD_MALLOC``). A value the user set
#: wins.
STAGE_MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(1 << 30),
                "MALLOC_TOP_PAD_": str(64 << 20)}
#: For the stage's process, which forks (:class:`_Deriving`), and its pages process.
STAGE_ENVIRONMENT = {**ONE_THREAD, **STAGE_MALLOC}
SNAPSHOT_NAME = "dataset.pickle"  # in the cache folder, removed when the build ends
SUBSET_NAME = "site.pickle"  # likewise: what the site's pages read of the dataset
PAGES, SNAPSHOT = "pages", "snapshot"


def _dump(value, path: Path) -> None:
    partial = path.with_name(path.name + ".partial")
    gc.disable()
    try:
        with partial.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        gc.enable()
    partial.replace(path)


class _NotNeeded(Exception):
    """Raised in the deriving process when its fork says no snapshot is wanted."""


class _Deriving:
    """The shared tables derived while the domain rules are checked, on the other core.

    :meth:`begin` is ``load``'s ``while_checking``: once the tables are typed, the stage forks. The fork
    returns to the rules and does everything else the stage does (the facts, the pages or the subset); the
    process the build started derives the tables meanwhile, then writes the snapshot when the fork says it
    is wanted (:meth:`needed`), or stops at once when it is not (:meth:`not_needed`: no report runs, or a
    rule failed). It ends only after its fork, so the build's markers go once everything is written, and
    a fork stopped early (out of memory) ends it with no snapshot: each kernel then validates the dataset
    itself. Without a fork (none possible), the stage derives after the rules, as one process.
    """

    def __init__(self, snapshot: Path, conn) -> None:
        self.snapshot, self.conn = snapshot, conn
        self._verdict: int | None = None  # in the fork: where it tells the deriving process whether to write
        self._deriver = os.getpid()
        self._stoppable = False  # only while deriving: a signal at any other moment changes nothing

    def _stop(self, signum, frame) -> None:
        if self._stoppable:
            raise _NotNeeded

    def begin(self, dataset) -> None:
        if not single_threaded():
            return
        previous = signal.signal(signal.SIGUSR1, self._stop)  # before the fork: it may send it at once
        try:
            read, write = os.pipe()
            pid = os.fork()
        except OSError:
            signal.signal(signal.SIGUSR1, previous)
            return
        if pid == 0:  # the fork: back to the rules, then the rest of the stage
            signal.signal(signal.SIGUSR1, previous)
            os.close(read)
            die_with_parent()
            self._verdict = write
            return
        os.close(write)
        self.conn.close()  # the fork talks to the build: if it dies, the build must read the end of it
        code = 1
        try:
            code = self._derive_then_write(dataset, read)
        finally:
            os.waitpid(pid, 0)  # its pages may still be being written: ending now would stop it (die_with_parent)
            os._exit(code)

    def _derive_then_write(self, dataset, verdict: int) -> int:
        """In the process the build started: the exit code (0: the snapshot was written, or not wanted)."""
        try:
            self._stoppable = True
            derived_tables.derive(dataset)  # kept for the dataset: write_snapshot does not derive again
            wanted = os.read(verdict, 1) == b"s"  # nothing (the fork ended) is no
            self._stoppable = False
        except _NotNeeded:
            return 0
        except Exception:  # no snapshot: each kernel validates the dataset itself
            return 1
        finally:
            self._stoppable = False
        if not wanted:
            return 0
        try:
            handover.write_snapshot(dataset, self.snapshot)
        except Exception:
            return 1
        return 0

    @property
    def forked(self) -> bool:
        """Whether this is the fork (the deriving process writes the snapshot)."""
        return self._verdict is not None

    def needed(self) -> None:
        """In the fork: the snapshot is wanted."""
        if self.forked:
            os.write(self._verdict, b"s")
            os.close(self._verdict)

    def not_needed(self) -> None:
        """In the fork: no snapshot is wanted; the deriving process stops."""
        if self.forked:
            os.close(self._verdict)
            if os.getppid() == self._deriver:  # never another process that took its pid
                os.kill(self._deriver, signal.SIGUSR1)


def _stage(data_path: str, root: str, out_dir: str, snapshot: str, subset: str, conn) -> None:
    """The child: load, send the facts, then write the pages, or the subset and the snapshot."""
    die_with_parent()
    deriving = _Deriving(Path(snapshot), conn)
    dataset, problem = publish.load_checked(Path(data_path), while_checking=deriving.begin)
    # From here on, in the fork when there is one.
    facts = publish.facts_for(Path(data_path), Path(root), dataset, problem)
    conn.send(facts.as_dict())
    order = conn.recv() if dataset is not None else None
    if order == SNAPSHOT:
        deriving.needed()
    else:
        deriving.not_needed()
    if order == PAGES:
        try:
            publish.write_pages(facts, dataset, Path(out_dir))
            conn.send("")
        except Exception as error:  # a page that cannot be written: the build says so, the reports still run
            conn.send(one_line(error))
    elif order == SNAPSHOT:
        try:
            _dump(publish.site_subset(dataset), Path(subset))
        except Exception:  # the pages process finds no file and says so
            pass
        handover.pending(Path(subset)).unlink(missing_ok=True)
        if not deriving.forked:
            try:
                handover.write_snapshot(dataset, Path(snapshot))
            except Exception:  # no snapshot: each kernel validates the dataset itself
                os._exit(1)
    # Gigabytes at a million claims: give them back at once rather than free millions of objects one by one.
    os._exit(0)


def _pages(subset: str, facts: dict, out_dir: str, log_path: str, conn) -> None:
    """The pages process: wait for the subset, write the site's pages from it, send "" or what went wrong."""
    die_with_parent()
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    handover.wait_for(Path(subset))
    try:
        with open(subset, "rb") as handle:
            gc.disable()
            try:
                dataset = pickle.load(handle)
            finally:
                gc.enable()
        publish.write_pages(SiteFacts.from_dict(facts), dataset, Path(out_dir))
        conn.send("")
    except FileNotFoundError:
        conn.send("the dataset's stage could not hand the pages their data")
    except Exception as error:
        conn.send(one_line(error))
    os._exit(0)


class Stage:
    """``with Stage(data_path, folder, out_dir, root) as stage:`` :meth:`facts`, then :meth:`write_pages_here`
    or :meth:`hand_over` and :meth:`pages_written`. Afterwards ``stage.seconds`` is how long loading and
    writing the snapshot took (None without a snapshot), and the files, markers and variable are gone."""

    def __init__(self, data_path: Path, folder: Path, out_dir: Path, root: Path) -> None:
        self.data_path, self.out_dir, self.root = data_path, out_dir, root
        self.snapshot, self.subset = folder / SNAPSHOT_NAME, folder / SUBSET_NAME
        self.seconds: float | None = None
        self._context = multiprocessing.get_context("spawn")  # the build has threads (rich): no fork
        self._conn = self._child = self._pages = self._pages_conn = self._watcher = None
        self._ordered_snapshot = False

    def __enter__(self) -> Stage:
        for path in (self.snapshot, self.subset):
            path.unlink(missing_ok=True)
            atomic_write(handover.pending(path), f"{os.getpid()}\n")
        os.environ[handover.SNAPSHOT_ENV] = str(self.snapshot)
        began = time.perf_counter()
        self._conn, theirs = self._context.Pipe()
        self._child = self._context.Process(
            target=_stage, daemon=True,
            args=(str(self.data_path), str(self.root), str(self.out_dir), str(self.snapshot), str(self.subset), theirs))
        with inherited(STAGE_ENVIRONMENT):
            self._child.start()
        theirs.close()

        def watch() -> None:  # the markers go as soon as the child ends, so nobody waits longer
            self._child.join()
            if self._child.exitcode == 0 and self._ordered_snapshot and self.snapshot.is_file():
                self.seconds = time.perf_counter() - began
            for path in (self.snapshot, self.subset):
                handover.pending(path).unlink(missing_ok=True)

        self._watcher = threading.Thread(target=watch, name="dataset-stage-watcher", daemon=True)
        self._watcher.start()
        return self

    def facts(self) -> SiteFacts | None:
        """The facts, once the dataset is validated; None when the child died first (out of memory)."""
        try:
            return SiteFacts.from_dict(self._conn.recv())
        except (EOFError, OSError):
            return None

    def write_pages_here(self) -> str:
        """No report runs: the child writes the pages; "" or what went wrong."""
        return self._order(PAGES) or self._receive(self._conn)

    def hand_over(self, facts: SiteFacts, log_path: Path) -> None:
        """Reports run: the pages are written by a process of their own while the child writes the snapshot."""
        self._ordered_snapshot = True
        problem = self._order(SNAPSHOT)
        if problem or not facts.loaded:
            return
        self._pages_conn, theirs = self._context.Pipe()
        self._pages = self._context.Process(
            target=_pages, daemon=True, args=(str(self.subset), facts.as_dict(), str(self.out_dir), str(log_path), theirs))
        with inherited(STAGE_ENVIRONMENT):
            self._pages.start()
        theirs.close()

    def pages_written(self) -> str:
        """Wait for the pages process (if any); "" or what went wrong."""
        return self._receive(self._pages_conn) if self._pages_conn is not None else ""

    def _order(self, order: str) -> str:
        try:
            self._conn.send(order)
        except (OSError, ValueError):
            return "the dataset's stage ended early"
        return ""

    @staticmethod
    def _receive(conn) -> str:
        try:
            return conn.recv()
        except (EOFError, OSError):
            return "the process writing the pages ended early"

    def __exit__(self, *exc: object) -> None:
        for process in (self._child, self._pages):
            if process is not None and process.is_alive():
                process.terminate()  # interrupted (the kernels are stopped too), or nothing more was asked
        for process in (self._child, self._pages):
            if process is not None:
                process.join()
        if self._watcher is not None:
            self._watcher.join()
        for path in (self.snapshot, self.subset):
            handover.pending(path).unlink(missing_ok=True)
            path.unlink(missing_ok=True)  # hundreds of MB for a large dataset; made anew by every build
            path.with_name(path.name + ".partial").unlink(missing_ok=True)
        os.environ.pop(handover.SNAPSHOT_ENV, None)
