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
import functools
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
NOTEBOOK_ONLY, PAGE_ONLY, REMOVE_INPUT = "notebook-only", "page-only", "remove-input"
NOTEBOOK = ROOT / "notebooks" / "classroom.ipynb"
SOLUTION = teaching.SOLUTION_TAG
EXERCISE_HEADING = re.compile(r"^## Exercise (\d+)\b", re.MULTILINE)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _is_solution(cell) -> bool:
    return SOLUTION in _tags(cell)


@functools.cache
def _dataset():
    import warclaims

    return warclaims.load()


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


def note_cells(nb) -> dict[int, object]:
    """The solution cells that show a teacher's note, by cell index."""
    return {i: c for i, c in enumerate(nb.cells)
            if _is_solution(c) and c.cell_type == "code" and "teaching.teacher_note(edition" in c.source}


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
    assert values == {"data_dir": "", "edition": "student", "site_page": ""}


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


def _numbered_parts(prompt: str) -> list[str]:
    return re.findall(r"^(\d+)\. ", prompt, re.MULTILINE)


def test_every_exercise_has_parts_discussion_cells_for_students_and_solutions(notebook):
    for number, cells in exercises(notebook).items():
        prompt = cells[0].source
        assert "**Discussion.**" in prompt and "(a)" in prompt, f"exercise {number} has no discussion questions"
        assert _numbered_parts(prompt), f"exercise {number} has no numbered questions"
        notebook_code = [c for c in cells if c.cell_type == "code" and NOTEBOOK_ONLY in _tags(c)]
        explore, answers, check = notebook_code
        # The exploration cell holds nothing but a comment, the answers cell only "name = ...": no answer in them.
        assert all(line.lstrip().startswith("#") for line in explore.source.splitlines()), number
        for node in ast.parse(answers.source).body:
            assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value is ..., \
                f"exercise {number}: the answers cell must only set names to ..."
        assert check.source == f"teaching.check({number})"
        boxes = [c for c in cells if PAGE_ONLY in _tags(c)]
        assert len(boxes) == 1 and "teaching.answer_boxes(edition" in boxes[0].source
        solutions = [c for c in cells if _is_solution(c)]
        assert [c.cell_type for c in solutions] == ["markdown", "code", "code"], number
        for cell in solutions[:2]:
            assert re.search(rf"Solution to exercise {number}\b", cell.source.splitlines()[0]), \
                f"exercise {number}: a solution cell must start by saying which exercise it solves"


def test_every_exercise_has_one_answer_box_per_part_and_discussion_question(notebook):
    for number, cells in exercises(notebook).items():
        prompt = cells[0].source
        box_cell = next(c for c in cells if PAGE_ONLY in _tags(c))
        labels = [node.value for node in ast.parse(box_cell.source).body[0].value.args[1:]]
        parts = _numbered_parts(prompt)
        discussion = re.findall(r"\(([a-z])\) ", prompt.split("**Discussion.**")[1])
        numbered = [label.split(".")[0] for label in labels if label[0].isdigit()]
        assert numbered == parts, f"exercise {number}: boxes {labels} for parts {parts}"
        assert [l for l in labels if l.startswith("Discussion")] == [f"Discussion ({d})" for d in discussion]


def test_every_answer_has_a_notebook_variable_and_a_check(notebook):
    key = teaching.answer_key(_dataset())
    for number, cells in exercises(notebook).items():
        answers = next(c for c in cells if c.cell_type == "code" and "your answers" in c.source)
        variables = [node.targets[0].id for node in ast.parse(answers.source).body]
        assert variables == [a.variable for a in key.values() if a.exercise == number], number


def test_every_exercise_has_one_teacher_note_shown_as_output_only(notebook):
    notes = note_cells(notebook)
    assert len(notes) == len(exercises(notebook))
    for index, cell in notes.items():
        assert REMOVE_INPUT in _tags(cell), f"cell {index}: a note's code would show the note twice on the page"
        call = ast.parse(cell.source).body[-1].value
        assert isinstance(call.args[1], ast.JoinedStr), f"cell {index}: a note's numbers come from the answer key"


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
    assert len(snippets) == 3 * len(exercises(notebook)) + 2  # and the answer key's heading and table
    notes = note_cells(notebook)  # shown only when run as the teacher edition: the note tests look for them
    for index, pieces in snippets.items():
        if form == "page" and index in notes:
            continue
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


