"""The casualty claims of the same period under a ceasefire timeline, as context: a box per claim
within the mark budget, counts per time bin and claimant's camp above it (matplotlib and Altair).

Within the budget each claim is a box (its date interval by its value range), with a bar or tick at a
stated figure and a cross for a figure not disclosed, coloured by claimant. Above it, figures are
counted per time bin and claimant's camp (:func:`binned_claims`), each count with one example claim.
"""
from __future__ import annotations

import altair as alt
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib import patches
from matplotlib import transforms as mtransforms
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.dates import date2num
from matplotlib.lines import Line2D

from warclaims.charts import binning, style
from warclaims.charts.ceasefire_moments import COLOURS, LADDER, date_axis_title, iso, local

#: Columns of one row of :func:`binned_claims`.
_CLAIM_BIN_COLUMNS = ["camp", "status", "low", "high", "figures", "bin", "range", "display", "metric_name",
                      "whose", "claimant_name", "as_of_text", "source_id", "outlet", "quote", "claim_id"]
#: Legend labels are cut to this many characters.
LEGEND_CHARS = 42


def _counted_rows(frame: pd.DataFrame, low: pd.Series, high: pd.Series, bin_name: str) -> pd.DataFrame:
    """One row per bin, camp and status: the first claim of the bin, its count and range of values."""
    frame = frame.assign(low=low, high=high)
    keys = ["low", "camp", "status"]
    grouped = frame.groupby(keys, sort=True)
    out = grouped.head(1).sort_values(keys, kind="stable").set_index(keys)  # the first claim of each bin
    out["figures"] = grouped.size()
    out["value_min"], out["value_max"] = grouped["value_min"].min(), grouped["value_max"].max()
    out = out.reset_index()
    out["high"] = out["high"].astype("datetime64[ns]")
    out["bin"] = binning.labels(out["low"], out["high"], bin_name)
    known = out["value_min"].notna()
    out["range"] = np.where(known, out["value_min"].map("{:,.0f}".format, na_action="ignore").astype(str) + " to "
                            + out["value_max"].map("{:,.0f}".format, na_action="ignore").astype(str)
                            + " (metrics mixed)", "none given")
    out["figures"] = out["figures"].astype(int)
    return out[_CLAIM_BIN_COLUMNS]


def binned_claims(dataset, claims: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                  budget: int) -> tuple[pd.DataFrame, str, int]:
    """Claims counted per time bin, claimant's camp and status (stated or undisclosed).

    Each claim counts in the bin of the middle of its date interval (clipped to the window); claims
    wholly outside the window are left out. Each row keeps one example: the first claim of its bin (by
    date, claimant, figure id), with its figure, quote and source. Returns the rows (bin start ``low``,
    end ``high``, naive wall-clock), the bin and the number of claims left out.
    """
    x0, x1 = local(dataset, start), local(dataset, end)
    left, right = local(dataset, claims["as_of"]), local(dataset, claims["as_of_end"])
    inside = (right > x0) & (left < x1)
    frame = claims[inside]
    middle = (left + (right - left) / 2)[inside].clip(lower=x0, upper=x1)
    camp_names, _ = style.camp_colours(dataset)
    frame = frame.assign(
        camp=frame["claimant_camp"].fillna("").map(camp_names).fillna(style.NO_CAMP),
        status=np.where(frame["qualifier"] == "undisclosed", "not disclosed", "stated"),
        value_min=frame["value_low"].fillna(frame["value_best"]).astype("float64"),
        value_max=frame["value_high"].fillna(frame["value_best"]).astype("float64"),
        whose=frame["subject_side_name"], outlet=frame["outlet"].map(style.outlet_or_default))
    if frame.empty:
        empty = pd.DataFrame(columns=_CLAIM_BIN_COLUMNS).astype({"low": "datetime64[ns]", "high": "datetime64[ns]",
                                                                  "figures": "int64"})
        return empty, "day", int((~inside).sum())
    bin_name = binning.finest_bin(middle, frame[["camp", "status"]], budget, LADDER, span=x1 - x0)
    low, high = binning.edges(middle, bin_name)
    return _counted_rows(frame, low, high, bin_name), bin_name, int((~inside).sum())


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


