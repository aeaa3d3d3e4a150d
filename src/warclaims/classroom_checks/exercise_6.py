"""Checks for exercise 6 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 6"
all_or_nothing = False


@test_case(name='1. who is silent', points=1, failure_message="The claimant of the rows whose figure is 'not disclosed'.")
def silent_claimant(silent_claimant):
    assert digest('silent_claimant', silent_claimant) in ['cf9a73b7999a52bc78e6f743', 'd6b2eec4e28da0040c2e0142']


@test_case(name='2. about whom', points=1, failure_message='Which population (the Who column) the silences are about.')
def silent_about(silent_about):
    assert digest('silent_about', silent_about) in ['c1cf89d97b06649546da0627']


@test_case(name='3. how many silences', points=1, failure_message="Count the rows whose figure is 'not disclosed'.")
def silences(silences):
    assert digest('silences', silences) in ['1ae481e15bc96f85e60b817f']


@test_case(name='4. what it did publish', points=1, failure_message='The numbers the same claimant gave, as a list.')
def published_instead(published_instead):
    assert digest('published_instead', as_set(published_instead)) in ['5d9f8863c16114dec963bac9']
