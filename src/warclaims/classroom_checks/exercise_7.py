"""Checks for exercise 7 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 7"
all_or_nothing = False


@test_case(name='1. hours to the first reported violation', points=1, failure_message='From midday on 10 October to the violation: a day with no hour could be any time that day. A list of two numbers: the fewest and the most hours.')
def hours_to_first_violation(hours_to_first_violation):
    assert digest('hours_to_first_violation', hours_to_first_violation) in ['2f375e3e9277e5397fa7cb4c']


@test_case(name='2. hours to the end', points=1, failure_message="From midday on 10 October to the end: 'on or before' a day means at most the end of that day, and at least no time at all.")
def hours_to_end(hours_to_end):
    assert digest('hours_to_end', hours_to_end) in ['3cf3230dcbd65cc26fde18c9']
