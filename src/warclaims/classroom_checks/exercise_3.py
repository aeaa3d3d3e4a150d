"""Checks for exercise 3 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 3"
all_or_nothing = False


@test_case(name='1. figures with one source', points=1, failure_message='Count the figures printed by exactly one source (one id in Printed by; figs column n_sources).')
def single_source_figures(single_source_figures):
    assert digest('single_source_figures', single_source_figures) in ['81cd7f9e437b55e0d42c0901']


@test_case(name='2. figures printed by more than one source', points=1, failure_message='The numbers of the figures with more than one id in Printed by, as a list.')
def figures_printed_twice(figures_printed_twice):
    assert digest('figures_printed_twice', as_set(figures_printed_twice)) in ['7304e6efbd650c7d4eca0f33']


@test_case(name='3. independent?', points=1, failure_message='Do the two articles have their own access to the facts, or do they relay the same statements? Answer True or False.')
def independent(independent):
    assert digest('independent', independent) in ['9a65ec2399019bb76e977987']