def _boxes(dataset, ax, disclosed: pd.DataFrame, colours: dict[str, str]) -> None:
    """A box per disclosed claim (date interval by value range), a bar at its stated figure: two collections."""
    starts = np.asarray(date2num(local(dataset, disclosed["as_of"])), dtype="float64")
    stops = np.asarray(date2num(local(dataset, disclosed["as_of_end"])), dtype="float64")
    best = disclosed["value_best"].astype("float64").to_numpy()
    lows = disclosed["value_low"].astype("float64").fillna(disclosed["value_best"].astype("float64")).to_numpy()
    highs = disclosed["value_high"].astype("float64").fillna(disclosed["value_best"].astype("float64")).to_numpy()
    drawn = ~np.isnan(lows) & ~np.isnan(highs) & (np.nan_to_num(lows) > 0)
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


def claims_panel(dataset, ax, claims: pd.DataFrame, table: pd.DataFrame, x0, x1) -> None:
    """Claims as context: a box per figure (its date interval by its value range), a bar at a stated
    figure; coloured by claimant. Silences go to :func:`silences_strip`, under the panel.

    One collection for the boxes, one for the bars and one line of crosses per claimant, whatever the
    number of claims (the caller keeps that number within the budget).
    """
    colours = style.claimant_palette(dataset, list(dict.fromkeys(claims["claimant"])))
    ceasefire_spans(dataset, ax, table, x0, x1)
    left = date2num(local(dataset, claims["as_of"]))
    right = date2num(local(dataset, claims["as_of_end"]))
    inside = (right > x0) & (left < x1)
    disclosed = claims[inside & (claims["qualifier"] != "undisclosed")]
    silent = silent_claims(claims, x0, x1, dataset)
    _boxes(dataset, ax, disclosed, colours)
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
    shown = [c for c in colours if c in set(disclosed["claimant"]) | set(silent["claimant"])]
    handles = [patches.Patch(color=colours[c], alpha=0.7, label=style.short(names.get(c, c), LEGEND_CHARS)) for c in shown]
    handles += [Line2D([], [], color="#444444", linewidth=2.5, label="stated figure (over its date)"),
                patches.Patch(facecolor="#cccccc", edgecolor="#444444", label="range (vague or bounded claim)"),
                *([Line2D([], [], color="#444444", marker="x", linestyle="",
                          label="figure not disclosed (not zero; in the strip below)")] if len(silent) else [])]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)


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
    handles = [patches.Patch(color=camp_colours[c], alpha=0.8, label=style.short(c, LEGEND_CHARS)) for c in present]
    handles += [Line2D([], [], color="#444444", marker="x", linestyle="",
                       label="figures not disclosed (not zero); larger: more")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1), fontsize=7, frameon=False)


# -- Altair -------------------------------------------------------------------------------------------
_CLAIM_TOOLTIP = [alt.Tooltip("display:N", title="figure"), alt.Tooltip("metric_name:N", title="metric"),
                  alt.Tooltip("population:N"), alt.Tooltip("whose:N", title="whose losses"),
                  alt.Tooltip("claimant_name:N", title="claimant"), alt.Tooltip("as_of_text:N", title="as of"),
                  alt.Tooltip("source_id:N", title="source"), alt.Tooltip("outlet:N"), alt.Tooltip("quote:N")]
_CLAIM_COLUMNS = ["x", "x2", "group", "whose", "low", "high", "best", "display", "metric_name", "population",
                  "claimant_name", "outlet", "source_id", "as_of_text", "quote"]


