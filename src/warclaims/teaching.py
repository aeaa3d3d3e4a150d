"""Small helpers for the classroom notebook (``notebooks/classroom.ipynb``).

The lesson does its analysis with the library itself (:mod:`warclaims.analysis`,
:mod:`warclaims.quantities`, :mod:`warclaims.text`); this module holds only what a lesson needs
and an analysis does not:

* :data:`EDITIONS` and :func:`banner`: the notebook is built twice, for students (solution cells
  removed by the build) and for teachers (solutions kept, plus teacher's notes);
* :func:`teacher_note`: a note shown in the teacher edition only;
* :func:`find_in_articles`: every place a word occurs in the archived texts, with its context, so
  students can check a coded claim, or a spelling, against the words of the source;
* the student page's data sheets (:func:`figures_sheet`, :func:`sources_sheet`, :func:`events_sheet`,
  :func:`excerpts_sheet`, :func:`actors_sheet`, :func:`vague_sheet`) and its answer boxes (:func:`answer_boxes`): the web
  page must be usable without running any code;
* :func:`answer_key`, computed from the data, and :func:`check`, the notebook's automatic feedback: it
  runs the exercise's checks (otter-grader test files in :data:`CHECKS_DIR`) against the student's
  answers. The check files compare :func:`digest` values, so they hold no answer in plain text.

Everything shown as HTML is escaped: text from the dataset is text, never markup.
"""
from __future__ import annotations

import hashlib
import html
import inspect
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warclaims import checks
from warclaims.dataset.read import read_article
from warclaims.text import links, tables, words

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


# -- the student page's data sheets -----------------------------------------------------------------
def _joined(values) -> str:
    return ", ".join(map(str, values)) if isinstance(values, (list, tuple)) else ("" if pd.isna(values) else str(values))


def figures_sheet(figs: pd.DataFrame) -> pd.DataFrame:
    """Every figure as a reader needs it on paper (``figs`` is :func:`warclaims.analysis.figures`): in
    date order, plain headers, the exact words of every source that printed it; each quote links to its
    sentence on the article page when the build makes a site (:mod:`warclaims.text.links`)."""
    quotes = ["\n".join(f"{source}: “{quote}”" for source, quote in zip(sources, texts))
              for sources, texts in zip(figs["sources"], figs["quotes"])]
    sheet = pd.DataFrame({
        "As of": figs["as_of_label"].to_numpy(),
        "As-of date": figs["as_of_basis"].to_numpy(),
        "Claimant": figs["claimant_name"].to_numpy(),
        "Whose losses": figs["subject_side_name"].to_numpy(),
        "Counts": figs["metric_name"].to_numpy(),
        "Who": figs["population"].to_numpy(),
        "Figure": figs["display"].to_numpy(),
        "Status": figs["status"].to_numpy(),
        "Printed by": [_joined(v) for v in figs["sources"]],
        "Exact words": quotes,
    })
    return tables.with_links(sheet, links.hrefs(figs.reset_index(drop=True)), "Exact words")


def sources_sheet(dataset) -> pd.DataFrame:
    """The archived articles: id, title, outlet, author, kind, publication date and the agencies credited."""
    src = dataset.sources.sort_values("source_id")
    outlet = src["outlet"].where(src["outlet"].fillna("").astype(str) != "", words.OUTLET_NOT_NAMED)
    return pd.DataFrame({
        "Source": src["source_id"].to_numpy(), "Title": src["title"].to_numpy(), "Outlet": outlet.to_numpy(),
        "Author": src["author"].fillna("").to_numpy(), "Kind of source": src["source_type"].to_numpy(),
        "Published": [words.long_date(t) for t in src["published_text"]],
        "Credits": src["reported_via"].fillna("").str.replace("|", ", ", regex=False).to_numpy(),
    })


_BOUNDS = {"on": "on", "not_after": "on or before", "not_before": "on or after"}


