"""The classroom notebook and its two editions.

Grouped by behaviour:

* the committed notebook's shape: parameters, exercises, solutions that can be removed safely;
* the teaching helpers (edition banner, teacher's notes, searching the archived texts);
* the built editions: the student notebook and page carry no solution, the teacher page carries every
  one, and the student notebook runs top to bottom.

The editions are built once per test module through the real build (``warclaims build --only
classroom_student classroom_teacher`` with the project's schedule, into a temporary folder), as
``make teaching`` does. The build may hide code inputs on the pages, so the page checks look for what
a page always shows: rendered markdown, outputs, teacher's notes.
"""
from __future__ import annotations

import ast
import builtins
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from warclaims import teaching
from warclaims.params import ParameterError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "classroom.ipynb"
SOLUTION = teaching.SOLUTION_TAG
EXERCISE_HEADING = re.compile(r"^## Exercise (\d+)\b", re.MULTILINE)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _is_solution(cell) -> bool:
    return SOLUTION in _tags(cell)


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


# -- text extraction --------------------------------------------------------------------------------
class _Text(HTMLParser):
    """The text a reader sees in a page: no tags, no scripts or styles, entities decoded.

    Block elements separate words; inline ones (the spans of highlighted code) do not, so code reads
    exactly as written.
    """

    BLOCKS = {"p", "div", "br", "li", "td", "th", "tr", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table",
              "ul", "ol", "blockquote", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _squash(text: str) -> str:
    return " ".join(text.split())


def page_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return _squash("".join(parser.parts))


def _rendered_markdown(source: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return page_text(markdown2html_mistune(source))


def _cell_texts(cell) -> list[str]:
    """A cell as it can appear: its source, and for markdown also the rendered text."""
    texts = [_squash(cell.source)]
    if cell.cell_type == "markdown":
        texts.append(_rendered_markdown(cell.source))
    return texts


def _output_texts(cell) -> list[str]:
    """The text each output of a code cell shows on a page (images and the Vega bundle have none)."""
    texts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            texts.append(_squash(output.get("text", "")))
            continue
        data = output.get("data", {})
        if any(mime.startswith("image/") for mime in data):
            continue
        value = data.get("text/html", data.get("text/plain"))
        if value is None:
            continue
        value = "".join(value) if isinstance(value, list) else value
        texts.append(page_text(value) if "text/html" in data else _squash(value))
    return [t for t in texts if t]


def notebook_text(nb) -> str:
    """Everything a notebook file shows: every cell's source and the text of every output."""
    parts = []
    for cell in nb.cells:
        parts.append(_squash(cell.source))
        if cell.cell_type == "code":
            parts += _output_texts(cell)
    return " \n ".join(parts)


def distinctive_snippets(nb, form: str = "both") -> dict[int, list[str]]:
    """For each solution cell (by index), the pieces of it that no other cell contains.

    * Markdown: every sentence of 30 characters or more, as written (``form="source"``: what a
      notebook file holds), as rendered (``form="page"``: what an HTML page shows), or both.
    * Code: every output's text, as executed with the default parameters (the page can hide inputs,
      never outputs), and for ``source``/``both`` also every line of 20 characters or more.

    Pieces that also occur in a non-solution cell or its outputs are left out: they are not solution
    content.
    """
    others = []
    for cell in nb.cells:
        if not _is_solution(cell):
            others += _cell_texts(cell) + (_output_texts(cell) if cell.cell_type == "code" else [])
    others = " \n ".join(others)
    snippets = {}
    for index, cell in enumerate(nb.cells):
        if not _is_solution(cell):
            continue
        if cell.cell_type == "code":
            pieces = _output_texts(cell)
            if form != "page":
                pieces += [p for p in (_squash(line) for line in cell.source.splitlines()) if len(p) >= 20]
        else:
            source, page = _cell_texts(cell)
            texts = {"source": [source], "page": [page], "both": [source, page]}[form]
            pieces = [p for text in texts for p in re.split(r"(?<=[.!?])\s+", text) if len(p) >= 30]
        snippets[index] = sorted({p for p in pieces if p not in others})
    return snippets


def teacher_notes(nb) -> dict[int, str]:
    """The text of each solution cell's ``teaching.teacher_note(edition, "...")``, by cell index."""
    notes = {}
    for index, cell in enumerate(nb.cells):
        if not (_is_solution(cell) and cell.cell_type == "code"):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("teacher_note"):
                notes[index] = _squash(node.args[1].value)
    return notes


# -- the committed notebook -------------------------------------------------------------------------
def test_parameters_cell_holds_plain_literal_defaults(notebook):
    cells = [c for c in notebook.cells if "parameters" in _tags(c)]
    assert len(cells) == 1, "exactly one cell tagged 'parameters'"
    tree = ast.parse(cells[0].source)
    values = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), \
            f"the parameters cell must hold plain literal assignments only, found: {ast.unparse(node)}"
        values[node.targets[0].id] = node.value.value
    assert values == {"data_dir": "", "edition": "student"}


def test_first_code_cell_sets_up_the_notebook(notebook):
    first = next(c for c in notebook.cells if c.cell_type == "code")
    assert "import warclaims" in first.source and "warclaims.setup_notebook()" in first.source


def test_the_notebook_refuses_an_unknown_edition(notebook):
    """Run the notebook's own first cells in-process (no kernel) with a bad edition: its parameter check
    stops them with the choices, before anything is loaded."""
    code = [c.source for c in notebook.cells if c.cell_type == "code" and not _is_solution(c)]
    checked = next(i for i, source in enumerate(code) if "edition" in source and "params." in source)
    scope: dict = {}
    exec("\n".join(code[: checked]), scope)  # setup and the parameters cell
    scope["edition"] = "Teacher"
    with pytest.raises(ParameterError, match="edition: unknown value 'Teacher'; valid choices: student, teacher"):
        exec(code[checked], scope)


def exercises(nb) -> dict[int, list]:
    """Cells of each exercise, from its '## Exercise N' heading to the next heading of that level."""
    groups: dict[int, list] = {}
    current = None
    for cell in nb.cells:
        match = EXERCISE_HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if match:
            current = int(match.group(1))
            groups[current] = []
        elif cell.cell_type == "markdown" and re.match(r"^#{1,2} ", cell.source):
            current = None
        if current is not None:
            groups[current].append(cell)
    return groups


def test_between_six_and_ten_exercises_numbered_in_order(notebook):
    numbers = list(exercises(notebook))
    assert 6 <= len(numbers) <= 10
    assert numbers == list(range(1, len(numbers) + 1))


def test_every_exercise_has_discussion_an_empty_cell_and_solutions(notebook):
    for number, cells in exercises(notebook).items():
        prompt = cells[0].source
        assert "**Discussion.**" in prompt, f"exercise {number} has no discussion questions"
        student_code = [c for c in cells if c.cell_type == "code" and not _is_solution(c)]
        assert student_code, f"exercise {number} has no cell for the student's code"
        # The student's cell holds nothing but a comment: no answer hidden in it.
        assert all(line.lstrip().startswith("#") for c in student_code for line in c.source.splitlines()), number
        solutions = [c for c in cells if _is_solution(c)]
        kinds = {c.cell_type for c in solutions}
        assert kinds == {"code", "markdown"}, f"exercise {number}: expected a code and a written solution, got {kinds}"
        for cell in solutions:
            assert re.search(rf"Solution to exercise {number}\b", cell.source.splitlines()[0]), \
                f"exercise {number}: a solution cell must start by saying which exercise it solves"


def test_every_solution_code_cell_ends_with_a_teacher_note(notebook):
    for number, cells in exercises(notebook).items():
        code = [c for c in cells if _is_solution(c) and c.cell_type == "code"]
        last = ast.parse(code[-1].source).body[-1]
        assert isinstance(last, ast.Expr) and "teacher_note(edition" in ast.unparse(last), \
            f"exercise {number}: the solution should end with teaching.teacher_note(edition, ...)"


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell reads, names it binds)."""
    tree = ast.parse(source)
    loads, stores = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stores.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stores.add(node.name)
    return loads, stores


def test_solution_cells_are_self_contained(notebook):
    """Removing the solutions cannot break the rest: no other cell reads a name only a solution binds,
    and no solution rebinds a name the rest of the notebook binds."""
    code = [c for c in notebook.cells if c.cell_type == "code"]
    bound_by_rest = set()
    for cell in code:
        if not _is_solution(cell):
            bound_by_rest |= _names(cell.source)[1]
    bound_by_solutions = set()
    for cell in code:
        loads, stores = _names(cell.source)
        if _is_solution(cell):
            clash = stores & bound_by_rest
            assert not clash, f"a solution rebinds {sorted(clash)}, which the student edition also uses"
            bound_by_solutions |= stores
        else:
            leak = (loads & bound_by_solutions) - bound_by_rest - set(dir(builtins))
            assert not leak, f"a non-solution cell reads {sorted(leak)}, which only a solution defines"


@pytest.mark.parametrize("form", ["source", "page"])
def test_every_solution_cell_has_distinctive_text(notebook, form):
    snippets = distinctive_snippets(notebook, form)
    assert len(snippets) == 2 * len(exercises(notebook))
    for index, pieces in snippets.items():
        assert pieces, f"solution cell {index} has no text of its own; the leak tests could not see it"


# -- teaching helpers -------------------------------------------------------------------------------
def test_banner_names_the_edition():
    assert page_text(str(teaching.banner("student"))).startswith("Student edition.")
    assert page_text(str(teaching.banner("teacher"))).startswith("Teacher's edition.")


@pytest.mark.parametrize("edition", ["Teacher", "", "solutions", None])
def test_unknown_edition_is_refused_with_the_choices(edition):
    with pytest.raises(ParameterError, match="student, teacher"):
        teaching.banner(edition)
    with pytest.raises(ParameterError, match="edition"):
        teaching.teacher_note(edition, "a note")


def test_teacher_note_shows_in_the_teacher_edition_only():
    assert teaching.teacher_note("student", "Ask about dates.") is None
    note = teaching.teacher_note("teacher", "Ask about dates.\n\n   Then about   sources.")
    assert 'class="warclaims-teacher-note"' in note._repr_html_()
    assert "<p style=\"margin: 0.3em 0\">Ask about dates.</p>" in str(note)
    assert "Then about sources." in str(note)  # paragraphs kept, runs of spaces folded
    assert repr(note).startswith("Teacher's note.")


def test_teacher_note_text_is_escaped():
    note = str(teaching.teacher_note("teacher", "Quote: <script>alert(1)</script> & more"))
    assert "<script>" not in note
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in note


@pytest.fixture
def two_articles(tmp_path):
    (tmp_path / "a.txt").write_text("The minister, Ceyhun Bayramov, met\nGihon Bayramov's aide.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("No mention here. <b>BAYRAMOV</b>", encoding="utf-8")
    sources = pd.DataFrame({
        "source_id": ["s2", "s1"], "text_file": ["b.txt", "a.txt"], "outlet": [None, "Daily Example"]})
    return SimpleNamespace(sources=sources, data_dir=tmp_path)


def test_find_in_articles_lists_every_occurrence_in_source_then_offset_order(two_articles):
    found = teaching.find_in_articles(two_articles, "bayramov", context=12)
    assert list(found["source_id"]) == ["s1", "s1", "s2"]
    text = (two_articles.data_dir / "a.txt").read_text(encoding="utf-8")
    assert list(found["offset"][:2]) == [text.index("Bayramov"), text.index("Bayramov's")]
    assert list(found["word"]) == ["Bayramov", "Bayramov's", "BAYRAMOV"]
    assert found["context"].iloc[0] == "…ter, Ceyhun [Bayramov], met Gihon …"  # line break folded
    assert list(found["outlet"]) == ["Daily Example", "Daily Example", "outlet not named"]


def test_find_in_articles_matches_text_not_patterns(two_articles):
    assert teaching.find_in_articles(two_articles, "B.yramov").empty
    with pytest.raises(ValueError):
        teaching.find_in_articles(two_articles, "")


def test_find_in_articles_gives_the_whole_word(two_articles):
    found = teaching.find_in_articles(two_articles, "yramo")
    assert list(found["word"]) == ["Bayramov", "Bayramov's", "BAYRAMOV"]


# -- the built editions -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build both editions as ``make teaching`` does; return the paths of what it wrote."""
    out = tmp_path_factory.mktemp("teaching")
    _build(out)
    paths = SimpleNamespace(student_html=out / "classroom_student.html", teacher_html=out / "classroom_teacher.html",
                            student_ipynb=out / "classroom_student.ipynb", folder=out)
    for path in (paths.student_html, paths.teacher_html, paths.student_ipynb):
        assert path.is_file(), f"the build did not write {path.name}"
    return paths


