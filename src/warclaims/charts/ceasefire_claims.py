"""The casualty claims of the same period under a ceasefire timeline, as context: a box per claim
within the mark budget, counts per time bin and claimant's camp above it. What both versions share
(the units, their axes, the bins) and the matplotlib panels; the Altair ones are in
:mod:`warclaims.charts.ceasefire_claims_chart`.

Within the budget each claim is a box (its date interval by its value range), with a bar or tick at a
stated figure, coloured by claimant, on the value axis of its **unit** (metrics.csv ``unit``): people,
buildings and vehicles never share an axis, so there is one panel per unit, in the order of the
dataset's metrics, all on the one time axis. A figure not disclosed is a cross in a strip of its own
(on a value axis it would read as a value). Above the budget, figures are counted per time bin and
claimant's camp (:func:`binned_claims`): a count of figures, whatever their unit, each with one example.
"""
from __future__ import annotations

import textwrap

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib import patches
from matplotlib import transforms as mtransforms
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.dates import date2num
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator

from warclaims.analysis.kept import kept
from warclaims.charts import binning, style
from warclaims.charts.ceasefire_moments import COLOURS, LADDER, local
from warclaims.text.ceasefire_events import source_words
from warclaims.text.words import format_number, long_date

#: Columns of one row of :func:`binned_claims` (``claim_id`` and ``source_id`` trace the example; no
#: tooltip shows them).
_CLAIM_BIN_COLUMNS = ["camp", "status", "low", "high", "figures", "bin", "range", "display", "metric_name",
                      "whose", "claimant_name", "as_of_words", "source", "outlet", "quote", "claim_id", "source_id"]
#: Legend labels are wrapped (never cut) at this many characters.
LEGEND_WRAP = 30
#: How a figure whose metric gives no unit is counted on its axis.
NO_UNIT = "no unit given"


# -- units and their axes -----------------------------------------------------------------------------
def unit_of(claims: pd.DataFrame) -> pd.Series:
    """Each claim's unit (metrics.csv ``unit``), :data:`NO_UNIT` where its metric gives none."""
    units = claims["unit"] if "unit" in claims else pd.Series("", index=claims.index)
    return units.fillna("").astype(str).str.strip().replace("", NO_UNIT)


def is_floor(claims: pd.DataFrame) -> pd.Series:
    """Claims of "at least N" with no upper bound: drawn at N with a mark that says the figure may be higher."""
    return (claims["qualifier"] == "at_least") & claims["value_high"].isna() & claims["value_low"].notna()


