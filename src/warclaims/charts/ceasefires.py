"""Ceasefire charts: a timeline of the war and a comparison of durations, for print and interactive.

* :func:`timeline_figure` / :func:`timeline_chart`: each ceasefire as a set of lanes on the war's time
  axis (agreed, in force, first reported violation, end), every moment drawn as the interval it is
  known to, with the casualty claims of the same period below as context.
* :func:`durations_figure` / :func:`durations_chart`: both durations of every ceasefire as interval
  bars on a log time axis, so the minutes of a humanitarian truce and the decades of the 1994
  ceasefire fit one chart. A log axis has no zero: a lower bound of 0 is drawn from a floor
  (:data:`FLOOR`, one minute) with an open, arrow-shaped end.

Times are shown as local wall-clock time at the dataset's UTC offset (``Dataset.timezone``), which is
how the sources speak ("at midday Saturday"). Nothing here names this war's ceasefires, sides or
metrics: labels and colours come from the dataset's tables.

**Scale.** A page must not grow with the data. Every chart here works within a mark budget
(:data:`MARK_BUDGET` rows per embedded Altair dataset, a bounded number of matplotlib artists) and
shows at most :data:`MAX_CEASEFIRES` ceasefires:

* within the budget, every event is a tick and every claim a box, exactly as described above;
* above it, the events are counted per ceasefire, lane and time bin, and the claims per time bin and
  claimant's camp; the bin is the finest of :data:`BIN_WIDTHS` that fits the budget (and leaves each
  bin a few pixels wide). Each tick or bar carries its count and one traceable example (id and exact
  quote), and the subtitle says how the chart is aggregated;
* with more ceasefires than :data:`MAX_CEASEFIRES`, those in the window are shown (the earliest first)
  and the subtitle says how many of how many, and which parameters choose them.
"""
from __future__ import annotations

import altair as alt
import matplotlib as mpl
import numpy as np
import pandas as pd
import matplotlib.colors as mcolors
from matplotlib import patches
from matplotlib import transforms as mtransforms
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator

from warclaims import ceasefires as cf
from warclaims.charts import common

#: Where a zero lower bound starts on the log axis of the duration chart.
FLOOR = pd.Timedelta(minutes=1)
#: Lanes of one ceasefire in the timeline, top to bottom.
LANES = ("agreed", "in force", "first reported violation", "end")
_LANE_OFFSET = {"agreed": 0.3, "in force": 0.1, "first reported violation": -0.1, "end": -0.3}
_LANE_HEIGHT = 0.16
_COLORS = {"agreed": "#009e73", "in force": "#0072b2", "first reported violation": "#d55e00", "end": "#222222",
           "to first reported violation": "#d55e00", "to end": "#0072b2"}
#: Rows one embedded Altair dataset may hold, and marks a matplotlib panel draws one by one; above it a
#: chart aggregates (Altair itself refuses more than 5,000 rows).
MARK_BUDGET = common.MAX_MARKS
#: Ceasefires one chart shows at most (rows of the timeline, pairs of bars of the duration chart).
MAX_CEASEFIRES = 12
#: Events quoted at most in a tooltip for one bound of a duration (ties: every "not after" report of a
#: violation may set the lower bound); the rest are counted.
TOOLTIP_EVENTS = 3
#: Sources listed at most in the tooltip of a duration.
TOOLTIP_SOURCES = 8
#: Time bins tried when aggregating, finest first; "all" is one bin over the whole window.
BIN_WIDTHS = ("hour", "day", "week", "month", "year", "decade", "all")
#: At most this many bins across the window, so each bin stays a few pixels wide.
MAX_BINS_ACROSS = 300
_BIN_LENGTH = {"hour": pd.Timedelta(hours=1), "day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7),
               "month": pd.Timedelta(days=30.4375), "year": pd.Timedelta(days=365.25),
               "decade": pd.Timedelta(days=3652.5)}
_BIN_FREQ = {"hour": "h", "day": "D", "week": "7D", "month": "MS", "year": "YS", "decade": "10YS"}
#: Tick marks of the log duration axis, in minutes.
_DURATION_TICKS = {1: "1 minute", 60: "1 hour", 24 * 60: "1 day", 7 * 24 * 60: "1 week",
                   int(30.4375 * 24 * 60): "1 month", int(365.25 * 24 * 60): "1 year",
                   int(3652.5 * 24 * 60): "10 years", int(36525 * 24 * 60): "100 years"}


# -- shared bits ---------------------------------------------------------------------------------------
def _offset(dataset) -> pd.Timedelta:
    tz = dataset.timezone
    sign = -1 if tz.startswith("-") else 1
    return sign * pd.Timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))


def _local(values, offset: pd.Timedelta):
    """UTC timestamps -> naive wall-clock times at ``offset`` (what the axis shows)."""
    if isinstance(values, pd.Series):
        return (values.dt.tz_convert("UTC") + offset).dt.tz_localize(None)
    if values is None or pd.isna(values):
        return pd.NaT
    return (pd.Timestamp(values).tz_convert("UTC") + offset).tz_localize(None)


def _tz_label(dataset) -> str:
    return f"local time, UTC{dataset.timezone}"


