"""What an executed notebook keeps when it becomes a published page or notebook.

* The explanations of output a run did not produce: a markdown cell tagged :data:`EXPLAINS_TAG`
  explains what the code cells after it show (up to the next markdown cell). When none of them
  displayed anything (a dataset with no ceasefires draws no ceasefire chart), the page leaves the
  explanation out too, rather than show a heading over nothing. The notebook in JupyterLab keeps every
  cell: there the reader sees the code the text explains.
* No path of the build machine: the kernel needs the dataset's real folder, but a published page or
  notebook shows it as the project-relative path, or by the dataset's name when the folder lies
  outside the project, so that two copies of one dataset in two folders give the same bytes.
* No parameter cells on an HTML page: they are the build's plumbing (``edition = "teacher"``), and a
  page that shows its code would show the defaults and then the values papermill injected. Nor cells
  tagged :data:`NOTEBOOK_ONLY_TAG`: text for someone running the notebook ("change these in the cell
  below"), which a page's reader cannot act on. A page that shows code (``show_input``) still hides the
  code of cells tagged :data:`REMOVE_INPUT_TAG` (Jupyter Book's name): their output is the point.
* No cells tagged :data:`PAGE_ONLY_TAG` in a published notebook: what only a page's reader needs (the
  boxes a student writes in on a printed worksheet); the notebook's user has cells to type in instead.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

EXPLAINS_TAG = "explains-output"
INJECTED_TAG = "injected-parameters"
NOTEBOOK_ONLY_TAG = "notebook-only"
PAGE_ONLY_TAG = "page-only"
REMOVE_INPUT_TAG = "remove-input"
PAGE_DROPS = frozenset({"parameters", INJECTED_TAG, NOTEBOOK_ONLY_TAG})


def _tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def _explained_output(cells: list, start: int) -> bool:
    """Whether any code cell after ``start``, up to the next markdown cell, displayed something."""
    for cell in cells[start + 1:]:
        if cell.cell_type == "markdown":
            return False
        if cell.cell_type == "code" and cell.get("outputs"):
            return True
    return False


def drop_unused_explanations(nb):
    """``nb``, changed in place, without the tagged markdown cells whose code cells displayed nothing."""
    cells = nb.cells
    nb.cells = [cell for index, cell in enumerate(cells)
                if not (cell.cell_type == "markdown" and EXPLAINS_TAG in _tags(cell)
                        and not _explained_output(cells, index))]
    return nb


def shown_data_dir(data_dir: str, root: Path) -> str:
    """How a page names a dataset folder: relative to the project root when inside it, else the
    dataset's ``name`` from its ``datapackage.json`` (its folder's name when that is unreadable)."""
    folder = Path(data_dir).resolve()
    try:
        return folder.relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        pass
    try:
        name = json.loads((folder / "datapackage.json").read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        name = None
    return name if isinstance(name, str) and name else folder.name


def portable_parameters(nb, root: Path):
    """``nb``, changed in place: the injected ``data_dir = "..."`` names the folder as :func:`shown_data_dir`."""
    for cell in nb.cells:
        if cell.cell_type != "code" or INJECTED_TAG not in _tags(cell):
            continue
        lines = cell.source.split("\n")
        for index, line in enumerate(lines):
            try:
                statement = ast.parse(line).body
            except SyntaxError:
                continue
            if (len(statement) == 1 and isinstance(statement[0], ast.Assign)
                    and [getattr(t, "id", None) for t in statement[0].targets] == ["data_dir"]
                    and isinstance(statement[0].value, ast.Constant) and isinstance(statement[0].value.value, str)
                    and statement[0].value.value):
                shown = shown_data_dir(statement[0].value.value, root)
                lines[index] = f"data_dir = {json.dumps(shown, ensure_ascii=False)}"
        cell.source = "\n".join(lines)
    return nb


def page_cells(nb):
    """A copy of ``nb`` for an HTML page: no parameter cell and no cell for the notebook's user only;
    cells tagged :data:`REMOVE_INPUT_TAG` show their output only."""
    import copy

    page = copy.copy(nb)
    page.cells = []
    for cell in nb.cells:
        if PAGE_DROPS & set(_tags(cell)):
            continue
        if REMOVE_INPUT_TAG in _tags(cell):
            cell = copy.deepcopy(cell)
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        page.cells.append(cell)
    return page


def notebook_cells(nb):
    """A copy of ``nb`` to publish as a notebook: without the cells tagged :data:`PAGE_ONLY_TAG`."""
    import copy

    published = copy.copy(nb)
    published.cells = [cell for cell in nb.cells if PAGE_ONLY_TAG not in _tags(cell)]
    return published
