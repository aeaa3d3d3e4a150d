"""Where the casualty claims stood on a date: one row per claimant and thing counted, grouped by whose
losses it counts; a matplotlib figure (:func:`as_of_figure`) and an Altair chart (:func:`as_of_chart`).

Both take :func:`warclaims.analysis.as_of_view` output. A view longer than
:data:`~warclaims.budget.AS_OF_FIGURE_ROWS` (figure) or :data:`~warclaims.budget.AS_OF_CHART_ROWS`
(chart) keeps its latest-dated rows, and the subtitle says how many were left out.
"""
from __future__ import annotations

import textwrap

import altair as alt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, NullFormatter

from warclaims.budget import AS_OF_CHART_ROWS, AS_OF_FIGURE_ROWS
from warclaims.charts import casualty_marks as marks
from warclaims.charts import describe
from warclaims.charts import links as chart_links
from warclaims.charts import style
from warclaims.text import words
from warclaims.text.casualty import NARROW_HINT

AS_OF_TITLE = "Where the claims stood"
AS_OF_SUBTITLE = ("The latest figure each claimant had given, grouped by whose losses it counts. "
                  "Bands are vague words as ranges; 'not disclosed' is a stated silence, not zero.")


def panels(data: pd.DataFrame, camps: list[str]) -> tuple[pd.Series, list[str], bool]:
    """Each row's panel, the panels in order and whether they share one value axis.

    A panel per subject camp; when the figures count in different units (people, buildings), a panel per
    camp and unit, each on its own value axis: different units never share an axis.
    """
    shared = data["unit"].fillna("").nunique() <= 1
    label = "Losses of: " + data["subject_camp_name"].astype(str)
    if not shared:
        label = label + " (in " + data["unit"].fillna("count").astype(str) + ")"
    order = []
    for camp in camps:
        order += list(dict.fromkeys(label[data["subject_camp"] == camp]))
    return label, order, shared


def _full_title(title: str, as_of_text: str) -> str:
    return f"{title}, as of {words.long_date(as_of_text)}" if as_of_text else f"{title} (latest figures)"


def _x_title(data: pd.DataFrame, log: bool, mixed: str) -> str:
    units = sorted(set(u for u in data["unit"] if u))
    return f"Number claimed ({units[0] if len(units) == 1 else mixed}{'; log scale' if log else ''})"


# -- matplotlib ---------------------------------------------------------------------------------------
def _draw_row(ax, y: int, row: pd.Series, log: bool) -> None:
    """One claimant's latest figure on its row: a cross (not disclosed), a bar (vague), a marker."""
    colour = row["colour"]
    if row["kind"] == "undisclosed":
        ax.plot([0.03], [y], marker="X", color=colour, markersize=9, linestyle="",
                transform=ax.get_yaxis_transform(), clip_on=False)
        ax.text(0.05, y, words.NOT_DISCLOSED, transform=ax.get_yaxis_transform(), va="center",
                fontsize=8.5, color=style.darker(colour), style="italic")
    elif row["kind"] == "vague":
        ax.barh(y, row["high"] - row["low"], left=row["low"], height=0.55, color=colour, alpha=0.35,
                edgecolor=colour, linewidth=1.2)
    else:
        if row["kind"] == "range":
            ax.hlines(y, row["low"], row["high"], color=colour, linewidth=1.8)
        if row["kind"] == "at_least":
            ax.annotate("", xy=(row["low"] * (2.2 if log else 1.3), y), xytext=(row["low"], y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.4})
        ax.plot([row["y"]], [y], marker=row["marker"], color=colour, markersize=9, linestyle="",
                markeredgecolor="white", markeredgewidth=0.8, zorder=3)


#: The notes column (inches) beside the marks, and the width its text may take (points, a margin kept).
NOTES_INCHES = 3.6
NOTE_POINTS = NOTES_INCHES * 72 * 0.94
#: What the layout takes across besides the row labels, the marks and the notes (ticks, paddings), inches.
LAYOUT_MARGINS = 0.7
#: Extra height, in rows, of each further line of a row's note: a long name is wrapped onto more lines,
#: never cut, and its row grows to hold them.
NOTE_LINE_HEIGHT = 0.3


