"""``warclaims build``: execute the scheduled notebooks and write offline, reproducible HTML reports.

The schedule (``reports/schedule.yml``) is a YAML list; each entry is a mapping::

    - name: casualty_claims_as_of_2020-10-10   # output file: <out>/<name>.html
      title: Casualty claims on 10 October       # shown in the page's <title> and in index.html
      notebook: notebooks/casualty_claims.ipynb  # relative to the project root
      parameters: {as_of: "2020-10-10"}          # optional; names must exist in the notebook's
                                                 # cell tagged "parameters"
      remove_cell_tags: [solution]               # optional; cells with these tags are left out
      ipynb: true                                # optional; also write <out>/<name>.ipynb (cleaned)
      show_input: true                           # optional; show code cells (default: hidden)

The whole file is validated before anything runs; every problem is reported as ``FILE:LINE: message``
and the build exits with code 2. Each entry is then executed with the papermill API (kernel
``python3``, working directory the project root) in a pool of worker processes, and exported in the
same process with nbconvert's ``HTMLExporter`` and the package's ``offline`` template (inputs hidden,
the Vega bundle inlined once per page). Pages are written atomically: a failed entry keeps its previous
HTML, is marked failed in ``index.html``, its executed notebook is kept as
``<out>/_build/<name>.failed.ipynb``, the others still build, and the exit code is 1.

Pages hold no timestamps, absolute paths or random ids, so two builds of the same inputs are
byte-identical; timings go to ``<out>/build.log``.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import difflib
import functools
import html
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from warclaims import paths

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "offline"
KERNEL = "python3"
ENTRY_KEYS = {"name", "title", "notebook", "parameters", "remove_cell_tags", "ipynb", "show_input"}
REQUIRED_KEYS = ("name", "title", "notebook")
# Names become file names next to index.html: no separators, no leading dot, not "index".
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
INJECTED_TAG = "injected-parameters"


# --------------------------------------------------------------------------- the schedule


@dataclass(frozen=True)
class Entry:
    """One validated schedule entry."""

    name: str
    title: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    remove_cell_tags: tuple[str, ...] = ()
    ipynb: bool = False
    show_input: bool = False


class ScheduleError(Exception):
    """Every problem found in a schedule, each as ``FILE:LINE: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _shown(path: Path) -> str:
    """``path`` relative to the cwd when it is below it: shorter messages, clickable in editors."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_schedule(
    schedule: Path, root: Path, required_parameters: tuple[str, ...] = ()
) -> list[Entry]:
    """Read and validate a schedule file.

    Parameters
    ----------
    schedule : Path
        The YAML file.
    root : Path
        Folder that notebook paths are relative to (the project root).
    required_parameters : tuple of str
        Parameters every notebook must declare (``data_dir`` when ``--data-dir`` is given).

    Returns
    -------
    list of Entry
        In file order.

    Raises
    ------
    ScheduleError
        Listing every problem at once, each as ``FILE:LINE: message``.
    """
    where = _shown(schedule)
    try:
        text = schedule.read_text(encoding="utf-8")
    except OSError as error:
        raise ScheduleError([f"{where}: cannot read the schedule: {error.strerror}"]) from None

    import papermill

    # Many entries share a notebook; read each one once (per call: notebooks change between calls).
    declared_parameters = functools.cache(lambda path: papermill.inspect_notebook(str(path)))
    # Compose to nodes (not safe_load) so every value keeps the line it came from.
    loader = yaml.SafeLoader(text)
    try:
        document = loader.get_single_node()
        problems: list[str] = []

        def problem(node: yaml.Node, message: str) -> None:
            problems.append(f"{where}:{node.start_mark.line + 1}: {message}")

        if document is None or not isinstance(document, yaml.SequenceNode):
            line = 1 if document is None else document.start_mark.line + 1
            raise ScheduleError([f"{where}:{line}: the schedule must be a list of reports"])

        entries: list[Entry] = []
        first_line: dict[str, int] = {}
        for node in document.value:
            entry = _entry(node, loader, root, required_parameters, declared_parameters, problem)
            if entry is None:
                continue
            if entry.name in first_line:
                problem(node, f"duplicate report name {entry.name!r} (first used at line "
                              f"{first_line[entry.name]})")
                continue
            first_line[entry.name] = node.start_mark.line + 1
            entries.append(entry)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise ScheduleError([f"{where}:{line}: invalid YAML: {error.problem or error.context}"]) from None
    finally:
        loader.dispose()
    if problems:
        raise ScheduleError(problems)
    return entries


def _entry(node, loader, root, required_parameters, declared_parameters, problem) -> Entry | None:
    """Validate one schedule entry; report its problems through ``problem``; None if any."""
    if not isinstance(node, yaml.MappingNode):
        problem(node, "each report must be a mapping with name, title, notebook and parameters")
        return None
    failures = 0

    def fail(at: yaml.Node, message: str) -> None:
        nonlocal failures
        failures += 1
        problem(at, message)

    values: dict[str, Any] = {}
    nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "<not a name>"
        if key in nodes:
            fail(key_node, f"duplicate key {key!r} in this report")
        elif key not in ENTRY_KEYS:
            hint = difflib.get_close_matches(str(key), ENTRY_KEYS, n=1)
            fail(key_node, f"unknown key {key!r}"
                           + (f" (did you mean {hint[0]!r}?)" if hint else
                              f" (allowed: {', '.join(sorted(ENTRY_KEYS))})"))
        else:
            nodes[key] = (key_node, value_node)
            values[key] = loader.construct_object(value_node, deep=True)
    for key in REQUIRED_KEYS:
        if key not in values:
            fail(node, f"missing key {key!r}")

    name = values.get("name")
    if "name" in values:
        if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name) or name == "index":
            fail(nodes["name"][1], f"invalid name {name!r}: it becomes <name>.html, so use letters, "
                                   f"digits, '_', '-', '.' (not starting with '.'; not 'index')")
    if "title" in values and (not isinstance(values["title"], str) or not values["title"].strip()):
        fail(nodes["title"][1], "title must be a non-empty string")

    declared: dict[str, Any] | None = None
    notebook = values.get("notebook")
    if "notebook" in values:
        at = nodes["notebook"][1]
        path = root / str(notebook)
        if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
            fail(at, f"notebook must be a path to an .ipynb file, got {notebook!r}")
        elif not path.is_file():
            fail(at, f"notebook not found: {notebook} (paths are relative to the project root)")
        else:
            try:
                declared = declared_parameters(path.resolve())
            except Exception as error:  # unreadable JSON, not a notebook, ...
                fail(at, f"cannot read notebook {notebook}: {_one_line(error)}")

    parameters = values.get("parameters")
    if parameters is None:
        parameters = {}
    elif not isinstance(parameters, dict):
        fail(nodes["parameters"][1], "parameters must be a mapping of parameter name to value")
        parameters = {}
    if declared is not None:
        known = ", ".join(declared) or "none: the notebook has no cell tagged 'parameters'"
        for key_node, _ in nodes["parameters"][1].value if parameters else ():
            if key_node.value not in declared:
                hint = difflib.get_close_matches(str(key_node.value), list(declared), n=1)
                fail(key_node, f"unknown parameter {key_node.value!r} for {notebook}"
                               + (f" (did you mean {hint[0]!r}?)" if hint else f" (known: {known})"))
        for required in required_parameters:
            if required not in declared:
                fail(nodes["notebook"][1], f"{notebook} declares no parameter {required!r}, "
                                           f"which --data-dir passes to every report")

    tags = values.get("remove_cell_tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        fail(nodes["remove_cell_tags"][1], "remove_cell_tags must be a list of tag names")
        tags = []
    ipynb = values.get("ipynb", False)
    if not isinstance(ipynb, bool):
        fail(nodes["ipynb"][1], f"ipynb must be true or false, got {ipynb!r}")
    show_input = values.get("show_input", False)
    if not isinstance(show_input, bool):
        fail(nodes["show_input"][1], f"show_input must be true or false, got {show_input!r}")

    if failures:
        return None
    return Entry(name=name, title=values["title"], notebook=(root / notebook).resolve(),
                 parameters=dict(parameters), remove_cell_tags=tuple(tags), ipynb=ipynb,
                 show_input=show_input)


# --------------------------------------------------------------------------- one report (worker)


@dataclass(frozen=True)
class Job:
    """What a worker needs to build one entry (picklable: it crosses a process boundary)."""

    entry: Entry
    parameters: dict[str, Any]
    out_dir: Path
    build_dir: Path
    root: Path


@dataclass
class Result:
    name: str
    ok: bool
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)


_BUNDLE_JS = ""


def _init_worker(bundle_js: str, log_path: str) -> None:
    """Receive the Vega loader once per worker; send the kernels' stderr chatter to a log file.

    Kernels inherit the worker's stderr; their warnings would interleave with the progress display,
    and a failure's message reaches the caller through :class:`Result` anyway.
    """
    global _BUNDLE_JS
    _BUNDLE_JS = bundle_js
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    os.close(log)


@functools.cache
def _exporter(show_input: bool = False):
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=not show_input,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def _one_line(error: BaseException) -> str:
    """The notebook's exception as ``Name: message``, first line only, for index.html."""
    import papermill

    if isinstance(error, papermill.PapermillExecutionError):
        text = f"{error.ename}: {error.evalue}"
    else:
        text = f"{type(error).__name__}: {error}"
    line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return line if len(line) <= 300 else line[:299] + "…"


