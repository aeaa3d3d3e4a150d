"""Transitional: removed when the notebooks move. The old names of ``warclaims.charts.claims``, in the
old argument order ``(frame, dataset)``; the charts are :mod:`~warclaims.charts.casualty_timeline`,
:mod:`~warclaims.charts.casualty_timeline_chart` and :mod:`~warclaims.charts.casualty_as_of`, each
``(dataset, data, ...)``; tables and wording are :mod:`warclaims.text.tables` and :mod:`warclaims.text.casualty`."""
from warclaims.budget import AS_OF_CHART_ROWS, AS_OF_FIGURE_ROWS  # noqa: F401
from warclaims.charts import casualty_as_of, casualty_timeline, casualty_timeline_chart
from warclaims.charts.casualty_as_of import AS_OF_SUBTITLE, AS_OF_TITLE  # noqa: F401
from warclaims.charts.casualty_summary import SERIES, TimelineSummary  # noqa: F401
from warclaims.charts.casualty_timeline import TIMELINE_SUBTITLE, TIMELINE_TITLE  # noqa: F401
from warclaims.text.casualty import NARROW_HINT, no_match_markdown, summary_markdown  # noqa: F401
from warclaims.text.tables import TABLES, table  # noqa: F401


def timeline_figure(frame, dataset, **options):
    return casualty_timeline.timeline_figure(dataset, frame, **options)


def timeline_chart(frame, dataset, **options):
    return casualty_timeline_chart.timeline_chart(dataset, frame, **options)


def as_of_figure(view, dataset, **options):
    return casualty_as_of.as_of_figure(dataset, view, **options)


def as_of_chart(view, dataset, **options):
    return casualty_as_of.as_of_chart(dataset, view, **options)
