"""Transitional: the names of the old ``warclaims.ceasefires`` module, while the charts and notebooks move
to :mod:`warclaims.analysis.ceasefires` and :mod:`warclaims.text.ceasefires`. Removed in this change."""
from warclaims.analysis.ceasefires import *  # noqa: F401,F403
from warclaims.analysis.ceasefires import YEAR, DURATION_UNITS, VIOLATION_EVENTS, MEASURES, compute_durations, duration_unit, bound_evidence  # noqa: F401
from warclaims.text.ceasefires import MEASURE_LABELS, format_duration, duration_summary, duration_report, describe_evidence as _describe  # noqa: F401
from warclaims.budget import EVIDENCE_QUOTED  # noqa: F401
