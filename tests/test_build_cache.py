"""``warclaims build`` rebuilds exactly the reports whose inputs changed, keeps its scratch out of the output
folder, and lets one build at a time write a folder.

The project here has three reports: ``a`` and ``b`` run ``notebooks/main.ipynb`` with another ``label``,
``c`` runs ``notebooks/other.ipynb`` and publishes its notebook with the cell tagged ``solution`` removed.
Every kernel appends its label to ``runs.log`` in the project: that file, not the build's own words, says
which reports ran. Each test starts from the same built project (restored in place, so its paths and the
build's state stay valid), changes one thing and builds again.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from conftest import build_runner, write_parameterized_notebook
from warclaims import build as build_package
from warclaims import offline, paths
from warclaims.build import cache, state as build_state

ROOT = Path(__file__).resolve().parents[1]
NAMES = {"a", "b", "c"}
PUBLISHED = {"a.html", "b.html", "c.html", "c.ipynb", "index.html"}
CODE = """\
import pathlib
with open('runs.log', 'a') as runs:
    runs.write(label + '\\n')
data = pathlib.Path(data_dir, 'claims.csv').read_text() if data_dir else ''
print('LABEL', label, 'DATA', data.strip())
if pathlib.Path('fail-' + label).exists():
    raise ValueError('asked to fail: ' + label)
"""
SOLUTION = ("print('SECRET-' + 'SOLUTION')", ["solution"])
SCHEDULE = """\
- name: a
  title: A
  notebook: notebooks/main.ipynb
  parameters: {label: a}
- name: b
  title: B
  notebook: notebooks/main.ipynb
  parameters: {label: b}
- name: c
  title: C, student edition
  notebook: notebooks/other.ipynb
  parameters: {label: c}
  remove_cell_tags: [solution]
  ipynb: true
