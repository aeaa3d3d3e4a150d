"""What a build keeps of its own work: each report's state as soon as its page is written (a build that
crashes keeps what it finished), the files of reports that leave the schedule removed (never a file someone
else put there or edited), and a build with nothing new touching nothing in the output folder.

The projects here are small: notebooks that print their ``label`` and, like a report that offers its rows
as CSV, write ``downloads/<label>.rows.csv`` into the site folder the build names; the dataset is the
fictional one of ``conftest.write_other_dataset``, so that the site's own pages (sources, articles,
codebook, the dataset zip) are written too.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import build_runner, write_other_dataset, write_parameterized_notebook
from warclaims import build as build_package

CODE = """\
import os, pathlib
with open('runs.log', 'a') as runs:
    runs.write(label + '\\n')
site = os.environ.get('WARCLAIMS_SITE_DIR')
if site:  # what warclaims.site.downloads.offer does for the page named `label`
    pathlib.Path(site, 'downloads').mkdir(exist_ok=True)
    pathlib.Path(site, 'downloads', label + '.rows.csv').write_text('row\\n' + label + '\\n')
print('LABEL', label)
"""
ENTRY = "- name: {0}\n  title: Report {0}\n  notebook: notebooks/main.ipynb\n  parameters: {{label: {0}}}\n"


def project(root: Path, names: list[str], code: str = CODE) -> Path:
    write_parameterized_notebook(root / "notebooks" / "main.ipynb", code, "data_dir = ''\nlabel = ''")
    (root / "schedule.yml").write_text("".join(ENTRY.format(name) for name in names))
    return root


def build(root: Path, capfd) -> tuple[int, dict[str, str], str]:
    """Build ``root``; the exit code, what the progress lines say of each report, and the output."""
    (root / "runs.log").unlink(missing_ok=True)
    capfd.readouterr()
    code = build_package.build(root / "schedule.yml", root / "out", root=root, jobs=1, data_dir=str(root / "data"),
                               cache_dir=root / "scratch")
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    return code, dict(re.findall(r"^\[\d+/\d+\] (\S+) (built|unchanged|FAILED)", out, re.M)), out


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # the build date on every page
    root = project(tmp_path / "project", ["a", "b"])
    write_other_dataset(root / "data")
    return root


def tree(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder below ``folder`` (itself included): its mtime, and a file's bytes."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None)
            for p in [folder, *folder.rglob("*")]}


def test_a_report_that_leaves_the_schedule_takes_its_files_but_no_one_elses(site, capfd):
    assert build(site, capfd)[:2] == (0, {"a": "built", "b": "built"})
    out = site / "out"
    assert (out / "downloads" / "b.rows.csv").read_text() == "row\nb\n"
    (out / "downloads" / "b.notes.csv").write_text("a reader's notes\n")  # named like b's CSVs, not the build's
    (out / "b.ipynb").write_text("{}")  # a file the build never wrote
    (site / "schedule.yml").write_text(ENTRY.format("a"))
    code, words, said = build(site, capfd)
    assert (code, words) == (0, {"a": "unchanged"})
    assert not (out / "b.html").exists() and not (out / "downloads" / "b.rows.csv").exists()
    assert "removed" in said and "b.html" in said and "no longer in the schedule" in said
    assert (out / "downloads" / "b.notes.csv").read_text() == "a reader's notes\n"
    assert (out / "b.ipynb").read_text() == "{}"
    assert (out / "a.html").is_file() and (out / "downloads" / "a.rows.csv").is_file()
    index = (out / "index.html").read_text()
    assert "a.html" in index and "b.html" not in index and "b.rows.csv" not in index


def test_an_edited_file_of_a_removed_report_stays(site, capfd):
    build(site, capfd)
    (site / "out" / "downloads" / "b.rows.csv").write_text("row\nedited by hand\n")
    (site / "schedule.yml").write_text(ENTRY.format("a"))
    build(site, capfd)
    assert not (site / "out" / "b.html").exists()
    assert (site / "out" / "downloads" / "b.rows.csv").read_text() == "row\nedited by hand\n"
    (site / "schedule.yml").write_text(ENTRY.format("a") + ENTRY.format("b"))
    assert build(site, capfd)[1] == {"a": "unchanged", "b": "built"}, "back in the schedule: built again"


def test_a_build_with_nothing_new_touches_nothing(site, capfd):
    build(site, capfd)
    out = site / "out"
    written = set(tree(out))
    assert {"sources.html", "codebook.html", "index.html"} <= written, "the site's own pages are written"
    assert any(n.startswith("downloads/") and n.endswith(".zip") for n in written)
    assert any(n.startswith("articles/") for n in written)
    build(site, capfd)  # the index now says "unchanged" for both reports
    before = tree(out)
    assert build(site, capfd)[1] == {"a": "unchanged", "b": "unchanged"}
    assert tree(out) == before, "no file rewritten, no folder touched"
    article = next(name for name in before if name.startswith("articles/") and name.endswith(".html"))
    (out / "sources.html").unlink()
    (out / article).write_text("edited")
    build(site, capfd)
    after = tree(out)
    assert after["sources.html"][1] == before["sources.html"][1] and after[article][1] == before[article][1]
    assert {name: v for name, v in after.items() if name not in (".", "articles", "sources.html", article)} == {
        name: v for name, v in before.items() if name not in (".", "articles", "sources.html", article)}


RUNNER = build_runner(jobs=1)
# Report b's kernel kills the build (its worker's parent) once, as a crash or the OOM killer would.
CRASH = CODE + """
import signal, time
if label == 'b' and not pathlib.Path('crashed').exists():
    pathlib.Path('crashed').touch()
    worker = os.getppid()
    build = int(pathlib.Path(f'/proc/{worker}/stat').read_text().rsplit(')', 1)[1].split()[1])
    os.kill(build, signal.SIGKILL)
    time.sleep(60)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the build's pid in /proc")
def test_a_build_that_dies_keeps_the_reports_it_finished(tmp_path):
    root = project(tmp_path / "project", ["a", "b", "c"], CRASH)
    (root / "runner.py").write_text(RUNNER)

    def run() -> subprocess.CompletedProcess:
        (root / "runs.log").unlink(missing_ok=True)
        return subprocess.run([sys.executable, str(root / "runner.py"), str(root)], cwd=root, text=True,
                              capture_output=True, timeout=300)

    crashed = run()
    assert crashed.returncode == -9, crashed.stdout + crashed.stderr
    assert (root / "runs.log").read_text().split() == ["a", "b"] and (root / "out" / "a.html").is_file()
    again = run()
    assert again.returncode == 0, again.stdout + again.stderr
    words = dict(re.findall(r"^\[\d+/\d+\] (\S+) (built|unchanged|FAILED)", again.stdout, re.M))
    assert words == {"a": "unchanged", "b": "built", "c": "built"}, again.stdout
    assert (root / "runs.log").read_text().split() == ["b", "c"]
