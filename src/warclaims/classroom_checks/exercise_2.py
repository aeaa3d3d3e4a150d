"""Checks for exercise 2 of notebooks/classroom.ipynb: otter-grader's exception-based test format,
one point per part. Written by scripts/classroom_checks.py from warclaims.teaching.answer_key; the
answers are compared by digest, so this file holds none of them."""
from otter.test_files import test_case

from warclaims.teaching import as_set, digest

name = "exercise 2"
all_or_nothing = False


@test_case(name='1. the figures, in date order', points=1, failure_message='Military deaths on the Armenian side (Armenia and Nagorno-Karabakh), earliest first, as a list of numbers.')
def armenian_military_deaths(armenian_military_deaths):
    assert digest('armenian_military_deaths', armenian_military_deaths) in ['f1dd402a7ada61b4b1580b16']


@test_case(name='2. their as-of days', points=1, failure_message='The day of October each figure counts up to, in the same order (the As of column).')
def as_of_days(as_of_days):
    assert digest('as_of_days', as_of_days) in ['071255bce37c216e32fa6902']


@test_case(name='3. a correction?', points=1, failure_message='A correction has to say it replaces an earlier figure; do these say so? Answer True or False.')
def is_correction(is_correction):
    assert digest('is_correction', is_correction) in ['7c1d537c97764113233b6725']
