"""Writing site files whole or not at all, and only when their bytes change.

A file is written to a temp file in the same folder, then ``os.replace``\\ d into place, so a reader (or a
publisher's rsync) sees the old file or the new one, never half of one. A file that already holds the same
bytes is left alone, mtime included, so a build with nothing new touches nothing. The build writes its
pages and state through this module too (:func:`warclaims.build.worker.atomic_write`).
"""
from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path


def holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data``."""
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def temp_beside(path: Path, folder: Path | None = None) -> Path:
    """A new, empty temp file (hidden, ``.tmp``) in ``path``'s folder, or in ``folder``, to fill and then
    :func:`publish`."""
    folder = folder or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    return Path(tmp)


def publish(tmp: Path, path: Path) -> bool:
    """Put the finished ``tmp`` (from :func:`temp_beside`) in place of ``path``, unless ``path`` already holds
    the same bytes (then ``tmp`` is removed, and ``path``'s folder is not touched either); whether ``path``
    was written. ``tmp`` may be in another folder, on another file system."""
    try:
        if path.is_file() and not path.is_symlink() and filecmp.cmp(tmp, path, shallow=False):
            tmp.unlink()
            return False
        if tmp.parent != path.parent:  # os.replace is atomic within one file system only
            beside = temp_beside(path)
            try:
                shutil.copyfile(tmp, beside)
            except BaseException:
                beside.unlink(missing_ok=True)
                raise
            tmp.unlink()
            tmp = beside
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _replace(tmp, path)
    return True


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; pages are meant to be read and served
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically, unless it holds them already; whether it was written."""
    if holds(path, data):
        return False
    tmp = temp_beside(path)
    try:
        tmp.write_bytes(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _replace(tmp, path)
    return True


def write_text(path: Path, text: str) -> bool:
    return write_bytes(path, text.encode("utf-8"))
