"""What every casualty chart shares: the plotting columns of a figure, its mark, colours, legends,
tooltips and the rows it embeds.

How figures are drawn, in every casualty chart:

* a point figure ("729") is a marker, shaped by population (military, civilian, ...);
* a vague figure ("hundreds") is a shaded band over its documented range, never a point: the dataset
  gives it no best value and the chart invents none;
* any other range (``about 150 (140–160)``) is a line from low to high, "at least 7" an arrow upwards;
* "not disclosed" is a cross in a separate "not disclosed" strip, never a zero;
* a dotted grey line joins one claimant's figures for its own side's losses, in date order (one line
  per claimant and side: two claimants of one camp are two lines).
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from warclaims import analysis, quantities
from warclaims.analysis.vocabulary import tables_of
from warclaims.charts import links as chart_links
from warclaims.charts import style
from warclaims.text import words

EMPTY = "no figures to draw: check for an empty selection before charting"


def prepare(dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Add plotting columns: numeric bounds, marker position, kind of mark, colours and markers."""
    data = frame.reset_index(drop=True)  # a new frame: copy-on-write keeps ``frame`` as it is
    bounds = quantities.bounds(data)
    data["low"], data["high"] = bounds["low"], bounds["high"]
    data["best"] = pd.to_numeric(data["value_best"], errors="coerce").astype("float64")
    finite_high = data["high"].where(np.isfinite(data["high"]))
    with np.errstate(divide="ignore", invalid="ignore"):
        middle = np.where((data["low"] > 0) & finite_high.notna(), np.sqrt(data["low"] * finite_high),
                          (data["low"] + finite_high) / 2)
    data["y"] = data["best"].fillna(pd.Series(middle, index=data.index)).fillna(data["low"])
    data["kind"] = np.select(
        [data["qualifier"].eq("undisclosed"), data["qualifier"].eq("vague"),
         np.isinf(data["high"]), data["low"].ne(data["high"])],
        ["undisclosed", "vague", "at_least", "range"], "point")
    palette = style.claimant_palette(dataset, data["claimant"].unique())
    markers = style.population_markers(dataset, data["population"].unique())
    data["colour"] = data["claimant"].map(palette)
    data["marker"] = data["population"].map({p: shapes[0] for p, shapes in markers.items()})
    data["shape"] = data["population"].map({p: shapes[1] for p, shapes in markers.items()})
    data["x_start"] = data["as_of_local"]
    data["x_end"] = data["as_of_end_local"]
    data["x_mid"] = data["x_start"] + (data["x_end"] - data["x_start"]) / 2
    return data


def metric_order(dataset, data: pd.DataFrame) -> list[str]:
    """The metrics of ``data`` in the dataset's order (unknown ones last, as they come)."""
    order = analysis.orders(dataset)["metric"]
    present = list(dict.fromkeys(data["metric"]))
    return [m for m in order if m in present] + [m for m in present if m not in order]


def camp_order(dataset, data: pd.DataFrame) -> list[str]:
    """The subject camps of ``data`` in the dataset's order (unknown ones last, as they come)."""
    camps = [c for c in analysis.orders(dataset)["camp"] if c in set(data["subject_camp"])]
    return camps + [c for c in dict.fromkeys(data["subject_camp"]) if c not in camps]


def counted_values(data: pd.DataFrame) -> pd.Series:
    """Every number a chart's value axis must hold: the bounds and best values of the disclosed figures."""
    shown = data[data["kind"] != "undisclosed"]
    return pd.concat([shown["low"], shown["high"], shown["best"]])


def claims_title(dataset, figures: pd.DataFrame, rest: str) -> str:
    """A chart title naming what its figures count: "Casualty claims over time" when every metric shown
    is of the dataset's kind ``casualty``, "Equipment claims ..." for another single kind, else "Claims ..."."""
    metrics = tables_of(dataset)["metrics"]
    kinds = set(metrics.loc[metrics["metric_id"].isin(figures["metric"].unique()), "kind"])
    what = f"{next(iter(kinds)).replace('_', ' ').capitalize()} claims" if len(kinds) == 1 else "Claims"
    return f"{what} {rest}"


def cut_label(as_of_text: str) -> str:
    """ "as of 10 October 2020": the words beside the rule that marks where an as-of page cuts."""
    return f"as of {words.long_date(as_of_text)}" if as_of_text else "cut"


def own_losses(data: pd.DataFrame) -> pd.DataFrame:
    """Cumulative point figures that a camp's claimants gave about the same camp's losses."""
    own = data[(data["claimant_camp"] == data["subject_camp"]) & data["kind"].isin(["point", "range"])
               & data["cumulative"].fillna(False).astype(bool)]
    return own.sort_values("x_mid", kind="stable")


def row_labels(data: pd.DataFrame) -> pd.Series:
    """ "Armenian side: killed, military": what one row of an as-of chart counts."""
    return (data["subject_side_name"] + ": " + data["metric_name"].map(words.in_sentence) + ", " + data["population"])


def latest_rows(view: pd.DataFrame, limit: int, hint: str) -> tuple[pd.DataFrame, str]:
    """At most ``limit`` rows of an as-of view, in its order: the latest-dated (the freshest word of each
    claimant), and a sentence saying how many were left out, then ``hint`` ("" when none)."""
    if len(view) <= limit:
        return view, ""
    latest = view.reset_index(drop=True).sort_values(["as_of", "as_of_end"], ascending=False, kind="stable")
    kept = view.reset_index(drop=True).loc[np.sort(latest.index[:limit])]
    return kept, (f"{limit:,} of {len(view):,} rows shown: those with the latest dates. {hint}")