"""


def write_project(root: Path) -> Path:
    parameters = "data_dir = ''\nlabel = ''"
    write_parameterized_notebook(root / "notebooks" / "main.ipynb", CODE, parameters, (SOLUTION,))
    write_parameterized_notebook(root / "notebooks" / "other.ipynb", CODE + "print('OTHER')", parameters, (SOLUTION,))
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "claims.csv").write_text("claim_id\nc1\n")
    (root / "schedule.yml").write_text(SCHEDULE)
    return root


@dataclass
class Outcome:
    code: int
    ran: set[str]  # the labels the kernels wrote to runs.log
    words: dict[str, str]  # report -> built | unchanged | FAILED, from the progress lines
    out: str
    err: str


def run_build(root: Path, capfd, **kwargs) -> Outcome:
    runs = root / "runs.log"
    runs.unlink(missing_ok=True)
    kwargs.setdefault("cache_dir", root / "scratch")
    capfd.readouterr()
    code = build_package.build(root / "schedule.yml", root / "out", root=root, jobs=1, data_dir=str(root / "data"),
                               **kwargs)
    out, err = capfd.readouterr()
    ran = set(runs.read_text().split()) if runs.exists() else set()
    words = dict(re.findall(r"^\[\d+/\d+\] (\S+) (built|unchanged|FAILED)", out, re.M))
    return Outcome(code, ran, words, out, err)


def assert_rebuilt(outcome: Outcome, expected: set[str]) -> None:
    assert "Traceback" not in outcome.out + outcome.err
    assert outcome.ran == expected, f"ran {sorted(outcome.ran)}, expected {sorted(expected)}\n{outcome.out}"
    assert outcome.words == {name: "built" if name in expected else "unchanged" for name in NAMES}, outcome.out


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    """A built project and a copy of it as it was right after the build: (project, copy)."""
    base = tmp_path_factory.mktemp("cached")
    root = write_project(base / "project")
    code = build_package.build(root / "schedule.yml", root / "out", root=root, jobs=2,
                               data_dir=str(root / "data"), cache_dir=root / "scratch")
    assert code == 0
    assert set((root / "runs.log").read_text().split()) == NAMES
    (root / "runs.log").unlink()
    shutil.copytree(root, base / "pristine", symlinks=True)
    return root, base / "pristine"


@pytest.fixture
def project(pristine) -> Path:
    """The built project, restored in place (same paths, same file times) before each test."""
    root, copy = pristine
    shutil.rmtree(root)
    shutil.copytree(copy, root, symlinks=True)
    return root


def pages(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / "out").iterdir() if p.name != "index.html"}


# --------------------------------------------------------------------------- what is rebuilt


def test_nothing_changed_rebuilds_nothing_and_keeps_every_byte(project, capfd):
    before = pages(project)
    assert_rebuilt(run_build(project, capfd), set())
    assert pages(project) == before, "unchanged pages are not rewritten"
    index = (project / "out" / "index.html").read_text()
    assert index.count("ok (unchanged)") == 3
    index_time = (project / "out" / "index.html").stat().st_mtime_ns
    assert_rebuilt(run_build(project, capfd), set())
    assert (project / "out" / "index.html").stat().st_mtime_ns == index_time, "an index that says the same stays"


def test_a_changed_notebook_rebuilds_the_reports_that_run_it(project, capfd):
    notebook = nbformat.read(project / "notebooks" / "other.ipynb", as_version=4)
    notebook.cells[1].source += "\nprint('EDITED')"
    nbformat.write(notebook, project / "notebooks" / "other.ipynb")
    assert_rebuilt(run_build(project, capfd), {"c"})
    assert "EDITED" in (project / "out" / "c.html").read_text()


def test_a_changed_schedule_entry_rebuilds_that_report_only(project, capfd):
    schedule = project / "schedule.yml"
    schedule.write_text(schedule.read_text().replace("{label: b}", "{label: b2}"))
    outcome = run_build(project, capfd)
    assert outcome.ran == {"b2"}
    assert outcome.words == {"a": "unchanged", "b": "built", "c": "unchanged"}
    assert "LABEL b2" in (project / "out" / "b.html").read_text()
    schedule.write_text(schedule.read_text().replace("title: A\n", "title: A, retitled\n"))
    assert_rebuilt(run_build(project, capfd), {"a"})
    assert "A, retitled" in (project / "out" / "a.html").read_text()


def test_changed_data_rebuilds_every_report(project, capfd):
    (project / "data" / "claims.csv").write_text("claim_id\nc1\nc2\n")
    assert_rebuilt(run_build(project, capfd), NAMES)
    for name in NAMES:
        assert "c1\nc2" in (project / "out" / f"{name}.html").read_text()


def package_copy(tmp_path: Path, monkeypatch) -> Path:
    copy = tmp_path / "warclaims"
    shutil.copytree(cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", copy)
    return copy


def test_changed_package_code_rebuilds_every_report(project, capfd, tmp_path, monkeypatch):
    copy = package_copy(tmp_path, monkeypatch)
    assert_rebuilt(run_build(project, capfd), set())  # the same files elsewhere: the same code
    with (copy / "analysis" / "figures.py").open("a") as handle:
        handle.write("\n# a change\n")
    assert_rebuilt(run_build(project, capfd), NAMES)


def test_changed_template_rebuilds_every_report(project, capfd, tmp_path, monkeypatch):
    copy = package_copy(tmp_path, monkeypatch)
    template = copy / "templates" / "offline" / "index.html.j2"
    template.write_text(template.read_text() + "\n{# a change #}\n")
    assert_rebuilt(run_build(project, capfd), NAMES)


def test_another_chart_bundle_rebuilds_every_report(project, capfd, monkeypatch):
    from importlib import metadata

    bundle = offline.vega_loader_js() + "\n/* ANOTHER-BUNDLE */\n"
    monkeypatch.setattr(offline, "vega_loader_js", lambda: bundle)
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "vl-convert-python" else real(name))
    assert_rebuilt(run_build(project, capfd), NAMES)
    for name in NAMES:
        assert "ANOTHER-BUNDLE" in (project / "out" / f"{name}.html").read_text(), "the page embeds the new bundle"


def test_a_remembered_bundle_is_checked_when_any_report_is_built(project, capfd, monkeypatch):
    """A build with nothing to build does not load the bundle (it remembers its digest by the versions it is
    made from); one that builds a report does, and a bundle made anew from the same versions rebuilds all."""
    bundle = offline.vega_loader_js() + "\n/* REMADE-BUNDLE */\n"
    monkeypatch.setattr(offline, "vega_loader_js", lambda: bundle)
    (project / "out" / "a.html").unlink()
    assert_rebuilt(run_build(project, capfd), NAMES)
    for name in NAMES:
        assert "REMADE-BUNDLE" in (project / "out" / f"{name}.html").read_text()
    assert_rebuilt(run_build(project, capfd), set())


def test_a_corrupt_memo_is_ignored(project, capfd):
    (project / "scratch" / cache.MEMO_NAME).write_text('{"format": 1, "parameters": [], "bundle": 7')
    assert_rebuilt(run_build(project, capfd), set())
    (project / "scratch" / cache.MEMO_NAME).write_text('{"format": 1, "parameters": {"x": 3}, "bundle": [1, 2]}')
    assert_rebuilt(run_build(project, capfd), set())


def test_another_package_version_rebuilds_every_report(project, capfd, monkeypatch):
    from importlib import metadata

    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "nbconvert" else real(name))
    assert_rebuilt(run_build(project, capfd), NAMES)


def test_force_rebuilds_every_report(project, capfd):
    assert_rebuilt(run_build(project, capfd, force=True), NAMES)


# --------------------------------------------------------------------------- failures and hand edits


def test_a_failed_report_is_retried_until_it_builds(project, capfd):
    (project / "out" / "a.html").write_text("edited by hand")
    (project / "fail-a").touch()
    first = run_build(project, capfd)
    assert (first.code, first.ran, first.words["a"]) == (1, {"a"}, "FAILED")
    assert (project / "out" / "a.html").read_text() == "edited by hand", "a failed report keeps its page"
    again = run_build(project, capfd)
    assert (again.code, again.ran) == (1, {"a"}), "a report that failed is run again, its inputs unchanged"
    (project / "fail-a").unlink()
    assert_rebuilt(run_build(project, capfd), {"a"})
    assert "LABEL a" in (project / "out" / "a.html").read_text()
    assert_rebuilt(run_build(project, capfd), set())


def test_a_deleted_or_edited_page_is_rebuilt(project, capfd):
    (project / "out" / "b.html").unlink()
    (project / "out" / "c.ipynb").write_text("{}")
    assert_rebuilt(run_build(project, capfd), {"b", "c"})
    assert "LABEL b" in (project / "out" / "b.html").read_text()
    assert nbformat.read(project / "out" / "c.ipynb", as_version=4).cells


def test_a_notebook_the_schedule_no_longer_publishes_is_removed(project, capfd):
    schedule = project / "schedule.yml"
    schedule.write_text(schedule.read_text().replace("  ipynb: true\n", ""))
    outcome = run_build(project, capfd)
    assert_rebuilt(outcome, {"c"})
    assert {p.name for p in (project / "out").iterdir()} == PUBLISHED - {"c.ipynb"}
    assert "removed" in outcome.out and "c.ipynb" in outcome.out


def test_a_hand_edited_notebook_is_kept_when_no_longer_published(project, capfd):
    (project / "out" / "c.ipynb").write_text("{} ")
    schedule = project / "schedule.yml"
    schedule.write_text(schedule.read_text().replace("  ipynb: true\n", ""))
    assert_rebuilt(run_build(project, capfd), {"c"})
    assert (project / "out" / "c.ipynb").read_text() == "{} ", "only files the build wrote, unchanged, are removed"


def test_the_output_folder_holds_only_what_is_published(project, capfd):
    (project / "fail-b").touch()
    (project / "data" / "claims.csv").write_text("claim_id\nc9\n")
    outcome = run_build(project, capfd)
    assert outcome.code == 1 and outcome.ran == NAMES
    assert {p.relative_to(project / "out").as_posix() for p in (project / "out").rglob("*")} == PUBLISHED
    student = (project / "out" / "c.ipynb").read_text()
    assert "print('OTHER')" in student and "SECRET-" not in student, "the published notebook has no solution"
    index = (project / "out" / "index.html").read_text()
    assert str(project) not in index, "no absolute path on the page"
    row = next(r for r in index.split("<tr") if "<code>b</code>" in r)
    kept = re.search(r"executed notebook: (\S+)</div>", row).group(1)
    errors = [o for cell in nbformat.read(project / kept, as_version=4).cells for o in cell.get("outputs", [])
              if o.output_type == "error"]
    assert errors and errors[0].evalue == "asked to fail: b", "the index names the failed run's notebook"
    assert not (project / kept).is_relative_to(project / "out")


STATES = ["{not json", "[1, 2]", '{"format": 1, "out": 3, "reports": {}}', '{"format": 99, "reports": {}}', "\0\0",
          '{"format": 1, "out": "OUT", "reports": []}']


@pytest.mark.parametrize("text", STATES)
def test_a_corrupt_or_foreign_state_reads_as_no_earlier_build(tmp_path, text):
    state = tmp_path / build_state.STATE_NAME
    state.write_text(text.replace("OUT", str(tmp_path / "out")))
    records, note = build_state.read_state(state, tmp_path / "out")
    assert records == {} and "rebuilding every report" in note


def test_a_corrupt_state_means_rebuild_with_no_traceback(project, capfd):
    (project / "scratch" / build_state.STATE_NAME).write_text("{not json")
    outcome = run_build(project, capfd)
    assert_rebuilt(outcome, NAMES)
    assert "rebuilding every report" in outcome.out
    assert_rebuilt(run_build(project, capfd), set())


def test_a_wrong_shaped_record_rebuilds_that_report(project, capfd):
    state_file = project / "scratch" / build_state.STATE_NAME
    state = json.loads(state_file.read_text())
    state["reports"]["a"]["outputs"] = "not a mapping"
    state["reports"]["b"] = {"status": 5}
    state_file.write_text(json.dumps(state))
    assert_rebuilt(run_build(project, capfd), {"a", "b"})


# --------------------------------------------------------------------------- where scratch goes


def test_an_older_builds_scratch_is_removed_from_the_output_folder(project, capfd):
    old = project / "out" / "_build"
    old.mkdir()
    for name in ("status.json", "a.ipynb", "b.failed.ipynb", "workers.log", "dataset.pickle"):
        (old / name).write_text("old")
    (project / "out" / "build.log").write_text("old")
    outcome = run_build(project, capfd)
    assert_rebuilt(outcome, set())
    assert {p.name for p in (project / "out").iterdir()} == PUBLISHED
    assert "an older build's scratch" in outcome.out


def test_a_build_folder_that_is_not_warclaims_is_left_alone(project, capfd):
    theirs = project / "out" / "_build"
    theirs.mkdir()
    (theirs / "notes.ipynb").write_text("mine")
    (project / "out" / "build.log").write_text("mine")
    run_build(project, capfd)
    assert (theirs / "notes.ipynb").read_text() == "mine" and (project / "out" / "build.log").read_text() == "mine"
    (theirs / "status.json").write_text("{}")
    (theirs / "keep.txt").write_text("mine")
    run_build(project, capfd)
    assert sorted(p.name for p in theirs.iterdir()) == ["keep.txt"], "only what warclaims wrote is removed"


def test_default_cache_folder_is_in_the_project_and_the_variable_moves_it(tmp_path, capfd, monkeypatch):
    root = write_project(tmp_path / "project")
    monkeypatch.delenv(paths.CACHE_DIR_ENV, raising=False)
    outcome = run_build(root, capfd, cache_dir=None, only=["a"])
    assert outcome.code == 0 and outcome.ran == {"a"}
    folders = list((root / ".cache" / "warclaims").iterdir())
    assert len(folders) == 1 and {"build.log", "state.json", "a.ipynb"} <= {p.name for p in folders[0].iterdir()}
    assert {p.name for p in (root / "out").iterdir()} == {"a.html", "index.html"}
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv(paths.CACHE_DIR_ENV, str(elsewhere))
    moved = run_build(root, capfd, cache_dir=None, only=["a"])
    assert moved.ran == {"a"}, "a new cache folder knows no earlier build"
    assert [p.name for p in elsewhere.iterdir()] == [folders[0].name], "the same folder name below the new base"


def test_a_cache_folder_inside_the_output_folder_is_refused(tmp_path, capfd):
    root = write_project(tmp_path / "project")
    outcome = run_build(root, capfd, cache_dir=root / "out" / "scratch")
    assert outcome.code == 2 and outcome.ran == set()
    assert "inside the output folder" in outcome.err and "Traceback" not in outcome.err
    assert not (root / "out").exists()


# --------------------------------------------------------------------------- two builds at once

RUNNER = build_runner(jobs=2)
WAIT = """\
import pathlib, time
pathlib.Path('started').touch()
for _ in range(1200):
    if pathlib.Path('go').exists():
        break
    time.sleep(0.1)
