"""Transitional: removed when the notebooks move. The old names of ``warclaims.charts.ceasefires``; the
charts are :mod:`~warclaims.charts.ceasefire_timeline`, :mod:`~warclaims.charts.ceasefire_timeline_chart`
and :mod:`~warclaims.charts.ceasefire_durations` (same arguments as before)."""
from warclaims.budget import MAX_BINS_ACROSS, MAX_CEASEFIRES, TOOLTIP_EVENTS, TOOLTIP_SOURCES  # noqa: F401
from warclaims.budget import MAX_MARKS as MARK_BUDGET  # noqa: F401
from warclaims.charts.ceasefire_durations import FLOOR, durations_chart, durations_figure  # noqa: F401
from warclaims.charts.ceasefire_moments import LANES, default_window  # noqa: F401
from warclaims.charts.ceasefire_timeline import timeline_figure  # noqa: F401
from warclaims.charts.ceasefire_timeline_chart import timeline_chart  # noqa: F401
from warclaims.charts.export import save_ceasefire_pngs as save_pngs  # noqa: F401
