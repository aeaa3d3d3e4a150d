"""The build's cache folder: which reports are up to date, where the scratch goes, one build at a time.

A report is rebuilt only when one of its inputs changed (:func:`report_inputs`): the notebook's bytes, its
schedule entry (parameters, title, removed tags, options), the dataset's version, the warclaims package's
source files and templates, the chart-library bundle the pages embed, and the versions of the packages that
shape a page (:data:`OUTPUT_PACKAGES`). Each input is recorded as a digest in ``state.json``
(:mod:`warclaims.build.state`) with the sha256 of every file the report wrote, so a page deleted or edited in
the output folder is rebuilt too, and a report that failed is always retried. A missing, corrupt or
wrong-shaped state file means "rebuild everything".

The cache folder holds everything a build writes that is not meant to be published: ``state.json``,
``build.log``, the kernels' ``workers.log``, the executed notebooks (a failed one is kept as
``<name>.failed.ipynb``), the dataset snapshot and the site pages' data while the build runs, ``memo.json``
(:class:`Memo`), and ``lock``, which keeps a second
build out of the same output folder (:func:`exclusive`). By default it is
``<project>/.cache/warclaims/<out folder name>-<hash>`` (:func:`folder_for`).
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import platform
import re
from pathlib import Path
from typing import Any, Iterator

from warclaims import paths
from warclaims.build.schedule import Entry, papermill_parameters, shown
from warclaims.build.worker import atomic_write

MEMO_NAME = "memo.json"
LOG_NAME = "build.log"
LOCK_NAME = "lock"
#: Bumped when the memo's shape changes: a memo of another format is ignored.
MEMO_FORMAT = 1
#: The package itself: its code and templates are an input of every page.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Distributions whose versions shape a page: execution, export, charts, tables, templates, the Python.
OUTPUT_PACKAGES = ("altair", "vl-convert-python", "nbconvert", "nbformat", "nbclient", "papermill", "ipykernel",
                   "ipython", "matplotlib", "pandas", "numpy", "jinja2", "markupsafe", "mistune", "pygments",
                   "jupyterlab-pygments", "bleach", "narwhals")
#: What an older warclaims build left in the output folder (``<out>/_build/`` and ``<out>/build.log``).
OLD_SCRATCH = "_build"
OLD_SCRATCH_FILES = {"status.json", "dataset.pickle", "dataset.pickle.partial", "workers.log"}


class Busy(Exception):
    """Another build holds the output folder; the message says which process."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(text: str) -> str:
    """The sha256 of ``text`` (UTF-8): how the chart bundle enters a report's inputs."""
    return sha256(text.encode("utf-8"))


# --------------------------------------------------------------------------- where


def folder_for(out_dir: Path, root: Path, override: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder of the build writing ``out_dir``: ``override`` (``--cache-dir``) when given, else a
    folder of :func:`warclaims.paths.cache_root` named after the output folder, with a short hash of its path
    (relative to the project when inside it, so the name is the same in every checkout)."""
    if override:
        return Path(override).expanduser().resolve()
    out, project = out_dir.resolve(), root.resolve()
    named = out.relative_to(project).as_posix() if out.is_relative_to(project) else str(out)
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", out.name).strip("-.")[:40] or "out"
    return paths.cache_root(root) / f"{slug}-{sha256(named.encode())[:8]}"


def shown_in_project(path: Path, root: Path) -> str:
    """``path`` as a page may name it: relative to the project, never this machine's absolute path."""
    path, project = path.resolve(), root.resolve()
    if path.is_relative_to(project):
        return path.relative_to(project).as_posix()
    return f"{path.name} in the build's cache folder"


# --------------------------------------------------------------------------- inputs


def code_digest(package: Path | None = None) -> str:
    """A hash of the package's source files and templates (names and bytes; no ``__pycache__``)."""
    package = package or PACKAGE_DIR
    digest = hashlib.sha256()
    for file in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in {".pyc", ".pyo"}):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def package_versions() -> dict[str, str]:
    """The Python version and the version of each of :data:`OUTPUT_PACKAGES` ("not installed" if absent)."""
    return {"python": platform.python_version(), **{name: _version(name) for name in OUTPUT_PACKAGES}}


def shared_inputs(dataset_version: str, bundle_digest: str) -> dict[str, str]:
    """The digests of the inputs every report of a build shares (computed once per build)."""
    return {
        "dataset": dataset_version,
        "code": code_digest(),
        "bundle": bundle_digest,
        "packages": sha256(json.dumps(package_versions(), sort_keys=True).encode()),
    }


def bundle_key() -> str:
    """What the chart bundle is made from: the altair and vl-convert versions and the package's code."""
    return sha256(json.dumps([_version("altair"), _version("vl-convert-python"), code_digest()]).encode())