print('WAITED')
"""


def test_a_second_build_of_the_same_folder_stops_at_once(tmp_path, capfd):
    root = tmp_path / "project"
    write_parameterized_notebook(root / "notebooks" / "wait.ipynb", WAIT)
    (root / "schedule.yml").write_text("- name: slow\n  title: Slow\n  notebook: notebooks/wait.ipynb\n"
                                       "- name: quick\n  title: Quick\n  notebook: notebooks/wait.ipynb\n")
    (root / "runner.py").write_text(RUNNER)
    first = subprocess.Popen([sys.executable, str(root / "runner.py"), str(root)], cwd=root, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not (root / "started").exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (root / "started").exists(), "the first build should be running a report"
        for cache_dir, words in ((root / "scratch", f"(pid {first.pid})"), (root / "other-scratch", "another cache")):
            code = build_package.build(root / "schedule.yml", root / "out", root=root, cache_dir=cache_dir)
            err = capfd.readouterr().err
            assert code == 3, err
            assert "another build is writing" in err and words in err and "Traceback" not in err
    finally:
        (root / "go").touch()
        stdout, stderr = first.communicate(timeout=180)
    assert first.returncode == 0, stdout + stderr
    assert sorted(p.name for p in (root / "out").iterdir()) == ["index.html", "quick.html", "slow.html"]
    assert "WAITED" in (root / "out" / "slow.html").read_text()
    again = subprocess.run([sys.executable, str(root / "runner.py"), str(root)], cwd=root, text=True,
                           capture_output=True, timeout=180)
    assert again.returncode == 0 and again.stdout.count(" unchanged\n") == 2, "the first build recorded its state"