def default_window(dataset, table: pd.DataFrame, claims: pd.DataFrame | None = None
                   ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time axis of the timeline when no dates are given (UTC, padded by 3% each side).

    The span of every moment known to the day or better: the claims' ``as_of`` and the ceasefires'
    agreed, effective and ended dates. Coarser moments (a month, a year: "the 1994 ceasefire", "clashes
    in July") would stretch the axis over years; they reach outside and are clipped with an arrow.
    With no such moment, the span of all of them.
    """
    rows = dataset.ceasefires[dataset.ceasefires["ceasefire_id"].isin(table["ceasefire_id"])]
    pairs = [(rows[c], rows[f"{c}_end"]) for c in ("agreed_at", "effective_at", "ended_at")]
    if claims is not None and len(claims):
        pairs.append((claims["as_of"], claims["as_of_end"]))
    lows = pd.concat([pd.Series(low, dtype="datetime64[ns, UTC]") for low, _ in pairs], ignore_index=True)
    highs = pd.concat([pd.Series(high, dtype="datetime64[ns, UTC]") for _, high in pairs], ignore_index=True)
    known = lows.notna() & highs.notna()
    lows, highs = lows[known], highs[known]
    if lows.empty:
        raise ValueError("nothing to draw: no dated ceasefire moment and no claims")
    # A day plus an hour: a local day is 24 hours, but leave room for a clock change.
    fine = (highs - lows) <= pd.Timedelta(hours=25)
    if fine.any():
        lows, highs = lows[fine], highs[fine]
    low, high = lows.min(), highs.max()
    pad = max((high - low) * 0.03, pd.Timedelta(hours=6))
    return low - pad, high + pad


def _moments(dataset, table: pd.DataFrame) -> pd.DataFrame:
    """One row per (ceasefire, lane): the interval drawn, how sure it is, and the label of its events."""
    agreed = dataset.ceasefires.set_index("ceasefire_id")
    records = []
    for _, row in table.iterrows():
        key = row["ceasefire_id"]
        base = {"ceasefire_id": key, "name": row["name"]}
        if pd.notna(agreed.loc[key, "agreed_at"]):
            records.append({**base, "lane": "agreed", "low": agreed.loc[key, "agreed_at"],
                            "high": agreed.loc[key, "agreed_at_end"], "certain": False,
                            "what": f"agreed {agreed.loc[key, 'agreed_at_text']}"})
        if row["start_event"]:
            end_high = row["ended_end"] if not row["end_open"] else pd.NaT
            records.append({**base, "lane": "in force", "low": row["start"], "high": end_high, "certain": False,
                            "what": f"possibly in force ({row['start_event']} {row['start_text']} to "
                                    f"{'end' if not row['end_open'] else 'open: no end in the data'})"})
            if not row["end_open"] and row["ended"] > row["start_end"]:
                records.append({**base, "lane": "in force", "low": row["start_end"], "high": row["ended"],
                                "certain": True, "what": "in force for certain"})
        if not row["violation_open"] and row["start_event"]:
            records.append({**base, "lane": "first reported violation", "low": row["first_violation"],
                            "high": row["first_violation_end"], "certain": False,
                            "what": "first reported violation: "
                                    + cf.format_duration(row["violation_low"], row["violation_high"]) + " after the start"})
        if not row["end_open"]:
            records.append({**base, "lane": "end", "low": row["ended"], "high": row["ended_end"], "certain": False,
                            "what": f"ended ({row['end_type']}): "
                                    + cf.format_duration(row["end_low"], row["end_high"]) + " after the start"})
    frame = pd.DataFrame(records, columns=["ceasefire_id", "name", "lane", "low", "high", "certain", "what"])
    for column in ("low", "high"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _row_label(row: pd.Series, unit: str) -> str:
    start = "from agreement" if row["start_event"] == "agreed" else "from effect"
    return (f"{row['name']}\n{start}: violation {cf.format_duration(row['violation_low'], row['violation_high'], unit)}"
            f"\nend {cf.format_duration(row['end_low'], row['end_high'], unit)}")


# -- staying within the budget ---------------------------------------------------------------------------
def _limit_ceasefires(dataset, table: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None,
                      limit: int) -> tuple[pd.DataFrame, str]:
    """At most ``limit`` ceasefires: those whose moments reach into ``[start, end]``, the earliest first.

    Returns the rows to draw (in ``table`` order) and a sentence for the subtitle ("" when all are drawn).
    Without a window (the duration chart) the earliest ``limit`` are drawn.
    """
    if len(table) <= limit:
        return table, ""
    total = len(table)
    if start is None or end is None:
        shown = table.head(limit)
        reason, parameters = f"the earliest {limit}", "the notebook parameter ceasefires chooses them"
    else:
        moments = _moments(dataset, table)
        reach = (moments["low"] < end) & (moments["high"].isna() | (moments["high"] > start))  # NaT: open
        inside = set(moments.loc[reach, "ceasefire_id"])
        in_window = table[table["ceasefire_id"].isin(inside)]
        shown = in_window.head(limit)
        if len(in_window) > limit:
            reason = f"the earliest {limit} of the {len(in_window):,} in the window"
        else:
            reason = f"the {len(in_window):,} in the window" if len(in_window) else "none falls in the window"
        parameters = "the notebook parameters ceasefires, start_date and end_date choose them"
    note = f"{len(shown):,} of {total:,} ceasefires shown ({reason}); {parameters}."
    return shown.reset_index(drop=True), note


def _bin_edges(x: pd.Series, width: str) -> tuple[pd.Series, pd.Series]:
    """The start and end of the ``width`` bin that holds each naive wall-clock time."""
    if width == "all":
        low, high = x.min().floor("D"), x.max().floor("D") + pd.Timedelta(days=1)
        return pd.Series(low, index=x.index), pd.Series(high, index=x.index)
    if width in ("hour", "day"):
        low = x.dt.floor("h" if width == "hour" else "D")
        return low, low + _BIN_LENGTH[width]
    if width == "week":  # weeks start on Monday
        low = x.dt.floor("D") - pd.to_timedelta(x.dt.day_of_week, unit="D")
        return low, low + pd.Timedelta(days=7)
    if width == "month":
        low = x.dt.to_period("M").dt.to_timestamp()
        return low, low + pd.offsets.MonthBegin(1)
    years = x.dt.year if width == "year" else x.dt.year // 10 * 10
    low = pd.to_datetime(pd.DataFrame({"year": years, "month": 1, "day": 1}))
    return low, low + pd.DateOffset(years=1 if width == "year" else 10)


def _choose_width(frame: pd.DataFrame, keys: list[str], x: pd.Series, span: pd.Timedelta, budget: int) -> str:
    """The finest bin of :data:`BIN_WIDTHS` that gives at most ``budget`` groups of ``keys`` and at most
    :data:`MAX_BINS_ACROSS` bins across ``span``."""
    for width in BIN_WIDTHS[:-1]:
        if span / _BIN_LENGTH[width] > MAX_BINS_ACROSS:
            continue
        low, _ = _bin_edges(x, width)
        if len(frame[keys].assign(_bin=low).drop_duplicates()) <= budget:
            return width
    return "all"


def _per(width: str) -> str:
    """ "per week", or "over the whole window" for the last resort."""
    return "over the whole window" if width == "all" else f"per {width}"


def _in_one(width: str) -> str:
    return "over the whole window" if width == "all" else f"in one {width}"


def _bin_labels(low: pd.Series, high: pd.Series, width: str) -> pd.Series:
    """How a bin reads in a tooltip: "2020-10-10 14:00–15:00", "week of Mon 2020-10-05", "October 2020"."""
    if width == "hour":
        return low.dt.strftime("%Y-%m-%d %H:00–") + high.dt.strftime("%H:00")
    if width == "day":
        return low.dt.strftime("%Y-%m-%d")
    if width == "week":
        return "week of Mon " + low.dt.strftime("%Y-%m-%d")
    if width == "month":
        return low.dt.strftime("%B %Y")
    if width == "year":
        return low.dt.strftime("%Y")
    if width == "decade":
        return low.dt.strftime("%Y") + "s"
    return low.dt.strftime("%Y-%m-%d") + " to " + (high - pd.Timedelta(days=1)).dt.strftime("%Y-%m-%d")


def _grid(low: pd.Timestamp, high: pd.Timestamp, width: str, data_low: pd.Series) -> pd.DatetimeIndex:
    """Contiguous bin edges from the bin holding ``low`` to past ``high`` (for stacked steps)."""
    if width == "all":
        first, last = data_low.min(), _bin_edges(data_low.iloc[:1], "all")[1].iloc[0]
        return pd.DatetimeIndex([first, max(last, first + pd.Timedelta(days=1))])
    first = _bin_edges(pd.Series([low]), width)[0].iloc[0]
    edges = pd.date_range(first, high, freq=_BIN_FREQ[width])
    following = _bin_edges(pd.Series([edges[-1]]), width)[1].iloc[0]
    return edges.append(pd.DatetimeIndex([following]))


def _camps(dataset) -> tuple[dict[str, str], dict[str, str]]:
    """``camp id -> name`` and ``camp name -> colour``, in the camps table's order, plus "no camp".

    A camp's colour is the middle of its family in the house style (belligerent camps blues, oranges,
    ...; other camps greens; no camp grey), so it reads as the group of its claimants' shades.
    """
    camps = dataset.tables.get("camps")
    names, colours, belligerent_index = {}, {}, 0
    if camps is not None:
        for _, camp in camps.iterrows():  # a vocabulary: a handful of rows
            flag = str(camp.get("belligerent", "")).strip().lower() in ("true", "1", "yes")
            if flag:
                family = common.BELLIGERENT_FAMILIES[belligerent_index % len(common.BELLIGERENT_FAMILIES)]
                belligerent_index += 1
            else:
                family = common.NEUTRAL_FAMILY
            names[camp["camp_id"]] = str(camp["name"])
            colours[str(camp["name"])] = mcolors.to_hex(mpl.colormaps[family](0.7))
    names[""] = "no camp"
    colours["no camp"] = mcolors.to_hex(mpl.colormaps[common.GENERIC_FAMILY](0.6))
    return names, colours


#: Columns of one row of :func:`_binned_claims`.
_CLAIM_BIN_COLUMNS = ["camp", "status", "low", "high", "figures", "bin", "range", "display", "metric_name",
                      "whose", "claimant_name", "as_of_text", "source_id", "outlet", "quote", "claim_id"]


def _binned_claims(dataset, claims: pd.DataFrame, offset, start: pd.Timestamp, end: pd.Timestamp,
                   budget: int) -> tuple[pd.DataFrame, str, int]:
    """Claims counted per time bin, claimant's camp and status (stated or undisclosed).

    Each claim counts in the bin of the middle of its date interval (clipped to the window); claims
    wholly outside the window are left out. Each row keeps one example: the first claim of its bin (by
    date, claimant, figure id), with its figure, quote and source. Returns the rows (bin start ``low``,
    end ``high``, naive wall-clock), the bin width and the number of claims left out.
    """
    x0, x1 = _local(start, offset), _local(end, offset)
    left, right = _local(claims["as_of"], offset), _local(claims["as_of_end"], offset)
    inside = (right > x0) & (left < x1)
    frame = claims[inside]
    middle = (left + (right - left) / 2)[inside].clip(lower=x0, upper=x1)
    camp_names, _ = _camps(dataset)
    frame = frame.assign(
        camp=frame["claimant_camp"].fillna("").map(camp_names).fillna("no camp"),
        status=np.where(frame["qualifier"] == "undisclosed", "not disclosed", "stated"),
        value_min=frame["value_low"].fillna(frame["value_best"]).astype("float64"),
        value_max=frame["value_high"].fillna(frame["value_best"]).astype("float64"),
        whose=frame["subject_side_name"], outlet=frame["outlet"].map(_outlet))
    if frame.empty:
        empty = pd.DataFrame(columns=_CLAIM_BIN_COLUMNS).astype({"low": "datetime64[ns]", "high": "datetime64[ns]",
                                                                  "figures": "int64"})
        return empty, "day", int((~inside).sum())
    width = _choose_width(frame, ["camp", "status"], middle, x1 - x0, budget)
    low, high = _bin_edges(middle, width)
    frame = frame.assign(low=low, high=high)
    keys = ["low", "camp", "status"]
    grouped = frame.groupby(keys, sort=True)
    out = grouped.head(1).sort_values(keys, kind="stable").set_index(keys)  # the first claim of each bin
    out["figures"] = grouped.size()
    out["value_min"], out["value_max"] = grouped["value_min"].min(), grouped["value_max"].max()
    out = out.reset_index()
    out["high"] = out["high"].astype("datetime64[ns]")
    out["bin"] = _bin_labels(out["low"], out["high"], width)
    known = out["value_min"].notna()
    out["range"] = np.where(known, out["value_min"].map("{:,.0f}".format, na_action="ignore").astype(str) + " to "
                            + out["value_max"].map("{:,.0f}".format, na_action="ignore").astype(str)
                            + " (metrics mixed)", "none given")
    out["figures"] = out["figures"].astype(int)
    return out[_CLAIM_BIN_COLUMNS], width, int((~inside).sum())


# -- (a) timeline, matplotlib ------------------------------------------------------------------------------
def timeline_figure(dataset, table: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                    start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
                    unit: str = "hours", budget: int = MARK_BUDGET, max_ceasefires: int = MAX_CEASEFIRES) -> Figure:
    """Print version of the timeline: ceasefire lanes on top, casualty claims below, one time axis.

    Parameters
    ----------
    dataset : warclaims.Dataset
    table : pandas.DataFrame
        Output of :func:`warclaims.ceasefires.durations` (the ceasefires to draw).
    claims : pandas.DataFrame, optional
        Output of ``warclaims.claims.timeline`` for the same period; None draws no claims panel.
    start, end : pandas.Timestamp, optional
        The time axis (UTC); default :func:`default_window`.
    unit : {"hours", "days"}
        Unit of the durations written beside each ceasefire.
    budget : int
        Claims drawn one by one at most; more are counted per time bin and camp instead.
    max_ceasefires : int
        Ceasefires drawn at most (those in the window, the earliest first); the subtitle says so.
    """
    window = default_window(dataset, table, claims)
    start, end = start if start is not None else window[0], end if end is not None else window[1]
    table, rows_note = _limit_ceasefires(dataset, table, start, end, max_ceasefires)
    offset = _offset(dataset)
    x0, x1 = date2num(_local(start, offset)), date2num(_local(end, offset))
    moments = _moments(dataset, table)
    has_claims = claims is not None and len(claims) > 0
    subtitle = ("Each band is the interval a moment is known to (lighter: uncertain); ◀ ▶: continues outside the "
                "window. Durations beside each name run from the start.")
    binned = None
    if has_claims and len(claims) > budget:
        binned, width, hidden = _binned_claims(dataset, claims, offset, start, end, budget)
        subtitle += (f" The {len(claims) - hidden:,} claimed figures are too many to draw one by one: the lower "
                     f"panel counts them {_per(width)} and claimant's camp.")
    if rows_note:
        subtitle += " " + rows_note
    rows = max(len(table), 1)
    fig = common.new_figure(
        12, 1.3 * rows + (4.4 if has_claims else 1.0), "Ceasefires in the war, and the claims made meanwhile",
        subtitle, common.source_line(dataset))
    if has_claims:
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[1.3 * rows, 3.4])
    else:
        top, bottom = fig.subplots(1, 1), None

    order = list(table["ceasefire_id"])
    ypos = {key: len(order) - 1 - i for i, key in enumerate(order)}  # earliest on top
    start_texts = table.set_index("ceasefire_id")["start_text"]
    for _, m in moments.iterrows():  # a few moments per ceasefire, at most max_ceasefires of them
        y = ypos[m["ceasefire_id"]] + _LANE_OFFSET[m["lane"]]
        low = date2num(_local(m["low"], offset))
        high = date2num(_local(m["high"], offset)) if pd.notna(m["high"]) else x1
        left, right = max(low, x0), min(high, x1)
        if right <= x0 or left >= x1:
            side, x = ("◀", x0) if high <= x0 else ("▶", x1)
            top.annotate(f"{side} {m['lane']} outside the window", (x, y), fontsize=7, va="center",
                         ha="left" if side == "◀" else "right", color=_COLORS[m["lane"]])
            continue
        color = _COLORS[m["lane"]]
        alpha = 0.9 if m["certain"] else (0.3 if m["lane"] == "in force" else 0.55)
        top.add_patch(patches.Rectangle((left, y - _LANE_HEIGHT / 2), max(right - left, (x1 - x0) * 0.002),
                                        _LANE_HEIGHT, facecolor=color, alpha=alpha, linewidth=0))
        if low < x0:  # clipped on the left: say so with an arrow and the date as written
            top.annotate("◀", (x0, y), fontsize=8, va="center", ha="left", color=color)
            if m["lane"] == "in force" and not m["certain"]:
                top.annotate(f"in force since {start_texts.loc[m['ceasefire_id']]}",
                             (right, y), xytext=(4, 0), textcoords="offset points", fontsize=7, va="center",
                             color=color)
        if pd.isna(m["high"]) or high > x1:
            top.annotate("▶", (x1, y), fontsize=8, va="center", ha="right", color=color)
    top.set_yticks(list(ypos.values()), [_row_label(r, unit) for _, r in table.iterrows()], fontsize=8)
    top.set_ylim(-0.6, len(order) - 0.4)
    top.set_xlim(x0, x1)
    top.set_title("Each ceasefire: agreed, in force, first reported violation, end", loc="left", fontsize=10)
    handles = [patches.Patch(color=_COLORS["agreed"], alpha=0.55, label="agreed (interval known)"),
               patches.Patch(color=_COLORS["in force"], alpha=0.3, label="possibly in force (uncertain start or end)"),
               patches.Patch(color=_COLORS["in force"], alpha=0.9, label="in force for certain"),
               patches.Patch(color=_COLORS["first reported violation"], alpha=0.55,
                             label="first reported violation (somewhere in the band)"),
               patches.Patch(color=_COLORS["end"], alpha=0.55, label="end (somewhere in the band)")]
    top.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)
    top.grid(axis="x", color="#dddddd", linewidth=0.5)

    axis = bottom if has_claims else top
    if binned is not None:
        _claims_counts_panel(dataset, bottom, binned, width, hidden, table, offset, start, end)
    elif has_claims:
        _claims_panel(dataset, bottom, claims, table, offset, x0, x1)
    _date_ticks(axis, x0, x1)
    axis.set_xlabel(f"Date ({_tz_label(dataset)})")
    return fig


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


def _ceasefire_spans(ax, table: pd.DataFrame, offset, x0, x1) -> None:
    """The ceasefires that begin in the window, faintly, as context behind the claims."""
    for _, row in table.iterrows():  # at most max_ceasefires rows
        if not row["start_event"] or date2num(_local(row["start"], offset)) < x0:
            continue
        low = date2num(_local(row["start"], offset))
        high = date2num(_local(row["ended_end"], offset)) if not row["end_open"] else x1
        ax.axvspan(low, min(high, x1), color=_COLORS["in force"], alpha=0.07, linewidth=0)


def _hidden_note(ax, hidden: int) -> None:
    if hidden:
        ax.text(0.995, 0.98, f"{hidden:,} claim{'s' if hidden != 1 else ''} dated outside the window not shown",
                transform=ax.transAxes, ha="right", va="top", fontsize=7, color=common.MUTED)


def _claims_panel(dataset, ax, claims: pd.DataFrame, table: pd.DataFrame, offset, x0, x1) -> None:
    """Claims as context: a box per figure (its date interval by its value range), a bar at a stated
    figure, a cross at the foot for a figure the claimant declined to give; coloured by claimant.

    One collection for the boxes, one for the bars and one line of crosses per claimant, whatever the
    number of claims (the caller keeps that number within the budget).
    """
    colors = common.claimant_palette(dataset, list(dict.fromkeys(claims["claimant"])))
    _ceasefire_spans(ax, table, offset, x0, x1)
    left = date2num(_local(claims["as_of"], offset))
    right = date2num(_local(claims["as_of_end"], offset))
    inside = (right > x0) & (left < x1)
    disclosed = claims[inside & (claims["qualifier"] != "undisclosed")]
    silent = claims[inside & (claims["qualifier"] == "undisclosed")]
    starts = np.asarray(date2num(_local(disclosed["as_of"], offset)), dtype="float64")
    stops = np.asarray(date2num(_local(disclosed["as_of_end"], offset)), dtype="float64")
    best = disclosed["value_best"].astype("float64").to_numpy()
    lows = disclosed["value_low"].astype("float64").fillna(disclosed["value_best"].astype("float64")).to_numpy()
    highs = disclosed["value_high"].astype("float64").fillna(disclosed["value_best"].astype("float64")).to_numpy()
    drawn = ~np.isnan(lows) & ~np.isnan(highs) & (np.nan_to_num(lows) > 0)
    rgb = np.array([mcolors.to_rgb(colors[c]) for c in disclosed["claimant"]]).reshape(-1, 3)
    tops = lows + np.maximum(highs - lows, 0)
    boxes = np.stack([np.column_stack([starts, lows]), np.column_stack([stops, lows]),
                      np.column_stack([stops, tops]), np.column_stack([starts, tops])], axis=1)[drawn]
    translucent = np.column_stack([rgb, np.full(len(rgb), 0.3)])[drawn]
    if len(boxes):
        ax.add_collection(PolyCollection(boxes, facecolors=translucent, edgecolors=translucent, linewidths=0.8))
    stated = drawn & ~np.isnan(best)
    if stated.any():
        segments = np.stack([np.column_stack([starts, best]), np.column_stack([stops, best])], axis=1)[stated]
        ax.add_collection(LineCollection(segments, colors=rgb[stated], linewidths=2.5, capstyle="butt"))
    strip = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    middles = date2num(_local(silent["as_of"] + (silent["as_of_end"] - silent["as_of"]) / 2, offset))
    for claimant, where in pd.Series(np.arange(len(silent))).groupby(silent["claimant"].to_numpy(), sort=False):
        ax.plot(np.asarray(middles)[where.to_numpy()], [0.04] * len(where), marker="x", linestyle="",
                color=colors[claimant], transform=strip, markersize=7, markeredgewidth=1.5, clip_on=False)
    ax.set_yscale("log")
    values = pd.concat([disclosed["value_low"], disclosed["value_best"], disclosed["value_high"]]).dropna()
    values = values[values > 0].astype(float)
    if len(values):
        ax.set_ylim(values.min() / 4, values.max() * 2)
    ax.set_ylabel("Claimed figure\n(people, buildings, …; log scale)", fontsize=8)
    _hidden_note(ax, int((~inside).sum()))
    ax.set_title("Claims of the same period (casualties, displacement, destruction), by claimant",
                 loc="left", fontsize=10)
    ax.grid(axis="both", color="#eeeeee", linewidth=0.5)
    names = dict(zip(claims["claimant"], claims["claimant_name"]))
    shown = [c for c in colors if c in set(disclosed["claimant"]) | set(silent["claimant"])]
    handles = [patches.Patch(color=colors[c], alpha=0.7, label=_short(names.get(c, c))) for c in shown]
    handles += [Line2D([], [], color="#444444", linewidth=2.5, label="stated figure (over its date)"),
                patches.Patch(facecolor="#cccccc", edgecolor="#444444", label="range (vague or bounded claim)"),
                Line2D([], [], color="#444444", marker="x", linestyle="", label="figure not disclosed (not zero)")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)


def _claims_counts_panel(dataset, ax, binned: pd.DataFrame, width: str, hidden: int, table: pd.DataFrame,
                         offset, start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Claims counted, not drawn: stacked steps of figures per bin by claimant's camp (one artist per
    camp), and a cross per bin and camp at the foot for undisclosed figures, sized by their number."""
    _, camp_colours = _camps(dataset)
    x0, x1 = date2num(_local(start, offset)), date2num(_local(end, offset))
    _ceasefire_spans(ax, table, offset, x0, x1)
    stated = binned[binned["status"] == "stated"]
    silent = binned[binned["status"] == "not disclosed"]
    edges = _grid(_local(start, offset), _local(end, offset), width, binned["low"])
    edge_numbers = date2num(edges.to_pydatetime())
    baseline = np.zeros(len(edges) - 1)
    present = [c for c in camp_colours if c in set(binned["camp"])]
    for camp in present:
        rows = stated[stated["camp"] == camp]
        if rows.empty:
            continue
        counts = np.zeros(len(edges) - 1)
        np.add.at(counts, edges.get_indexer(rows["low"]), rows["figures"].to_numpy())
        ax.stairs(baseline + counts, edge_numbers, baseline=baseline.copy(), fill=True, color=camp_colours[camp],
                  alpha=0.8, linewidth=0)
        baseline += counts
    strip = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    largest = max(int(silent["figures"].max()) if len(silent) else 1, 1)
    for index, camp in enumerate(present):
        rows = silent[silent["camp"] == camp]
        if rows.empty:
            continue
        middles = date2num((rows["low"] + (rows["high"] - rows["low"]) / 2).dt.to_pydatetime())
        sizes = 12 + 88 * np.sqrt(rows["figures"].to_numpy() / largest)
        height = 0.015 + 0.05 * index / max(len(present) - 1, 1)  # one row of crosses per camp, under zero
        ax.scatter(middles, np.full(len(rows), height), s=sizes, marker="x", color=camp_colours[camp],
                   linewidths=1.5, transform=strip, clip_on=False)
    # Room under zero for the crosses, so they never sit on a bar; ticks only from zero up.
    top = max(baseline.max(initial=0) * 1.12, 1)
    ax.set_ylim(-0.1 * top, top)
    ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= top])
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.set_ylabel(f"Figures claimed {_per(width)}\n(stacked by claimant's camp)", fontsize=8)
    _hidden_note(ax, hidden)
    total = int(binned["figures"].sum())
    ax.set_title(f"Claims of the same period: {total:,} figures, counted {_per(width)} (too many to draw one by one)",
                 loc="left", fontsize=10)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.5)
    handles = [patches.Patch(color=camp_colours[c], alpha=0.8, label=_short(c)) for c in present]
    handles += [Line2D([], [], color="#444444", marker="x", linestyle="",
                       label="figures not disclosed (not zero); larger: more")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- (a) timeline, Altair ----------------------------------------------------------------------------------
def _iso(values: pd.Series) -> pd.Series:
    """Wall-clock times written as UTC ISO strings: with a ``utc`` scale Vega shows exactly them,
    whatever the reader's browser time zone."""
    return values.dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _outlet(value) -> str:
    return value if isinstance(value, str) and value else "outlet not named"


def timeline_chart(dataset, table: pd.DataFrame, claims: pd.DataFrame | None = None, *,
                   start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
                   unit: str = "hours", budget: int = MARK_BUDGET,
                   max_ceasefires: int = MAX_CEASEFIRES) -> alt.VConcatChart:
    """Interactive timeline (drag to pan, wheel to zoom the time axis); tooltips quote every event.

    Same parameters as :func:`timeline_figure`. Within ``budget`` the ceasefire panel has one tick per
    recorded event (its kind, date as written, claimant, source, outlet and exact quote) and the claims
    panel one mark per figure with its quote. Above it, ticks count the events per ceasefire, lane and
    time bin and bars count the figures per time bin and camp, each with one example and its quote;
    no embedded dataset has more than ``budget`` rows.
    """
    window = default_window(dataset, table, claims)
    start, end = start if start is not None else window[0], end if end is not None else window[1]
    table, rows_note = _limit_ceasefires(dataset, table, start, end, max_ceasefires)
    offset = _offset(dataset)
    domain = [_iso(pd.Series([_local(start, offset)]))[0], _iso(pd.Series([_local(end, offset)]))[0]]
    labels = {r["ceasefire_id"]: r["name"] for _, r in table.iterrows()}
    order = [labels[k] for k in table["ceasefire_id"]]
    moments = _moments(dataset, table)
    moments["high"] = moments["high"].fillna(end)  # an open end runs to the edge of the window
    moments = moments.assign(x=_iso(_local(moments["low"], offset)), x2=_iso(_local(moments["high"], offset)),
                             sureness=np.where(moments["certain"], "certain", "uncertain"))
    # One zoom on the ceasefire panel; the x scale is shared, so the claims below follow it.
    zoom = alt.selection_interval(bind="scales", encodings=["x"], name="zoom")
    x_scale = alt.Scale(type="utc", domain=domain)
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    y_offset = alt.YOffset("lane:N", sort=list(LANES), scale=alt.Scale(domain=list(LANES)))
    lane_colors = alt.Color("lane:N", sort=list(LANES), title="Moment",
                            scale=alt.Scale(domain=list(LANES), range=[_COLORS[lane] for lane in LANES]))
    bands = alt.Chart(moments[["name", "lane", "x", "x2", "sureness", "what"]]).mark_bar(clip=True).encode(
        x=alt.X("x:T", scale=x_scale, title=f"Date ({_tz_label(dataset)})"), x2="x2:T", y=y, yOffset=y_offset,
        color=lane_colors,
        opacity=alt.Opacity("sureness:N", scale=alt.Scale(domain=["uncertain", "certain"], range=[0.35, 0.9]),
                            title="Interval"),
        tooltip=[alt.Tooltip("name:N", title="ceasefire"), alt.Tooltip("what:N", title="band")],
    )
    frame = _event_frame(dataset, table, offset)
    subtitle = ["Each ceasefire: agreed, in force, first reported violation, end. Bands are the "
                "intervals each moment is known to (lighter: uncertain)."]
    if len(frame) <= budget:
        ticks = alt.Chart(frame[_EVENT_COLUMNS]).mark_tick(thickness=2, size=9, clip=True).encode(
            x=alt.X("x:T", scale=x_scale), y=y, yOffset=y_offset, color=lane_colors,
            tooltip=[alt.Tooltip("name:N", title="ceasefire"), alt.Tooltip("event_id:N", title="event"),
                     alt.Tooltip("event:N", title="kind"), alt.Tooltip("when:N", title="date as written"),
                     alt.Tooltip("claimant:N"), alt.Tooltip("source:N"), alt.Tooltip("outlet:N"),
                     alt.Tooltip("quote:N")],
        )
        subtitle.append("Ticks are the recorded events: hover for the quote. "
                        "Drag to pan, scroll to zoom the time axis.")
        aggregated = False
    else:
        binned, width, outside = _binned_events(frame, _local(start, offset), _local(end, offset), budget)
        ticks = alt.Chart(binned).mark_tick(thickness=2, clip=True).encode(
            x=alt.X("x:T", scale=x_scale), y=y, yOffset=y_offset, color=lane_colors,
            size=alt.Size("events:Q", title=f"Events {_per(width)}",
                          scale=alt.Scale(type="sqrt", range=[3, 14], zero=False)),
            tooltip=[alt.Tooltip("name:N", title="ceasefire"), alt.Tooltip("lane:N", title="moment"),
                     alt.Tooltip("bin:N", title=width if width != "all" else "dates"),
                     alt.Tooltip("events:Q", title="events", format=","),
                     alt.Tooltip("kinds:N", title="of kind"), alt.Tooltip("example_id:N", title="example event"),
                     alt.Tooltip("example_kind:N", title="its kind"), alt.Tooltip("when:N", title="date as written"),
                     alt.Tooltip("claimant:N"), alt.Tooltip("source:N"), alt.Tooltip("outlet:N"),
                     alt.Tooltip("quote:N")],
        )
        subtitle += [f"The {len(frame):,} recorded events are more than the {budget:,} a chart draws one by one: each "
                     f"tick counts the events of one ceasefire and moment {_in_one(width)}, at its middle.",
                     "Longer ticks: more events. Hover for the count and one example event with its quote. "
                     "Drag to pan, scroll to zoom the time axis."]
        if outside:
            subtitle.append(f"{outside:,} event{'s' if outside != 1 else ''} dated outside the window "
                            f"{'are' if outside != 1 else 'is'} not drawn.")
        aggregated = True
    if rows_note:
        subtitle.append(rows_note)
    panel = (bands + ticks).properties(
        width=760, height=max(60 * len(order), 80),
        title=alt.TitleParams("Ceasefires in the war, and the claims made meanwhile",
                              subtitle=subtitle, anchor="start", fontSize=15,
                              subtitleColor=common.MUTED, subtitleFontSize=11),
    ).add_params(zoom)
    charts = [panel]
    if claims is not None and len(claims):
        claim_charts, claims_aggregated = _claims_charts(dataset, claims, offset, x_scale, start, end, budget)
        charts += claim_charts
        aggregated = aggregated or claims_aggregated
    scales = {"x": "shared", "color": "independent", "opacity": "independent"}
    if aggregated:
        scales["size"] = "independent"
    return alt.vconcat(*charts, title=alt.TitleParams(common.source_line(dataset), orient="bottom", anchor="start",
                                                        fontSize=10, fontWeight="normal", color=common.MUTED)
                       ).resolve_scale(**scales)


#: Columns of an event tick, one per event.
_EVENT_COLUMNS = ["name", "lane", "x", "event_id", "event", "when", "claimant", "source", "outlet", "quote"]
#: Columns of an aggregated event tick, one per ceasefire, lane and bin.
_EVENT_BIN_COLUMNS = ["name", "lane", "x", "bin", "events", "kinds", "example_id", "example_kind", "when",
                      "claimant", "source", "outlet", "quote"]


def _event_frame(dataset, table: pd.DataFrame, offset) -> pd.DataFrame:
    """Every recorded event of the drawn ceasefires, placed at the middle of its interval on its lane
    (``x`` as text for Vega, ``at_local`` as a naive wall-clock time), in event-id order."""
    events = dataset.ceasefire_events[dataset.ceasefire_events["ceasefire_id"].isin(table["ceasefire_id"])].copy()
    names = dataset.actors.set_index("actor_id")["name"]
    outlets = dataset.sources.set_index("source_id")["outlet"]
    violation_kinds = set(table["violation_kinds"].iloc[0].split("|")) if len(table) else set()
    lane = {"proposed": "agreed", "agreed": "agreed", "effective": "in force", "ended": "end"}
    events["lane"] = events["event"].map(lambda k: lane.get(k, "first reported violation" if k in violation_kinds
                                                           else "in force"))
    middle = events["at"] + (events["at_end"] - events["at"]) / 2
    # A not_after event is known only by its latest moment: put its tick there.
    where = middle.where(events["bound"] != "not_after", events["at_end"])
    events["at_local"] = _local(where, offset)
    events["x"] = _iso(events["at_local"])
    events["name"] = events["ceasefire_id"].map(dict(zip(table["ceasefire_id"], table["name"])))
    events["when"] = events["at_text"] + np.where(events["bound"] == "not_after", " (or before)", "")
    events["claimant"] = events["claimant"].map(names).fillna("not named")
    events["source"] = events["source_id"]
    events["outlet"] = events["source_id"].map(outlets).map(_outlet)
    return events[[*_EVENT_COLUMNS, "at_local"]].sort_values("event_id").reset_index(drop=True)


def _event_rows(dataset, table: pd.DataFrame, offset) -> pd.DataFrame:
    """Every recorded event of the drawn ceasefires, placed at the middle of its interval on its lane."""
    return _event_frame(dataset, table, offset)[_EVENT_COLUMNS]


def _binned_events(frame: pd.DataFrame, x0: pd.Timestamp, x1: pd.Timestamp,
                   budget: int) -> tuple[pd.DataFrame, str, int]:
    """Events counted per ceasefire, lane and time bin (naive wall-clock ``x0``..``x1``, the window).

    Each row is drawn at the middle of its bin and keeps its first event (by id) as the example, with
    that event's date as written, claimant, source, outlet and exact quote; ``kinds`` counts the events
    by kind ("3 violation_reported, 2 accusation"). Events outside the window are left out. Returns the
    rows, the bin width and the number left out.
    """
    inside = frame[(frame["at_local"] >= x0) & (frame["at_local"] <= x1)]
    outside = len(frame) - len(inside)
    if inside.empty:
        return pd.DataFrame(columns=_EVENT_BIN_COLUMNS).astype({"events": "int64"}), "day", outside
    width = _choose_width(inside, ["name", "lane"], inside["at_local"], x1 - x0, budget)
    low, high = _bin_edges(inside["at_local"], width)
    inside = inside.assign(low=low, high=high)  # already in event-id order
    keys = ["name", "lane", "low"]
    grouped = inside.groupby(keys, sort=True)
    out = grouped.head(1).set_index(keys).sort_index(kind="stable")
    out["events"] = grouped.size()
    kinds = inside.groupby([*keys, "event"]).size().rename("n").reset_index()
    kinds["text"] = kinds["n"].map("{:,}".format) + " " + kinds["event"]
    out["kinds"] = kinds.groupby(keys)["text"].agg(", ".join)
    out = out.reset_index()
    out["high"] = out["high"].astype("datetime64[ns]")
    out["x"] = _iso(out["low"] + (out["high"] - out["low"]) / 2)
    out["bin"] = _bin_labels(out["low"], out["high"], width)
    out["events"] = out["events"].astype(int)
    out = out.rename(columns={"event_id": "example_id", "event": "example_kind"})
    return out[_EVENT_BIN_COLUMNS], width, outside


def _claims_charts(dataset, claims: pd.DataFrame, offset, x_scale, start: pd.Timestamp, end: pd.Timestamp,
                   budget: int) -> tuple[list, bool]:
    """The claims panels of the interactive timeline, and whether they count instead of listing."""
    if len(claims) > budget:
        return _claims_count_charts(dataset, claims, offset, x_scale, start, end, budget), True
    colors = common.claimant_palette(dataset, list(dict.fromkeys(claims["claimant"])))
    names = dict(zip(claims["claimant"], claims["claimant_name"]))
    frame = claims.copy()
    frame["x"] = _iso(_local(frame["as_of"], offset))
    frame["x2"] = _iso(_local(frame["as_of_end"], offset))
    frame["group"] = frame["claimant"].map(names)
    frame["whose"] = frame["subject_side_name"]
    frame["low"] = frame["value_low"].fillna(frame["value_best"]).astype("float64")
    frame["high"] = frame["value_high"].fillna(frame["value_best"]).astype("float64")
    frame["best"] = frame["value_best"].astype("float64")
    frame["outlet"] = frame["outlet"].map(_outlet)
    keep = ["x", "x2", "group", "whose", "low", "high", "best", "display", "metric_name", "population", "claimant_name",
            "outlet", "source_id", "as_of_text", "quote"]
    order = [g for g in colors if g in set(frame["claimant"])]
    color = alt.Color("group:N", title="Claimant", sort=[names[g] for g in order],
                      scale=alt.Scale(domain=[names[g] for g in order], range=[colors[g] for g in order]))
    tooltip = [alt.Tooltip("display:N", title="figure"), alt.Tooltip("metric_name:N", title="metric"),
               alt.Tooltip("population:N"), alt.Tooltip("whose:N", title="whose losses"),
               alt.Tooltip("claimant_name:N", title="claimant"), alt.Tooltip("as_of_text:N", title="as of"),
               alt.Tooltip("source_id:N", title="source"), alt.Tooltip("outlet:N"), alt.Tooltip("quote:N")]
    disclosed = frame[frame["qualifier"] != "undisclosed"][keep].dropna(subset=["low", "high"])
    silent = frame[frame["qualifier"] == "undisclosed"][keep]
    log = alt.Scale(type="log")
    values = pd.concat([disclosed["low"], disclosed["high"]])
    values = values[values > 0]
    decades = [10 ** k for k in range(int(np.floor(np.log10(values.min()))), int(np.ceil(np.log10(values.max()))) + 1)] \
        if len(values) else [1]
    base = alt.Chart(disclosed)
    ranges = base.mark_rect(opacity=0.3, clip=True).encode(
        x=alt.X("x:T", scale=x_scale, title=None), x2="x2:T",
        y=alt.Y("low:Q", scale=log, title=["Claimed figure", "(people, buildings, …; log scale)"],
                axis=alt.Axis(values=decades, format=",")), y2="high:Q",
        color=color, tooltip=tooltip)
    points = base.transform_filter("isValid(datum.best)").mark_tick(thickness=3, size=8, clip=True).encode(
        x=alt.X("x:T", scale=x_scale), y=alt.Y("best:Q", scale=log), color=color, tooltip=tooltip)
    charts = [(ranges + points).properties(
        width=760, height=220,
        title=alt.TitleParams("Claims of the same period, by claimant",
                              subtitle="Boxes: a claim's date interval and value range; ticks: a stated figure.",
                              anchor="start"))]
    if len(silent):
        charts.append(alt.Chart(silent).mark_point(shape="cross", size=70, clip=True).encode(
            x=alt.X("x:T", scale=x_scale, title=f"Date ({_tz_label(dataset)})"), color=color, tooltip=tooltip,
        ).properties(width=760, height=30,
                     title=alt.TitleParams("Figures a claimant declined to disclose (not zero)", fontSize=11,
                                           anchor="start")))
    return charts, False


def _claims_count_charts(dataset, claims: pd.DataFrame, offset, x_scale, start: pd.Timestamp, end: pd.Timestamp,
                         budget: int) -> list:
    """Too many claims to list: bars count the figures per time bin, stacked by claimant's camp, and
    crosses (sized by count) the undisclosed ones; one example with its quote in every tooltip."""
    binned, width, hidden = _binned_claims(dataset, claims, offset, start, end, budget)
    _, camp_colours = _camps(dataset)
    frame = binned.assign(x=_iso(binned["low"]), x2=_iso(binned["high"]),
                          middle=_iso(binned["low"] + (binned["high"] - binned["low"]) / 2)
                          ).drop(columns=["low", "high"])
    present = [c for c in camp_colours if c in set(frame["camp"])]
    # Stacked here, in camp order (Vega-Lite does not stack bars that span an interval of time).
    rank = frame["camp"].map({c: i for i, c in enumerate(present)})
    stated = frame.assign(_rank=rank)[frame["status"] == "stated"].sort_values(["x", "_rank"], kind="stable")
    frame["y2"] = stated.groupby("x")["figures"].cumsum().reindex(frame.index)
    frame["y"] = frame["y2"] - frame["figures"].where(frame["y2"].notna())
    color = alt.Color("camp:N", title="Claimant's camp", sort=present,
                      scale=alt.Scale(domain=present, range=[camp_colours[c] for c in present]))
    tooltip = [alt.Tooltip("camp:N", title="claimant's camp"),
               alt.Tooltip("bin:N", title=width if width != "all" else "dates"),
               alt.Tooltip("figures:Q", title="figures", format=","), alt.Tooltip("range:N", title="from"),
               alt.Tooltip("claim_id:N", title="example claim"), alt.Tooltip("display:N", title="its figure"),
               alt.Tooltip("metric_name:N", title="metric"), alt.Tooltip("whose:N", title="whose losses"),
               alt.Tooltip("claimant_name:N", title="claimant"), alt.Tooltip("as_of_text:N", title="as of"),
               alt.Tooltip("source_id:N", title="source"), alt.Tooltip("outlet:N"), alt.Tooltip("quote:N")]
    base = alt.Chart(frame)  # one embedded dataset for both panels
    counted = int(binned["figures"].sum())
    subtitle = [f"The {counted:,} claimed figures are more than the {budget:,} a chart draws one by one: bars count "
                f"them {_per(width)}, stacked by claimant's camp.",
                "Hover a bar for the count, the range of the figures and one example with its quote."]
    if hidden:
        subtitle.append(f"{hidden:,} figure{'s' if hidden != 1 else ''} dated outside the window "
                        f"{'are' if hidden != 1 else 'is'} not counted.")
    bars = base.transform_filter("datum.status == 'stated'").mark_rect(clip=True, opacity=0.8).encode(
        x=alt.X("x:T", scale=x_scale, title=None), x2="x2:T",
        y=alt.Y("y:Q", title=["Figures claimed", f"{_per(width)}", "(stacked by camp)"]), y2="y2:Q",
        color=color, tooltip=tooltip)
    charts = [bars.properties(width=760, height=220, title=alt.TitleParams(
        "Claims of the same period, counted by claimant's camp", subtitle=subtitle, anchor="start"))]
    if (binned["status"] == "not disclosed").any():
        charts.append(base.transform_filter("datum.status == 'not disclosed'").mark_point(
            shape="cross", clip=True).encode(
            x=alt.X("middle:T", scale=x_scale, title=f"Date ({_tz_label(dataset)})"), color=color,
            size=alt.Size("figures:Q", title=f"Undisclosed {_per(width)}",
                          scale=alt.Scale(type="sqrt", range=[15, 200], zero=False)),
            tooltip=tooltip,
        ).properties(width=760, height=30,
                     title=alt.TitleParams(f"Figures a claimant declined to disclose (not zero), counted {_per(width)}",
                                           fontSize=11, anchor="start")))
    return charts


# -- (b) durations ----------------------------------------------------------------------------------------------
def _bars(dataset, table: pd.DataFrame, unit: str, floor: pd.Timedelta) -> pd.DataFrame:
    """One row per (ceasefire, duration): the bar in minutes, its open ends and its tooltip texts."""
    report = cf.duration_report(dataset, table, unit)
    outlets = dataset.sources.set_index("source_id")["outlet"]
    evidence = cf.bound_evidence(dataset, table)
    records = []
    for index, (_, row) in enumerate(table.iterrows()):
        for measure, prefix in (("first reported violation", "violation"), ("end", "end")):
            low, high, is_open = row[f"{prefix}_low"], row[f"{prefix}_high"], bool(row[f"{prefix}_open"])
            if not row["start_event"]:
                continue
            text = report[(report["ceasefire"] == row["name"]) & (report["to"] == measure)].iloc[0]
            mine = evidence[(evidence["ceasefire_id"] == row["ceasefire_id"])]
            sources = sorted(set(mine["source_id"]))
            bound = mine[mine["measure"] == ("first_violation" if prefix == "violation" else "end")]
            set_by = {}
            for column, sets in (("lower bound set by", "lower bound"), ("upper bound set by", "upper bound")):
                events = bound[bound["sets"].isin([sets, "both bounds"])]
                set_by[column] = text[column] if is_open or len(events) <= TOOLTIP_EVENTS else (
                    cf._describe(events.head(TOOLTIP_EVENTS))
                    + f"\n… and {len(events) - TOOLTIP_EVENTS:,} more events that set it equally")
            if len(sources) > TOOLTIP_SOURCES:
                sources = [*sources[:TOOLTIP_SOURCES], f"and {len(sources) - TOOLTIP_SOURCES:,} more"]
            records.append({
                "ceasefire": row["name"], "order": index, "duration": f"to {measure}",
                "low": max(low, floor) / pd.Timedelta(minutes=1),
                "high": high / pd.Timedelta(minutes=1) if pd.notna(high) else np.nan,
                "low_is_floor": bool(low < floor), "open": is_open,
                "interval": cf.format_duration(low, high, unit),
                "measured_from": text["measured from"], "lower_set_by": set_by["lower bound set by"],
                "upper_set_by": set_by["upper bound set by"],
                "sources": "; ".join(f"{s} ({_outlet(outlets.get(s, ''))})" if s in outlets.index else s
                                     for s in sources),
            })
    return pd.DataFrame(records, columns=["ceasefire", "order", "duration", "low", "high", "low_is_floor", "open",
                                          "interval", "measured_from", "lower_set_by", "upper_set_by", "sources"])


def _duration_limits(bars: pd.DataFrame, floor: pd.Timedelta) -> tuple[float, float]:
    floor_minutes = floor / pd.Timedelta(minutes=1)
    finite = bars["high"].dropna()
    top = max(finite.max() if len(finite) else floor_minutes * 60, floor_minutes * 10)
    # A decade of room on the right for the written interval beside the longest bar.
    return floor_minutes / 3, top * 10


def durations_figure(dataset, table: pd.DataFrame, unit: str = "hours", *, floor: pd.Timedelta = FLOOR,
                     max_ceasefires: int = MAX_CEASEFIRES) -> Figure:
    """Print version of the duration comparison: interval bars on a log time axis.

    Parameters
    ----------
    dataset : warclaims.Dataset
    table : pandas.DataFrame
        Output of :func:`warclaims.ceasefires.durations`.
    unit : {"hours", "days"}
        Unit of the written intervals (years are used automatically for long spans).
    floor : pandas.Timedelta
        Where a lower bound of 0 (or anything shorter) starts on the log axis; drawn as an open,
        arrow-shaped end.
    max_ceasefires : int
        Ceasefires drawn at most (the earliest); the subtitle says how many were left out.
    """
    table, rows_note = _limit_ceasefires(dataset, table, None, None, max_ceasefires)
    bars = _bars(dataset, table, unit, floor)
    lo, hi = _duration_limits(bars, floor)
    fig = common.new_figure(
        11, 0.55 * max(len(bars), 1) + 1.9, "How long did each ceasefire last?",
        "Time from the start to the first reported violation and to the end, as intervals. A log axis has no "
        f"zero: a lower bound of 0 is drawn from {_floor_text(floor)} (◁)." + (f" {rows_note}" if rows_note else ""),
        common.source_line(dataset))
    ax = fig.subplots()
    labels = []
    for i, (_, bar) in enumerate(bars.iterrows()):
        y = len(bars) - 1 - i
        color = _COLORS[bar["duration"]]
        right = bar["high"] if pd.notna(bar["high"]) else hi
        # An edge keeps a narrow interval (25.7-26.8 years is a sliver on a log axis) visible.
        ax.barh(y, right - bar["low"], left=bar["low"], height=0.5, facecolor=color, edgecolor=color, linewidth=1.2,
                alpha=0.75 if not bar["open"] else 0.3)
        if bar["low_is_floor"]:  # open end: the true lower bound is below the floor (often 0)
            ax.plot([bar["low"]], [y], marker="<", markersize=9, markerfacecolor="white", markeredgecolor=color,
                    markeredgewidth=1.5, linestyle="")
        if bar["open"]:
            ax.plot([hi], [y], marker=">", markersize=9, markerfacecolor="white", markeredgecolor=color,
                    markeredgewidth=1.5, linestyle="", clip_on=False)
        ax.annotate(bar["interval"], (right if not bar["open"] else hi, y), xytext=(10 if bar["open"] else 5, 0),
                    textcoords="offset points",
                    va="center", fontsize=8, annotation_clip=False)
        labels.append(f"{bar['ceasefire']}\n{bar['duration']}")
    ax.set_yticks(range(len(bars) - 1, -1, -1), labels, fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = {m: t for m, t in _DURATION_TICKS.items() if lo <= m <= hi}
    ax.set_xticks(list(ticks), list(ticks.values()), fontsize=8)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("Time from the start (effective, else agreed), log scale")
    floor_text = _floor_text(floor)
    # Below the axis: the interval labels at the bars' right ends need the space beside it.
    ax.legend(handles=[patches.Patch(color=_COLORS["to first reported violation"], alpha=0.75,
                                     label="to first reported violation (report or accusation)"),
                       patches.Patch(color=_COLORS["to end"], alpha=0.75, label="to end"),
                       Line2D([], [], marker="<", color="#444444", markerfacecolor="white", linestyle="",
                              label=f"lower bound 0 (drawn from {floor_text})"),
                       Line2D([], [], marker=">", color="#444444", markerfacecolor="white", linestyle="",
                              label="open: no violation / no end in the data")],
              loc="upper left", bbox_to_anchor=(0, -0.14), ncol=2, fontsize=8, frameon=False)
    return fig


def _floor_text(floor: pd.Timedelta) -> str:
    minutes = floor / pd.Timedelta(minutes=1)
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


def durations_chart(dataset, table: pd.DataFrame, unit: str = "hours", *, floor: pd.Timedelta = FLOOR,
                    max_ceasefires: int = MAX_CEASEFIRES) -> alt.VConcatChart:
    """Interactive duration comparison; the tooltip of each bar quotes the events that set its bounds.

    At most ``max_ceasefires`` ceasefires (the earliest) are drawn; the subtitle says how many were left out.
    """
    table, rows_note = _limit_ceasefires(dataset, table, None, None, max_ceasefires)
    bars = _bars(dataset, table, unit, floor)
    lo, hi = _duration_limits(bars, floor)
    bars["right"] = bars["high"].fillna(hi)
    order = [f"{c}" for c in dict.fromkeys(bars["ceasefire"])]
    ticks = {m: t for m, t in _DURATION_TICKS.items() if lo <= m <= hi}
    label_expr = " : ".join(f"datum.value == {m} ? '{t}'" for m, t in ticks.items()) + " : ''"
    x = alt.X("low:Q", scale=alt.Scale(type="log", domain=[lo, hi]),
              axis=alt.Axis(values=list(ticks), labelExpr=label_expr, grid=True),
              title="Time from the start (effective, else agreed), log scale")
    y = alt.Y("ceasefire:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    y_offset = alt.YOffset("duration:N", sort=["to first reported violation", "to end"])
    kinds = ["to first reported violation", "to end"]
    duration_scale = alt.Scale(domain=kinds, range=[_COLORS[k] for k in kinds])
    color = alt.Color("duration:N", title="Duration", sort=kinds, scale=duration_scale)
    tooltip = [alt.Tooltip("ceasefire:N"), alt.Tooltip("duration:N"), alt.Tooltip("interval:N"),
               alt.Tooltip("measured_from:N", title="measured from"),
               alt.Tooltip("lower_set_by:N", title="lower bound set by"),
               alt.Tooltip("upper_set_by:N", title="upper bound set by"), alt.Tooltip("sources:N", title="sources (outlet)")]
    base = alt.Chart(bars.drop(columns=["order"]))
    # A stroke keeps a narrow interval (25.7-26.8 years is a sliver on a log axis) visible.
    stroke = alt.Stroke("duration:N", title="Duration", sort=kinds, scale=duration_scale)  # merges with the colour legend
    bar = base.mark_bar(clip=True, strokeWidth=1.5).encode(x=x, x2="right:Q", y=y, yOffset=y_offset, color=color,
                                                           stroke=stroke, tooltip=tooltip,
                                          opacity=alt.condition("datum.open", alt.value(0.3), alt.value(0.8)))
    floor_marks = base.transform_filter("datum.low_is_floor").mark_point(
        shape="triangle-left", filled=False, size=90, strokeWidth=1.5).encode(
        x=x, y=y, yOffset=y_offset, color=color, tooltip=tooltip)
    open_marks = base.transform_filter("datum.open").mark_point(
        shape="triangle-right", filled=False, size=90, strokeWidth=1.5).encode(
        x=alt.X("right:Q", scale=alt.Scale(type="log", domain=[lo, hi])), y=y, yOffset=y_offset, color=color,
        tooltip=tooltip)
    text = base.mark_text(align="left", dx=5, fontSize=10).encode(
        x=alt.X("right:Q", scale=alt.Scale(type="log", domain=[lo, hi])), y=y, yOffset=y_offset, text="interval:N")
    chart = (bar + floor_marks + open_marks + text).properties(width=640, height=max(70 * len(order), 90))
    return common.altair_titled(
        chart, "How long did each ceasefire last?",
        ["Time from the start to the first reported violation and to the end, as intervals.",
         "Hover a bar for the quotes that set its bounds.",
         f"◁ lower bound 0, drawn from {_floor_text(floor)} (a log axis has no zero).",
         "▷ open: no violation, or no end, in the data.", *([rows_note] if rows_note else [])],
        common.source_line(dataset))


def save_pngs(dataset, directory, *, unit: str = "hours", dpi: int = 110) -> list:
    """Write the default timeline and duration charts of ``dataset`` as PNG files into ``directory``.

    Returns the paths written (``ceasefire_timeline.png``, ``ceasefire_durations.png``). The files are
    byte-for-byte reproducible: no timestamp goes into the PNG metadata.
    """
    from pathlib import Path

    from warclaims import claims as claims_module

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    table = cf.durations(dataset)
    figures = {"ceasefire_timeline.png": timeline_figure(dataset, table, claims_module.timeline(dataset), unit=unit),
               "ceasefire_durations.png": durations_figure(dataset, table, unit)}
    written = []
    for name, figure in figures.items():
        figure.savefig(directory / name, dpi=dpi, metadata={"Software": None})
        written.append(directory / name)
    return written
