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

from warclaims.teaching.answers import (CHECKS_DIR, CHOICES, Answer, answer_key, answer_key_table, as_set,
                                        context_word, digest, normalise)
from warclaims.teaching.blocks import (EDITIONS, SOLUTION_TAG, HTMLBlock, WrongDataset, answer_boxes, banner,
                                       paragraph, require_dataset, teacher_note)
from warclaims.teaching.feedback import Feedback, PartResult, check
from warclaims.teaching.sheets import (NEW, NEWER, REPEATED, SAME, actors_sheet, events_sheet, excerpts_sheet, figures_sheet, find_in_articles,
                                       sources_sheet, vague_sheet, view_changes)

__all__ = ["CHECKS_DIR", "CHOICES", "EDITIONS", "SOLUTION_TAG", "Answer", "Feedback", "HTMLBlock", "PartResult",
           "WrongDataset", "actors_sheet", "answer_boxes", "answer_key", "answer_key_table", "as_set", "banner",
           "check", "context_word", "digest", "events_sheet", "excerpts_sheet", "figures_sheet", "find_in_articles",
           "NEW", "NEWER", "REPEATED", "SAME", "normalise", "paragraph", "require_dataset", "sources_sheet", "teacher_note", "vague_sheet",
           "view_changes"]