# -- the automatic checks --------------------------------------------------------------------------
def _key():
    return teaching.answer_key(_dataset())


def _teacher_answers() -> dict:
    return {variable: answer.accepted[0] for variable, answer in _key().items()}


#: A wrong answer for every part (a plausible mistake, of the right type).
WRONG = {
    "claimant_729": "armenia_gov", "sources_729": ["s000"], "subject_side_729": "armenia", "why_one_figure": "A",
    "armenian_military_deaths": [729, 376], "as_of_days": [9, 20], "is_correction": True,
    "single_source_figures": 22, "figures_printed_twice": [729], "independent": True,
    "figures_on_12_october": 7, "new_after_12_october": 8, "why_376_stays": "A",
    "hundreds_range": [100, 999], "named_deaths_19_october": 790, "hundreds_consistent": "B",
    "silent_claimant": "armenia_gov", "silent_about": "civilian", "silences": 2, "published_instead": [61],
    "hours_to_first_violation": [0, 24], "hours_to_end": [12, 60],
    "bayramov_first_names": ["Jeyhun"], "bayramov_in_dataset": "Ceyhun", "mnatsakan_spellings": ["Mnatsakanyan"],
    "unverified_figures": 1, "unverified_source": "s003", "unverified_source_type": "news", "rt_credited_for": "A",
}
EXERCISE_NUMBERS = list(range(1, 10))


def test_wrong_answers_cover_every_part():
    assert set(WRONG) == set(_key())


@pytest.mark.parametrize("exercise", EXERCISE_NUMBERS)
def test_checks_accept_the_teacher_answers(exercise):
    feedback = teaching.check(exercise, _teacher_answers())
    assert feedback.score == feedback.possible == len([a for a in _key().values() if a.exercise == exercise])
    assert f"Exercise {exercise}: {feedback.possible} of {feedback.possible} points." in repr(feedback)
    assert all(part.outcome == "right" for part in feedback.parts)


@pytest.mark.parametrize("exercise", EXERCISE_NUMBERS)
def test_checks_accept_every_listed_alternative_and_any_order_of_a_set(exercise):
    for variable, answer in _key().items():
        if answer.exercise != exercise:
            continue
        for value in answer.accepted:
            shuffled = sorted(value, key=str, reverse=True) if answer.unordered else value
            feedback = teaching.check(exercise, {**_teacher_answers(), variable: shuffled})
            assert feedback.score == feedback.possible, (variable, value)
    upper = {v: a.accepted[0].upper() for v, a in _key().items() if isinstance(a.accepted[0], str)}
    assert teaching.check(exercise, {**_teacher_answers(), **upper}).score == teaching.check(
        exercise, _teacher_answers()).possible  # case does not matter


@pytest.mark.parametrize("exercise", EXERCISE_NUMBERS)
def test_checks_reject_a_wrong_answer_to_every_part_with_its_hint(exercise):
    parts = [v for v, a in _key().items() if a.exercise == exercise]
    for variable in parts:
        feedback = teaching.check(exercise, {**_teacher_answers(), variable: WRONG[variable]})
        assert feedback.score == feedback.possible - 1, variable  # partial credit: the other parts still count
        (wrong,) = [p for p in feedback.parts if p.outcome != "right"]
        assert wrong.outcome == "wrong" and wrong.hint, variable
        text = repr(feedback)
        assert f"\u2717 {wrong.name} : not yet. {wrong.hint}" in text
        assert f"{feedback.score} of {feedback.possible} points" in text


@pytest.mark.parametrize("exercise", EXERCISE_NUMBERS)
def test_checks_say_when_a_part_is_not_answered(exercise):
    blank = {v: ... for v in _key()}
    feedback = teaching.check(exercise, blank)
    assert feedback.score == 0 and all(p.outcome == "unanswered" for p in feedback.parts)
    assert "not answered yet" in repr(feedback) and "replace the ..." in repr(feedback)
    assert teaching.check(exercise, {}).score == 0  # names never set are not answered either