def _notes(rows: pd.DataFrame) -> list[tuple[list[str], list[str]]]:
    """Each row's figure (bold) and "claimant, date", each in lines that fit the notes column."""
    out = []
    for _, row in rows.iterrows():
        note = row.get("behind_note") or ""
        date = row["as_of_label"].removesuffix(f" ({note})") if note else row["as_of_label"]
        figure = f"{row['display']}  ({note})" if note else row["display"]
        out.append((style.wrap_to_width(figure, NOTE_POINTS, 8.5, "bold"),
                    style.wrap_to_width(f"{row['speaker_name']}, {date}", NOTE_POINTS, 7.5)))
    return out


def _heights(notes: list[tuple[list[str], list[str]]]) -> list[float]:
    """Each row's height in rows: one, and :data:`NOTE_LINE_HEIGHT` more per further line of its note."""
    return [1 + NOTE_LINE_HEIGHT * (len(figure) + len(claimant) - 2) for figure, claimant in notes]


def _camp_panel(figure, cell, notes_cell, rows: pd.DataFrame, notes: list, log: bool, sharex, title: str):
    """One camp's rows: the marks (left), who claimed each and when (right, in the claimant's colour;
    ``notes``: :func:`_notes` of ``rows``)."""
    ax = figure.add_subplot(cell, sharex=sharex)
    heights = _heights(notes)
    total = sum(heights)
    # Top to bottom: each row's centre, its height below the rows above it.
    positions = total - np.cumsum(heights) + np.asarray(heights) / 2
    for y, (_, row) in zip(positions, rows.iterrows()):
        _draw_row(ax, y, row, log)
    ax.set_yticks(positions, rows["row_label"], fontsize=8.5)
    ax.set_ylim(-0.2, total + 0.2)
    # Who claimed it and when, in a column of its own (kept inside the layout, unlike twin tick labels).
    notes_ax = figure.add_subplot(notes_cell, sharey=ax)
    notes_ax.axis("off")
    for y, (_, row), (figure_lines, claimant_lines) in zip(positions, rows.iterrows(), notes):
        colour = style.darker(row["colour"])
        # The row's lines, centred on its mark: the figure in bold, then who claimed it and when.
        top = y + NOTE_LINE_HEIGHT / 2 * (len(figure_lines) + len(claimant_lines) - 2) + 0.13
        for number, line in enumerate(figure_lines):
            notes_ax.text(0.02, top - NOTE_LINE_HEIGHT * number, line, fontsize=8.5, fontweight="bold", va="center",
                          color=colour)
        below = top - NOTE_LINE_HEIGHT * (len(figure_lines) - 1) - 0.3
        for number, line in enumerate(claimant_lines):
            notes_ax.text(0.02, below - NOTE_LINE_HEIGHT * number, line, fontsize=7.5, va="center", color=colour)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.7)
    ax.set_title(title, loc="left", fontsize=10.5,
                 fontweight="bold", color=style.TEXT_COLOUR)
    ax.tick_params(axis="x", labelsize=8)
    return ax


def _value_axis(ax, data: pd.DataFrame, values: pd.Series, log: bool) -> None:
    """A value axis (see :func:`warclaims.charts.style.value_scale`) titled with its unit."""
    style.matplotlib_scale(ax.set_xscale, ax.set_xlim, style.value_scale(values, log))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: words.format_number(v)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(_x_title(data, log, "units as in each row's metric"), fontsize=8.5)


