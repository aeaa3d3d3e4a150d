"""Write the classroom notebook's checks: src/warclaims/classroom_checks/exercise_<n>.py.

Each file is an otter-grader test file (exception-based format): one test case per question part, one
point each (partial credit), with a hint shown when the part is wrong. The files hold digests of the
answers (warclaims.teaching.digest), never the answers: the answers come from
warclaims.teaching.answer_key, computed from the bundled dataset. Run this after the data or a question
changes; tests/test_teaching.py fails while the files and the key disagree.

    PYTHONPATH=src python scripts/classroom_checks.py
"""
from __future__ import annotations

import warclaims
from warclaims import teaching

#: Per notebook variable: the part's name and the hint shown when the answer is wrong.
PARTS = {
    "claimant_729": ("1. the claimant", "Who said it, not who printed it: the Claimant column of the 729 row "
                     "(in Python, the claimant column of figs)."),
    "sources_729": ("1. the sources", "Every source that printed the figure, as a list such as [\"s003\"]: "
                    "the Printed by column (figs column sources)."),
    "subject_side_729": ("2. whose losses", "Whose dead are counted: the Whose losses column (figs column "
                         "subject_side)."),
    "why_one_figure": ("3. one figure, two reports", "Read both quotes: do the articles give two counts, or "
                       "relay one statement? Answer with a letter."),
    "armenian_military_deaths": ("1. the figures, in date order", "Military deaths on the Armenian side "
                                 "(Armenia and Nagorno-Karabakh), earliest first, as a list of numbers."),
    "as_of_days": ("2. their as-of days", "The day of October each figure counts up to, in the same order "
                   "(the As of column)."),
    "is_correction": ("3. a correction?", "A correction has to say it replaces an earlier figure; do these "
                      "say so? Answer True or False."),
    "single_source_figures": ("1. figures with one source", "Count the figures printed by exactly one source "
                              "(one id in Printed by; figs column n_sources)."),
    "figures_printed_twice": ("2. figures printed by more than one source", "The numbers of the figures with "
                              "more than one id in Printed by, as a list."),
    "independent": ("3. independent?", "Do the two articles have their own access to the facts, or do they "
                    "relay the same statements? Answer True or False."),
    "figures_on_12_october": ("1. figures a reader had on 12 October", "Casualty figures (killed, wounded, "
                              "killed or wounded) as of 12 October or earlier, one per claimant, source and "
                              "thing counted (analysis.as_of_view with that date)."),
    "new_after_12_october": ("2. new after 12 October", "In the latest view, the rows whose claimant had "
                             "given no figure for that thing by 12 October."),
    "why_376_stays": ("3. why 376 stays", "Is there a row that corrects it? Is 729 from the same claimant? "
                      "Answer with a letter."),
    "hundreds_range": ("1. the range of 'hundreds'", "The lowest and the highest number the word allows, as "
                       "a list of two numbers (the table of vague words)."),
    "named_deaths_19_october": ("2. the named deaths of 19 October", "Add the exact death figures as of "
                                "19 October; a figure not disclosed adds nothing you know."),
    "hundreds_consistent": ("3. consistent?", "Is the sum between the lowest and highest number 'hundreds' "
                            "allows, and is anyone missing from it? Answer with a letter."),
    "silent_claimant": ("1. who is silent", "The claimant of the rows whose figure is 'not disclosed'."),
    "silent_about": ("2. about whom", "Which population (the Who column) the silences are about."),
    "silences": ("3. how many silences", "Count the rows whose figure is 'not disclosed'."),
    "published_instead": ("4. what it did publish", "The numbers the same claimant gave, as a list."),
    "hours_to_first_violation": ("1. hours to the first reported violation", "From midday on 10 October to "
                                 "the violation: a day with no hour could be any time that day. A list of "
                                 "two numbers: the fewest and the most hours."),
    "hours_to_end": ("2. hours to the end", "From midday on 10 October to the end: 'on or before' a day means "
                     "at most the end of that day, and at least no time at all."),
    "bayramov_first_names": ("1. his first name in the articles", "Every spelling of the first name printed "
                             "before Bayramov, as a list."),
    "bayramov_in_dataset": ("2. the dataset's name for him", "The Name in the dataset column (ds.actors)."),
    "mnatsakan_spellings": ("3. Mnatsakan...", "Every spelling of the surname that starts Mnatsakan, as a list."),
    "unverified_figures": ("1. figures not simply reported", "Count the figures whose Status is not "
                           "'reported'."),
    "unverified_source": ("2. the source", "The id in Printed by for those figures."),
    "unverified_source_type": ("3. what kind of source", "The Kind of source column of the sources table."),
    "rt_credited_for": ("4. what the source credits RT for", "Find RT in the article (its page, or the "
                        "source's notes): is it credited for the figures? Answer with a letter."),
}

HEADER = '''"""Checks for exercise {n} of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise {n}"
all_or_nothing = False
'''

CASE = '''

@test_case(name={name!r}, points=1, failure_message={hint!r})
def {variable}({variable}):
    assert digest({variable!r}, {value}) in {digests!r}
'''


def main() -> None:
    key = teaching.answer_key(warclaims.load())
    missing = set(key) ^ set(PARTS)
    assert not missing, f"answer key and PARTS disagree on {sorted(missing)}"
    for exercise in sorted({a.exercise for a in key.values()}):
        text = HEADER.format(n=exercise)
        for answer in (a for a in key.values() if a.exercise == exercise):
            part, hint = PARTS[answer.variable]
            value = f"as_set({answer.variable})" if answer.unordered else answer.variable
            text += CASE.format(name=part, hint=hint, variable=answer.variable, value=value,
                                digests=answer.digests())
        (teaching.CHECKS_DIR / f"exercise_{exercise}.py").write_text(text, encoding="utf-8")
        print(f"wrote {teaching.CHECKS_DIR / f'exercise_{exercise}.py'}")


if __name__ == "__main__":
    main()
