"""A page leaves out the explanation of output its run did not produce (warclaims.build.pages)."""
from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat

from warclaims.build.pages import EXPLAINS_TAG, drop_unused_explanations


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, text, outputs in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(text, metadata={"tags": [EXPLAINS_TAG]} if outputs else {}))
        else:
            cell = nbformat.v4.new_code_cell(text)
            cell.outputs = [nbformat.v4.new_output("stream", text="shown")] if outputs else []
            nb.cells.append(cell)
    return nb


def test_an_explanation_stays_only_over_output():
    nb = _notebook(("md", "# Title", False),
                   ("md", "## Drawn", True), ("code", "a", False), ("code", "b", True),
                   ("md", "## Nothing drawn", True), ("code", "c", False),
                   ("md", "## Untagged stays", False), ("code", "d", False),
                   ("md", "## Last, nothing after", True))
    kept = [c.source for c in drop_unused_explanations(nb).cells if c.cell_type == "markdown"]
    assert kept == ["# Title", "## Drawn", "## Untagged stays"]
    assert len([c for c in nb.cells if c.cell_type == "code"]) == 4  # code cells are never dropped


RUNNER = """
import sys
from pathlib import Path
from warclaims import cli, paths

if __name__ == "__main__":  # the build's workers are spawned: they import this file again
    root, data, out = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    paths.project_root = lambda start=None: root  # a project of its own: its notebook and schedule
    sys.exit(cli.main(["build", "--schedule", str(root / "schedule.yml"), "--out", out, "--data-dir", data,
                       "--jobs", "1"]))
"""


ROOT = Path(__file__).resolve().parents[1]


def test_two_copies_of_a_dataset_in_two_folders_build_the_same_bytes(tmp_path):
    """A page that shows its code, and its published notebook, name an outside dataset by its name."""
    import shutil
    import subprocess
    import sys

    from conftest import write_other_dataset, write_parameterized_notebook

    project = tmp_path / "project"
    write_parameterized_notebook(project / "notebooks" / "shows.ipynb",
                                 "import warclaims\nprint(len(warclaims.load(data_dir).claims), 'claims')")
    (project / "schedule.yml").write_text("- name: shows\n  title: Shows its code\n  notebook: notebooks/shows.ipynb\n"
                                          "  show_input: true\n  ipynb: true\n")
    (project / "runner.py").write_text(RUNNER)
    first = write_other_dataset(tmp_path / "first" / "data")
    second = Path(shutil.copytree(first, tmp_path / "elsewhere" / "deeper" / "copy"))
    built = []
    for data in (first, second):
        out = tmp_path / f"out-{data.parent.name}"
        done = subprocess.run([sys.executable, str(project / "runner.py"), str(project), str(data), str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stdout + done.stderr
        built.append({name: (out / name).read_bytes() for name in ("shows.html", "shows.ipynb", "index.html")})
    assert built[0] == built[1]
    page, notebook = built[0]["shows.html"].decode(), built[0]["shows.ipynb"].decode()
    assert "claims" in page and str(tmp_path) not in page and str(tmp_path) not in notebook
    assert "data_dir = \\\"warclaims-ruritania-kravonia-2019\\\"" in notebook  # JSON-escaped in the .ipynb
    # The page shows the notebook's code, but not its parameter cells (defaults, then papermill's).
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "print(len(warclaims.load(data_dir).claims), 'claims')" in text and "data_dir = " not in text


def test_a_folder_inside_the_project_is_shown_relative_to_it(tmp_path):
    from warclaims.build.pages import shown_data_dir

    (tmp_path / "datasets" / "mine").mkdir(parents=True)
    assert shown_data_dir(str(tmp_path / "datasets" / "mine"), tmp_path) == "datasets/mine"
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "datapackage.json").write_text('{"name": "my-war"}')
    assert shown_data_dir(str(outside), tmp_path) == "my-war"
    (outside / "datapackage.json").write_text("[1, 2]")  # unreadable as a descriptor: the folder's name
    assert shown_data_dir(str(outside), tmp_path) == outside.name


def test_a_page_drops_parameter_cells_and_text_for_the_notebooks_user_only():
    from warclaims.build.pages import NOTEBOOK_ONLY_TAG, page_cells

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"),
                nbformat.v4.new_markdown_cell("Change these in the cell below", metadata={"tags": [NOTEBOOK_ONLY_TAG]}),
                nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]}),
                nbformat.v4.new_code_cell("print(x)")]
    assert [c.source for c in page_cells(nb).cells] == ["# Title", "print(x)"]
    assert len(nb.cells) == 5  # the notebook itself keeps them