def test_checks_are_deterministic():
    answers = {**_teacher_answers(), "claimant_729": "nobody"}
    assert str(teaching.check(1, answers)) == str(teaching.check(1, answers))
    assert str(teaching.check(2, _teacher_answers())) == str(teaching.check(2, _teacher_answers()))


def test_check_files_hold_digests_not_answers():
    for path in sorted(teaching.CHECKS_DIR.glob("exercise_*.py")):
        text = path.read_text(encoding="utf-8").casefold()
        number = int(path.stem.split("_")[1])
        for answer in (a for a in _key().values() if a.exercise == number):
            assert all(d in text for d in answer.digests()), f"{path.name} is out of date: run scripts/classroom_checks.py"
            for value in answer.accepted:
                shown = teaching.normalise(value)
                for piece in re.split(r"[\[\]{}|]", shown):
                    if len(piece) >= 4:  # shorter ones ("3", "b", "s002") also occur in names and hints
                        assert piece not in text, f"{path.name} holds the answer {piece!r} in plain text"
    assert sorted(p.stem for p in teaching.CHECKS_DIR.glob("exercise_*.py")) == [f"exercise_{n}" for n in EXERCISE_NUMBERS]


def test_normalise_reads_answers_as_students_write_them():
    assert teaching.normalise(" Nagorno-Karabakh  (Artsakh) ") == teaching.normalise("nagorno-karabakh (artsakh)")
    assert teaching.normalise("5,800") == teaching.normalise(5800) == teaching.normalise(5800.0)
    assert teaching.normalise("no") == teaching.normalise(False) == teaching.normalise("False")
    assert teaching.normalise(pd.Series([376, 729])) == teaching.normalise([376, 729]) != teaching.normalise([729, 376])
    assert teaching.normalise({"b", "a"}) == teaching.normalise({"a", "b"})
    assert teaching.as_set("s000") == {"s000"} and teaching.as_set(pd.Series(["a", "b"])) == {"a", "b"}


def test_answer_key_is_computed_from_the_data():
    key = _key()
    figs = __import__("warclaims").analysis.figures(_dataset())
    assert key["single_source_figures"].accepted[0] == (figs["n_sources"] == 1).sum()
    assert key["named_deaths_19_october"].accepted[0] == 729 + 37 + 61
    assert key["armenian_military_deaths"].accepted[0] == [376, 729] and key["is_correction"].accepted[0] is False
    # What no correction in the data means for learning goal 2: no row supersedes another.
    assert (_dataset().claims["supersedes"].fillna("") == "").all()


def test_written_solutions_agree_with_the_answer_key(notebook):
    """The numbers of each written solution are the key's (computed from the data), so prose cannot go stale
    silently: every numeric answer of an exercise appears in its written solution."""
    key = _key()
    for number, cells in exercises(notebook).items():
        written = _squash(next(c.source for c in cells if _is_solution(c) and c.cell_type == "markdown"))
        for answer in (a for a in key.values() if a.exercise == number):
            values = answer.accepted[0]
            values = sorted(values) if isinstance(values, set) else values if isinstance(values, list) else [values]
            for value in values:
                if isinstance(value, int) and not isinstance(value, bool):
                    assert re.search(rf"(?<![\d,]){words_format(value)}(?![\d,])", written), \
                        f"exercise {number}: the written solution does not say {value} ({answer.variable})"
            if answer.variable in teaching.CHOICES:
                assert f"answer to {answer.part} is {answer.accepted[0]}" in written, answer.variable


def words_format(value: int) -> str:
    from warclaims.text import words

    return re.escape(words.format_number(value))


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


def _student_files(folder: Path) -> list[Path]:
    """Every file of the student edition in the output folder, the build's scratch files included."""
    return sorted(p for p in folder.rglob("classroom_student*") if p.is_file())


def test_no_student_file_holds_a_solution(built, notebook):
    files = _student_files(built.folder)
    assert {p.name for p in files} >= {"classroom_student.html", "classroom_student.ipynb"}
    key = _key()
    for path in files:
        raw = path.read_text(encoding="utf-8")
        text = page_text(raw) if path.suffix == ".html" else notebook_text(nbformat.reads(raw, as_version=4))
        assert "Solution to exercise" not in text and "warclaims-teacher-note" not in raw, path.name
        for index, pieces in distinctive_snippets(notebook).items():
            for piece in pieces:
                assert piece not in text, f"solution cell {index} leaks into {path.name}: {piece!r}"
        for answer in key.values():
            assert not any(d in raw for d in answer.digests()) or path.suffix != ".html", path.name