def events_sheet(dataset, ceasefire_id: str) -> pd.DataFrame:
    """One ceasefire's dated events, in date order: what happened, when (as precisely as the source
    says, local time), who says so, the exact words (linked to the article page in a site build) and
    how the date was read."""
    from warclaims.analysis.vocabulary import SPECIAL_SIDES, lookup

    events = dataset.ceasefire_events
    events = events[events["ceasefire_id"] == ceasefire_id].sort_values(["at", "event_id"]).reset_index(drop=True)
    names = {**SPECIAL_SIDES, **lookup(dataset.actors, "actor_id", "name").to_dict()}
    sheet = pd.DataFrame({
        "Event": events["event_id"].to_numpy(),
        "What": events["event"].str.replace("_", " ", regex=False).to_numpy(),
        "When": [f"{_BOUNDS.get(b, b)} {words.long_date(t)}" for b, t in zip(events["bound"], events["at_text"])],
        "Who says so": [names.get(c, c) if isinstance(c, str) and c else "the article" for c in events["claimant"]],
        "Source": events["source_id"].to_numpy(),
        "Exact words": events["quote"].to_numpy(),
        "How the date was read": events["notes"].fillna("").to_numpy(),
    })
    return tables.with_links(sheet, links.hrefs(events, kind="event"), "Exact words")


def excerpts_sheet(dataset, *texts: str, context: int = 60) -> pd.DataFrame:
    """Every place the archived texts print one of ``texts``, with the words around it; each source
    links to its article page in a site build."""
    found = [find_in_articles(dataset, text, context).assign(searched=text) for text in texts]
    found = pd.concat(found, ignore_index=True)
    sheet = pd.DataFrame({"Searched for": found["searched"].to_numpy(), "Source": found["source_id"].to_numpy(),
                          "Outlet": found["outlet"].to_numpy(), "Words around it": found["context"].to_numpy()})
    pages = pd.Series([links.article_page(s) for s in found["source_id"]], dtype="object") if links.enabled() else None
    return tables.with_links(sheet, pages, "Source")


def paragraph(text: str) -> HTMLBlock:
    """A sentence computed from the data, shown as text (not as program output)."""
    return HTMLBlock(f"<p>{html.escape(text)}</p>")


def actors_sheet(dataset, actor_ids) -> pd.DataFrame:
    """Some actors: the dataset's name for each and every spelling it knows (its aliases)."""
    actors = dataset.actors.set_index("actor_id").loc[list(actor_ids)]
    return pd.DataFrame({"Name in the dataset": actors["name"].to_numpy(),
                         "Spellings the dataset knows": actors["aliases"].fillna("").str.replace("|", ", ", regex=False)
                         .to_numpy()})


def vague_sheet(dataset) -> pd.DataFrame:
    """The vague words and the range the dataset gives each, with its reasoning."""
    terms = dataset.vague_terms
    return pd.DataFrame({"Word": terms["term"].to_numpy(), "At least": [words.format_number(v) for v in terms["low"]],
                         "At most": [words.format_number(v) for v in terms["high"]],
                         "Why": terms["reasoning"].to_numpy()})


def answer_boxes(edition: str, *labels: str) -> HTMLBlock | None:
    """One empty, labelled box per question part, to write in on the page or the printed worksheet (the
    student edition only: None, which shows nothing, in the teacher's)."""
    if _check_edition(edition) != "student":
        return None
    boxes = "".join(f'<div class="warclaims-answer"><span class="warclaims-answer-label">{html.escape(label)}</span>'
                    f"</div>" for label in labels)
    return HTMLBlock(f'<div class="warclaims-answers" aria-label="answer boxes">{boxes}</div>')


# -- answers: the key, and the notebook's automatic checks ------------------------------------------
#: Where the checks live: one otter-grader test file per exercise (``exercise_<n>.py``).
CHECKS_DIR = Path(__file__).parent / "classroom_checks"
_SALT = "warclaims-classroom"


