"""``warclaims build``: schedule validation, atomic writes, reproducible offline pages.

The builds here run tiny fixture notebooks written into a temporary project (a parameters cell, two
Altair charts, a matplotlib figure, a cell tagged ``solution``), never the project's own notebooks.
``write_fixture_project`` is also used by ``test_offline_browser.py``.
"""
from __future__ import annotations

import argparse
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from warclaims import build as build_package
from warclaims import paths
from warclaims.build import cache
from warclaims.offline import BUNDLE_OUTPUT_TAG, vega_bundle, vega_loader_js

ROOT = Path(__file__).resolve().parents[1]

FIXTURE_CELLS = [
    ("markdown", "# Fixture report\n\nA notebook written by the tests.", []),
    ("code", "from warclaims.offline import setup_notebook\nsetup_notebook()", []),
    ("code", "n = 5\nfail = False\nlabel = 'fixture'\ndata_dir = ''", ["parameters"]),
    ("code",
     "from pathlib import Path\n"
     "import altair as alt\nimport matplotlib.pyplot as plt\nimport pandas as pd\n"
     "assert not data_dir or Path(data_dir).is_dir(), 'data_dir should be a folder'\n"
     "df = pd.DataFrame({'x': range(n), 'y': [i * i for i in range(n)], 'who': [label] * n})", []),
    ("code",
     "brush = alt.selection_interval()\n"
     "alt.Chart(df).mark_circle(size=200).encode(x='x', y='y', tooltip=['who', 'y']).add_params(brush)",
     []),
    # Equal heights so the bars fill the plot: the browser test hovers its centre for a tooltip.
    ("code",
     "alt.Chart(df.assign(h=10)).mark_bar().encode(x='x:O', y='h:Q', tooltip=['who', 'x'])", []),
    ("code", "fig, ax = plt.subplots(figsize=(4, 3))\nax.plot(df.x, df.y)\nplt.show()", []),
    ("code", "if fail:\n    raise ValueError(f'boom at n={n}')", []),
    ("code", "print('SECRET-SOLUTION')", ["solution"]),
]
#: Altair charts per fixture page.
FIXTURE_CHARTS = 2


def write_fixture_notebook(path: Path) -> Path:
    cells = []
    for index, (kind, source, tags) in enumerate(FIXTURE_CELLS):
        make = new_code_cell if kind == "code" else new_markdown_cell
        cell = make(source, metadata={"tags": tags} if tags else {})
        cell.id = f"fixture-{index}"  # fixed ids: nbformat's are random
        cells.append(cell)
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def write_fixture_project(root: Path, schedule: str) -> Path:
    """A project at ``root``: notebooks/fixture.ipynb, data/, reports/schedule.yml; returns the schedule."""
    write_fixture_notebook(root / "notebooks" / "fixture.ipynb")
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "claims.csv").write_text("claim_id\nc1\n")
    schedule_file = root / "reports" / "schedule.yml"
    schedule_file.parent.mkdir(parents=True, exist_ok=True)
    schedule_file.write_text(schedule)
    return schedule_file


GOOD_SCHEDULE = """\
- name: small
  title: "Small <fixture> & co"
  notebook: notebooks/fixture.ipynb
  parameters: {n: 4, label: "<b>bold?</b>"}
- name: flaky
  title: Flaky fixture
  notebook: notebooks/fixture.ipynb
  parameters: {n: 6}
- name: student
  title: Student edition
  notebook: notebooks/fixture.ipynb
  remove_cell_tags: [solution]
  ipynb: true
"""
NAMES = ("small", "flaky", "student")


def build(root: Path, out: Path, *, schedule: str | None = None, **kwargs) -> int:
    if schedule is not None:
        (root / "reports" / "schedule.yml").write_text(schedule)
    return build_package.build(root / "reports" / "schedule.yml", out, root=root,
                        data_dir=str(root / "data"), **kwargs)


# --------------------------------------------------------------------------- schedule validation


def _problems(tmp_path: Path, schedule: str, capsys, **kwargs) -> list[str]:
    schedule_file = write_fixture_project(tmp_path, schedule)
    code = build_package.build(schedule_file, tmp_path / "out", root=tmp_path, **kwargs)
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing may run or be written when the schedule is invalid"
    return [line for line in err.splitlines() if line.startswith(str(schedule_file))
            or line.startswith("reports/schedule.yml")]


