"""The build: check the schedule, skip what is up to date, hand the kernels one validated dataset, run
the pool, write the site.

:func:`build` runs its steps in order: select the entries (:func:`_select`), take the output folder
(:func:`warclaims.build.cache.exclusive`), leave out the reports whose inputs and pages are unchanged
(:mod:`warclaims.build.cache`), run one :func:`~warclaims.build.worker.build_one` per remaining entry in a
pool of processes (:func:`_run_jobs`) while the dataset snapshot the kernels load is written
(:mod:`warclaims.build.snapshot`, :mod:`warclaims.handover`), then record each entry's state, write index.html and ``build.log`` (in
the cache folder), and print a summary line.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from warclaims import paths
from warclaims.build import cache
from warclaims.build.index import index_page
from warclaims.build.schedule import Entry, ScheduleError, load_schedule, one_line, shown
from warclaims.build.snapshot import Snapshot
from warclaims.build.worker import Job, Result, atomic_write, build_one, init_worker
from warclaims.dataset import dataset_version
from warclaims.site import publish

SNAPSHOT_NAME = "dataset.pickle"  # in the cache folder, removed when the build ends
#: Exit code when another build is writing the same output folder.
BUSY = 3


class _Reporter:
    """Progress: a rich bar on a terminal, one plain line per finished report otherwise."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.progress = None
        if sys.stdout.isatty():
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                       TextColumn, TimeElapsedColumn)

            self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn())
            self.task = self.progress.add_task("building reports", total=total)

    def __enter__(self) -> _Reporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def running(self, names: list[str]) -> None:
        if self.progress:
            self.progress.update(self.task, description=", ".join(names) or "done")

    def unchanged(self, name: str) -> None:
        self.done += 1
        self._line(f"[{self.done}/{self.total}] {name} unchanged")

    def finished(self, result: Result) -> None:
        self.done += 1
        seconds = sum(result.timings.values())
        line = f"[{self.done}/{self.total}] {result.name} {'built' if result.ok else 'FAILED'} {seconds:.1f}s"
        if not result.ok:
            line += f": {result.error}"
        self._line(line)

    def _line(self, line: str) -> None:
        if self.progress:
            self.progress.console.print(line, markup=False, highlight=False)
            self.progress.advance(self.task)
        else:
            print(line, flush=True)


def _run_jobs(jobs: list[Job], workers: int, bundle_js: str, log_path: Path, reporter: _Reporter) -> list[Result]:
    """Build every job in a pool of ``workers`` processes; the results in the jobs' order."""
    results: dict[str, Result] = {}
    # spawn, not fork: the parent has rich's refresh thread running, and forking a threaded process
    # can deadlock the child.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=init_worker,
        initargs=(bundle_js, str(log_path)),
    ) as pool:
        futures = {pool.submit(build_one, job): job.entry.name for job in jobs}
        pending = set(futures)
        try:
            _collect(futures, pending, workers, results, reporter)
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: stop the workers now (their kernels follow), rather than wait for the
            # reports under way; their pages are written atomically, so none is left half-written.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        reporter.running([])
    return [results[job.entry.name] for job in jobs]


def _collect(futures: dict, pending: set, workers: int, results: dict, reporter: _Reporter) -> None:
    """Wait for the reports one by one, recording and showing each result as it comes."""
    while pending:
        # Submitted in order and taken in order, so the first `workers` pending ones are running.
        reporter.running([futures[f] for f in futures if f in pending][:workers])
        done, pending = concurrent.futures.wait(pending, return_when="FIRST_COMPLETED")
        for future in done:
            name = futures[future]
            try:
                result = future.result()
            except Exception as error:  # a worker died (e.g. out of memory)
                result = Result(name, ok=False, error=f"{type(error).__name__}: {error}")
            results[name] = result
            reporter.finished(result)


def _run_with_snapshot(job_list: list[Job], workers: int, data_path: Path, build_dir: Path, bundle_js: str,
                       reporter: _Reporter) -> tuple[list[Result], float | None]:
    """Run the jobs while the dataset snapshot is written for them (see :mod:`warclaims.build.snapshot`);
    the results and the seconds the snapshot took."""
    if not job_list:
        return [], None
    worker_log = build_dir / "workers.log"  # kernels' stderr, this build only
    worker_log.write_text("")
    if len(job_list) == 1:  # one report gains nothing from a snapshot: its kernel would validate the dataset anyway
        return _run_jobs(job_list, workers, bundle_js, worker_log, reporter), None
    with Snapshot(data_path, build_dir / SNAPSHOT_NAME) as snapshot:
        results = _run_jobs(job_list, workers, bundle_js, worker_log, reporter)
    return results, snapshot.seconds