def as_of_figure(dataset, view: pd.DataFrame, *, title: str = AS_OF_TITLE, subtitle: str = AS_OF_SUBTITLE,
                 as_of_text: str = "", width: float = 12.0, max_rows: int = AS_OF_FIGURE_ROWS, scale: str = "auto"):
    """Where things stood: one row per claimant and thing counted, grouped by whose losses (matplotlib).

    No legend: each row names what it counts (left) and who claimed it (right, in the claimant's colour).

    Parameters
    ----------
    view
        :func:`warclaims.analysis.as_of_view` output (not empty).
    as_of_text
        The date of the view, for the title ("" for the latest).
    max_rows
        Rows drawn at most (the latest-dated); the subtitle says how many were left out.
    scale
        The value axis: "linear", "log" or "auto" (log when the figures span ten times or more).
    """
    if view.empty:
        raise ValueError(marks.EMPTY)
    view, note = marks.latest_rows(view, max_rows, NARROW_HINT)
    subtitle = f"{subtitle} {note}" if note else subtitle
    data = marks.prepare(dataset, view)
    data["row_label"] = marks.row_labels(data)
    data["panel"], order, shared = panels(data, marks.camp_order(dataset, data))
    panel_rows = [data[data["panel"] == p].reset_index(drop=True) for p in order]
    notes = [_notes(rows) for rows in panel_rows]  # wrapped once: each line is measured word by word
    counts = [sum(_heights(n)) for n in notes]  # in rows
    # A panel on its own axis needs room for its axis labels.
    body = 0.6 + sum(counts) * 0.42 + len(order) * (0.45 if shared else 0.9)
    figure = style.new_figure(width, body, _full_title(title, as_of_text), subtitle, style.source_line(dataset))
    # The layout gives the columns their ratio of what the row labels leave: measured, so the notes column
    # is NOTES_INCHES wide however long the labels are (their text was wrapped to fit it).
    labels = max(style.text_width(label, 8.5) for label in data["row_label"]) / 72 + LAYOUT_MARGINS
    marks_inches = max(width - labels - NOTES_INCHES, 2.0)
    grid = figure.add_gridspec(len(order), 2, height_ratios=[n + (0.6 if shared else 1.4) for n in counts],
                               width_ratios=[marks_inches, NOTES_INCHES])
    values = marks.counted_values(data)
    log = style.log_scale_wanted(values, scale)
    axes = []
    for index, (panel, rows) in enumerate(zip(order, panel_rows)):
        ax = _camp_panel(figure, grid[index, 0], grid[index, 1], rows, notes[index], log,
                         axes[0] if axes and shared else None, panel)
        axes.append(ax)
        if not shared:
            _value_axis(ax, rows, marks.counted_values(rows), log)
    if shared:
        _value_axis(axes[-1], data, values, log)
        for ax in axes[:-1]:
            ax.tick_params(labelbottom=False)
    return describe.attach(figure, describe.as_of(_full_title(title, as_of_text), data))


# -- Altair -------------------------------------------------------------------------------------------
def _label_before(data: pd.DataFrame, log: bool, shared: bool) -> pd.Series:
    """Whether each figure's label goes before its mark: when the label's end of the mark lies past
    :data:`~warclaims.charts.style.LABEL_FLIP` of its panel's axis, so the label stays inside the plot."""
    anchor = data["high"].where(np.isfinite(data["high"]), data["low"])
    before = pd.Series(False, index=data.index)
    for _, rows in ([(None, data)] if shared else data.groupby("camp_label", sort=False)):
        axis = style.value_scale(marks.counted_values(rows), log)
        before[rows.index] = style.position(anchor[rows.index], axis.low, axis.high, axis.kind) > style.LABEL_FLIP
    return before.fillna(False).astype(bool)


#: Characters per line of a row's label (longer ones wrap).
ROW_LINE = 44


def _row_names(data: pd.DataFrame) -> pd.Series:
    """Each row's label, one per row: two claimants' figures for the same thing are two rows, so the
    second and later carry the claimant's name ("Both sides: killed, all, by Government of ...")."""
    repeated = data.duplicated(["camp_label", "row_label"], keep=False)
    return data["row_label"].where(~repeated, data["row_label"] + ", by " + data["speaker_name"].astype(str))


