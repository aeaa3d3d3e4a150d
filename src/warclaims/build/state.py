"""What a build remembers of each report: ``state.json`` in the cache folder, one record per schedule entry.

A record says how the report's last build went (``status``, ``error``, ``change``, the failed run's kept
``notebook``), the digests of its ``inputs`` (:func:`warclaims.build.cache.report_inputs`), and the sha256 of
every file it wrote into the output folder: its page and notebook (``outputs``) and its CSVs
(``downloads``, ``downloads/<name>.<table>.csv``). A report's record is written as soon as its page is
(:meth:`State.record`), so a build stopped by Ctrl-C or a crash keeps what it finished. A file the build
recorded is the build's own: when its entry stops writing it, or leaves the schedule, it is removed, but only
while it still holds the bytes the build wrote (a file someone edited, or put there, stays).
"""
from __future__ import annotations

import json
from pathlib import Path

from warclaims.build import cache
from warclaims.build.schedule import Entry, shown
from warclaims.build.worker import atomic_write
from warclaims.site.downloads import report_downloads

STATE_NAME = "state.json"
#: Bumped when the state's shape changes: a state of another format is ignored (every report rebuilt).
STATE_FORMAT = 1
_TEXTS = ("error", "change", "notebook")
_MAPS = ("inputs", "outputs")


def _mapping(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _well_formed(record: object) -> bool:
    """A record as this module writes it (anything else is dropped: that report is rebuilt). ``downloads``
    may be missing (a state written before they were recorded)."""
    if not isinstance(record, dict) or record.get("status") not in ("ok", "failed"):
        return False
    return (all(isinstance(record.get(key), str) for key in _TEXTS) and all(_mapping(record.get(k)) for k in _MAPS)
            and _mapping(record.get("downloads", {})))


def read_state(path: Path, out_dir: Path) -> tuple[dict[str, dict], str]:
    """The records of the last builds into ``out_dir``, and a note when the file was there but not usable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, ""
    except (OSError, ValueError) as error:
        return {}, f"{path.name} unreadable ({type(error).__name__}); rebuilding every report"
    if not (isinstance(data, dict) and data.get("format") == STATE_FORMAT and isinstance(data.get("reports"), dict)):
        return {}, f"{path.name} is not a state this version writes; rebuilding every report"
    if data.get("out") != str(out_dir.resolve()):
        return {}, f"{path.name} was written for another output folder; rebuilding every report"
    return {name: record for name, record in data["reports"].items() if _well_formed(record)}, ""


def write_state(path: Path, out_dir: Path, records: dict[str, dict]) -> None:
    atomic_write(path, json.dumps({"format": STATE_FORMAT, "out": str(out_dir.resolve()), "reports": records},
                                  indent=1, sort_keys=True) + "\n")


def _still_ours(out_dir: Path, written: dict[str, str]) -> list[Path]:
    """The files of ``written`` (name -> sha256) that still hold the bytes the build wrote."""
    found = []
    for name, sha in written.items():
        path = out_dir / name
        if path.is_file() and not path.is_symlink() and cache.sha256(path.read_bytes()) == sha:
            found.append(path)
    return found


def unpublished(records: dict[str, dict], entries: list[Entry], out_dir: Path) -> list[Path]:
    """Files a report wrote that its entry no longer writes (``ipynb: true`` taken out) and that nobody has
    changed since: what the build removes from the output folder."""
    found = []
    for entry in entries:
        outputs = (records.get(entry.name) or {}).get("outputs", {})
        found += _still_ours(out_dir, {name: sha for name, sha in outputs.items() if name not in cache.outputs(entry)})
    return found


def unscheduled(records: dict[str, dict], entries: list[Entry], out_dir: Path) -> tuple[list[Path], list[str]]:
    """The reports recorded but no longer in the schedule: the files they wrote that still hold the build's
    bytes (page, notebook, CSVs), and their names."""
    names = sorted(set(records) - {entry.name for entry in entries})
    files = [path for name in names
             for path in _still_ours(out_dir, {**records[name].get("outputs", {}), **records[name].get("downloads", {})})]
    return files, names


def downloads_written(entry: Entry, out_dir: Path, since: float, earlier: dict | None) -> dict[str, str]:
    """The CSVs of ``entry`` (``downloads/<name>.*.csv``) that its run wrote, or left as its earlier run wrote
    them (a file is written only when its bytes change), each with its sha256. A CSV that matches the name
    but neither was written since ``since`` (a time.time()) nor is recorded is not counted as the build's."""
    recorded = (earlier or {}).get("downloads", {})
    found = {}
    for link in report_downloads(out_dir, entry.name):
        path = out_dir / link.href
        try:
            sha, written = cache.sha256(path.read_bytes()), path.stat().st_mtime >= since
        except OSError:
            continue
        if written or recorded.get(link.href) == sha:
            found[link.href] = sha
    return found


class State:
    """The records of one build, written to ``state.json`` each time one changes."""

    def __init__(self, path: Path, out_dir: Path, records: dict[str, dict]) -> None:
        self.path, self.out_dir, self.records = path, out_dir, dict(records)

    def save(self) -> None:
        write_state(self.path, self.out_dir, self.records)

    def forget(self, names: list[str]) -> None:
        for name in names:
            self.records.pop(name, None)
        if names:
            self.save()

    def record(self, result, entry: Entry, inputs: dict[str, str], root: Path, since: float) -> None:
        """Record how ``entry``'s run went (``result``, a :class:`~warclaims.build.worker.Result`) and save."""
        if result.ok:
            self.records[entry.name] = {
                "status": "ok", "error": "", "change": "built", "notebook": "", "inputs": inputs,
                "outputs": cache.output_digests(entry, self.out_dir),
                "downloads": downloads_written(entry, self.out_dir, since, self.records.get(entry.name))}
        else:  # the page and CSVs of its last good build stay, and stay the build's own
            kept = cache.shown_in_project(Path(result.kept), root) if result.kept else ""
            earlier = self.records.get(entry.name) or {}
            self.records[entry.name] = {"status": "failed", "error": result.error, "change": "", "notebook": kept,
                                        "inputs": {}, "outputs": earlier.get("outputs", {}),
                                        "downloads": earlier.get("downloads", {})}
        self.save()

    def unchanged(self, names: list[str]) -> None:
        for name in names:
            self.records[name] = {**self.records[name], "change": "unchanged"}
        self.save()


def removed_note(paths: list[Path], why: str) -> str:
    return "".join(f"\nremoved {shown(path)}: {why}" for path in paths)
