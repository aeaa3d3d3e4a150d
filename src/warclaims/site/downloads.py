"""Downloads: the rows a report shows, as CSV next to its page, and the whole dataset as a zip.

A report notebook calls :func:`begin` with the page name the build injects (parameter ``site_page``)
and then :func:`offer` for each table whose rows it shows; outside a build both do nothing, so a
notebook run in JupyterLab or by nbval writes no file and shows no link. The build names the output
folder in :data:`SITE_DIR_ENV` (its kernels inherit it). Files go to ``downloads/``; links are relative.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import html
import mmap
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from warclaims.site import files

SITE_DIR_ENV = "WARCLAIMS_SITE_DIR"
FOLDER = "downloads"
_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")

_page: str | None = None


@dataclass(frozen=True)
class Download:
    href: str
    label: str


def begin(site_page: str) -> bool:
    """Offer downloads for page ``site_page`` when the build runs this kernel; whether it does."""
    global _page
    folder = os.environ.get(SITE_DIR_ENV, "")
    _page = site_page if site_page and _SAFE.fullmatch(site_page) and folder and Path(folder).is_dir() else None
    return _page is not None


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{max(1, round(count / 1e3))} kB"


#: Rows of a download made at a time: a CSV of a million figures is written a slice at a time, so the kernel
#: never holds all of it (hundreds of MB) at once.
CHUNK_ROWS = 100_000
#: Records copied at a time from the file, mapped in memory: rows in a report's order lie all over the
#: file, and the pages each slice touched are let go after it (up to 40 MB then, rather than the whole file).
COPY_RECORDS = 10_000


def _positions(dataset, rows, table: str):
    """The table, and the positions of its rows behind ``rows`` (by ``claim_id``, or ``event_id`` for the
    ceasefire events): each id's first row, in order of first appearance."""
    from warclaims.analysis.kept import rows_of

    key = "event_id" if table == "ceasefire_events" else "claim_id"
    source = dataset.tables[table]
    return source, rows_of(source, key, rows[key].to_numpy() if key in rows else [])


def _columns(dataset, table: str) -> list[str]:
    """The table's columns as its schema declares them, in order."""
    resource = next(r for r in dataset.descriptor["resources"] if r.get("name") == table)
    return [spec["name"] for spec in resource["schema"]["fields"]]


def _rows_at(dataset, table: str, source, positions):
    """The table's rows at ``positions``, each column as the file writes it (dates as written, with
    their basis, not as parsed instants)."""
    import pandas as pd

    wanted = {c: f"{c}_text" if f"{c}_text" in source else c for c in _columns(dataset, table)}
    chosen = source[[c for c in dict.fromkeys(wanted.values()) if c in source]].iloc[positions]
    shown = {c: chosen[name] if name in chosen else "" for c, name in wanted.items()}
    return pd.DataFrame(shown, columns=list(wanted)).reset_index(drop=True)


def rows_behind(dataset, rows, table: str = "claims"):
    """The dataset's own rows of ``table`` for the ids in ``rows`` (``claim_id``, or ``event_id`` for the
    ceasefire events), in that order, each once, with the columns its schema declares, as written."""
    return _rows_at(dataset, table, *_positions(dataset, rows, table))


def _digest(handle) -> str:
    handle.seek(0)
    return hashlib.file_digest(handle, "sha256").hexdigest()


def _copy_records(dataset, table: str, source, positions, into) -> bool:
    """Copy the table's file's own records at ``positions`` (its header first) to the binary ``into``, byte
    for byte; False when the file no longer holds the bytes that were validated (what was written is then
    to be thrown away), or its records were not matched to the rows when it was read (nothing written)."""
    import numpy as np

    from warclaims.dataset.read import inside

    records = dataset.records.get(table)
    path = inside(dataset.data_dir, records.path, "resource path")[0] if records is not None else None
    if path is None:
        return False
    # The rows are indexed by the line their record starts on: the records of these rows, whatever order
    # the table keeps them in.
    lines = source.index.to_numpy()[positions]
    which = np.searchsorted(records.lines, lines)
    if len(which) and (which.max() >= len(records.lines) or not np.array_equal(records.lines[which], lines)):
        return False
    which = np.r_[0, which]  # the header
    starts, stops = records.starts[which], records.stops[which]
    try:
        with path.open("rb") as handle:
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                # The file's last record may have no line end: it gets one, wherever it comes in the download.
                unended = np.flatnonzero(stops == len(mapped)) if mapped[-1:] != b"\n" else ()
                for low in range(0, len(starts), COPY_RECORDS):
                    high = low + COPY_RECORDS
                    parts = [mapped[start:stop] for start, stop in zip(starts[low:high].tolist(), stops[low:high].tolist())]
                    for at in unended:
                        if low <= at < high:
                            parts[at - low] += b"\n"
                    into.write(b"".join(parts))
                    if hasattr(mmap, "MADV_DONTNEED"):  # the pages read stay in the page cache, not in this kernel
                        mapped.madvise(mmap.MADV_DONTNEED)
            # Checked once the records are copied: the bytes copied are the file's bytes, so they are the
            # validated ones only if the file still holds those (a file changed before, or while, they were copied).
            return _digest(handle) == records.digest
    except (OSError, ValueError):  # unreadable now, or empty (an empty file cannot be mapped)
        return False