def figure_bounds(claims: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each claim's drawn ``(low, best, high)`` as floats: the stated bounds, else its best figure. "At least N"
    with no upper bound (:func:`is_floor`) is drawn at N, with no box above it (there is no top to draw)."""
    best = claims["value_best"].astype("float64")
    low = claims["value_low"].astype("float64").fillna(best)
    high = claims["value_high"].astype("float64").fillna(best)
    floor = is_floor(claims)
    return low, best.where(~floor, low), high.where(~floor, low)


def has_value(claims: pd.DataFrame) -> pd.Series:
    low = claims["value_low"].fillna(claims["value_best"])
    high = claims["value_high"].fillna(claims["value_best"])
    return (claims["qualifier"] != "undisclosed") & low.notna() & (high.notna() | is_floor(claims))


def value_units(dataset, claims: pd.DataFrame) -> list[str]:
    """The units of the claims with a figure to draw, in the order of the dataset's metrics table."""
    present = set(unit_of(claims)[has_value(claims)])
    metrics = dataset.metrics["unit"] if dataset.has("metrics") and "unit" in dataset.metrics else pd.Series(dtype=str)
    order = [*dict.fromkeys(metrics.fillna("").astype(str).str.strip().replace("", NO_UNIT)), *sorted(present)]
    return [u for u in dict.fromkeys(order) if u in present]


def unit_values(claims: pd.DataFrame) -> pd.Series:
    """Every figure of ``claims`` the value axis must hold (lows, bests and highs)."""
    return pd.concat([claims["value_low"], claims["value_best"], claims["value_high"]]).dropna().astype("float64")


def unit_scale(claims: pd.DataFrame) -> style.ValueScale:
    """The value axis of one unit's claims: log when they span ten times or more, linear otherwise."""
    values = unit_values(claims)
    return style.value_scale(values, style.log_scale_wanted(values))


def unit_axis_title(unit: str, scale: style.ValueScale) -> list[str]:
    """The lines of a unit's axis title: the unit, then how the axis is scaled."""
    how = {"log": "log scale", "symlog": "log scale, 0 at the foot"}.get(scale.kind, "")
    return [unit, f"({how})"] if how else [unit]


def unit_metrics(dataset, claims: pd.DataFrame) -> str:
    """The metrics a unit's panel draws, in the order of the dataset's metrics, in words: "Killed,
    Wounded and Displaced"."""
    order = {m: i for i, m in enumerate(dataset.metrics["metric_id"])} if dataset.has("metrics") else {}
    ranked = claims.assign(_rank=claims["metric"].map(order)).sort_values("_rank", kind="stable", na_position="last")
    names = list(dict.fromkeys(ranked["metric_name"].astype(str)))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def unit_ticks(scale: style.ValueScale, most: int = 4) -> list[float]:
    """The ticks of a unit's axis, few enough for a short panel: every other one of a crowded linear
    axis, powers of ten only on a crowded log axis."""
    ticks = list(scale.ticks)
    if scale.kind != "linear":
        powers = [t for t in ticks if t <= 0 or np.isclose(np.log10(t), round(np.log10(t)))]
        return powers if len(ticks) > most + 1 and len(powers) >= 2 else ticks
    step = 1
    while len(ticks[::step]) > most:
        step += 1
    return ticks[::step]


def panel_height(scale: style.ValueScale) -> float:
    """A unit panel's height, in units of one decade: a log axis gets room for its decades."""
    if scale.kind == "linear" or scale.low <= 0:
        return 1.0
    return float(min(max(np.log10(scale.high / scale.low) / 2, 1.0), 3.0))


def legend_label(text: str, width: int = LEGEND_WRAP) -> str:
    """A legend entry wrapped over lines, never cut."""
    return textwrap.fill(str(text), width, break_long_words=False)


def as_of_words(claims: pd.DataFrame) -> pd.Series:
    """Each claim's "as of" date in words, "(inferred)" where the source does not state it."""
    inferred = claims["as_of_basis"].eq("inferred") if "as_of_basis" in claims else False
    words = claims["as_of_text"].map(long_date)
    return words.where(~inferred, words + " (inferred)")


def claim_sources(claims: pd.DataFrame) -> pd.Series:
    """Each claim's (first) source as a reader knows it: its title and outlet."""
    titles = claims["source_title"] if "source_title" in claims else claims["source_id"]
    return pd.Series([source_words(t, o) for t, o in zip(titles, claims["outlet"])], index=claims.index, dtype="object")


def _counted_rows(claims: pd.DataFrame, counted: pd.DataFrame, low: pd.Series, high: pd.Series,
                  bin_name: str) -> pd.DataFrame:
    """One row per bin, camp and status: the first claim of the bin, its count and range of values.

    ``counted`` holds what the bins are counted by (:func:`_counted_columns`) and, in ``_row``, each
    claim's position in ``claims``; the example's words are made for the first claim of each bin only."""
    counted = counted.assign(low=low, high=high)
    keys = ["low", "camp", "status"]
    grouped = counted.groupby(keys, sort=True)
    out = grouped.head(1).sort_values(keys, kind="stable")  # the first claim of each bin
    examples = claims.iloc[out["_row"].to_numpy()]
    out = pd.concat([out.drop(columns="_row"), _example_words(examples).set_axis(out.index)], axis=1).set_index(keys)
    out["figures"] = grouped.size()
    out["range"] = grouped.apply(_range_words, include_groups=False)
    out = out.reset_index()
    out["high"] = out["high"].astype("datetime64[ns]")
    out["bin"] = binning.labels(out["low"], out["high"], bin_name)
    out["figures"] = out["figures"].astype(int)
    return out[_CLAIM_BIN_COLUMNS]


def _counted_columns(dataset, claims: pd.DataFrame) -> pd.DataFrame:
    """What claims are counted and ranged by: camp, status, unit and value range, one row per claim."""
    camp_names, _ = style.camp_colours(dataset)
    return pd.DataFrame({
        "camp": claims["claimant_camp"].fillna("").map(camp_names).fillna(style.NO_CAMP),
        "status": np.where(claims["qualifier"] == "undisclosed", "not disclosed", "stated"),
        "value_min": claims["value_low"].fillna(claims["value_best"]).astype("float64"),
        "value_max": claims["value_high"].fillna(claims["value_best"]).astype("float64"),
        "unit_name": unit_of(claims)}, index=claims.index)


def _example_words(examples: pd.DataFrame) -> pd.DataFrame:
    """The example claims of the bins as a tooltip shows them (columns of :data:`_CLAIM_BIN_COLUMNS`)."""
    return pd.DataFrame({
        "display": examples["display"], "metric_name": examples["metric_name"],
        "whose": examples["subject_side_name"], "claimant_name": examples["claimant_name"],
        "as_of_words": as_of_words(examples), "source": claim_sources(examples),
        "outlet": examples["outlet"].map(style.outlet_or_default), "quote": examples["quote"],
        "claim_id": examples["claim_id"], "source_id": examples["source_id"]}, index=examples.index)


def _range_words(rows: pd.DataFrame) -> str:
    """The figures of one bin, per unit: "13 to 999 people; 57 structures" (units never mixed)."""
    parts = []
    for unit, group in rows.groupby("unit_name", sort=False):
        low, high = group["value_min"].min(), group["value_max"].max()
        if pd.isna(low):
            continue
        span = format_number(low) if low == high else f"{format_number(low)} to {format_number(high)}"
        parts.append(f"{span} {unit}")
    return "; ".join(parts) or "none given"


def binned_claims(dataset, claims: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                  budget: int) -> tuple[pd.DataFrame, str, int]:
    """Claims counted per time bin, claimant's camp and status (stated or undisclosed).

    Each claim counts in the bin of the middle of its date interval (clipped to the window); claims
    wholly outside the window are left out. Each row keeps one example: the first claim of its bin (by
    date, claimant, figure id), with its figure, quote and source. Returns the rows (bin start ``low``,
    end ``high``, naive wall-clock), the bin and the number of claims left out.

    Counted once per frame of claims and window (:func:`~warclaims.analysis.kept.kept`: the frame is not
    changed meanwhile): the print figure and the chart draw the same bins, seconds apart at a million claims.
    """
    rows, bin_name, hidden = kept(claims, f"claims binned from {start} to {end} within {budget} for {id(dataset)}",
                                  lambda: _binned_claims(dataset, claims, start, end, budget))
    return rows.copy(), bin_name, hidden


def _binned_claims(dataset, claims: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                   budget: int) -> tuple[pd.DataFrame, str, int]:
    x0, x1 = local(dataset, start), local(dataset, end)
    left, right = local(dataset, claims["as_of"]), local(dataset, claims["as_of_end"])
    inside = ((right > x0) & (left < x1)).to_numpy()
    hidden = int((~inside).sum())
    middle = (left + (right - left) / 2)[inside].clip(lower=x0, upper=x1)
    if not inside.any():
        empty = pd.DataFrame(columns=_CLAIM_BIN_COLUMNS).astype({"low": "datetime64[ns]", "high": "datetime64[ns]",
                                                                  "figures": "int64"})
        return empty, "day", hidden
    # Only the columns the bins are counted by, for every claim: copying a million claims' every column
    # and writing each one's tooltip words held about 800 MB at once, for the few hundred examples kept.
    needed = [c for c in ("claimant_camp", "qualifier", "value_low", "value_best", "value_high", "unit") if c in claims]
    counted = _counted_columns(dataset, claims.loc[inside, needed]).assign(_row=np.flatnonzero(inside))
    bin_name = binning.finest_bin(middle, counted[["camp", "status"]], budget, LADDER, span=x1 - x0)
    low, high = binning.edges(middle, bin_name)
    return _counted_rows(claims, counted, low, high, bin_name), bin_name, hidden


# -- matplotlib ---------------------------------------------------------------------------------------
def ceasefire_spans(dataset, ax, table: pd.DataFrame, x0, x1) -> None:
    """The ceasefires that begin in the window, faintly, as context behind the claims."""
    for _, row in table.iterrows():  # at most max_ceasefires rows
        if not row["start_event"] or date2num(local(dataset, row["start"])) < x0:
            continue
        low = date2num(local(dataset, row["start"]))
        high = date2num(local(dataset, row["ended_end"])) if not row["end_open"] else x1
        ax.axvspan(low, min(high, x1), color=COLOURS["in force"], alpha=0.07, linewidth=0)


def _hidden_note(ax, hidden: int) -> None:
    if hidden:
        ax.text(0.995, 0.98, f"{hidden:,} claim{'s' if hidden != 1 else ''} dated outside the window not shown",
                transform=ax.transAxes, ha="right", va="top", fontsize=7, color=style.MUTED)


def _boxes(dataset, ax, disclosed: pd.DataFrame, colours: dict[str, str], log: bool) -> None:
    """A box per disclosed claim (date interval by value range), a bar at its stated figure: two collections.
    On a log axis (``log``) a figure of zero has no place and is left out."""
    starts = np.asarray(date2num(local(dataset, disclosed["as_of"])), dtype="float64")
    stops = np.asarray(date2num(local(dataset, disclosed["as_of_end"])), dtype="float64")
    # "At least N": a bar at N, as a stated figure, and a triangle pointing up (figure_bounds).
    floors = is_floor(disclosed).to_numpy()
    lows, best, highs = (bound.to_numpy() for bound in figure_bounds(disclosed))
    drawn = ~np.isnan(lows) & ~np.isnan(highs) & ((np.nan_to_num(lows) > 0) if log else True)
    rgb = np.array([mcolors.to_rgb(colours[c]) for c in disclosed["claimant"]]).reshape(-1, 3)
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
    floored = drawn & floors
    if floored.any():
        ax.scatter((starts + stops)[floored] / 2, lows[floored], marker="^", s=28, c=rgb[floored], zorder=3)


def silent_claims(claims: pd.DataFrame, x0, x1, dataset) -> pd.DataFrame:
    """The claims in the window that state a silence ("not disclosed")."""
    left, right = date2num(local(dataset, claims["as_of"])), date2num(local(dataset, claims["as_of_end"]))
    return claims[(right > x0) & (left < x1) & (claims["qualifier"] == "undisclosed")]


def silences_strip(dataset, strip, claims: pd.DataFrame, x0, x1) -> None:
    """Figures a claimant declined to give, as crosses in a strip of their own under the claims: on the
    value axis a cross would read as a value."""
    silent = silent_claims(claims, x0, x1, dataset)
    colours = style.claimant_palette(dataset, list(dict.fromkeys(claims["claimant"])))
    middles = np.asarray(date2num(local(dataset, silent["as_of"] + (silent["as_of_end"] - silent["as_of"]) / 2)))
    for claimant, where in pd.Series(np.arange(len(silent))).groupby(silent["claimant"].to_numpy(), sort=False):
        strip.plot(middles[where.to_numpy()], [0.5] * len(where), marker="x", linestyle="", color=colours[claimant],
                   markersize=7, markeredgewidth=1.5)
    strip.set_ylim(0, 1)
    strip.set_yticks([0.5], ["not\ndisclosed"], fontsize=8)
    for side in ("top", "right"):
        strip.spines[side].set_visible(False)


def claims_panels(dataset, axes: list, claims: pd.DataFrame, table: pd.DataFrame, x0, x1) -> None:
    """Claims as context, one panel per unit (:func:`value_units`, one of ``axes`` each): a box per figure
    (its date interval by its value range), a bar at a stated figure, coloured by claimant, on the value
    axis of its unit, titled with it. Silences go to :func:`silences_strip`, under the panels.

    One collection for the boxes and one for the bars per panel, whatever the number of claims (the
    caller keeps that number within the budget). The legend, beside the first panel, lists the claimants
    drawn in any panel or the strip, their names in full.
    """
    colours = style.claimant_palette(dataset, list(dict.fromkeys(claims["claimant"])))
    left = date2num(local(dataset, claims["as_of"]))
    right = date2num(local(dataset, claims["as_of_end"]))
    inside = (right > x0) & (left < x1)
    disclosed = claims[inside & has_value(claims)]
    units = unit_of(disclosed)
    silent = silent_claims(claims, x0, x1, dataset)
    for ax, unit in zip(axes, value_units(dataset, disclosed)):
        mine = disclosed[units == unit]
        scale = unit_scale(mine)
        ceasefire_spans(dataset, ax, table, x0, x1)
        _boxes(dataset, ax, mine, colours, scale.kind == "log")
        style.matplotlib_scale(ax.set_yscale, ax.set_ylim, scale)
        ticks = unit_ticks(scale)
        ax.set_yticks(ticks, [format_number(t) for t in ticks], fontsize=7)
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_ylabel("\n".join(unit_axis_title(unit, scale)), fontsize=8)
        ax.text(0.005, 0.97, unit_metrics(dataset, mine), transform=ax.transAxes, ha="left", va="top", fontsize=7,
                color=style.MUTED)
        ax.grid(axis="both", color="#eeeeee", linewidth=0.5)
    if not axes:
        return
    _hidden_note(axes[0], int((~inside).sum()))
    axes[0].set_title("Claims of the same period (casualties, displacement, destruction), by claimant; "
                      "one value axis per unit", loc="left", fontsize=10)
    names = dict(zip(claims["claimant"], claims["claimant_name"]))
    shown = [c for c in colours if c in set(disclosed["claimant"]) | set(silent["claimant"])]
    handles = [patches.Patch(color=colours[c], alpha=0.7, label=legend_label(names.get(c, c))) for c in shown]
    handles += [Line2D([], [], color="#444444", linewidth=2.5, label=legend_label("stated figure (over its date)")),
                patches.Patch(facecolor="#cccccc", edgecolor="#444444",
                              label=legend_label("range (vague or bounded claim)")),
                *([Line2D([], [], color="#444444", marker="^", linestyle="",
                          label=legend_label('"at least" the figure (no upper bound)'))] if is_floor(disclosed).any() else []),
                *([Line2D([], [], color="#444444", marker="x", linestyle="",
                          label=legend_label("figure not disclosed (not zero; in the strip below)"))] if len(silent) else [])]
    legend = axes[0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)
    legend.set_in_layout(False)  # it may reach down beside the next panels; the lanes' legend keeps the margin


def _stacked_steps(ax, stated: pd.DataFrame, edges: pd.DatetimeIndex, present: list[str], camp_colours) -> np.ndarray:
    """Figures per bin as steps stacked by camp (one artist per camp); the stack's top per bin."""
    edge_numbers = date2num(edges.to_pydatetime())
    baseline = np.zeros(len(edges) - 1)
    for camp in present:
        rows = stated[stated["camp"] == camp]
        if rows.empty:
            continue
        counts = np.zeros(len(edges) - 1)
        np.add.at(counts, edges.get_indexer(rows["low"]), rows["figures"].to_numpy())
        ax.stairs(baseline + counts, edge_numbers, baseline=baseline.copy(), fill=True, color=camp_colours[camp],
                  alpha=0.8, linewidth=0)
        baseline += counts
    return baseline


def _silence_crosses(ax, silent: pd.DataFrame, present: list[str], camp_colours) -> None:
    """A cross per bin and camp under zero for undisclosed figures, sized by their number."""
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


def claims_counts_panel(dataset, ax, binned: pd.DataFrame, bin_name: str, hidden: int, table: pd.DataFrame,
                        start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Claims counted, not drawn: stacked steps of figures per bin by claimant's camp (one artist per
    camp), and a cross per bin and camp at the foot for undisclosed figures, sized by their number."""
    _, camp_colours = style.camp_colours(dataset)
    x0, x1 = date2num(local(dataset, start)), date2num(local(dataset, end))
    ceasefire_spans(dataset, ax, table, x0, x1)
    edges = binning.grid(local(dataset, start), local(dataset, end), bin_name, binned["low"])
    present = [c for c in camp_colours if c in set(binned["camp"])]
    baseline = _stacked_steps(ax, binned[binned["status"] == "stated"], edges, present, camp_colours)
    _silence_crosses(ax, binned[binned["status"] == "not disclosed"], present, camp_colours)
    # Room under zero for the crosses, so they never sit on a bar; ticks only from zero up.
    top = max(baseline.max(initial=0) * 1.12, 1)
    ax.set_ylim(-0.1 * top, top)
    ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= top])
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.set_ylabel(f"Figures claimed {binning.per(bin_name)}\n(stacked by claimant's camp)", fontsize=8)
    _hidden_note(ax, hidden)
    total = int(binned["figures"].sum())
    ax.set_title(f"Claims of the same period: {total:,} figures, counted {binning.per(bin_name)} "
                 "(too many to draw one by one)", loc="left", fontsize=10)
    ax.grid(axis="y", color="#eeeeee", linewidth=0.5)
    handles = [patches.Patch(color=camp_colours[c], alpha=0.8, label=legend_label(c)) for c in present]
    if (binned["status"] == "not disclosed").any():
        handles.append(Line2D([], [], color="#444444", marker="x", linestyle="",
                              label=legend_label("figures not disclosed (not zero); larger: more")))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)