def _build(out: Path) -> None:
    from warclaims.cli import main

    status = main(["build", "--only", "classroom_student", "classroom_teacher", "--out", str(out), "--jobs", "2"])
    assert status == 0, "warclaims build failed for the classroom editions; see its build.log in the cache folder"


def test_schedule_builds_a_student_and_a_teacher_edition():
    from warclaims import paths
    from warclaims.build import load_schedule

    entries = {e.name: e for e in load_schedule(paths.schedule_file(), paths.project_root())}
    student, teacher = entries["classroom_student"], entries["classroom_teacher"]
    assert student.notebook == teacher.notebook == NOTEBOOK.resolve()
    assert student.parameters.get("edition") == "student" and SOLUTION in student.remove_cell_tags
    assert student.ipynb, "students need the cleaned notebook, not only the page"
    assert teacher.parameters.get("edition") == "teacher" and SOLUTION not in teacher.remove_cell_tags


def test_student_notebook_has_no_solution(built, notebook):
    student = nbformat.read(built.student_ipynb, as_version=4)
    assert not [c for c in student.cells if _is_solution(c)], "a cell tagged 'solution' is left"
    text = notebook_text(student)
    for index, pieces in distinctive_snippets(notebook).items():
        for piece in pieces:
            assert piece not in text, f"solution cell {index} leaks into the student notebook: {piece!r}"
    assert "warclaims-teacher-note" not in text
    # Everything else is still there: the exercises and the students' empty cells (papermill adds a
    # cell with the injected parameters).
    assert len(exercises(student)) == len(exercises(notebook))
    kept = [c.source for c in student.cells if "injected-parameters" not in _tags(c)]
    assert kept == [c.source for c in notebook.cells if not _is_solution(c)]


