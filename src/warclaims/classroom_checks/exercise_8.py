"""Checks for exercise 8 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 8"
all_or_nothing = False


@test_case(name='1. his first name in the articles', points=1, failure_message='Every spelling of the first name printed before Bayramov, as a list.')
def bayramov_first_names(bayramov_first_names):
    assert digest('bayramov_first_names', as_set(bayramov_first_names)) in ['e6a859f91fb6000d511bc77a']


@test_case(name="2. the dataset's name for him", points=1, failure_message='The Name in the dataset column (ds.actors).')
def bayramov_in_dataset(bayramov_in_dataset):
    assert digest('bayramov_in_dataset', bayramov_in_dataset) in ['7e65cb93399ee21ea45b4cc0', '99574d1c524256674910171c', 'ff7cfc22c99918a0fd02ea96']


@test_case(name='3. Mnatsakan...', points=1, failure_message='Every spelling of the surname that starts Mnatsakan, as a list.')
def mnatsakan_spellings(mnatsakan_spellings):
    assert digest('mnatsakan_spellings', as_set(mnatsakan_spellings)) in ['d4a955903f906c7496323e36']
