"""Time ``warclaims build`` against the naive loop it replaces.

Naive: for each schedule entry, sequentially, the papermill CLI then ``jupyter nbconvert --to html``
(two fresh Python processes per report, each paying its start-up and imports). ``warclaims build``:
one process, notebooks executed through the papermill API in parallel workers, exported in-process.
Both write into temporary folders, so reports/ is left alone.

Usage::

    .venv/bin/python benchmarks/build_vs_naive.py [--schedule reports/schedule.yml] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from warclaims import paths
from warclaims.build import Entry, load_schedule

BIN = Path(sys.executable).parent  # the venv's scripts: warclaims, papermill, jupyter


def run(command: list[str], cwd: Path) -> None:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if completed.returncode not in (0, 1):  # 1: some report failed, still a full run to time
        sys.exit(f"{' '.join(command)} exited {completed.returncode}:\n{completed.stderr[-2000:]}")


def time_build(schedule: Path, out: Path, jobs: int | None, root: Path) -> float:
    command = [str(BIN / "warclaims"), "build", "--schedule", str(schedule), "--out", str(out)]
    if jobs:
        command += ["--jobs", str(jobs)]
    start = time.perf_counter()
    run(command, root)
    return time.perf_counter() - start


def time_naive(entries: list[Entry], out: Path, root: Path) -> float:
    start = time.perf_counter()
    for entry in entries:
        executed = out / f"{entry.name}.ipynb"
        # -y: papermill's -p guesses types from strings; YAML keeps them as written.
        run([str(BIN / "papermill"), str(entry.notebook), str(executed), "-k", "python3",
             "--cwd", str(root), "-y", yaml.safe_dump(entry.parameters or {}), "--no-progress-bar"], root)
        tags = ",".join(f"'{tag}'" for tag in entry.remove_cell_tags)
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed),
             "--output-dir", str(out), f"--TagRemovePreprocessor.remove_cell_tags=[{tags}]"], root)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schedule", type=Path, default=None, help="default: reports/schedule.yml")
    parser.add_argument("--jobs", type=int, default=None, help="warclaims build --jobs (default: CPUs)")
    args = parser.parse_args()
    root = paths.project_root()
    schedule = args.schedule or paths.schedule_file()
    entries = load_schedule(schedule, root)
    with tempfile.TemporaryDirectory() as build_out, tempfile.TemporaryDirectory() as naive_out:
        # The first kernel start after boot warms the disk cache; do not charge it to either side.
        run([sys.executable, "-c", "import warclaims.offline as o, pandas, altair, matplotlib; o.vega_bundle()"], root)
        built = time_build(schedule, Path(build_out), args.jobs, root)
        naive = time_naive(entries, Path(naive_out), root)
    print(f"{len(entries)} reports, {os.cpu_count()} CPUs, jobs={args.jobs or os.cpu_count()}")
    print(f"warclaims build  {built:7.1f} s")
    print(f"naive loop       {naive:7.1f} s  (papermill CLI + jupyter nbconvert per report)")
    print(f"speed-up         {naive / built:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
