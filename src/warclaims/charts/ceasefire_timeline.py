"""The ceasefire timeline for print (matplotlib): each ceasefire as a set of lanes on the war's time
axis (agreed, in force, first reported violation, end), every moment drawn as the interval it is known
to, with the casualty claims of the same period below as context (:mod:`~warclaims.charts.ceasefire_claims`).

**Scale.** At most :data:`~warclaims.budget.MAX_CEASEFIRES` ceasefires are drawn (those in the window,
the earliest first); above :data:`~warclaims.budget.MAX_MARKS` claims, the claims are counted per time
bin and camp. The subtitle says both. The interactive version is
:mod:`warclaims.charts.ceasefire_timeline_chart`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import patches
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure

from warclaims.budget import MAX_CEASEFIRES, MAX_MARKS
from warclaims.charts import binning, describe, style
from warclaims.charts.ceasefire_claims import (binned_claims, claims_counts_panel, claims_panels, panel_height,
                                              silent_claims, silences_strip, unit_of, unit_scale, value_units)
from warclaims.charts.ceasefire_moments import (COLOURS, OUTLINED, TITLE, date_axis_title, limit_ceasefires, local, moments,
                                                row_label, window)
from warclaims.text.words import long_date

_LANE_OFFSET = {"agreed": 0.3, "in force": 0.1, "first reported violation": -0.1, "end": -0.3}
_LANE_HEIGHT = 0.16
SUBTITLE = ("Each band is the interval a moment is known to (lighter: uncertain); ◀ ▶: continues outside the "
            "window. Durations beside each name run from the start.")


def _date_ticks(ax, x0: float, x1: float) -> None:
    """Evenly spaced local midnights for a window of up to four months, matplotlib's choice beyond.

    Day and month on every tick, the year under it ("29 Sep / 2020"): matplotlib's own locator restarts
    its day steps each month, which gives uneven gaps (29 Sep, 1 Oct, 5 Oct).
    """
    days = x1 - x0
    if days <= 124:
        step = next(s for s in (1, 2, 3, 4, 7, 14, 21, 28) if days / s <= 9)
        first = np.ceil(x0)
        ax.set_xticks(np.arange(first, x1, step))
    else:
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(DateFormatter("%-d %b\n%Y"))


def _draw_moment(dataset, top, m: pd.Series, y: float, x0: float, x1: float, start_texts: pd.Series) -> None:
    """One lane of one ceasefire: a band clipped to the window, arrows where it continues outside."""
    low = date2num(local(dataset, m["low"]))
    high = date2num(local(dataset, m["high"])) if pd.notna(m["high"]) else x1
    left, right = max(low, x0), min(high, x1)
    colour = COLOURS[m["lane"]]
    if right <= x0 or left >= x1:
        side, x = ("◀", x0) if high <= x0 else ("▶", x1)
        top.annotate(f"{side} {m['lane']} outside the window", (x, y), fontsize=7, va="center",
                     ha="left" if side == "◀" else "right", color=colour)
        return
    alpha = 0.9 if m["certain"] else (0.3 if m["lane"] == "in force" else 0.55)
    outlined = m["lane"] in OUTLINED
    top.add_patch(patches.Rectangle((left, y - _LANE_HEIGHT / 2), max(right - left, (x1 - x0) * 0.002),
                                    _LANE_HEIGHT, facecolor="none" if outlined else colour, alpha=1 if outlined else alpha,
                                    edgecolor=colour if outlined else "none", linewidth=1.3 if outlined else 0))
    if low < x0:  # clipped on the left: say so with an arrow and the date as written
        top.annotate("◀", (x0, y), fontsize=8, va="center", ha="left", color=colour)
        if m["lane"] == "in force" and not m["certain"]:
            top.annotate(f"in force since {long_date(start_texts.loc[m['ceasefire_id']])}",
                         (right, y), xytext=(4, 0), textcoords="offset points", fontsize=7, va="center",
                         color=colour)
    if pd.isna(m["high"]) or high > x1:
        top.annotate("▶", (x1, y), fontsize=8, va="center", ha="right", color=colour)


def unit_panel_inches(dataset, claims: pd.DataFrame, x0: float, x1: float) -> list[float]:
    """The height of each unit's value panel (:func:`~warclaims.charts.ceasefire_claims.value_units`), in
    inches: more for a log axis over many decades."""
    left, right = date2num(local(dataset, claims["as_of"])), date2num(local(dataset, claims["as_of_end"]))
    inside = claims[(right > x0) & (left < x1)]
    units = unit_of(inside)
    return [0.9 * panel_height(unit_scale(inside[units == u])) for u in value_units(dataset, inside)]


def _lanes_panel(dataset, top, table: pd.DataFrame, x0: float, x1: float, unit: str) -> None:
    """The ceasefires, earliest on top, one row of lanes each, their durations beside the name."""
    order = list(table["ceasefire_id"])
    ypos = {key: len(order) - 1 - i for i, key in enumerate(order)}  # earliest on top
    start_texts = table.set_index("ceasefire_id")["start_text"]
    drawn = moments(dataset, table)
    for _, m in drawn.iterrows():  # a few moments per ceasefire, at most max_ceasefires of them
        _draw_moment(dataset, top, m, ypos[m["ceasefire_id"]] + _LANE_OFFSET[m["lane"]], x0, x1, start_texts)
    top.set_yticks(list(ypos.values()), [row_label(r, unit) for _, r in table.iterrows()], fontsize=8)
    top.set_ylim(-0.6, len(order) - 0.4)
    top.set_xlim(x0, x1)
    top.set_title("Each ceasefire: agreed, in force, first reported violation, end", loc="left", fontsize=10)
    kinds = set(zip(drawn["lane"], drawn["certain"]))
    entries = [(("agreed", False), patches.Patch(facecolor="none", edgecolor=COLOURS["agreed"], linewidth=1.3,
                                                 label="agreed (interval known)")),
               (("in force", False), patches.Patch(color=COLOURS["in force"], alpha=0.3,
                                                   label="possibly in force (uncertain start or end)")),
               (("in force", True), patches.Patch(color=COLOURS["in force"], alpha=0.9, label="in force for certain")),
               (("first reported violation", False), patches.Patch(
                   color=COLOURS["first reported violation"], alpha=0.55,
                   label="first reported violation (somewhere in the band)")),
               (("end", False), patches.Patch(color=COLOURS["end"], alpha=0.55, label="end (somewhere in the band)"))]
    handles = [handle for kind, handle in entries if kind in kinds]  # only what is drawn
    top.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)
    top.grid(axis="x", color="#dddddd", linewidth=0.5)


def timeline_figure(dataset, table: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                    start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
                    unit: str = "hours", budget: int = MAX_MARKS, max_ceasefires: int = MAX_CEASEFIRES) -> Figure:
    """Print version of the timeline: ceasefire lanes on top, casualty claims below, one time axis.

    Parameters
    ----------
    dataset : warclaims.Dataset
    table : pandas.DataFrame
        Output of :func:`warclaims.analysis.durations` (the ceasefires to draw).
    claims : pandas.DataFrame, optional
        Output of :func:`warclaims.analysis.timeline` for the same period; None draws no claims panel.
    start, end : pandas.Timestamp, optional
        The time axis (UTC); default :func:`~warclaims.charts.ceasefire_moments.default_window`.
    unit : {"hours", "days"}
        Unit of the durations written beside each ceasefire.
    budget : int
        Claims drawn one by one at most; more are counted per time bin and camp instead.
    max_ceasefires : int
        Ceasefires drawn at most (those in the window, the earliest first); the subtitle says so.
    """
    start, end = window(dataset, table, claims, start, end)
    table, rows_note = limit_ceasefires(dataset, table, start, end, max_ceasefires)
    x0, x1 = date2num(local(dataset, start)), date2num(local(dataset, end))
    has_claims = claims is not None and len(claims) > 0
    subtitle, binned = SUBTITLE, None
    if has_claims and len(claims) > budget:
        binned, bin_name, hidden = binned_claims(dataset, claims, start, end, budget)
        subtitle += (f" The {len(claims) - hidden:,} claimed figures are too many to draw one by one: the lower "
                     f"panel counts them {binning.per(bin_name)} and claimant's camp.")
    if rows_note:
        subtitle += " " + rows_note
    rows = max(len(table), 1)
    # One value panel per unit (people, buildings, ...): figures of different units never share an axis.
    if not has_claims:
        heights = []
    elif binned is not None:
        heights = [3.4]  # one panel of counts: a count of figures, whatever their unit
    else:
        heights = unit_panel_inches(dataset, claims, x0, x1)
    has_strip = has_claims and binned is None and len(silent_claims(claims, x0, x1, dataset)) > 0
    ratios = [1.3 * rows, *heights, *([0.45] if has_strip else [])]
    fig = style.new_figure(12, sum(ratios) + 1.0, TITLE, subtitle, style.source_line(dataset))
    axes = list(np.atleast_1d(fig.subplots(len(ratios), 1, sharex=True, height_ratios=ratios)))
    top, panels, strip = axes[0], axes[1:1 + len(heights)], (axes[-1] if has_strip else None)
    _lanes_panel(dataset, top, table, x0, x1, unit)
    if binned is not None:
        claims_counts_panel(dataset, panels[0], binned, bin_name, hidden, table, start, end)
    elif has_claims:
        claims_panels(dataset, panels, claims, table, x0, x1)
    if strip is not None:
        silences_strip(dataset, strip, claims, x0, x1)
        if not panels:  # silences only: the strip carries the panel's title
            strip.set_title("Figures claimants declined to disclose", loc="left", fontsize=10)
    axis = axes[-1]
    _date_ticks(axis, x0, x1)
    axis.set_xlabel(date_axis_title(dataset))
    return describe.attach(fig, describe.ceasefires(TITLE, table, unit, "When each was agreed, in force, first reported violated and ended,"))