def test_student_page_has_no_solution(built, notebook):
    markup = built.student_html.read_text(encoding="utf-8")
    text = page_text(markup)
    assert "Student edition" in text and "Teacher's edition" not in text
    for index, pieces in distinctive_snippets(notebook).items():
        for piece in pieces:
            assert piece not in text, f"solution cell {index} leaks into the student page: {piece!r}"
    assert "Solution to exercise" not in text
    assert "warclaims-teacher-note" not in markup
    for index, note in teacher_notes(notebook).items():
        assert note[:60] not in text
    assert set(re.findall(r"Exercise (\d+)\b", text)) == {str(n) for n in exercises(notebook)}


def test_teacher_page_has_every_solution_and_a_note_per_exercise(built, notebook):
    markup = built.teacher_html.read_text(encoding="utf-8")
    text = page_text(markup)
    assert "Teacher's edition" in text
    for index, pieces in distinctive_snippets(notebook, form="page").items():
        for piece in pieces:
            assert piece in text, f"solution cell {index} is missing from the teacher page: {piece!r}"
    notes = teacher_notes(notebook)
    assert len(notes) == len(exercises(notebook))
    for index, note in notes.items():
        assert note in text, f"the teacher's note of solution cell {index} is missing from the teacher page"
    assert markup.count('class="warclaims-teacher-note"') == len(notes)


def test_student_notebook_runs_top_to_bottom(built):
    import papermill

    executed = built.folder / "student_run.ipynb"
    # A fresh kernel in another folder, as a student's laptop would run it; an error raises here.
    papermill.execute_notebook(str(built.student_ipynb), str(executed), kernel_name="python3",
                               cwd=str(built.folder), progress_bar=False)
    result = nbformat.read(executed, as_version=4)
    errors = [o for c in result.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert "Student edition" in notebook_text(result)