def _as_of_layers(base, data: pd.DataFrame, dataset, x_scale, x_axis, x_title, colour, opacity, selection) -> list:
    """Bands (vague), rules (ranges), points, the figure as text, and "not disclosed" in words; their y
    encoding is the layer's (one copy of its 200 row names in the spec, not one per layer)."""
    tooltip = marks.TOOLTIP
    bands = base.transform_filter("datum.kind == 'vague'").properties(name="as_of_bands").mark_bar(height=12, strokeWidth=1.2).encode(
        x=alt.X("low:Q", scale=x_scale, title=x_title, axis=x_axis), x2="high:Q", color=colour, stroke=colour,
        fillOpacity=alt.condition(selection, alt.value(0.35), alt.value(0.06)), strokeOpacity=opacity,
        tooltip=tooltip)
    ranges = base.transform_filter("datum.kind == 'range'").mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", scale=x_scale), x2="high:Q", color=colour, opacity=opacity, tooltip=tooltip)
    points = base.transform_filter("datum.kind != 'vague' && datum.kind != 'undisclosed'").mark_point(
        filled=True, size=100, stroke="white", strokeWidth=0.8).encode(
        x=alt.X("y:Q", scale=x_scale), color=colour, shape=marks.shape(dataset, data), opacity=opacity,
        tooltip=tooltip).add_params(selection)
    # A figure is written after its mark, or before it when the mark is near the plot's end (inside the plot).
    after = base.transform_filter("datum.kind != 'undisclosed' && !datum.label_before").mark_text(
        align="left", dx=9, fontSize=10).encode(
        x=alt.X("high:Q", scale=x_scale), text="display:N", color=colour, opacity=opacity, tooltip=tooltip)
    before = base.transform_filter("datum.kind != 'undisclosed' && datum.label_before").mark_text(
        align="right", dx=-9, fontSize=10).encode(
        x=alt.X("low:Q", scale=x_scale), text="display:N", color=colour, opacity=opacity, tooltip=tooltip)
    silent = base.transform_filter("datum.kind == 'undisclosed'").mark_text(
        align="left", fontSize=11, fontStyle="italic").encode(
        x=alt.value(6), text=alt.value("\u2715 " + words.NOT_DISCLOSED), color=colour, opacity=opacity,
        tooltip=tooltip)
    return [bands, ranges, points, after, before, silent]


def as_of_chart(dataset, view: pd.DataFrame, *, title: str = AS_OF_TITLE, subtitle: str = AS_OF_SUBTITLE,
                as_of_text: str = "", width: int = 520, max_rows: int = AS_OF_CHART_ROWS, scale: str = "auto"):
    """Where things stood, interactive (Altair): rows by whose losses, x the figure claimed.

    ``view`` is :func:`warclaims.analysis.as_of_view` output (not empty); at most ``max_rows`` rows
    (the latest-dated) are drawn; ``scale`` as for :func:`as_of_figure`.
    """
    if view.empty:
        raise ValueError(marks.EMPTY)
    view, note = marks.latest_rows(view, max_rows, NARROW_HINT)
    data = marks.prepare(dataset, view)
    data["row_label"] = marks.row_labels(data)
    data["camp_label"], camp_names, shared = panels(data, marks.camp_order(dataset, data))
    numbers = marks.counted_values(data)
    log = style.log_scale_wanted(numbers, scale)
    # One axis when every figure counts the same unit; otherwise each unit's panel fits its own figures.
    x_scale, x_axis = style.altair_value_axis(numbers, log, shared, tick_count=5)
    data["label_before"] = _label_before(data, log, shared)
    data["row_name"] = _row_names(data)
    values = marks.altair_data(data, ("row_name", "camp_label", "label_before"))
    selection, colour, opacity = marks.selection_and_colour(dataset, data)
    names = list(dict.fromkeys(data["row_name"]))
    lines = max(len(textwrap.wrap(name, ROW_LINE)) for name in names)
    y = alt.Y("row_name:N", title=None, sort=names,
              axis=alt.Axis(labelLimit=300, labelExpr=style.legend_labels(names, ROW_LINE)))
    base = alt.Chart(values).encode(**chart_links.encoding(values)).properties(
        width=width, height=alt.Step(max(20, 13 * lines + 8)))
    layers = _as_of_layers(base, data, dataset, x_scale, x_axis, _x_title(data, log, "in the panel's unit"),
                           colour, opacity, selection)
    chart = alt.layer(*layers).encode(y=y).facet(row=marks.facet_rows("camp_label:N", camp_names)).resolve_scale(
        y="independent", x="shared" if shared else "independent")
    lines = [subtitle, marks.HOVER_HINT, *chart_links.hint(values), *([note] if note else [])]
    return style.altair_titled(chart, _full_title(title, as_of_text), lines, style.source_line(dataset),
                               describe.as_of(_full_title(title, as_of_text), data))