def _claim_rows(dataset, claims: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    frame = claims.copy()
    frame["x"] = iso(local(dataset, frame["as_of"]))
    frame["x2"] = iso(local(dataset, frame["as_of_end"]))
    frame["group"] = frame["claimant"].map(names)
    frame["whose"] = frame["subject_side_name"]
    frame["low"] = frame["value_low"].fillna(frame["value_best"]).astype("float64")
    frame["high"] = frame["value_high"].fillna(frame["value_best"]).astype("float64")
    frame["best"] = frame["value_best"].astype("float64")
    frame["outlet"] = frame["outlet"].map(style.outlet_or_default)
    return frame


def _decades(disclosed: pd.DataFrame) -> list[float]:
    values = pd.concat([disclosed["low"], disclosed["high"]])
    values = values[values > 0]
    if not len(values):
        return [1]
    return [10 ** k for k in range(int(np.floor(np.log10(values.min()))), int(np.ceil(np.log10(values.max()))) + 1)]


def claims_charts(dataset, claims: pd.DataFrame, x_scale, start: pd.Timestamp, end: pd.Timestamp,
                  budget: int) -> tuple[list, bool]:
    """The claims panels of the interactive timeline, and whether they count instead of listing."""
    if len(claims) > budget:
        return _claims_count_charts(dataset, claims, x_scale, start, end, budget), True
    colours = style.claimant_palette(dataset, list(dict.fromkeys(claims["claimant"])))
    names = dict(zip(claims["claimant"], claims["claimant_name"]))
    frame = _claim_rows(dataset, claims, names)
    order = [g for g in colours if g in set(frame["claimant"])]
    colour = alt.Color("group:N", title="Claimant", sort=[names[g] for g in order],
                       scale=alt.Scale(domain=[names[g] for g in order], range=[colours[g] for g in order]))
    disclosed = frame[frame["qualifier"] != "undisclosed"][_CLAIM_COLUMNS].dropna(subset=["low", "high"])
    silent = frame[frame["qualifier"] == "undisclosed"][_CLAIM_COLUMNS]
    log = alt.Scale(type="log")
    base = alt.Chart(disclosed)
    ranges = base.mark_rect(opacity=0.3, clip=True).encode(
        x=alt.X("x:T", scale=x_scale, title=None), x2="x2:T",
        y=alt.Y("low:Q", scale=log, title=["Claimed figure", "(people, buildings, …; log scale)"],
                axis=alt.Axis(values=_decades(disclosed), format=",")), y2="high:Q",
        color=colour, tooltip=_CLAIM_TOOLTIP)
    points = base.transform_filter("isValid(datum.best)").mark_tick(thickness=3, size=8, clip=True).encode(
        x=alt.X("x:T", scale=x_scale), y=alt.Y("best:Q", scale=log), color=colour, tooltip=_CLAIM_TOOLTIP)
    charts = [(ranges + points).properties(
        width=760, height=220,
        title=alt.TitleParams("Claims of the same period, by claimant",
                              subtitle="Boxes: a claim's date interval and value range; ticks: a stated figure.",
                              anchor="start"))]
    if len(silent):
        charts.append(alt.Chart(silent).mark_point(shape="cross", size=70, clip=True).encode(
            x=alt.X("x:T", scale=x_scale, title=date_axis_title(dataset)), color=colour, tooltip=_CLAIM_TOOLTIP,
        ).properties(width=760, height=30,
                     title=alt.TitleParams("Figures a claimant declined to disclose (not zero)", fontSize=11,
                                           anchor="start")))
    return charts, False


def _count_tooltip(bin_name: str) -> list:
    return [alt.Tooltip("camp:N", title="claimant's camp"),
            alt.Tooltip("bin:N", title=bin_name if bin_name != "all" else "dates"),
            alt.Tooltip("figures:Q", title="figures", format=","), alt.Tooltip("range:N", title="from"),
            alt.Tooltip("claim_id:N", title="example claim"), alt.Tooltip("display:N", title="its figure"),
            alt.Tooltip("metric_name:N", title="metric"), alt.Tooltip("whose:N", title="whose losses"),
            alt.Tooltip("claimant_name:N", title="claimant"), alt.Tooltip("as_of_text:N", title="as of"),
            alt.Tooltip("source_id:N", title="source"), alt.Tooltip("outlet:N"), alt.Tooltip("quote:N")]


def _stacked(binned: pd.DataFrame, present: list[str]) -> pd.DataFrame:
    """The counted rows with ``x``/``x2``/``middle`` as Vega text and ``y``/``y2`` stacked in camp order
    (Vega-Lite does not stack bars that span an interval of time)."""
    frame = binned.assign(x=iso(binned["low"]), x2=iso(binned["high"]),
                          middle=iso(binned["low"] + (binned["high"] - binned["low"]) / 2)
                          ).drop(columns=["low", "high"])
    rank = frame["camp"].map({c: i for i, c in enumerate(present)})
    stated = frame.assign(_rank=rank)[frame["status"] == "stated"].sort_values(["x", "_rank"], kind="stable")
    frame["y2"] = stated.groupby("x")["figures"].cumsum().reindex(frame.index)
    frame["y"] = frame["y2"] - frame["figures"].where(frame["y2"].notna())
    return frame


def _claims_count_charts(dataset, claims: pd.DataFrame, x_scale, start: pd.Timestamp, end: pd.Timestamp,
                         budget: int) -> list:
    """Too many claims to list: bars count the figures per time bin, stacked by claimant's camp, and
    crosses (sized by count) the undisclosed ones; one example with its quote in every tooltip."""
    binned, bin_name, hidden = binned_claims(dataset, claims, start, end, budget)
    _, camp_colours = style.camp_colours(dataset)
    present = [c for c in camp_colours if c in set(binned["camp"])]
    frame = _stacked(binned, present)
    colour = alt.Color("camp:N", title="Claimant's camp", sort=present,
                       scale=alt.Scale(domain=present, range=[camp_colours[c] for c in present]))
    tooltip = _count_tooltip(bin_name)
    base = alt.Chart(frame)  # one embedded dataset for both panels
    per = binning.per(bin_name)
    subtitle = [f"The {int(binned['figures'].sum()):,} claimed figures are more than the {budget:,} a chart draws one "
                f"by one: bars count them {per}, stacked by claimant's camp.",
                "Hover a bar for the count, the range of the figures and one example with its quote."]
    if hidden:
        subtitle.append(f"{hidden:,} figure{'s' if hidden != 1 else ''} dated outside the window "
                        f"{'are' if hidden != 1 else 'is'} not counted.")
    bars = base.transform_filter("datum.status == 'stated'").mark_rect(clip=True, opacity=0.8).encode(
        x=alt.X("x:T", scale=x_scale, title=None), x2="x2:T",
        y=alt.Y("y:Q", title=["Figures claimed", f"{per}", "(stacked by camp)"]), y2="y2:Q",
        color=colour, tooltip=tooltip)
    charts = [bars.properties(width=760, height=220, title=alt.TitleParams(
        "Claims of the same period, counted by claimant's camp", subtitle=subtitle, anchor="start"))]
    if (binned["status"] == "not disclosed").any():
        charts.append(base.transform_filter("datum.status == 'not disclosed'").mark_point(
            shape="cross", clip=True).encode(
            x=alt.X("middle:T", scale=x_scale, title=date_axis_title(dataset)), color=colour,
            size=alt.Size("figures:Q", title=f"Undisclosed {per}",
                          scale=alt.Scale(type="sqrt", range=[15, 200], zero=False)),
            tooltip=tooltip,
        ).properties(width=760, height=30,
                     title=alt.TitleParams(f"Figures a claimant declined to disclose (not zero), counted {per}",
                                           fontSize=11, anchor="start")))
    return charts
