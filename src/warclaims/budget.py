"""Every size limit of a report, beside the promise it keeps.

The promise (README, "Scale"): a report page stays under 3 MB and renders in a browser at any size of
dataset, a million claims included, and it says what it left out. A page grows with what it embeds:
chart data (Altair inlines every row it draws), matplotlib artists (each one is drawn into the PNG, and
the time to draw grows with their number), table rows (HTML) and quoted evidence (text). Each limit
below caps one of those; whatever is cut, the page says how much and how to see the rest.
"""
from __future__ import annotations

#: Marks a chart draws one by one: rows of one embedded Altair dataset, artists of one matplotlib
#: panel. Above it a chart aggregates into time bins (Altair itself refuses more than 5,000 rows).
MAX_MARKS = 600

#: Rows an HTML table shows; the rest are counted under it, with the parameters that narrow it.
TABLE_ROWS = 200

#: Rows of the "where the claims stood" charts: the static figure (one line each, readable on A4),
#: and the interactive chart (scrolls).
AS_OF_FIGURE_ROWS = 40
AS_OF_CHART_ROWS = 200

#: Ceasefires one chart shows at most (rows of the timeline, pairs of bars of the duration chart).
MAX_CEASEFIRES = 12

#: Events quoted at most in a tooltip for one bound of a duration (ties: every "not after" report of a
#: violation may set the lower bound); the rest are counted.
TOOLTIP_EVENTS = 3

#: Sources listed at most in the tooltip of a duration.
TOOLTIP_SOURCES = 8

#: At most this many time bins across a chart's window, so each bin stays a few pixels wide.
MAX_BINS_ACROSS = 300

#: Events quoted per bound in the written evidence of a duration; the other ties are counted (every one
#: is in the page's table of events).
EVIDENCE_QUOTED = 3

#: Steps of a claimant's own-losses sequence spelled out: the first and the latest; the ones between
#: are counted ("… N more …").
SEQUENCE_STEPS = (2, 8)

#: Things coded from one article listed at the top of its page (each is also labelled in the text,
#: which is never cut); the rest are counted. A source of a million-claim dataset may carry thousands.
ARTICLE_ITEMS_LISTED = 200

#: Correction chains shown one table each; the rest are counted.
CHAINS_SHOWN = 20
