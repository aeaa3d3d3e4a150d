"""The build's pool of worker processes, and the progress it shows as reports finish."""
from __future__ import annotations

import concurrent.futures
import multiprocessing
import sys
from pathlib import Path
from typing import Callable

from warclaims.build.worker import Job, Result, build_one, init_worker

class Reporter:
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

    def __enter__(self) -> Reporter:
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


def run_jobs(jobs: list[Job], workers: int, bundle_js: str, log_path: Path, reporter: Reporter,
             finished: Callable[[Result], None] = lambda result: None) -> list[Result]:
    """Build every job in a pool of ``workers`` processes; the results in the jobs' order. ``finished`` is
    called with each result as it comes (the build records the report's state then), before it is shown."""
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
            _collect(futures, pending, workers, results, reporter, finished)
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: stop the workers now (their kernels follow), rather than wait for the
            # reports under way; their pages are written atomically, so none is left half-written.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        reporter.running([])
    return [results[job.entry.name] for job in jobs]


def _collect(futures: dict, pending: set, workers: int, results: dict, reporter: Reporter,
             finished: Callable[[Result], None]) -> None:
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
            finished(result)
            reporter.finished(result)
