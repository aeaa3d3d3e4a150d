"""Checks for exercise 4 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 4"
all_or_nothing = False


@test_case(name='1. figures a reader had on 12 October', points=1, failure_message='Casualty figures (killed, wounded, killed or wounded) as of 12 October or earlier, one per claimant, source and thing counted (analysis.as_of_view with that date).')
def figures_on_12_october(figures_on_12_october):
    assert digest('figures_on_12_october', figures_on_12_october) in ['176e27823b37dc879523e39a']


@test_case(name='2. new after 12 October', points=1, failure_message='In the latest view, the rows whose claimant had given no figure for that thing by 12 October.')
def new_after_12_october(new_after_12_october):
    assert digest('new_after_12_october', new_after_12_october) in ['a9f72111bf930c953d26cc43']


@test_case(name='3. why 376 stays', points=1, failure_message='Is there a row that corrects it? Is 729 from the same claimant? Answer with a letter.')
def why_376_stays(why_376_stays):
    assert digest('why_376_stays', why_376_stays) in ['cb8540ce198abb7963d01400']