def _at(problems: list[str], line: int, *words: str) -> None:
    matching = [p for p in problems if re.search(rf"schedule\.yml:{line}: ", p)
                and all(w in p for w in words)]
    assert matching, f"no problem at line {line} mentioning {words}; got:\n" + "\n".join(problems)


def test_every_schedule_problem_is_reported_at_once_with_its_line(tmp_path, capsys):
    problems = _problems(tmp_path, """\
- name: ok
  title: Fine
  notebook: notebooks/fixture.ipynb
- name: typo
  title: Unknown parameter
  notebook: notebooks/fixture.ipynb
  parameters:
    n: 3
    lable: oops
- name: missing
  title: No such notebook
  notebook: notebooks/nope.ipynb
- name: ok
  title: Duplicate name
  notebook: notebooks/fixture.ipynb
- title: No name, no notebook
- name: bad keys
  title: Bad name and an unknown key
  notebook: notebooks/fixture.ipynb
  paramters: {n: 1}
  ipynb: "yes"
""", capsys)
    _at(problems, 9, "unknown parameter 'lable'", "did you mean 'label'")
    _at(problems, 12, "notebook not found", "notebooks/nope.ipynb")
    _at(problems, 13, "duplicate report name 'ok'", "line 1")
    _at(problems, 16, "missing key 'name'")
    _at(problems, 16, "missing key 'notebook'")
    _at(problems, 17, "invalid name 'bad keys'")
    _at(problems, 20, "unknown key 'paramters'", "did you mean 'parameters'")
    _at(problems, 21, "ipynb must be true or false")
    assert len(problems) == 8


def test_yaml_syntax_error_has_a_line(tmp_path, capsys):
    problems = _problems(tmp_path, "- name: a\n  title: [unclosed\n  notebook: x.ipynb\n", capsys)
    assert len(problems) == 1 and "invalid YAML" in problems[0]
    assert re.search(r"schedule\.yml:[34]: ", problems[0])


def test_schedule_must_be_a_list(tmp_path, capsys):
    problems = _problems(tmp_path, "name: a\ntitle: b\n", capsys)
    _at(problems, 1, "must be a list")


def test_data_dir_needs_the_parameter_in_every_notebook(tmp_path, capsys):
    nb_path = write_fixture_notebook(tmp_path / "notebooks" / "plain.ipynb")
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[2].source = "n = 5\nfail = False\nlabel = 'x'"  # no data_dir
    nbformat.write(nb, nb_path)
    problems = _problems(tmp_path, "- name: a\n  title: A\n  notebook: notebooks/plain.ipynb\n", capsys,
                         data_dir=str(tmp_path / "data"))
    _at(problems, 3, "declares no parameter 'data_dir'")


def test_only_with_an_unknown_name_is_an_error(tmp_path, capsys):
    schedule_file = write_fixture_project(tmp_path, GOOD_SCHEDULE)
    assert build_package.build(schedule_file, tmp_path / "out", root=tmp_path, only=["smal"]) == 2
    assert "no report named smal" in capsys.readouterr().err


def test_cli_arguments_and_run_build(tmp_path, capsys, monkeypatch):
    parser = argparse.ArgumentParser()
    build_package.add_build_arguments(parser)
    assert "--data-dir" in parser.format_help()
    schedule_file = write_fixture_project(tmp_path, "- name: a\n")
    args = parser.parse_args(["--schedule", str(schedule_file), "--out", str(tmp_path / "o"),
                              "--jobs", "2", "--only", "a", "b"])
    assert (args.jobs, args.only) == (2, ["a", "b"])
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    assert build_package.run_build(args) == 2
    assert "missing key 'title'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["--jobs", "0"])


# --------------------------------------------------------------------------- the renderer


def test_renderer_output_is_reproducible_and_offline():
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"b": [1], "a": [2]})).mark_point().encode(x="a", y="b")
    with alt.renderers.enable("warclaims"):
        first = chart._repr_mimebundle_()
        second = chart._repr_mimebundle_()
        other = chart.mark_bar()._repr_mimebundle_()
    first = first[0] if isinstance(first, tuple) else first
    second = second[0] if isinstance(second, tuple) else second
    other = other[0] if isinstance(other, tuple) else other
    html = first["text/html"]
    assert html == second["text/html"]
    div_id = re.search(r'<div id="(altair-viz-[0-9a-f]+)"', html).group(1)
    assert div_id not in other["text/html"], "different charts need different ids"
    assert '{"a":2,"b":1}' in html, "data rows are written with sorted keys, compactly"
    assert "cdn.jsdelivr" in html, "Altair's universal output: it loads from the CDN only if needed"