def _write_rows(dataset, table: str, source, positions, into) -> None:
    """Write the rows at ``positions`` from the parsed table, :data:`CHUNK_ROWS` at a time."""
    for start in range(0, max(len(positions), 1), CHUNK_ROWS):
        _rows_at(dataset, table, source, positions[start:start + CHUNK_ROWS]).to_csv(
            into, index=False, header=start == 0, lineterminator="\n", encoding="utf-8")


def offer(dataset, rows, name: str, *, table: str = "claims", what: str = "figures"):
    """Write the dataset's rows behind ``rows`` (see :func:`rows_behind`) to
    ``downloads/<page>.<name>.csv`` and display a link to it.

    The CSV holds every row the report draws on, also those a table leaves out (the link says how many): the
    table's file's own records, byte for byte, so a download reads as the dataset does (its every column,
    as written) and costs no formatting; the rows are written again from the parsed table only when the
    file no longer holds the bytes that were validated. Returns the :class:`Download`, or None outside a build.
    """
    if _page is None or not _SAFE.fullmatch(name):
        return None
    source, positions = _positions(dataset, rows, table)
    href = f"{FOLDER}/{_page}.{name}.csv"
    target = Path(os.environ[SITE_DIR_ENV]) / href
    tmp = files.temp_beside(target)
    try:
        with tmp.open("w+b") as handle:
            if not _copy_records(dataset, table, source, positions, handle):
                handle.seek(0)
                handle.truncate()
                _write_rows(dataset, table, source, positions, handle)
        size = tmp.stat().st_size
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    files.publish(tmp, target)
    link = Download(href, f"{len(positions):,} {what} as CSV ({_size(size)})")
    from IPython.display import HTML, display

    display(HTML(f'<p class="wc-download"><a href="{html.escape(link.href)}" download>Download the '
                 f'{html.escape(link.label)}</a>: every one this report draws on here, with its source, '
                 f'exact quote and offset.</p>'))
    return link


def report_downloads(out_dir: Path, page: str) -> list[Download]:
    """The CSVs a report's last build offered, for the index (name order)."""
    found = []
    for path in sorted((out_dir / FOLDER).glob(f"{page}.*.csv")):
        part = path.name[len(page) + 1:-len(".csv")]
        if "." in part:  # another page's file whose name starts with this one's
            continue
        found.append(Download(f"{FOLDER}/{path.name}", f"{part.replace('_', ' ')} (CSV, {_size(path.stat().st_size)})"))
    return found


def zip_name(descriptor: dict) -> str:
    """The dataset zip's file name, from the descriptor's ``name`` (kept to safe characters)."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(descriptor.get("name") or "dataset")).strip("-.") or "dataset"
    return f"{name}.zip"


def write_dataset_zip(data_path: Path, out_dir: Path, descriptor: dict, build_day: str,
                      scratch: Path | None = None) -> str:
    """The data folder as ``downloads/<name>.zip`` (see :func:`dataset_zip`), written only when its bytes
    change (made in ``scratch`` when given, so that an unchanged zip touches nothing); returns its link."""
    href = f"{FOLDER}/{zip_name(descriptor)}"
    tmp = files.temp_beside(out_dir / href, scratch)
    try:
        dataset_zip(data_path, descriptor, build_day, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    files.publish(tmp, out_dir / href)
    return href


def dataset_zip(data_path: Path, descriptor: dict, build_day: str, into: Path,
                stop: Callable[[], bool] = lambda: False) -> bool:
    """Write the data folder as a zip to ``into`` (entries sorted, dated ``build_day``, no links or hidden
    files), byte for byte the same for the same inputs, each file streamed (a million claims are 255 MB);
    ``stop`` is asked between chunks: False when it said to stop (``into`` is then incomplete)."""
    stamp = _dt.date.fromisoformat(build_day) if build_day else _dt.date(1980, 1, 1)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)  # zip dates start in 1980
    top = zip_name(descriptor)[:-len(".zip")]
    members = sorted(p for p in data_path.rglob("*") if p.is_file() and not p.is_symlink()
                   and not any(part.startswith(".") for part in p.relative_to(data_path).parts))
    with zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in members:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(data_path).as_posix()}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.file_size = path.stat().st_size  # so that a file over 2 GB gets its zip64 header
            with path.open("rb") as source, archive.open(info, "w") as member:
                # zlib lets go of the GIL while it compresses: a build zips in a thread beside its other work.
                while chunk := source.read(1 << 20):
                    if stop():
                        return False
                    member.write(chunk)
    return True
