"""The build: check the schedule, skip what is up to date, hand the kernels one validated dataset, run
the pool, write the site.

:func:`build` runs its steps in order: select the entries (:func:`_select`), take the output folder
(:func:`warclaims.build.cache.exclusive`), start loading the dataset once in a child process
(:mod:`warclaims.build.stage`) and zipping it in a thread (:mod:`warclaims.build.site_zip`), remove what
reports no longer in the schedule wrote (:mod:`warclaims.build.state`), leave out the reports whose inputs
and pages are unchanged (:mod:`warclaims.build.cache`), run one :func:`~warclaims.build.worker.build_one` per
remaining entry in a pool of processes (:mod:`warclaims.build.pool`) while the stage writes the site's pages
and the snapshot the kernels load (:mod:`warclaims.handover`), recording each report's state as it finishes,
then write index.html and ``build.log`` (in the cache folder), and print a summary line.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from warclaims import paths
from warclaims.build import cache
from warclaims.build.index import index_page
from warclaims.build.pool import Reporter, run_jobs
from warclaims.build.schedule import Entry, ScheduleError, load_schedule, one_line, shown
from warclaims.build.site_zip import DatasetZip
from warclaims.build.stage import Stage
from warclaims.build.state import STATE_NAME, State, read_state, removed_note, unpublished, unscheduled
from warclaims.build.children import inherited
from warclaims.build.worker import Job, Result, atomic_write
from warclaims.build.zygote import Zygote
from warclaims.dataset import dataset_version
from warclaims.site import publish

#: Exit code when another build is writing the same output folder.
BUSY = 3

#: glibc's malloc in the build's workers and their kernels: a fixed mmap threshold instead of the dynamic one.
#: The dynamic threshold climbs to 32 MB after the first large array is freed, after which pandas' column
#: buffers land on the heap and stay resident after they are freed; fixed at glibc's starting value (128 KiB),
#: every large buffer is mapped on its own and given back when freed. At a million claims a kernel then holds
#: about 1.25 GB between cells instead of 1.65 GB, and two kernels side by side are the build's peak. The
#: dataset's stage and the pages process keep freed memory instead (``stage.STAGE_MALLOC``): they end before the
#: kernels load the snapshot, so they never make the peak. A value the user set wins.
CHILD_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "131072"}


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
    removed = cache.remove_old_scratch(out_dir)
    if removed:
        print(removed, flush=True)
    data_path = Path(data_dir).resolve() if data_dir else paths.data_dir()
    with (DatasetZip(data_path, out_dir, root, folder) as archive,
          Stage(data_path, folder, out_dir, root) as stage):
        # While the dataset loads: the jobs (papermill may be imported), the version, the earlier state.
        passed = {"data_dir": str(data_path)} if data_dir else {}  # parameters every notebook gets
        job_list = [Job(entry, {**entry.parameters, **passed,
                                **publish.page_parameters(memo.declared_parameters(entry.notebook), entry.name)},
                        out_dir, folder, root) for entry in selected]
        version = _dataset_version(data_path)
        state = State(folder / STATE_NAME, out_dir, {})
        state.records, note = read_state(state.path, out_dir)
        note += _tidy(state, entries, out_dir)
        if note.strip():
            print(note.strip(), flush=True)
        site = stage.facts() or publish.facts_for(data_path, root, None, "the process validating it ended early")
        # The report pages carry the site's header and footer (build date, licence, dataset): a page is
        # stale when they change, like any other input.
        chrome_digest = cache.digest(publish.chrome_for_kernels(site))
        inputs, reasons, bundle_js = _plan(job_list, state.records, version, memo, out_dir, force, chrome_digest)
        to_run = [job for job in job_list if reasons[job.entry.name]]
        unchanged = [job.entry.name for job in job_list if not reasons[job.entry.name]]
        state.unchanged(unchanged)
        workers = max(1, min(jobs or os.cpu_count() or 1, len(to_run)))
        with Reporter(len(job_list)) as reporter, publish.shown_to_kernels(out_dir, site):
            for name in unchanged:
                reporter.unchanged(name)
            results, pages_problem = _run(to_run, workers, bundle_js, stage, site, folder, state, inputs, root, reporter)
        archive.publish(site)
    if pages_problem:
        print(f"the site's pages were not all written: {pages_problem}", file=sys.stderr, flush=True)
    atomic_write(out_dir / "index.html", index_page(entries, state.records, out_dir, site))
    return _finish(clock, job_list, results, unchanged, reasons, workers, data_path, version, stage.seconds, folder,
                   out_dir)


def _tidy(state: State, entries: list[Entry], out_dir: Path) -> str:
    """Remove what the build wrote for reports that left the schedule, or for files their entry no longer
    writes, while those files still hold the build's bytes; what was removed, in words."""
    gone, names = unscheduled(state.records, entries, out_dir)
    dropped = unpublished(state.records, entries, out_dir)
    for path in gone + dropped:
        path.unlink()
    state.forget(names)
    return (removed_note(gone, "its report is no longer in the schedule")
            + removed_note(dropped, "its schedule entry no longer publishes it"))


def _run(to_run: list[Job], workers: int, bundle_js: str, stage: Stage, site, folder: Path, state: State,
         inputs: dict[str, dict], root: Path, reporter: Reporter) -> tuple[list[Result], str]:
    """The reports, while the stage writes the site's pages and the snapshot; the results and what went wrong
    with the pages ("" when nothing did)."""
    if not to_run:
        return [], stage.write_pages_here() if site.loaded else ""
    worker_log = folder / "workers.log"  # the kernels' and the pages process's stderr, this build only
    worker_log.write_text("")
    stage.hand_over(site, worker_log)
    since = time.time() - 1  # a CSV changed after this was written by this build (mtimes are coarse)
    entries = {job.entry.name: job.entry for job in to_run}
    # Started after the stage's processes, which run without it; the kernels are forked from the zygote.
    with inherited(CHILD_MALLOC), Zygote(stage.data_path, worker_log):
        results = run_jobs(to_run, workers, bundle_js, worker_log, reporter, lambda result: state.record(
            result, entries[result.name], inputs[result.name], root, since))
    return results, stage.pages_written()


def _finish(clock: tuple[datetime, float], job_list: list[Job], results: list[Result], unchanged: list[str],
            reasons: dict[str, str], workers: int, data_path: Path, version: str, snapshot_seconds: float | None,
            folder: Path, out_dir: Path) -> int:
    """build.log and the summary line; the exit code."""
    started, wall = clock
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