def test_student_notebook_keeps_every_cell_but_solutions_and_page_boxes(built, notebook):
    student = nbformat.read(built.student_ipynb, as_version=4)
    assert not [c for c in student.cells if _is_solution(c) or PAGE_ONLY in _tags(c)]
    assert len(exercises(student)) == len(exercises(notebook))
    kept = [c.source for c in student.cells if "injected-parameters" not in _tags(c)]
    assert kept == [c.source for c in notebook.cells if not (_is_solution(c) or PAGE_ONLY in _tags(c))]


def test_student_page_has_no_solution_no_teacher_text_and_no_code(built, notebook):
    markup = built.student_html.read_text(encoding="utf-8")
    text = page_text(markup)
    assert "Student edition" in text and "teacher" not in text.casefold()
    assert markup.count("<h1") == 1, "one top-level heading"
    assert set(re.findall(r"Exercise (\d+)\b", text)) == {str(n) for n in exercises(notebook)}
    # No raw output and no Python: the page is for readers who run nothing.
    for raw in ("dtype", "Name: ", "(24, 99)", "NaN", "<IPython", "alt.VConcatChart", "In Python",
                "your answers. Replace", "Out["):
        assert raw not in text, f"the student page shows {raw!r}"
    for code in (r"\bfigs\b", r"\bds\.\w", r"\bteaching\.", r"\banalysis\.\w", r"\w\(\w*\)", r"`"):
        assert not re.search(code, text), f"the student page shows code: {re.search(code, text).group(0)!r}"
    assert 'class="highlight' not in markup, "the student page shows a code cell"


def test_student_page_holds_every_table_the_exercises_need(built, notebook):
    markup = built.student_html.read_text(encoding="utf-8")
    text = page_text(markup)
    ds = _dataset()
    figs = __import__("warclaims").analysis.figures(ds)
    named = set(re.findall(r"Table ([A-Z])\b", " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")))
    for letter in named:
        assert re.search(rf"<h3[^>]*>Table {letter}:", markup), f"the page has no Table {letter}"
    for quote in figs["quotes"].explode():  # Table A: every figure, with every source's words
        assert _squash(quote) in text, quote
    for value in figs["display"]:
        assert value in text
    events = ds.ceasefire_events[ds.ceasefire_events["ceasefire_id"] == "cf20201010"]
    for quote in events["quote"]:  # Table D: the ceasefire evidence of exercise 7
        assert _squash(quote) in text
    for word in ("Ceyhun [Bayramov]", "Gihon [Bayramov]", "[Mnatsakan]ian", "[Mnatsakan]yan",  # Tables E and F
                 "Jeyhun Bayramov", "[unverified report]", "[RT correspondent]", "[by RT]"):  # and G
        assert word in text, word
    for term in ds.vague_terms["term"]:  # Table C
        assert term in text
    for title in ds.sources["title"]:  # Table B, with the kind of each source
        assert _squash(title) in text
    assert "opinion" in text and "aggregator" in text


def test_student_page_links_quotes_to_the_article_pages(built):
    markup = built.student_html.read_text(encoding="utf-8")
    targets = set(re.findall(r'href="(articles/[^"#]+\.html)#((?:claim|event)-[^"]+)"', markup))
    assert any(a.startswith("claim-") for _, a in targets) and any(a.startswith("event-") for _, a in targets)
    for page, anchor in targets:
        assert f'id="{anchor}"' in (built.folder / page).read_text(encoding="utf-8"), (page, anchor)


def test_student_page_has_one_box_per_question_and_the_teacher_page_none(built, notebook):
    student = built.student_html.read_text(encoding="utf-8")
    expected = sum(len(ast.parse(c.source).body[0].value.args) - 1 for c in notebook.cells if PAGE_ONLY in _tags(c))
    assert student.count('class="warclaims-answer"') == expected
    assert built.teacher_html.read_text(encoding="utf-8").count('class="warclaims-answer"') == 0


