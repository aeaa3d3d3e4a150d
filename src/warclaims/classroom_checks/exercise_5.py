"""Checks for exercise 5 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 5"
all_or_nothing = False


@test_case(name="1. the range of 'hundreds'", points=1, failure_message='The lowest and the highest number the word allows, as a list of two numbers (the table of vague words).')
def hundreds_range(hundreds_range):
    assert digest('hundreds_range', hundreds_range) in ['4a11410c8166e0251ea8d417']


@test_case(name='2. the named deaths of 19 October', points=1, failure_message='Add the exact death figures as of 19 October; a figure not disclosed adds nothing you know.')
def named_deaths_19_october(named_deaths_19_october):
    assert digest('named_deaths_19_october', named_deaths_19_october) in ['5a31667377398ae8fecc63ee']


@test_case(name='3. consistent?', points=1, failure_message="Is the sum between the lowest and highest number 'hundreds' allows, and is anyone missing from it? Answer with a letter.")
def hundreds_consistent(hundreds_consistent):
    assert digest('hundreds_consistent', hundreds_consistent) in ['695d361b310b3c388b0066b7']
