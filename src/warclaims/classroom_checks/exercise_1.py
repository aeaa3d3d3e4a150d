"""Checks for exercise 1 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 1"
all_or_nothing = False


@test_case(name='1. the claimant', points=1, failure_message='Who said it, not who printed it: the Claimant column of the 729 row (in Python, the claimant column of figs).')
def claimant_729(claimant_729):
    assert digest('claimant_729', claimant_729) in ['02150a60f1f42420a7414f01', 'f863ddea6e41403f09597714']


@test_case(name='1. the sources', points=1, failure_message='Every source that printed the figure, as a list such as ["s003"]: the Printed by column (figs column sources).')
def sources_729(sources_729):
    assert digest('sources_729', as_set(sources_729)) in ['9a4e69b64c6e58bcd8a2bf39']


@test_case(name='2. whose losses', points=1, failure_message='Whose dead are counted: the Whose losses column (figs column subject_side).')
def subject_side_729(subject_side_729):
    assert digest('subject_side_729', subject_side_729) in ['68b57f1a9652e968c6c710b5', '6e10dbdb888e75d3cf368c6e']


@test_case(name='3. one figure, two reports', points=1, failure_message='Read both quotes: do the articles give two counts, or relay one statement? Answer with a letter.')
def why_one_figure(why_one_figure):
    assert digest('why_one_figure', why_one_figure) in ['42d7bd808d944a9e79fa4ed6']
