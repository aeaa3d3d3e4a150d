"""The build: check the schedule, hand the kernels one validated dataset, run the pool, write the site.

:func:`build` runs its steps in order: select the entries (:func:`_select`), write the dataset
snapshot the kernels load (:func:`_write_snapshot`, see :mod:`warclaims.handover`), run one
:func:`~warclaims.build.worker.build_one` per entry in a pool of processes (:func:`_run_jobs`), then
record each entry's status, write index.html and ``build.log``, and print a summary line.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import os
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from warclaims import handover, paths
from warclaims.build.index import index_page
from warclaims.build.schedule import Entry, ScheduleError, load_schedule, one_line, shown
from warclaims.build.worker import Job, Result, atomic_write, build_one, init_worker
from warclaims.dataset import dataset_version
from warclaims.site import publish

SNAPSHOT_NAME = "dataset.pickle"  # in <out>/_build/, removed when the build ends
STATUS_NAME = "status.json"  # in <out>/_build/: each entry's last status, kept between builds


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

    def finished(self, result: Result) -> None:
        self.done += 1
        seconds = sum(result.timings.values())
        line = f"[{self.done}/{self.total}] {result.name} {'ok' if result.ok else 'FAILED'} {seconds:.1f}s"
        if not result.ok:
            line += f": {result.error}"
        if self.progress:
            self.progress.console.print(line, markup=False, highlight=False)
            self.progress.advance(self.task)
        else:
            print(line, flush=True)


def _write_snapshot(data_path: Path, snapshot: Path) -> float | None:
    """Validate the dataset once for every report of the build; return the seconds it took.

    :func:`warclaims.handover.write` runs in a child process so that the memory of a large dataset is
    given back before the notebooks run; the kernels find the file through
    :data:`~warclaims.handover.SNAPSHOT_ENV`, set here. A dataset that does not load gives no
    snapshot: every notebook then reports the problem itself.
    """
    began = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            pool.submit(handover.write, data_path, snapshot).result()
        except Exception:
            snapshot.unlink(missing_ok=True)
            return None
    os.environ[handover.SNAPSHOT_ENV] = str(snapshot)
    return time.perf_counter() - began


def _run_jobs(jobs: list[Job], workers: int, bundle_js: str, log_path: Path) -> list[Result]:
    """Build every job in a pool of ``workers`` processes; the results in the jobs' order."""
    results: dict[str, Result] = {}
    # spawn, not fork: the parent has rich's refresh thread running, and forking a threaded process
    # can deadlock the child.
    context = multiprocessing.get_context("spawn")
    with _Reporter(len(jobs)) as reporter, concurrent.futures.ProcessPoolExecutor(
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


def _run_with_snapshot(job_list: list[Job], workers: int, data_path: Path,
                       build_dir: Path) -> tuple[list[Result], float | None]:
    """Run the jobs with the dataset snapshot in place; the results and the seconds the snapshot took."""
    from warclaims.offline import vega_loader_js  # altair and vl-convert: only when a build runs

    worker_log = build_dir / "workers.log"  # kernels' stderr, this build only
    worker_log.write_text("")
    snapshot = build_dir / SNAPSHOT_NAME
    # One report gains nothing from a snapshot: its kernel would validate the dataset anyway.
    snapshot_seconds = _write_snapshot(data_path, snapshot) if len(job_list) > 1 else None
    try:
        results = _run_jobs(job_list, workers, vega_loader_js(), worker_log) if job_list else []
    finally:
        os.environ.pop(handover.SNAPSHOT_ENV, None)
        snapshot.unlink(missing_ok=True)  # hundreds of MB for a large dataset; rebuilt every build
    return results, snapshot_seconds


def _select(schedule: Path, root: Path, only: list[str] | None,
            data_dir: str | None) -> tuple[list[Entry], list[Entry]] | None:
    """Every entry of the schedule and those to build; None (problems printed) when either is invalid."""
    required = ("data_dir",) if data_dir else ()
    try:
        entries = load_schedule(schedule, root, required)
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


def _update_status(status_file: Path, results: list[Result], entries: list[Entry]) -> dict:
    """Each entry's last status, this build's results over the earlier ones; saved and returned.

    Status survives between builds so that ``--only`` does not forget how the others went.
    """
    try:
        status = json.loads(status_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        status = {}
    status.update({r.name: {"status": "ok" if r.ok else "failed", "error": r.error} for r in results})
    status = {entry.name: status[entry.name] for entry in entries if entry.name in status}
    atomic_write(status_file, json.dumps(status, indent=1, sort_keys=True) + "\n")
    return status


def _dataset_version(data_path: Path) -> str:
    """The dataset's version for index.html and build.log, or why there is none."""
    try:
        return dataset_version(data_path)
    except Exception as error:  # a broken dataset fails the notebooks too; say so, don't crash
        return f"unknown ({one_line(error)})"


def _write_log(path: Path, summary: str, results: list[Result]) -> None:
    """build.log: the timings that pages must not carry, one line per report under a summary."""
    lines = [summary]
    for r in results:
        steps = " ".join(f"{step}={seconds:.2f}s" for step, seconds in r.timings.items())
        lines.append(f"  {r.name}: {'ok' if r.ok else 'failed'} {steps}" + (f" | {r.error}" if r.error else ""))
    atomic_write(path, "\n".join(lines) + "\n")


def build(schedule: Path, out_dir: Path, *, root: Path, jobs: int | None = None,
          only: list[str] | None = None, data_dir: str | None = None) -> int:
    """Build the reports of ``schedule`` into ``out_dir``.

    Parameters
    ----------
    schedule : Path
        The schedule YAML file.
    out_dir : Path
        Where ``<name>.html``, ``index.html``, ``build.log`` and ``_build/`` go.
    root : Path
        Project root: notebook paths are relative to it and kernels run in it.
    jobs : int, optional
        Worker processes (default: the number of CPUs).
    only : list of str, optional
        Build only these entries (index.html still lists all of them).
    data_dir : str, optional
        Passed to every notebook as parameter ``data_dir`` (resolved against the cwd).

    Returns
    -------
    int
        0 when every report built, 1 when some failed, 2 when the schedule or arguments are invalid.
    """
    started, wall = datetime.now(timezone.utc), time.perf_counter()
    selection = _select(schedule, root, only, data_dir)
    if selection is None:
        return 2
    entries, selected = selection

    build_dir = out_dir / "_build"
    build_dir.mkdir(parents=True, exist_ok=True)
    data_path = Path(data_dir).resolve() if data_dir else paths.data_dir()
    passed = {"data_dir": str(data_path)} if data_dir else {}  # parameters every notebook gets
    site = publish.prepare(out_dir, data_path, root)  # sources, article pages, codebook, dataset zip
    job_list = [Job(entry, {**entry.parameters, **passed, **publish.page_parameters(entry.notebook, entry.name)},
                    out_dir, build_dir, root) for entry in selected]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(job_list)))
    with publish.shown_to_kernels(out_dir, site):  # report pages get the site's header, footer, downloads
        results, snapshot_seconds = _run_with_snapshot(job_list, workers, data_path, build_dir)

    status = _update_status(build_dir / STATUS_NAME, results, entries)
    version = _dataset_version(data_path)
    atomic_write(out_dir / "index.html", index_page(entries, status, out_dir, site))
    elapsed = time.perf_counter() - wall
    _write_log(out_dir / "build.log",
               f"build started {started.isoformat(timespec='seconds')}, {len(results)} report(s), "
               f"{workers} worker(s), {elapsed:.1f}s, dataset {data_path} version {version}"
               + (f", loaded once in {snapshot_seconds:.1f}s" if snapshot_seconds is not None else ""),
               results)

    failures = [r for r in results if not r.ok]
    print(f"{len(results) - len(failures)}/{len(results)} report(s) built in {elapsed:.1f}s -> "
          f"{shown(out_dir / 'index.html')}"
          + (f"; failed: {', '.join(r.name for r in failures)} (notebooks kept in "
             f"{shown(build_dir)})" if failures else ""), flush=True)
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
                        help="folder for <name>.html, index.html and build.log (default: reports/ in "
                             "the project); created if missing")
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
    )
