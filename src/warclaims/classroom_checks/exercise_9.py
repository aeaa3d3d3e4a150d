"""Checks for exercise 9 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 9"
all_or_nothing = False


@test_case(name='1. figures not simply reported', points=1, failure_message="Count the figures whose Status is not 'reported'.")
def unverified_figures(unverified_figures):
    assert digest('unverified_figures', unverified_figures) in ['1c1878123a4a7f304ff63ebf']


@test_case(name='2. the source', points=1, failure_message='The id in Printed by for those figures.')
def unverified_source(unverified_source):
    assert digest('unverified_source', unverified_source) in ['b4972bd7e5ff99ba0b7c81ec']


@test_case(name='3. what kind of source', points=1, failure_message='The Kind of source column of the sources table.')
def unverified_source_type(unverified_source_type):
    assert digest('unverified_source_type', unverified_source_type) in ['ab7aafe49992f9a0ae52705c']


@test_case(name='4. what the source credits RT for', points=1, failure_message="Find RT in the article (its page, or the source's notes): is it credited for the figures? Answer with a letter.")
def rt_credited_for(rt_credited_for):
    assert digest('rt_credited_for', rt_credited_for) in ['06065013dc6486c72fed2f25']