def test_teacher_page_has_the_key_every_solution_and_each_note_once(built, notebook):
    markup = built.teacher_html.read_text(encoding="utf-8")
    text = page_text(markup)
    assert "Teacher's edition" in text
    for index, pieces in distinctive_snippets(notebook, form="page").items():
        for piece in pieces:
            assert piece in text, f"solution cell {index} is missing from the teacher page: {piece!r}"
    assert markup.count('class="warclaims-teacher-note"') == len(note_cells(notebook))
    assert "teacher_note(" not in text, "a note's code is shown beside the note"
    assert text.count("data_dir =") == 0 and text.count("edition =") == 0, "a parameters cell is shown"
    assert "NaN" not in text and "`" not in text
    assert markup.count("<h1") == 1
    # The contents list jumps to every exercise; the answer key is at the top, before the primer.
    for number in exercises(notebook):
        assert f'href="#exercise-{number}"' in markup and f'id="exercise-{number}"' in markup
    assert text.index("Answer key") < text.index("Primer: four ideas")
    for answer in _key().values():
        assert answer.shown in text


def test_worksheet_styles_only_on_worksheets():
    """The print stylesheet is keyed on the notebook's metadata, so other reports' pages do not change."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    from warclaims.build.worker import html_exporter

    plain = new_notebook(cells=[new_markdown_cell("# A report")])
    worksheet = new_notebook(cells=[new_markdown_cell("# A lesson")], metadata={"warclaims": {"worksheet": True}})
    resources = {"warclaims_vega_js": ""}
    assert ".warclaims-answer" not in html_exporter().from_notebook_node(plain, resources=dict(resources))[0]
    assert "size: A4" in html_exporter().from_notebook_node(worksheet, resources=dict(resources))[0]


def test_student_page_prints_as_a_worksheet(built):
    import browser_support

    chromium = browser_support.chromium

    with chromium("classroom print styles") as browser:
        page = browser.new_page(viewport={"width": 794, "height": 1123})
        page.goto(built.student_html.resolve().as_uri(), wait_until="load")
        box = "document.querySelector('.warclaims-answer')"
        screen = page.evaluate(f"{box}.getBoundingClientRect().height")
        page.emulate_media(media="print")
        printed = page.evaluate(f"{box}.getBoundingClientRect().height")
        layout = page.evaluate("getComputedStyle(document.querySelector('table.warclaims-table')).tableLayout")
        breaks = page.evaluate(f"getComputedStyle({box}).breakInside")
    assert printed >= 3 * 96 / 2.54 > screen, "printed boxes leave room to write (3 cm or more)"
    assert layout == "auto", "printed tables size their columns to their text"
    assert breaks == "avoid", "a box is not cut across two pages"


def test_student_notebook_runs_and_checks_itself(built):
    """The student notebook as shipped, in a fresh kernel in another folder: unanswered exercises say so;
    exercises answered with the key's answers get full marks from their check cells."""
    import papermill

    key = _key()
    student = nbformat.read(built.student_ipynb, as_version=4)
    answered = {1, 3, 5, 7, 9}
    for cell in student.cells:
        match = re.match(r"# Exercise (\d+): your answers", cell.source)
        if match and int(match.group(1)) in answered:
            cell.source = "\n".join(f"{a.variable} = {a.accepted[0]!r}" for a in key.values()
                                    if a.exercise == int(match.group(1)))
    filled = built.folder / "student_filled.ipynb"
    nbformat.write(student, filled)
    executed = built.folder / "student_run.ipynb"
    papermill.execute_notebook(str(filled), str(executed), kernel_name="python3", cwd=str(built.folder),
                               progress_bar=False)
    result = nbformat.read(executed, as_version=4)
    errors = [o for c in result.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert "Student edition" in notebook_text(result)
    for cell in result.cells:
        match = re.fullmatch(r"teaching.check\((\d+)\)", cell.source)
        if not match:
            continue
        number, shown = int(match.group(1)), " ".join(_output_texts(cell))
        possible = len([a for a in key.values() if a.exercise == number])
        if number in answered:
            assert f"Exercise {number}: {possible} of {possible} points." in shown
        else:
            assert f"Exercise {number}: 0 of {possible} points." in shown and "not answered yet" in shown