# --------------------------------------------------------------------------- builds


class _Refs(HTMLParser):
    """Every src/href attribute and every <script src>."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"src", "href", "srcset", "data", "poster", "action"} and value:
                self.urls.append((tag, name, value))


def external_urls(page: str) -> list[tuple[str, str, str]]:
    parser = _Refs()
    parser.feed(page)
    external = [u for u in parser.urls if re.match(r"^\s*(https?:|//|ftp:)", u[2], re.I)]
    external += [("css", "url", m) for m in re.findall(r"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)", page)]
    return external


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Two builds of the same fixture schedule into two folders, then a failing rebuild of one."""
    root = tmp_path_factory.mktemp("project")
    write_fixture_project(root, GOOD_SCHEDULE)
    out, twin = root / "reports", root / "twin"
    codes = {"first": build(root, out), "twin": build(root, twin, jobs=1)}
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in {".html", ".ipynb"}}
    failing = GOOD_SCHEDULE.replace("parameters: {n: 6}", "parameters: {n: 6, fail: true}")
    assert failing != GOOD_SCHEDULE
    (out / "small.html").write_text("stale")  # must be replaced by the rebuild
    codes["failing"] = build(root, out, schedule=failing, only=["small", "flaky"])
    return {"root": root, "out": out, "twin": twin, "codes": codes, "before": before}


def test_builds_succeed(project):
    assert project["codes"]["first"] == 0
    assert project["codes"]["twin"] == 0
    assert sorted(project["before"]) == ["flaky.html", "index.html", "small.html", "student.html",
                                         "student.ipynb"]


def test_two_builds_are_byte_identical(project):
    for name, data in project["before"].items():
        assert data == (project["twin"] / name).read_bytes(), f"{name} differs between two builds"


