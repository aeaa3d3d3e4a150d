"""Where things are: every path the package uses comes from here.

Paths are anchored on the project root (the folder holding ``pyproject.toml`` and ``data/``), found
from this file's location for an editable install, else by walking up from the working directory,
because papermill starts kernels in the caller's cwd and nbval in the notebook's folder.
"""
from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "WARCLAIMS_DATA_DIR"
#: Where builds keep their scratch (one folder per output folder below it); default ``<root>/.cache/warclaims``.
CACHE_DIR_ENV = "WARCLAIMS_CACHE_DIR"


def _looks_like_root(path: Path) -> bool:
    return (path / "pyproject.toml").is_file() and (path / "data" / "datapackage.json").is_file()


def project_root(start: Path | None = None) -> Path:
    """Return the project root.

    Raises
    ------
    FileNotFoundError
        When neither this package's location nor any parent of ``start`` (default: the cwd) holds
        ``pyproject.toml`` and ``data/datapackage.json``.
    """
    here = Path(__file__).resolve()
    candidates = [here.parents[2]]
    origin = (start or Path.cwd()).resolve()
    candidates += [origin, *origin.parents]
    for candidate in candidates:
        if _looks_like_root(candidate):
            return candidate
    raise FileNotFoundError(
        f"could not find the warclaims project root (a folder with pyproject.toml and "
        f"data/datapackage.json) above {origin}; pass data_dir explicitly"
    )


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The dataset folder: ``override`` if given (non-empty), else $WARCLAIMS_DATA_DIR, else ``<root>/data``."""
    if override:
        return Path(override).expanduser().resolve()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser().resolve()
    return project_root() / "data"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def reports_dir() -> Path:
    return project_root() / "reports"


def cache_root(root: Path | None = None) -> Path:
    """Where builds keep their scratch: $WARCLAIMS_CACHE_DIR, else ``<root>/.cache/warclaims`` (root: the
    project root). Each output folder gets a folder of its own below it (see :mod:`warclaims.build.cache`)."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser().resolve()
    return (root or project_root()) / ".cache" / "warclaims"


def schedule_file() -> Path:
    return reports_dir() / "schedule.yml"


def default_schedule() -> Path:
    """The schedule of a dataset that has none of its own (and the one ``warclaims new`` starts with)."""
    return Path(__file__).resolve().parent / "templates" / "schedule" / "default.yml"