# -- matplotlib legends ---------------------------------------------------------------------------------
def _mark(marker: str, size: float, label: str) -> Line2D:
    return Line2D([], [], marker=marker, linestyle="", color="#555555", markersize=size, label=label)


def legend_sections(dataset, data: pd.DataFrame, joined: bool) -> list[tuple[str, list]]:
    """Claimants, who was counted and the kinds of mark drawn, for :func:`~warclaims.charts.style.legend_panel`."""
    present = set(data["claimant"])
    names = dict(zip(data["claimant"], data["claimant_name"]))
    claimants = [Line2D([], [], marker="o", linestyle="", color=colour, markersize=7, label=names[claimant])
                 for claimant, colour in style.claimant_palette(dataset).items() if claimant in present]
    markers = dict(zip(data["population"], data["marker"]))
    counted = set(data.loc[data["kind"] != "undisclosed", "population"])
    populations = [_mark(markers[p], 7, p) for p in style.population_markers(dataset) if p in counted]
    marks = []
    if (data["kind"] == "vague").any():
        marks.append(Patch(facecolor="#bbbbbb", edgecolor="#777777", alpha=0.6, label="vague word, as its range"))
    if (data["kind"] == "range").any():
        marks.append(Line2D([], [], color="#555555", linewidth=1.6, label="range given by the claimant"))
    if (data["kind"] == "at_least").any():
        marks.append(_mark("^", 6, "'at least': upwards"))
    if (data["kind"] == "undisclosed").any():
        marks.append(_mark("X", 8, "not disclosed"))
    if joined:
        marks.append(Line2D([], [], linestyle=":", color="#888888", label="one claimant's figures for its own side's losses, joined"))
    return [("Claimant", claimants), ("Who was counted", populations), ("Marks", marks)]


def summary_legend_sections(dataset, data: pd.DataFrame, bin_name: str) -> list[tuple[str, list]]:
    """:func:`legend_sections` of a summarised timeline: its marks stand for a series per bin."""
    claimants, populations, _marks = legend_sections(dataset, data, joined=False)
    marks = [Patch(facecolor="#bbbbbb", edgecolor="#777777", alpha=0.6, label=f"lowest to highest figure of the {bin_name}"),
             _mark("o", 6, f"latest figure of the {bin_name}")]
    if (data["kind"] == "undisclosed").any():
        marks.append(_mark("X", 8, f"not disclosed, in that {bin_name}"))
    return [claimants, populations, (f"Marks: one per claimant, thing counted and {bin_name}", marks)]


# -- Altair -------------------------------------------------------------------------------------------
TOOLTIP = [
    alt.Tooltip("speaker_name:N", title="Claimant"),
    alt.Tooltip("display:N", title="Figure"),
    alt.Tooltip("metric_name:N", title="Counts"),
    alt.Tooltip("population:N", title="Who"),
    alt.Tooltip("subject_side_name:N", title="Whose losses"),
    alt.Tooltip("as_of_label:N", title="As of"),
    alt.Tooltip("outlet:N", title="Outlet"),
    alt.Tooltip("source_title:N", title="Source"),
    alt.Tooltip("n_sources:Q", title="Sources reporting it"),
    alt.Tooltip("status:N", title="Status"),
    alt.Tooltip("quote:N", title="Quote (exact)"),
]
HOVER_HINT = "Hover a mark for its source and exact quote; click a claimant in the legend to highlight it."
_ALTAIR_COLUMNS = ["figure_id", "claimant", "claimant_name", "speaker_name", "display", "metric", "metric_name", "unit", "population",
                   "subject_side_name", "subject_camp", "subject_camp_name", "as_of_label", "outlet", "source_title",
                   "n_sources", "status", "quote", "kind", "low", "high", "y", "shape", "x_start", "x_end", "x_mid"]


def finite_or_none(frame: pd.DataFrame) -> pd.DataFrame:
    """``low``, ``high`` and ``y`` with infinities dropped (Vega has no infinity)."""
    out = frame.copy()
    for column in ("low", "high", "y"):
        out[column] = out[column].where(np.isfinite(out[column]))
    return out


def altair_data(data: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows a chart embeds, one per figure: only what its encodings and tooltips use."""
    values = style.plain(finite_or_none(data[_ALTAIR_COLUMNS + list(extra)])).astype({"n_sources": "int64"})
    return chart_links.with_hrefs(values, data)


def selection_and_colour(dataset, data: pd.DataFrame):
    """The legend selection of a claimant, the colour by claimant and the opacity that highlights it."""
    palette = style.claimant_palette(dataset, data["claimant"].unique())
    names = dict(zip(data["claimant"], data["claimant_name"]))
    scale = style.altair_colour(palette, names)
    selection = alt.selection_point(fields=["claimant_name"], bind="legend", name="claimant_pick")
    colour = alt.Color("claimant_name:N", scale=scale, title="Claimant (click to highlight)",
                       legend=alt.Legend(orient="right", labelLimit=360, symbolType="circle",
                                         labelExpr=style.legend_labels(names[c] for c in palette if c in names)))
    opacity = alt.condition(selection, alt.value(0.95), alt.value(0.12))
    return selection, colour, opacity


def shape(dataset, data: pd.DataFrame) -> alt.Shape:
    """Shape by population, over the populations of the disclosed figures."""
    markers = style.population_markers(dataset, data["population"].unique())
    present = [p for p in markers if p in set(data.loc[data["kind"] != "undisclosed", "population"])]
    return alt.Shape("population:N", title="Who was counted",
                     scale=alt.Scale(domain=present, range=[markers[p][1] for p in present]))


def facet_rows(field: str, order: list[str]) -> alt.Row:
    """One row of panels per value of ``field``, its name bold above each."""
    return alt.Row(field, sort=order, title=None,
                   header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                     labelFontWeight="bold", labelFontSize=12))
