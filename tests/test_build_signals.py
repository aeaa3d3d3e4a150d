"""A build stopped by SIGTERM (or Ctrl-C) ends within seconds with a message, leaves no worker or
kernel running, keeps the previous pages and removes its snapshot; a cell that hangs fails its report
at the schedule's timeout instead of hanging the build."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import alive, write_parameterized_notebook

from warclaims.build import cache

ROOT = Path(__file__).resolve().parents[1]
RUNNER = """
import sys
from pathlib import Path
from warclaims import cli, paths

if __name__ == "__main__":  # the build's workers are spawned: they import this file again
    root = Path(sys.argv[1])
    paths.project_root = lambda start=None: root  # a project of its own: its notebooks and schedule
    sys.exit(cli.main(["build", "--schedule", str(root / "schedule.yml"), "--out", str(root / "out"), "--jobs", "2"]))
"""


def project(tmp_path: Path, code: str, timeout: int | None = None) -> Path:
    write_parameterized_notebook(tmp_path / "notebooks" / "slow.ipynb", code)
    extra = f"  timeout: {timeout}\n" if timeout else ""
    (tmp_path / "schedule.yml").write_text(
        "".join(f"- name: {name}\n  title: {name}\n  notebook: notebooks/slow.ipynb\n{extra}" for name in ("one", "two")))
    (tmp_path / "runner.py").write_text(RUNNER)
    return tmp_path


def test_sigterm_stops_the_build_and_everything_it_started(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    root = project(tmp_path, "import os, time\n"
                             f"open(os.path.join({str(marks)!r}, str(os.getpid())), 'w').write(str(os.getppid()))\n"
                             "time.sleep(300)")
    build = subprocess.Popen([sys.executable, str(root / "runner.py"), str(root)], cwd=ROOT, stderr=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list(marks.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    kernels = {int(p.name): int(p.read_text()) for p in marks.iterdir()}
    assert len(kernels) == 2, "both kernels should be running"
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=20)
    assert build.returncode == 130
    assert "interrupted; reports not finished keep their previous pages" in stderr
    assert "Traceback" not in stderr
    time.sleep(3)  # kernels notice their worker is gone within a second or two
    for kernel, worker in kernels.items():
        assert not alive(worker), f"worker {worker} survived the build"
        assert not alive(kernel), f"kernel {kernel} survived the build"
    assert not list((root / "out").glob("*.html"))  # no half-written page
    scratch = cache.folder_for(root / "out", root)
    assert scratch.is_dir() and not (scratch / "dataset.pickle").exists(), "the snapshot is removed"
    assert sorted(p.name for p in (root / "out").iterdir()) == [], "nothing but pages goes into the output folder"


def test_a_cell_that_hangs_fails_its_report_at_the_timeout(tmp_path):
    root = project(tmp_path, "import time\ntime.sleep(300)", timeout=3)
    began = time.monotonic()
    done = subprocess.run([sys.executable, str(root / "runner.py"), str(root)], cwd=ROOT, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 1
    assert time.monotonic() - began < 120
    assert "FAILED" in done.stdout and "timed out" in (done.stdout + done.stderr).lower()