def _select(schedule: Path, root: Path, only: list[str] | None, data_dir: str | None,
            memo: cache.Memo) -> tuple[list[Entry], list[Entry]] | None:
    """Every entry of the schedule and those to build; None (problems printed) when either is invalid."""
    required = ("data_dir",) if data_dir else ()
    try:
        entries = load_schedule(schedule, root, required, memo.declared_parameters)
    except ScheduleError as error:
        print("\n".join(error.problems), file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in the schedule; nothing was built", file=sys.stderr)
        return None
    names = [entry.name for entry in entries]
    unknown = sorted(set(only or ()) - set(names))
    if unknown:
        print(f"{shown(schedule)}: no report named {', '.join(unknown)} (--only); "
              f"known: {', '.join(names)}", file=sys.stderr)
        return None
    return entries, [entry for entry in entries if not only or entry.name in only]


def _dataset_version(data_path: Path) -> str:
    """The dataset's version for index.html and build.log, or why there is none."""
    try:
        return dataset_version(data_path)
    except Exception as error:  # a broken dataset fails the notebooks too; say so, don't crash
        return f"unknown ({one_line(error)})"


def _write_log(path: Path, summary: str, job_list: list[Job], results: list[Result], reasons: dict[str, str]) -> None:
    """build.log: the timings that pages must not carry, one line per report under a summary."""
    lines = [summary]
    by_name = {r.name: r for r in results}
    for job in job_list:
        r = by_name.get(job.entry.name)
        if r is None:
            lines.append(f"  {job.entry.name}: unchanged")
            continue
        steps = " ".join(f"{step}={seconds:.2f}s" for step, seconds in r.timings.items())
        lines.append(f"  {r.name}: {'built' if r.ok else 'failed'} {steps}; why: {reasons[r.name]}"
                     + (f" | {r.error}" if r.error else ""))
    atomic_write(path, "\n".join(lines) + "\n")


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``path`` atomically, unless it already holds ``text`` (an unchanged build touches nothing)."""
    try:
        if path.read_bytes() == text.encode("utf-8"):
            return
    except OSError:
        pass
    atomic_write(path, text)


def _why_built(job_list: list[Job], records: dict[str, dict], version: str, bundle_digest: str, out_dir: Path,
               force: bool, chrome_digest: str) -> tuple[dict[str, dict], dict[str, str]]:
    """Each report's inputs, and why it is built this time (empty when its inputs and pages are unchanged)."""
    shared = {**cache.shared_inputs(version, bundle_digest), "site": chrome_digest}
    inputs = {job.entry.name: cache.report_inputs(job.entry, job.parameters, shared) for job in job_list}
    return inputs, {job.entry.name: "--force" if force else
                    cache.why_stale(records.get(job.entry.name), inputs[job.entry.name], job.entry, out_dir)
                    for job in job_list}


def _chart_bundle() -> str:
    """The chart bundle (:func:`warclaims.offline.vega_loader_js`): importing altair and vl-convert takes 1-2 s."""
    from warclaims import offline

    return offline.vega_loader_js()


def _plan(job_list: list[Job], records: dict[str, dict], version: str, memo: cache.Memo, out_dir: Path,
          force: bool, chrome_digest: str) -> tuple[dict[str, dict], dict[str, str], str]:
    """:func:`_why_built`, and the chart bundle (altair and vl-convert), loaded only when a report is built:
    until then the memo's digest of it stands for it, and a build that loads it checks that digest."""
    key = cache.bundle_key()
    remembered = memo.bundle_digest(key)
    bundle_js = "" if remembered else _chart_bundle()
    inputs, reasons = _why_built(job_list, records, version, remembered or cache.digest(bundle_js), out_dir, force,
                                 chrome_digest)
    if remembered and any(reasons.values()):
        bundle_js = _chart_bundle()
        if cache.digest(bundle_js) != remembered:  # made anew from the same versions: every page embeds it
            inputs, reasons = _why_built(job_list, records, version, cache.digest(bundle_js), out_dir, force,
                                         chrome_digest)
    memo.save(key, cache.digest(bundle_js) if bundle_js else None)
    return inputs, reasons, bundle_js


def build(schedule: Path, out_dir: Path, *, root: Path, jobs: int | None = None,
          only: list[str] | None = None, data_dir: str | None = None, force: bool = False,
          cache_dir: str | os.PathLike[str] | None = None) -> int:
    """Build the reports of ``schedule`` into ``out_dir``, those whose inputs or pages changed.

    Parameters
    ----------
    schedule : Path
        The schedule YAML file.
    out_dir : Path
        Where ``<name>.html``, ``index.html`` and the notebooks the schedule publishes go; nothing else.
    root : Path
        Project root: notebook paths are relative to it and kernels run in it.
    jobs : int, optional
        Worker processes (default: the number of CPUs).
    only : list of str, optional
        Build only these entries (index.html still lists all of them).
    data_dir : str, optional
        Passed to every notebook as parameter ``data_dir`` (resolved against the cwd).
    force : bool
        Build every selected entry, even one whose inputs and pages are unchanged.
    cache_dir : path, optional
        The cache folder (state, ``build.log``, executed notebooks, snapshot); default
        :func:`warclaims.build.cache.folder_for`.

    Returns
    -------
    int
        0 when every report built or was unchanged, 1 when some failed, 2 when the schedule or arguments
        are invalid, 3 (:data:`BUSY`) when another build is writing ``out_dir``.
    """
    clock = datetime.now(timezone.utc), time.perf_counter()
    folder = cache.folder_for(out_dir, root, cache_dir)
    memo = cache.Memo(folder)
    selection = _select(schedule, root, only, data_dir, memo)
    if selection is None:
        return 2
    if folder.is_relative_to(out_dir.resolve()):
        print(f"the cache folder {shown(folder)} is inside the output folder {shown(out_dir)}, which would publish "
              f"its scratch files; give another --cache-dir", file=sys.stderr)
        return 2
    try:
        with cache.exclusive(folder, out_dir):
            return _build_held(*selection, out_dir, folder, memo, root=root, jobs=jobs, data_dir=data_dir,
                               force=force, clock=clock)
    except cache.Busy as busy:
        print(f"warclaims build: {busy}", file=sys.stderr)
        return BUSY


def _build_held(entries: list[Entry], selected: list[Entry], out_dir: Path, folder: Path, memo: cache.Memo, *,
                root: Path, jobs: int | None, data_dir: str | None, force: bool,
                clock: tuple[datetime, float]) -> int:
    """:func:`build`, once it holds the output folder; ``clock``: when it started (for build.log)."""
    started, wall = clock
    removed = cache.remove_old_scratch(out_dir)
    if removed:
        print(removed, flush=True)
    data_path = Path(data_dir).resolve() if data_dir else paths.data_dir()
    passed = {"data_dir": str(data_path)} if data_dir else {}  # parameters every notebook gets
    site = publish.prepare(out_dir, data_path, root)  # sources, article pages, codebook, dataset zip
    job_list = [Job(entry, {**entry.parameters, **passed,
                            **publish.page_parameters(memo.declared_parameters(entry.notebook), entry.name)},
                    out_dir, folder, root) for entry in selected]
    version = _dataset_version(data_path)
    records, note = cache.read_state(folder / cache.STATE_NAME, out_dir)
    for path in cache.unpublished(records, entries, out_dir):
        path.unlink()
        note += f"\nremoved {shown(path)}: its schedule entry no longer publishes it"
    if note.strip():
        print(note.strip(), flush=True)
    # The report pages carry the site's header and footer (build date, licence, dataset): a page is
    # stale when they change, like any other input.
    chrome_digest = cache.digest(publish.chrome_for_kernels(site))
    inputs, reasons, bundle_js = _plan(job_list, records, version, memo, out_dir, force, chrome_digest)
    to_run = [job for job in job_list if reasons[job.entry.name]]
    unchanged = [job.entry.name for job in job_list if not reasons[job.entry.name]]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
    with _Reporter(len(job_list)) as reporter, publish.shown_to_kernels(out_dir, site):
        for name in unchanged:
            reporter.unchanged(name)
        results, snapshot_seconds = _run_with_snapshot(to_run, workers, data_path, folder, bundle_js, reporter)

    records = cache.updated_records(records, results, unchanged, inputs, entries, out_dir, root)
    cache.write_state(folder / cache.STATE_NAME, out_dir, records)
    _write_if_changed(out_dir / "index.html", index_page(entries, records, out_dir, site))
    elapsed = time.perf_counter() - wall
    _write_log(folder / cache.LOG_NAME,
               f"build started {started.isoformat(timespec='seconds')}, {len(results)} report(s) built, "
               f"{len(unchanged)} unchanged, {workers} worker(s), {elapsed:.1f}s, dataset {data_path} version "
               f"{version}" + (f", loaded once in {snapshot_seconds:.1f}s" if snapshot_seconds is not None else ""),
               job_list, results, reasons)

    failures = [r for r in results if not r.ok]
    print(f"{len(results) - len(failures)} built, {len(unchanged)} unchanged"
          + (f", {len(failures)} failed" if failures else "") + f" of {len(job_list)} report(s) in {elapsed:.1f}s -> "
          f"{shown(out_dir / 'index.html')} (log: {shown(folder / cache.LOG_NAME)})"
          + (f"; failed: {', '.join(r.name for r in failures)} (notebooks kept in {shown(folder)})"
             if failures else ""), flush=True)
    return 1 if failures else 0


# --------------------------------------------------------------------------- CLI


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of parallel reports, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``warclaims build`` options to ``parser``."""
    parser.add_argument("--schedule", metavar="FILE", type=Path, default=None,
                        help="YAML list of reports to build (default: reports/schedule.yml for the bundled "
                             "dataset; with --data-dir, that dataset's schedule.yml, else the default schedule "
                             "of a casualty and a ceasefire report); validated in full before anything runs")
    parser.add_argument("--out", metavar="DIR", type=Path, default=None,
                        help="folder for <name>.html and index.html, only what is meant to be published "
                             "(default: reports/ in the project); created if missing")
    parser.add_argument("--cache-dir", metavar="DIR", default=None,
                        help="folder for the build's state, build.log and executed notebooks (default: "
                             f"${paths.CACHE_DIR_ENV}/<out name>-<hash>, else .cache/warclaims/<out name>-<hash> "
                             "in the project); never inside --out")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every selected report, also those whose inputs and pages are unchanged")
    parser.add_argument("--jobs", "-j", metavar="N", type=_positive_int, default=None,
                        help="notebooks executed in parallel (default: the number of CPUs)")
    parser.add_argument("--only", metavar="NAME", nargs="+", default=None,
                        help="build only these schedule entries; index.html still lists all of them")
    parser.add_argument("--data-dir", metavar="DIR", default=None,
                        help="dataset folder passed to every notebook as parameter data_dir "
                             "(default: each notebook's own default, the bundled data/)")


def schedule_for(data_dir: str | None) -> Path:
    """The schedule a build runs when ``--schedule`` is not given.

    The bundled dataset's is the project's ``reports/schedule.yml``. Another dataset's is its own
    ``schedule.yml`` when it has one, else :func:`warclaims.paths.default_schedule` (the latest casualty figures and the
    ceasefire report, which suit any dataset), never the bundled war's dated reports.
    """
    if not data_dir or Path(data_dir).resolve() == paths.data_dir().resolve():
        return paths.schedule_file()
    own = Path(data_dir) / "schedule.yml"
    return own if own.is_file() else paths.default_schedule()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run_build(args: argparse.Namespace) -> int:
    """Run ``warclaims build`` with parsed arguments; return the exit code.

    SIGTERM (a service manager, ``kill``) ends a build as Ctrl-C does: workers and kernels are stopped,
    the snapshot removed, unfinished reports keep their previous pages, and the CLI says so.
    """
    signal.signal(signal.SIGTERM, _interrupt)
    root = paths.project_root()
    return build(
        args.schedule if args.schedule is not None else schedule_for(args.data_dir),
        args.out if args.out is not None else paths.reports_dir(),
        root=root, jobs=args.jobs, only=args.only, data_dir=args.data_dir,
        force=getattr(args, "force", False), cache_dir=getattr(args, "cache_dir", None),
    )
