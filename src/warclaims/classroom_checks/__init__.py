"""The classroom notebook's checks, one otter-grader test file per exercise (``exercise_<n>.py``), run by
:func:`warclaims.teaching.check`. They hold digests of the answers, never the answers; they are written
by ``scripts/classroom_checks.py`` from :func:`warclaims.teaching.answer_key`."""
