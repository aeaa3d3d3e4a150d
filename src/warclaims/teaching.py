"""Small helpers for the classroom notebook (``notebooks/classroom.ipynb``).

The lesson does its analysis with the library itself (:mod:`warclaims.analysis`,
:mod:`warclaims.quantities`, :mod:`warclaims.text`); this module holds only what a lesson needs
and an analysis does not:

* :data:`EDITIONS` and :func:`banner`: the notebook is built twice, for students (solution cells
  removed by the build) and for teachers (solutions kept, plus teacher's notes);
* :func:`teacher_note`: a note shown in the teacher edition only;
* :func:`find_in_articles`: every place a word occurs in the archived texts, with its context, so
  students can check a coded claim, or a spelling, against the words of the source.

Everything shown as HTML is escaped: text from the dataset is text, never markup.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from warclaims import checks
from warclaims.dataset.read import read_article
from warclaims.text import words

#: The two editions the classroom notebook is built in.
EDITIONS: tuple[str, ...] = ("student", "teacher")
#: The cell tag that marks a solution; the student build removes these cells.
SOLUTION_TAG = "solution"

_BOX = ("border-left: 4px solid {colour}; background: {background}; padding: 0.5em 0.8em; "
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
    """Escape ``text`` and turn its blank-line-separated paragraphs into ``<p>`` elements."""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p style=\"margin: 0.3em 0\">{html.escape(p)}</p>" for p in parts)


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
        text = ("This copy contains the solutions (the cells tagged 'solution') and a teacher's note under "
                "each one. Give students the student edition, which has the same exercises without them.")
        colour, background = "#b35900", "#fff4e5"
    else:
        title = "Student edition"
        text = ("Work through the primer, then the exercises. Each exercise has an empty code cell for your "
                "own code and an empty text cell for your answers to the discussion questions. Run the cells "
                "from top to bottom (Run > Run All Cells) before you start, so that the dataset is loaded.")
        colour, background = "#1f5f99", "#eaf2fb"
    style = _BOX.format(colour=colour, background=background)
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
    style = _BOX.format(colour="#b35900", background="#fff4e5")
    return HTMLBlock(f'<div class="warclaims-teacher-note" style="{style}"><strong>Teacher\'s note.</strong>'
                     f"{_paragraphs(text)}</div>")


def find_in_articles(dataset, word: str, context: int = 60) -> pd.DataFrame:
    """Every occurrence of ``word`` in the dataset's archived texts, with the words around it.

    Parameters
    ----------
    dataset : warclaims.Dataset
        A loaded dataset; its ``sources`` table names each archived text (``text_file``).
    word : str
        The text to find, case-insensitively (plain text, not a pattern).
    context : int
        Characters to show on each side.

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, in source then offset order: ``source_id``, ``outlet`` ("outlet not
        named" when the source names none), ``offset`` (of the match, in Unicode characters from 0, as
        ``quote_start`` counts), ``word`` (the whole word the match is part of, as written: searching
        "Mnatsakan" finds "Mnatsakanian" and "Mnatsakanyan") and ``context`` (the match in brackets).
    """
    if not word:
        raise ValueError("find_in_articles: give a word to look for")
    pattern = re.compile(re.escape(word), re.IGNORECASE)
    records = []
    for _, source in dataset.sources.sort_values("source_id").iterrows():
        text = read_article(dataset.data_dir / source["text_file"])
        outlet = source.get("outlet")
        for match in pattern.finditer(text):
            start, end = match.span()
            before = text[max(0, start - context):start]
            after = text[end:end + context]
            records.append({
                "source_id": source["source_id"],
                "outlet": outlet if isinstance(outlet, str) and outlet else words.OUTLET_NOT_NAMED,
                "offset": start,
                "word": _whole_word(text, start, end),
                # Line breaks would make the table hard to read; the offset locates the exact text.
                "context": " ".join(f"…{before}[{match.group(0)}]{after}…".split()),
            })
    return pd.DataFrame(records, columns=["source_id", "outlet", "offset", "word", "context"])


def _whole_word(text: str, start: int, end: int) -> str:
    """The word around ``text[start:end]``: extended over letters, digits, hyphens and apostrophes."""
    inside = re.compile(r"[\w'’-]")
    while start > 0 and inside.match(text[start - 1]):
        start -= 1
    while end < len(text) and inside.match(text[end]):
        end += 1
    return text[start:end].strip("'’-")
