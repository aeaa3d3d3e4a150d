"""What runs in a build's worker process: execute one notebook, clean it, export it, write it.

A worker executes an entry with the papermill API (kernel ``python3``, forked from the build's zygote when
there is one, see :mod:`warclaims.build.zygote`; working directory the project root), makes the executed notebook reproducible (:func:`clean`), exports it with nbconvert's
``HTMLExporter`` and the package's ``offline`` template, and writes the page atomically. It never
raises: a failure is a failed :class:`Result`, and the executed notebook is kept as
``<name>.failed.ipynb`` in the build's cache folder (``Job.build_dir``, never the output folder).
"""
from __future__ import annotations

import contextlib
import functools
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warclaims.build import pages
from warclaims.build.children import die_with_parent
from warclaims.site import files
from warclaims.build.schedule import Entry, one_line

TEMPLATES_DIR = Path(__file__).parent.parent / "templates"
TEMPLATE_NAME = "offline"
KERNEL = "python3"
INJECTED_TAG = pages.INJECTED_TAG


@dataclass(frozen=True)
class Job:
    """What a worker needs to build one entry (picklable: it crosses a process boundary)."""

    entry: Entry
    parameters: dict[str, Any]
    out_dir: Path
    build_dir: Path  # the cache folder: executed notebooks go here, never into out_dir
    root: Path


@dataclass
class Result:
    """How one entry's build went: ``error`` is one line for index.html; seconds per step for build.log;
    ``kept``, for a failed run, the executed notebook kept for debugging (empty when there is none)."""

    name: str
    ok: bool
    error: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    kept: str = ""


# The Vega loader, sent once per worker by init_worker rather than pickled with every Job (it is large).
_BUNDLE_JS = ""


def init_worker(bundle_js: str, log_path: str) -> None:
    """Receive the Vega loader once per worker; send the kernels' stderr chatter to a log file.

    Kernels inherit the worker's stderr; their warnings would interleave with the progress display,
    and a failure's message reaches the caller through :class:`Result` anyway.
    """
    global _BUNDLE_JS
    _BUNDLE_JS = bundle_js
    die_with_parent()
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 2)
    os.close(log)


@functools.cache
def html_exporter(show_input: bool = False):
    """nbconvert's exporter with the offline template; one per setting, reused by every page of a worker."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=not show_input,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def atomic_write(path: Path, data: str) -> None:
    """Write ``path`` whole or not at all (:func:`warclaims.site.files.write_text`: one writer for the
    build and the site)."""
    files.write_text(path, data)


def clean(nb, entry: Entry):
    """Make the executed notebook reproducible; drop the cells the entry removes and the explanations
    of output the run did not produce."""
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
    return pages.drop_unused_explanations(nb)


def _without_removed_cells(entry: Entry, build_dir: Path) -> Path:
    """The notebook to execute: the entry's own, or, when the entry removes cells, a copy without them
    in ``build_dir``, so that they never run and their outputs (a lesson's solutions) are in no file of
    the build, the executed scratch copy included."""
    import nbformat

    if not entry.remove_cell_tags:
        return entry.notebook
    nb = nbformat.read(entry.notebook, as_version=4)
    removed = set(entry.remove_cell_tags)
    nb.cells = [cell for cell in nb.cells if not removed & set(cell.metadata.get("tags", []))]
    path = build_dir / f"{entry.name}.input.ipynb"
    atomic_write(path, nbformat.writes(nb))
    return path


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

    from warclaims.build.zygote import kernel_manager_class
    from warclaims.offline import BUNDLE_RESOURCE, vega_loader_js

    entry, timings = job.entry, {}
    executed = job.build_dir / f"{entry.name}.ipynb"
    failed = job.build_dir / f"{entry.name}.failed.ipynb"
    executed.unlink(missing_ok=True)  # so a failure cannot pass off a stale run as its own
    failed.unlink(missing_ok=True)
    try:
        with _timed(timings, "execute"):
            nb = papermill.execute_notebook(
                str(_without_removed_cells(entry, job.build_dir)), str(executed), parameters=job.parameters,
                kernel_name=KERNEL, kernel_manager_class=kernel_manager_class(),
                cwd=str(job.root), progress_bar=False, request_save_on_cell_execute=False,
                execution_timeout=entry.timeout,  # a cell that hangs fails its report; papermill stops the kernel
            )
        with _timed(timings, "export"):
            nb = pages.portable_parameters(clean(nb, entry), job.root)
            resources = {"metadata": {"name": entry.name},
                         BUNDLE_RESOURCE: _BUNDLE_JS or vega_loader_js()}
            page, _ = html_exporter(entry.show_input).from_notebook_node(pages.page_cells(nb),
                                                                         resources=resources)
        with _timed(timings, "write"):
            atomic_write(job.out_dir / f"{entry.name}.html", page)
            if entry.ipynb:
                atomic_write(job.out_dir / f"{entry.name}.ipynb", nbformat.writes(pages.notebook_cells(nb)))
    except Exception as error:
        if executed.exists():  # papermill saves the notebook, error included, before raising
            os.replace(executed, failed)
        return Result(entry.name, ok=False, error=one_line(error), timings=timings,
                      kept=str(failed) if failed.exists() else "")
    return Result(entry.name, ok=True, timings=timings)
