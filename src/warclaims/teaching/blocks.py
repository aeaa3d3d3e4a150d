"""What a lesson page shows around the data: the editions' banner, teacher's notes, answer boxes,
paragraphs, and the check that the lesson runs on its own dataset."""
from __future__ import annotations

import html
import re

from warclaims import checks

#: The two editions the classroom notebook is built in.
EDITIONS: tuple[str, ...] = ("student", "teacher")
#: The cell tag that marks a solution; the student build removes these cells.
SOLUTION_TAG = "solution"

BOX_STYLE = ("border-left: 4px solid {colour}; background: {background}; padding: 0.5em 0.8em; "
        "margin: 0.4em 0; color: #1a1a1a")


class HTMLBlock:
    """A piece of HTML that Jupyter displays as HTML and ``str()`` returns as is.

    (IPython's ``HTML`` object would do, but this keeps the module importable without IPython and
    makes the output easy to test.)
    """

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain part of the output, shown where HTML is not
        return html.unescape(re.sub(r"<[^>]+>", " ", self.markup)).strip()


def _paragraphs(text: str) -> str:
    """Escape ``text`` and turn its blank-line-separated paragraphs into ``<p>`` elements; a name in
    backticks (a column, a value) is shown as code, not with its backticks."""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p style=\"margin: 0.3em 0\">{_code(html.escape(p))}</p>" for p in parts)


def _code(escaped: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def _check_edition(edition: str) -> str:
    # One message for a bad value, the same one the notebook's parameter check gives.
    return checks.one_of("edition", edition, EDITIONS)


class WrongDataset(ValueError):
    """The lesson was written about one dataset and is being run on another."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def require_dataset(dataset, name: str) -> None:
    """Stop with one sentence unless ``dataset`` is the one the lesson was written about (by its
    descriptor's ``name``): the lesson's questions and answers are about that dataset's figures.

    Raises
    ------
    WrongDataset
        Naming both datasets.
    """
    found = dataset.descriptor.get("name", "")
    if found != name:
        raise WrongDataset(f"This lesson is written about the dataset {name!r}, and data_dir points at "
                           f"{found or 'a dataset without a name'!r}; its questions and answers would not "
                           f"fit. Use the casualty and ceasefire reports for other datasets.")


def banner(edition: str) -> HTMLBlock:
    """The box at the top of the notebook that says which edition this is and how to use it.

    Raises
    ------
    warclaims.checks.ParameterError
        When ``edition`` is not one of :data:`EDITIONS`.
    """
    if _check_edition(edition) == "teacher":
        title = "Teacher's edition"
        text = ("This copy contains the answer key (below the contents), and under each exercise its solution "
                "and a teacher's note. Give students the student edition, which has the same exercises, data "
                "and answer boxes without them.")
        colour, background = "#b35900", "#fff4e5"
    else:
        title = "Student edition"
        text = ("Read the primer, then do the exercises. Everything an exercise needs is on this page: the "
                "tables under 'The data' and under each exercise. On the web page or the printed worksheet, "
                "write your answers in the boxes. In JupyterLab, run all cells first (Run > Run All Cells); "
                "each exercise then has a cell for your answers and a cell that checks them.")
        colour, background = "#1f5f99", "#eaf2fb"
    style = BOX_STYLE.format(colour=colour, background=background)
    return HTMLBlock(f'<div class="warclaims-edition" style="{style}"><strong>{html.escape(title)}.</strong>'
                     f"{_paragraphs(text)}</div>")


def teacher_note(edition: str, text: str) -> HTMLBlock | None:
    """A teacher's note, shown only in the teacher edition.

    Parameters
    ----------
    edition : {"student", "teacher"}
        The notebook's ``edition`` parameter.
    text : str
        The note: plain text, paragraphs separated by blank lines (it is escaped, not rendered).

    Returns
    -------
    HTMLBlock or None
        The note as HTML in the teacher edition; None (which Jupyter displays as nothing) otherwise,
        so a solution cell ending with this call shows the note to teachers only.
    """
    if _check_edition(edition) != "teacher":
        return None
    style = BOX_STYLE.format(colour="#b35900", background="#fff4e5")
    return HTMLBlock(f'<div class="warclaims-teacher-note" style="{style}"><strong>Teacher\'s note.</strong>'
                     f"{_paragraphs(text)}</div>")


def paragraph(text: str) -> HTMLBlock:
    """A sentence computed from the data, shown as text (not as program output)."""
    return HTMLBlock(f"<p>{html.escape(text)}</p>")


def answer_boxes(edition: str, *labels: str) -> HTMLBlock | None:
    """One empty, labelled box per question part, to write in on the page or the printed worksheet (the
    student edition only: None, which shows nothing, in the teacher's)."""
    if _check_edition(edition) != "student":
        return None
    boxes = "".join(f'<div class="warclaims-answer"><span class="warclaims-answer-label">{html.escape(label)}</span>'
                    f"</div>" for label in labels)
    return HTMLBlock(f'<div class="warclaims-answers" aria-label="answer boxes">{boxes}</div>')
