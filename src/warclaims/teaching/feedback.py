"""The notebook's automatic feedback: run an exercise's otter-grader checks against the student's answers."""
from __future__ import annotations

import html
import inspect
from dataclasses import dataclass

from warclaims.teaching.answers import CHECKS_DIR
from warclaims.teaching.blocks import BOX_STYLE, HTMLBlock
from warclaims.text import words

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
        super().__init__(f'<div class="warclaims-feedback" style="{BOX_STYLE.format(colour=colour, background="#f5f7fa")}">'
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
