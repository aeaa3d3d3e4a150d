"""The answer key, computed from the data, and the digests the checks compare (no file holds an answer)."""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warclaims.teaching.sheets import NEW, find_in_articles, view_changes
from warclaims.text import words

# -- answers: the key, and the notebook's automatic checks ------------------------------------------
#: Where the checks live: one otter-grader test file per exercise (``exercise_<n>.py``).
CHECKS_DIR = Path(__file__).parent.parent / "classroom_checks"
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