class Memo:
    """What a build remembers so that one with nothing to build imports neither papermill nor altair
    (2-3 s of the 3 s it may take): the parameters each notebook declares, by papermill's version and the
    notebook's bytes, and the chart bundle's digest, by :func:`bundle_key` (checked again by every build
    that builds a report). Kept in ``memo.json`` in the cache folder; a corrupt file is an empty memo."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MEMO_NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        fine = isinstance(data, dict) and data.get("format") == MEMO_FORMAT
        self.parameters = {key: names for key, names in (data.get("parameters") or {}).items()
                           if isinstance(names, list) and all(isinstance(n, str) for n in names)} if fine else {}
        bundle = data.get("bundle") if fine else None
        self.bundle = bundle if isinstance(bundle, list) and len(bundle) == 2 and all(
            isinstance(part, str) for part in bundle) else None
        self.used: set[str] = set()

    def declared_parameters(self, notebook: Path) -> list[str]:
        """The parameters ``notebook`` declares (see :func:`warclaims.build.schedule.papermill_parameters`)."""
        key = f"{_version('papermill')}:{sha256(notebook.read_bytes())}"
        if key not in self.parameters:
            self.parameters[key] = list(papermill_parameters(notebook))
        self.used.add(key)
        return self.parameters[key]

    def bundle_digest(self, key: str) -> str | None:
        """The remembered digest of the bundle made from ``key`` (:func:`bundle_key`), if any."""
        return self.bundle[1] if self.bundle and self.bundle[0] == key else None

    def save(self, key: str, bundle_digest: str | None) -> None:
        """Write the memo: the notebooks of this build, and the bundle's digest when this build made it."""
        if bundle_digest is not None:
            self.bundle = [key, bundle_digest]
        data = {"format": MEMO_FORMAT, "bundle": self.bundle,
                "parameters": {key: self.parameters[key] for key in sorted(self.used)}}
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        try:
            if self.path.read_text(encoding="utf-8") == text:
                return
        except OSError:
            pass
        atomic_write(self.path, text)


def report_inputs(entry: Entry, parameters: dict[str, Any], shared: dict[str, str]) -> dict[str, str]:
    """Each input of one report as a digest: its notebook, its schedule entry, then the ``shared`` ones."""
    try:
        notebook = sha256(entry.notebook.read_bytes())
    except OSError as error:  # gone since the schedule was checked: the run will say so
        notebook = f"unreadable: {error.strerror}"
    settings = {"parameters": parameters, "title": entry.title, "remove_cell_tags": list(entry.remove_cell_tags),
                "ipynb": entry.ipynb, "show_input": entry.show_input}
    return {"notebook": notebook,
            "schedule entry": sha256(json.dumps(settings, sort_keys=True, default=str).encode()),
            **shared}


def outputs(entry: Entry) -> list[str]:
    """The files ``entry`` writes into the output folder."""
    return [f"{entry.name}.html"] + ([f"{entry.name}.ipynb"] if entry.ipynb else [])


def output_digests(entry: Entry, out_dir: Path) -> dict[str, str]:
    """The sha256 of each file ``entry`` wrote (after a successful build)."""
    return {name: sha256((out_dir / name).read_bytes()) for name in outputs(entry)}


def why_stale(record: dict | None, inputs: dict[str, str], entry: Entry, out_dir: Path) -> str:
    """Why ``entry`` must be built, in a few words; empty when its pages are those of these inputs."""
    if record is None:
        return "no earlier build"
    if record["status"] != "ok":
        return "failed last time"
    changed = [name for name in inputs if record["inputs"].get(name) != inputs[name]]
    if changed or set(record["inputs"]) != set(inputs):
        return ", ".join(changed or ["inputs"]) + " changed"
    for name in outputs(entry):
        try:
            data = (out_dir / name).read_bytes()
        except OSError:
            return f"{name} missing"
        if record["outputs"].get(name) != sha256(data):
            return f"{name} changed in the output folder"
    return ""


# --------------------------------------------------------------------------- one build at a time


def _flock(fd: int) -> bool:
    """Take an exclusive lock on ``fd`` without waiting; False when another process holds it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:  # a file system without flock: the cache folder's lock still holds
        if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            return True
        raise
    return True


@contextlib.contextmanager
def exclusive(folder: Path, out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one build; raise :class:`Busy` at once when another build holds it.

    Two locks, both released when this process ends however it ends: ``lock`` in the cache folder (it
    holds the build's pid, for the message) and the output folder itself, which also keeps out a build of
    the same folder with another ``--cache-dir``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    out = None
    try:
        if not _flock(lock):
            holder = os.pread(lock, 32, 0).decode(errors="replace").strip() or "unknown"
            raise Busy(f"another build is writing {shown(out_dir)} (pid {holder}); nothing was built. "
                       f"Wait for it to finish, or stop it, and run this build again")
        out = os.open(out_dir, os.O_RDONLY)
        if not _flock(out):
            raise Busy(f"another build is writing {shown(out_dir)} (with another cache folder); nothing was "
                       f"built. Wait for it to finish, or stop it, and run this build again")
        os.ftruncate(lock, 0)
        os.pwrite(lock, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        if out is not None:
            os.close(out)
        os.close(lock)


# --------------------------------------------------------------------------- an older build's scratch


def remove_old_scratch(out_dir: Path) -> str:
    """Remove what an older warclaims build kept in the output folder; say what was done ("" if nothing).

    Only a ``_build/`` folder holding ``status.json`` is that build's, and only the files it wrote there
    are removed (its status, executed notebooks, snapshot, logs); anything else keeps the folder.
    """
    old = out_dir / OLD_SCRATCH
    if not (old / "status.json").is_file():
        return ""
    for path in old.iterdir():
        if path.is_file() and not path.is_symlink() and (
                path.name in OLD_SCRATCH_FILES or path.suffix == ".ipynb" or path.name.endswith(".tmp")):
            path.unlink()
    removed = [shown(old) + "/"]
    log = out_dir / LOG_NAME
    if log.is_file() and not log.is_symlink():
        log.unlink()
        removed.append(shown(log))
    try:
        old.rmdir()
    except OSError:
        return (f"removed an older build's scratch files from {shown(old)}/ and {LOG_NAME}; left the folder, which "
                f"holds files warclaims did not write")
    return f"removed {' and '.join(removed)}: an older build's scratch (scratch now goes to the cache folder)"