def test_failed_entry_keeps_previous_html_and_is_marked(project):
    out = project["out"]
    assert project["codes"]["failing"] == 1
    assert (out / "flaky.html").read_bytes() == project["before"]["flaky.html"], "previous HTML stays"
    assert (out / "small.html").read_bytes() == project["before"]["small.html"], "others still build"
    index = (out / "index.html").read_text()
    row = next(r for r in index.split("<tr") if "<code>flaky</code>" in r)
    assert "failed" in row and "ValueError: boom at n=6" in row
    assert "previous build" in row and 'href="flaky.html"' in row
    student = next(r for r in index.split("<tr") if "<code>student</code>" in r)
    assert ">ok (built)</td>" in student, "an entry left out by --only keeps its last status"
    scratch = cache.folder_for(out, project["root"])
    kept = nbformat.read(scratch / "flaky.failed.ipynb", as_version=4)
    errors = [o for c in kept.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "ValueError"
    assert "executed notebook: flaky.failed.ipynb in the build&#x27;s cache folder" in row, \
        "the index names the kept notebook, with no absolute path (the tests' cache is outside the project)"
    assert not list(out.glob(".*.tmp")), "no temp files left behind"
    log = (scratch / "build.log").read_text()
    assert re.search(r"flaky: failed execute=\d+\.\d+s", log)


def test_index_escapes_and_has_no_machine_specifics(project):
    index = (project["twin"] / "index.html").read_text()
    assert "Small &lt;fixture&gt; &amp; co" in index
    assert "&lt;b&gt;bold?&lt;/b&gt;" in index and "<b>bold" not in index
    assert re.search(r"<dt>Dataset</dt><dd>[^<]*, version [0-9a-f]{6,}</dd>", index), "the footer names the version"
    for page in project["twin"].glob("*.html"):
        text = page.read_text().replace(vega_loader_js(), "")  # the library has dates of its own
        assert str(project["root"]) not in text, f"{page.name} contains an absolute path"
        assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", text), f"{page.name} contains a timestamp"
        assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", text), f"{page.name} has a uuid"


def test_each_page_has_one_bundle_and_no_external_urls(project):
    tail = vega_bundle()[-300:]
    for page in sorted(project["twin"].glob("*.html")):
        text = page.read_text()
        if page.name == "index.html":
            assert tail not in text
        else:
            assert text.count(tail) == 1, f"{page.name}: the Vega bundle must be inlined exactly once"
            assert text.count("altair-viz-") >= FIXTURE_CHARTS
        assert "<script src" not in text
        assert external_urls(text) == [], page.name


def test_pages_hide_inputs_and_tagged_cells(project):
    twin = project["twin"]
    small, student = (twin / "small.html").read_text(), (twin / "student.html").read_text()
    assert "setup_notebook()" not in small, "inputs are hidden"
    assert "Fixture report" in small, "markdown stays"
    assert "SECRET-SOLUTION" in small
    assert "SECRET-SOLUTION" not in student
    assert "data:image/png;base64," in small, "the matplotlib figure is there"
    assert "<title>Small &lt;fixture&gt; &amp; co</title>" in small

    nb = nbformat.read(twin / "student.ipynb", as_version=4)
    assert all("solution" not in c.metadata.get("tags", []) for c in nb.cells)
    assert "papermill" not in nb.metadata
    assert all("execution" not in c.metadata and "papermill" not in c.metadata for c in nb.cells)
    # The notebook keeps its bundle output: trusted in JupyterLab, its saved charts render offline.
    tagged = [o for c in nb.cells for o in c.get("outputs", [])
              if BUNDLE_OUTPUT_TAG in o.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1


def test_plain_progress_lines(project, capfd):
    assert build(project["root"], project["root"] / "progress", schedule=GOOD_SCHEDULE,
                 only=["small"], jobs=1) == 0
    out = capfd.readouterr().out
    assert re.search(r"^\[1/1\] small built \d+\.\d+s$", out, re.M), out


# --------------------------------------------------------------------------- CI artifact


def test_ci_artifacts_hold_what_a_build_writes(project, monkeypatch):
    """The nightly workflow uploads two artifacts: ``reports`` holds every file of the output folder (pages,
    index, the notebooks the schedule publishes) and nothing else; ``build-log`` holds the log and a failed
    run's notebook from the cache folder the build step names in $WARCLAIMS_CACHE_DIR."""
    recorded = {}
    monkeypatch.setattr(build_package.runner, "build", lambda schedule, out, **_: recorded.update(out=out))
    parser = argparse.ArgumentParser()
    build_package.add_build_arguments(parser)
    build_package.run_build(parser.parse_args([]))
    assert recorded["out"] == paths.project_root() / "reports", "`make report` writes where CI uploads"

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "report.yml").read_text())
    steps = {step.get("name"): step for job in workflow["jobs"].values() for step in job["steps"]}
    cache_env = steps["Build the reports"]["env"][paths.CACHE_DIR_ENV]
    # The fixture project's reports/ holds a build and a failing rebuild, as a CI checkout would.
    root, out = project["root"], project["out"]
    assert out == root / "reports"
    scratch = cache.folder_for(out, root)

    def uploaded(step: str) -> set[Path]:
        patterns = steps[step]["with"]["path"].splitlines()
        found = {path for pattern in patterns
                 for path in (scratch.parent.glob(pattern.removeprefix(cache_env + "/"))
                              if pattern.startswith(cache_env) else root.glob(pattern))}
        # The tests' cache folder also holds the caches of the fixture's other output folders; CI has one.
        return {path for path in found if not path.is_relative_to(scratch.parent) or path.parent == scratch}

    published = {path for path in out.rglob("*") if path.is_file()} - {out / "schedule.yml"}  # schedule: in git
    assert {p.name for p in published} == {"index.html", "small.html", "flaky.html", "student.html", "student.ipynb"}
    assert uploaded("Upload the reports") == published
    assert uploaded("Upload the build log and failed notebooks") == {scratch / "build.log", scratch / "flaky.failed.ipynb"}


def test_show_input_puts_code_on_the_page_and_default_hides_it():
    import nbformat

    from warclaims.build.worker import html_exporter

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("answer = 6 * 7  # distinctive")])
    resources = {"warclaims_vega_js": ""}
    shown, _ = html_exporter(True).from_notebook_node(nb, resources=dict(resources))
    hidden, _ = html_exporter(False).from_notebook_node(nb, resources=dict(resources))
    assert "distinctive" in shown
    assert "distinctive" not in hidden