def _atomic_write(path: Path, data: str) -> None:
    """Write ``path`` whole or not at all: a temp file in the same folder, then ``os.replace``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are meant to be read and served
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _clean(nb, entry: Entry):
    """Make the executed notebook reproducible and drop the cells the entry removes."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    # papermill's timestamps and nbclient's execution times change on every run.
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        # nbformat gives the injected cell a random id, which the HTML uses as an anchor.
        if INJECTED_TAG in cell.metadata.get("tags", []):
            cell.id = INJECTED_TAG
    nb.metadata["title"] = entry.title
    if entry.remove_cell_tags:
        nb, _ = TagRemovePreprocessor(remove_cell_tags=set(entry.remove_cell_tags)).preprocess(nb, {})
    return nb


@contextlib.contextmanager
def _timed(timings: dict[str, float], step: str):
    """Record how long ``step`` took, also when it raises (a failed run's time is worth logging)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = time.perf_counter() - start


def build_one(job: Job) -> Result:
    """Execute, export and write one report; never raises (a failure is a failed :class:`Result`)."""
    import nbformat
    import papermill

    from warclaims.offline import BUNDLE_RESOURCE, vega_loader_js

    entry, timings = job.entry, {}
    executed = job.build_dir / f"{entry.name}.ipynb"
    failed = job.build_dir / f"{entry.name}.failed.ipynb"
    executed.unlink(missing_ok=True)  # so a failure cannot pass off a stale run as its own
    try:
        with _timed(timings, "execute"):
            nb = papermill.execute_notebook(
                str(entry.notebook), str(executed), parameters=job.parameters, kernel_name=KERNEL,
                cwd=str(job.root), progress_bar=False, request_save_on_cell_execute=False,
            )
        with _timed(timings, "export"):
            nb = _clean(nb, entry)
            resources = {"metadata": {"name": entry.name},
                         BUNDLE_RESOURCE: _BUNDLE_JS or vega_loader_js()}
            page, _ = _exporter(entry.show_input).from_notebook_node(nb, resources=resources)
        with _timed(timings, "write"):
            _atomic_write(job.out_dir / f"{entry.name}.html", page)
            if entry.ipynb:
                _atomic_write(job.out_dir / f"{entry.name}.ipynb", nbformat.writes(nb))
    except Exception as error:
        if executed.exists():  # papermill saves the notebook, error included, before raising
            os.replace(executed, failed)
        return Result(entry.name, ok=False, error=_one_line(error), timings=timings)
    failed.unlink(missing_ok=True)
    return Result(entry.name, ok=True, timings=timings)


# --------------------------------------------------------------------------- the build


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


def _snapshot(data_path: Path, snapshot: Path) -> float | None:
    """Validate the dataset once for every report of the build; return the seconds it took.

    It runs in a child process so that the memory of a large dataset is given back before the
    notebooks run. The kernels find the snapshot through :data:`SNAPSHOT_ENV`. A dataset that does
    not load gives no snapshot: every notebook then reports the problem itself.
    """
    from warclaims.dataset import write_snapshot

    began = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            pool.submit(write_snapshot, data_path, snapshot).result()
        except Exception:
            snapshot.unlink(missing_ok=True)
            return None
    from warclaims.dataset import SNAPSHOT_ENV

    os.environ[SNAPSHOT_ENV] = str(snapshot)
    return time.perf_counter() - began


def _run_jobs(jobs: list[Job], workers: int, bundle_js: str, log_path: Path) -> list[Result]:
    results: dict[str, Result] = {}
    # spawn, not fork: the parent has rich's refresh thread running, and forking a threaded process
    # can deadlock the child.
    context = multiprocessing.get_context("spawn")
    with _Reporter(len(jobs)) as reporter, concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker,
        initargs=(bundle_js, str(log_path)),
    ) as pool:
        futures = {pool.submit(build_one, job): job.entry.name for job in jobs}
        pending = set(futures)
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
        reporter.running([])
    return [results[job.entry.name] for job in jobs]


def _index_page(entries: list[Entry], status: dict[str, dict[str, str]], out_dir: Path,
                dataset: str) -> str:
    """index.html: every report with its link, title, parameters and status; nothing time-dependent."""
    esc = html.escape
    rows = []
    for entry in entries:
        state = status.get(entry.name, {"status": "not built", "error": ""})
        page = f"{entry.name}.html"
        link = (f'<a href="{esc(page)}">{esc(entry.title)}</a>' if (out_dir / page).exists()
                else esc(entry.title))
        if state["status"] == "failed" and (out_dir / page).exists():
            link += " <small>(previous build)</small>"
        parameters = ", ".join(f"{k} = {json.dumps(v, ensure_ascii=False)}"
                               for k, v in entry.parameters.items()) or "defaults"
        extra = ""
        if entry.ipynb and (out_dir / f"{entry.name}.ipynb").exists():
            extra = f' · <a href="{esc(entry.name)}.ipynb">notebook</a>'
        error = f'<div class="error">{esc(state["error"])}</div>' if state.get("error") else ""
        rows.append(
            f'<tr class="{esc(state["status"].replace(" ", "-"))}"><td>{link}{extra}</td>'
            f"<td><code>{esc(entry.name)}</code></td><td><code>{esc(parameters)}</code></td>"
            f'<td>{esc(state["status"])}{error}</td></tr>'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>warclaims reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
tr.failed td:last-child {{ color: #b00020; font-weight: bold; }}
.error {{ font-weight: normal; font-family: monospace; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>warclaims reports</h1>
<p>Dataset: {esc(dataset)}</p>
<table>
<thead><tr><th>Report</th><th>Name</th><th>Parameters</th><th>Status</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""


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
    required = ("data_dir",) if data_dir else ()
    try:
        entries = load_schedule(schedule, root, required)
    except ScheduleError as error:
        print("\n".join(error.problems), file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in the schedule; nothing was built", file=sys.stderr)
        return 2
    names = [entry.name for entry in entries]
    unknown = sorted(set(only or ()) - set(names))
    if unknown:
        print(f"{_shown(schedule)}: no report named {', '.join(unknown)} (--only); "
              f"known: {', '.join(names)}", file=sys.stderr)
        return 2
    selected = [entry for entry in entries if not only or entry.name in only]

    from warclaims.dataset import dataset_version
    from warclaims.offline import vega_loader_js

    out_dir.mkdir(parents=True, exist_ok=True)
    build_dir = out_dir / "_build"
    build_dir.mkdir(exist_ok=True)
    data_path = Path(data_dir).resolve() if data_dir else paths.data_dir()
    extra = {"data_dir": str(data_path)} if data_dir else {}
    job_list = [Job(entry, {**entry.parameters, **extra}, out_dir, build_dir, root)
                for entry in selected]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(job_list)))
    worker_log = build_dir / "workers.log"  # kernels' stderr, this build only
    worker_log.write_text("")
    from warclaims.dataset import SNAPSHOT_ENV

    snapshot = build_dir / "dataset.pickle"
    snapshot_seconds = _snapshot(data_path, snapshot) if len(job_list) > 1 else None
    try:
        results = _run_jobs(job_list, workers, vega_loader_js(), worker_log) if job_list else []
    finally:
        os.environ.pop(SNAPSHOT_ENV, None)
        snapshot.unlink(missing_ok=True)  # hundreds of MB for a large dataset; rebuilt every build

    # Status survives between builds so that `--only` does not forget how the others went.
    status_file = build_dir / "status.json"
    try:
        status = json.loads(status_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        status = {}
    status.update({r.name: {"status": "ok" if r.ok else "failed", "error": r.error} for r in results})
    status = {name: status[name] for name in names if name in status}
    _atomic_write(status_file, json.dumps(status, indent=1, sort_keys=True) + "\n")

    try:
        version = dataset_version(data_path)
    except Exception as error:  # a broken dataset fails the notebooks too; say so, don't crash
        version = f"unknown ({_one_line(error)})"
    # Relative to the project when inside it: pages must not carry this machine's absolute paths.
    shown_data = (data_path.relative_to(root.resolve()).as_posix()
                  if data_path.is_relative_to(root.resolve()) else data_dir or data_path.name)
    _atomic_write(out_dir / "index.html",
                  _index_page(entries, status, out_dir, f"{shown_data}, version {version}"))

    elapsed = time.perf_counter() - wall
    log = [f"build started {started.isoformat(timespec='seconds')}, {len(results)} report(s), "
           f"{workers} worker(s), {elapsed:.1f}s, dataset {data_path} version {version}"
           + (f", loaded once in {snapshot_seconds:.1f}s" if snapshot_seconds is not None else "")]
    for r in results:
        steps = " ".join(f"{step}={seconds:.2f}s" for step, seconds in r.timings.items())
        log.append(f"  {r.name}: {'ok' if r.ok else 'failed'} {steps}" + (f" | {r.error}" if r.error else ""))
    _atomic_write(out_dir / "build.log", "\n".join(log) + "\n")

    failures = [r for r in results if not r.ok]
    print(f"{len(results) - len(failures)}/{len(results)} report(s) built in {elapsed:.1f}s -> "
          f"{_shown(out_dir / 'index.html')}"
          + (f"; failed: {', '.join(r.name for r in failures)} (notebooks kept in "
             f"{_shown(build_dir)})" if failures else ""), flush=True)
    return 1 if failures else 0


# --------------------------------------------------------------------------- CLI


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``warclaims build`` options to ``parser``."""
    parser.add_argument("--schedule", metavar="FILE", type=Path, default=None,
                        help="YAML list of reports to build (default: reports/schedule.yml in the "
                             "project); validated in full before anything runs")
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


def run_build(args: argparse.Namespace) -> int:
    """Run ``warclaims build`` with parsed arguments; return the exit code."""
    root = paths.project_root()
    return build(
        args.schedule if args.schedule is not None else paths.schedule_file(),
        args.out if args.out is not None else paths.reports_dir(),
        root=root, jobs=args.jobs, only=args.only, data_dir=args.data_dir,
    )