def normalise(value) -> str:
    """One text for every way of writing an answer: case, spaces, quotes, thousands separators, a
    pandas Series or a list (order kept), a set (sorted), yes/no for booleans."""
    if isinstance(value, pd.Series | pd.Index):
        value = value.tolist()
    if isinstance(value, set | frozenset):
        return "{" + "|".join(sorted(normalise(v) for v in value)) + "}"
    if isinstance(value, list | tuple):
        return "[" + "|".join(normalise(v) for v in value) + "]"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, int | float) or hasattr(value, "item"):
        number = float(value)
        return str(int(number)) if math.isfinite(number) and number == int(number) else str(number)
    text = " ".join(str(value).split()).strip("\"'“”‘’ .").casefold()
    text = {"true": "yes", "false": "no", "y": "yes", "n": "no"}.get(text, text)
    return text.replace(",", "") if re.fullmatch(r"-?[\d,]+(\.\d+)?", text) else text


def as_set(value) -> set:
    """An answer whose order does not matter: one value, or any list of values, as a set."""
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return {value}
    return set(value.tolist() if isinstance(value, pd.Series | pd.Index) else value)


def digest(part: str, value) -> str:
    """What a check file holds instead of an answer: a hash of the part's name and the normalised value."""
    return hashlib.sha256(f"{_SALT}|{part}|{normalise(value)}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Answer:
    """One question part: the variable the student sets in the notebook, and the values a check accepts
    (the first is the one the key shows)."""

    exercise: int
    part: str
    variable: str
    accepted: tuple
    unordered: bool = False

    @property
    def shown(self) -> str:
        value = self.accepted[0]
        if isinstance(value, set | frozenset):
            value = sorted(value, key=lambda v: (isinstance(v, str), v))
        if isinstance(value, list | tuple):
            return ", ".join(_shown(v) for v in value)
        return _shown(value)

    def digests(self) -> list[str]:
        return sorted({digest(self.variable, as_set(v) if self.unordered else v) for v in self.accepted})


def _shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return words.format_number(value)
    return str(value)


#: The meaning of the letter each multiple-choice part accepts, for the answer key.
CHOICES = {
    "why_one_figure": "both articles relay one statement, so the dataset counts one figure with two reports",
    "hundreds_consistent": "consistent, and the real total may be larger: Azerbaijan's military deaths are not disclosed",
    "why_376_stays": "nothing corrects it, and Nagorno-Karabakh is a different claimant",
    "rt_credited_for": "an interview with Armenia's president and a report from Hadrut, not the ombudsman's figures",
}


def answer_key(dataset) -> dict[str, Answer]:
    """Every question part's answer, computed from the bundled dataset, by the notebook variable that holds it."""
    from warclaims import analysis, quantities

    figs = analysis.figures(dataset)
    answers: list[Answer] = []

    def add(exercise, part, variable, *accepted, unordered=False):
        answers.append(Answer(exercise, part, variable, tuple(accepted), unordered))

    # 1. the 729 figure
    f729 = figs[figs["value_best"] == 729].iloc[0]
    reports = dataset.claims[dataset.claims["figure_id"] == f729["figure_id"]]
    add(1, "1", "claimant_729", f729["claimant"], f729["claimant_name"])
    add(1, "1", "sources_729", set(f729["sources"]), unordered=True)
    add(1, "2", "subject_side_729", f729["subject_side"], f729["subject_side_name"])
    one_statement = len(reports) > 1 and not _corrects(reports["supersedes"]).any()
    add(1, "3", "why_one_figure", "B" if one_statement else "A")
    # 2. Armenian military deaths
    military = analysis.timeline(dataset, metrics=["killed"], populations=["military"])
    armenian = military[(military["subject_camp"] == "armenian") & military["value_best"].notna()]
    add(2, "1", "armenian_military_deaths", [int(v) for v in armenian["value_best"]])
    add(2, "2", "as_of_days", [int(d.day) for d in armenian["as_of_local"]])
    add(2, "3", "is_correction", bool(_corrects(armenian["supersedes"]).any()))
    # 3. single sources
    add(3, "1", "single_source_figures", int((figs["n_sources"] == 1).sum()))
    add(3, "2", "figures_printed_twice", {int(v) for v in figs.loc[figs["n_sources"] > 1, "value_best"]},
        unordered=True)
    add(3, "3", "independent", False)
    # 4. what a reader knew on 12 October
    casualties = ["killed", "wounded", "killed_or_wounded"]
    then = analysis.as_of_view(dataset, "2020-10-12", metrics=casualties)
    changes = view_changes(then, analysis.as_of_view(dataset, metrics=casualties))
    add(4, "1", "figures_on_12_october", len(then))
    add(4, "2", "new_after_12_october", int((changes["change"] == NEW).sum()))
    add(4, "3", "why_376_stays", "B")
    # 5. "hundreds"
    add(5, "1", "hundreds_range", list(quantities.vague_range("hundreds", dataset)))
    named = analysis.timeline(dataset, start="2020-10-19", end="2020-10-19", metrics=["killed"], include_vague=False)
    add(5, "2", "named_deaths_19_october", int(quantities.bounds(named)["low"].sum()))
    add(5, "3", "hundreds_consistent", "C")
    # 6. silences
    silences = figs[figs["qualifier"] == "undisclosed"]
    silent = silences.iloc[0]
    add(6, "1", "silent_claimant", silent["claimant"], silent["claimant_name"])
    add(6, "2", "silent_about", silent["population"])
    add(6, "3", "silences", len(silences))
    published = figs[figs["claimant"].isin(silences["claimant"]) & (figs["qualifier"] != "undisclosed")]
    add(6, "4", "published_instead", {int(v) for v in published["value_best"]}, unordered=True)
    # 7. the 10 October ceasefire, in hours
    held = analysis.durations(dataset, ["cf20201010"]).iloc[0]
    hours = [[int(held[f"{k}_low"] / pd.Timedelta(hours=1)), int(held[f"{k}_high"] / pd.Timedelta(hours=1))]
             for k in ("violation", "end")]
    add(7, "1", "hours_to_first_violation", hours[0])
    add(7, "2", "hours_to_end", hours[1])
    # 8. spellings
    first_names = {context_word(c, "Bayramov") for c in find_in_articles(dataset, "Bayramov")["context"]} - {""}
    bayramov = dataset.actors.set_index("actor_id").loc["jeyhun_bayramov", "name"].split(",")[0]
    add(8, "1", "bayramov_first_names", first_names, unordered=True)
    add(8, "2", "bayramov_in_dataset", bayramov.split()[0], bayramov, "jeyhun_bayramov")
    add(8, "3", "mnatsakan_spellings", set(find_in_articles(dataset, "Mnatsakan")["word"]), unordered=True)
    # 9. unverified figures
    unverified = figs[figs["status"] != "reported"]
    source = dataset.sources.set_index("source_id").loc[unverified["source_id"].iloc[0]]
    add(9, "1", "unverified_figures", len(unverified))
    add(9, "2", "unverified_source", unverified["source_id"].iloc[0])
    add(9, "3", "unverified_source_type", source["source_type"])
    add(9, "4", "rt_credited_for", "B")
    return {a.variable: a for a in answers}


def _corrects(supersedes: pd.Series) -> pd.Series:
    """Whether each row names a claim it corrects (``supersedes``: empty when it corrects none)."""
    return supersedes.fillna("").astype(str).str.strip() != ""


def context_word(context: str, word: str) -> str:
    """The word just before ``[word]`` in a :func:`find_in_articles` context (a first name), or ""."""
    match = re.search(r"([A-Z][\w'-]*)\s+\[" + re.escape(word) + r"\]", context)
    return match.group(1) if match else ""


def answer_key_table(key: dict[str, Answer]) -> pd.DataFrame:
    """The answer key as a table for the teacher: exercise, part, notebook variable, answer."""
    return pd.DataFrame({
        "Exercise": [a.exercise for a in key.values()], "Part": [a.part for a in key.values()],
        "Answer": [a.shown + (f" ({CHOICES[a.variable]})" if a.variable in CHOICES else "") for a in key.values()],
        "Also accepted": [", ".join(_shown(v) for v in a.accepted[1:]) for a in key.values()],
        "Notebook variable": [a.variable for a in key.values()],
    })


NEW, SAME, NEWER, REPEATED = "new since then", "same figure", "newer figure", "silence repeated by a later source"


def view_changes(then: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    """``now`` (an as-of view) with each row's figure ``then`` and what changed: new, the same figure,
    a newer figure, or the same silence repeated by a later source (no number on either side)."""
    from warclaims.analysis import VIEW_KEY

    key = list(VIEW_KEY)
    earlier = then[key + ["figure_id", "display", "qualifier"]].rename(
        columns={"figure_id": "figure_then", "display": "display_then", "qualifier": "qualifier_then"})
    out = now.merge(earlier, on=key, how="left")
    change = pd.Series(NEWER, index=out.index, dtype="object")
    change[out["figure_then"].isna()] = NEW
    change[out["figure_then"] == out["figure_id"]] = SAME
    change[(out["figure_then"] != out["figure_id"]) & (out["qualifier"] == "undisclosed")
           & (out["qualifier_then"] == "undisclosed")] = REPEATED
    out["display_then"] = out["display_then"].fillna("—")
    return out.assign(change=change).drop(columns=["qualifier_then"])


@dataclass(frozen=True)
class PartResult:
    name: str
    points: float
    outcome: str  # "right", "wrong" or "unanswered"
    hint: str


class Feedback(HTMLBlock):
    """What :func:`check` shows: the score, then each part right, not yet (with a hint) or not answered."""

    def __init__(self, title: str, parts: list[PartResult], score: float, possible: float):
        self.parts, self.score, self.possible = parts, score, possible
        marks = {"right": ("✓", "right"), "wrong": ("✗", "not yet"), "unanswered": ("–", "not answered yet")}
        rows = []
        for part in parts:
            mark, said = marks[part.outcome]
            hint = f" {html.escape(part.hint)}" if part.outcome != "right" and part.hint else ""
            rows.append(f"<li><strong>{mark} {html.escape(part.name)}</strong>: {said}.{hint}</li>")
        colour = "#1b7a3a" if score == possible else "#1f5f99"
        summary = f"{html.escape(title)}: {_points(score)} of {_points(possible)} points."
        super().__init__(f'<div class="warclaims-feedback" style="{_BOX.format(colour=colour, background="#f5f7fa")}">'
                         f"<strong>{summary}</strong><ul style=\"margin: 0.3em 0\">{''.join(rows)}</ul></div>")


def _points(value: float) -> str:
    return words.format_number(value, 1 if value != int(value) else 0)


def check(exercise: int, env: dict | None = None) -> Feedback:
    """Check the answers to ``exercise`` (the notebook variables of :func:`answer_key`) with its
    otter-grader test file; ``env`` is the notebook's namespace (default: the caller's globals).

    Parts still set to ``...`` count as not answered. Offline and deterministic: the test file compares
    digests, with one point per part (partial credit)."""
    from otter.test_files.exception_test import ExceptionTestFile

    if env is None:
        env = inspect.currentframe().f_back.f_globals
    test = ExceptionTestFile.from_file(str(CHECKS_DIR / f"exercise_{exercise}.py"))
    test.run(env)
    parts = []
    for result in test.test_case_results:
        case = result.test_case
        variables = case.body._get_func_params()
        unanswered = any(env.get(v, ...) is ... for v in variables)
        outcome = "right" if result.passed else "unanswered" if unanswered else "wrong"
        hint = (f"Set {', '.join(variables)} (replace the ...)." if outcome == "unanswered"
                else case.failure_message or "")
        parts.append(PartResult(case.name, case.points, outcome, hint))
    score = sum(p.points for p in parts if p.outcome == "right")
    return Feedback(f"Exercise {exercise}", parts, score, test.possible)
