"""House style shared by every chart: colours by camp and claimant, markers by population, titles, the
source line, and the small helpers both chart families draw with.

**Colours carry meaning.** One rule (:func:`camp_families`) gives each camp of the dataset a colour
family: its belligerent camps blues, oranges, purples, reds, ... in the order of the camps table, every
other camp greens. A camp's own colour (:func:`camp_colours`, the ceasefire charts' counts by camp) is
the middle of its family; each claimant (:func:`claimant_palette`) gets a shade of its camp's family, so
one side's claimants read as one group and the other side's as another. Claimants that stand for nobody
in particular (kind ``unattributed``, or the article's own voice), and "no camp", are grey. Colours are
assigned over every claimant of the dataset, so a claimant keeps its colour from chart to chart.

Matplotlib figures are built as :class:`matplotlib.figure.Figure` objects (no pyplot state), so they
are safe in scripts and tests and display once in a notebook.
"""
from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import altair as alt
import matplotlib as mpl
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from warclaims import dates
from warclaims.analysis import orders
from warclaims.analysis.derived import every_figure
from warclaims.analysis.vocabulary import generic_claimants, tables_of
from warclaims.params import VALUE_SCALES
from warclaims.text.licences import licence_names
from warclaims.text.words import OUTLET_NOT_NAMED

SOURCE_NOTE = "claims are claims, not verified counts"
#: Colour families of the belligerent camps, in the camps table's order (a sixth camp takes the first
#: again). Pinks are left out: the ceasefire charts' reported violations are reddish purple.
BELLIGERENT_FAMILIES = ("Blues", "Oranges", "Purples", "Reds", "YlOrBr")
NEUTRAL_FAMILY = "Greens"
GENERIC_FAMILY = "Greys"
#: How a claim or an event without a camp is named in a legend.
NO_CAMP = "no camp"
#: Marker per population, in the order of the dataset's populations (matplotlib, Vega-Lite).
MPL_MARKERS = ("o", "^", "s", "D", "v", "P", "X", "*")
VL_SHAPES = ("circle", "triangle-up", "square", "diamond", "triangle-down", "cross", "triangle-left", "triangle-right")
TEXT_COLOUR = "#333333"
MUTED = "#666666"


# -- words --------------------------------------------------------------------------------------------
def source_line(dataset, note: str = SOURCE_NOTE) -> str:
    """``"Source: warclaims dataset <name>, version <hash>, licence <licence>; claims are claims, not
    verified counts."``: what a chart saved or printed on its own must still say."""
    descriptor = getattr(dataset, "descriptor", None) or {}
    name = descriptor.get("name", "warclaims")
    version = getattr(dataset, "version", "")
    version_text = f", version {version}" if version else ""
    names = licence_names(descriptor)
    licence_text = f", licence {names}" if names else ""
    return f"Source: warclaims dataset {name}{version_text}{licence_text}; {note}."


def zone_text(dataset) -> str:
    """``"local time, UTC+04:00"``: how an axis names the time it shows (:func:`warclaims.dates.zone_label`)."""
    return f"local time, {dates.zone_label(dataset.zone)}"


def short(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut (a legend or a label)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def text_width(text: str, fontsize: float, weight: str = "normal") -> float:
    """How wide ``text`` is drawn by matplotlib, in points (its own font metrics)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    return TextToPath().get_text_width_height_descent(text, FontProperties(size=fontsize, weight=weight),
                                                      ismath=False)[0]


def wrap_to_width(text: str, width_points: float, fontsize: float, weight: str = "normal") -> list[str]:
    """``text`` in lines no wider than ``width_points`` as matplotlib draws it (:func:`text_width`, so a
    wide name or another script wraps where it must), broken between words; a single word wider than the
    line keeps a line of its own rather than being cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", fontsize, weight) <= width_points:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def outlet_or_default(value) -> str:
    """An outlet's name, or "outlet not named" when the source names none."""
    return value if isinstance(value, str) and value else OUTLET_NOT_NAMED


# -- colours and markers ------------------------------------------------------------------------------
def _shades(family: str, n: int, dark: float = 0.9, light: float = 0.5) -> list[str]:
    cmap = mpl.colormaps[family]
    points = [0.75] if n == 1 else list(np.linspace(dark, light, n))
    return [mcolors.to_hex(cmap(p)) for p in points]


def camp_families(dataset) -> dict[str, str]:
    """``camp id -> colour family``, in the camps table's order: the one colour rule of every chart.

    A camp is belligerent when its ``belligerent`` column is true (a missing value or column: not);
    belligerent camps take :data:`BELLIGERENT_FAMILIES` in turn, every other camp :data:`NEUTRAL_FAMILY`.
    """
    camps = tables_of(dataset).get("camps")
    if camps is None:
        return {}
    flags = (camps["belligerent"].astype("boolean").fillna(False).astype(bool) if "belligerent" in camps
             else pd.Series(False, index=camps.index))
    families, belligerent = {}, 0
    for camp, flag in zip(camps["camp_id"], flags):
        if flag:
            families[camp] = BELLIGERENT_FAMILIES[belligerent % len(BELLIGERENT_FAMILIES)]
            belligerent += 1
        else:
            families[camp] = NEUTRAL_FAMILY
    return families


def camp_colours(dataset) -> tuple[dict[str, str], dict[str, str]]:
    """``camp id -> name`` and ``camp name -> colour``, in the camps table's order, plus :data:`NO_CAMP`.

    A camp's colour is the middle of its family (:func:`camp_families`), so it reads as the group of
    its claimants' shades; "no camp" is grey.
    """
    camps = tables_of(dataset).get("camps")
    families = camp_families(dataset)
    names, colours = {}, {}
    if camps is not None:
        for camp, name in zip(camps["camp_id"], camps["name"]):
            names[camp] = str(name)
            colours[str(name)] = mcolors.to_hex(mpl.colormaps[families[camp]](0.7))
    names[""] = NO_CAMP
    colours[NO_CAMP] = mcolors.to_hex(mpl.colormaps[GENERIC_FAMILY](0.6))
    return names, colours


def _claimant_camps(dataset, claimants: Iterable[str] | None) -> pd.DataFrame:
    """``claimant -> (claimant_kind, claimant_camp)`` for every figure claimant and ``claimants``."""
    figs = every_figure(dataset)
    info = figs.drop_duplicates("claimant").set_index("claimant")[["claimant_kind", "claimant_camp"]]
    extra = [c for c in (claimants or []) if c not in info.index]
    if extra:
        tables = tables_of(dataset)
        actors = tables["actors"].drop_duplicates("actor_id").set_index("actor_id")
        sides = tables.get("sides")
        side_camp = sides.set_index("side_id")["camp"] if sides is not None else pd.Series(dtype="object")
        for claimant in extra:
            kind = actors["kind"].get(claimant, "")
            camp = side_camp.get(actors["side"].get(claimant, ""), "")
            info.loc[claimant] = [kind, camp]
    return info


def claimant_palette(dataset, claimants: Iterable[str] | None = None) -> dict[str, str]:
    """A hex colour for each claimant id (every figure claimant of the dataset, plus ``claimants``):
    a shade of its camp's family (:func:`camp_families`), grey for a claimant that stands for nobody."""
    info = _claimant_camps(dataset, claimants)
    generic = generic_claimants(dataset)
    families = camp_families(dataset)
    groups: dict[str, list[str]] = {}
    for claimant, row in info.sort_index().iterrows():
        if row["claimant_kind"] == "unattributed" or claimant in generic:
            family = GENERIC_FAMILY
        else:
            family = families.get(row["claimant_camp"], NEUTRAL_FAMILY)
        groups.setdefault(family, []).append(claimant)
    colours = {}
    for family, members in groups.items():
        # Greys run lighter than the colour families; keep them dark enough to see as a band.
        dark, light = (0.8, 0.55) if family == GENERIC_FAMILY else (0.85, 0.5)
        colours.update(zip(members, _shades(family, len(members), dark=dark, light=light)))
    return colours


def population_markers(dataset, populations: Iterable[str] = ()) -> dict[str, tuple[str, str]]:
    """``population -> (matplotlib marker, Vega-Lite shape)``, in the dataset's population order."""
    order = list(dict.fromkeys([*orders(dataset)["population"], *populations]))
    return {p: (MPL_MARKERS[i % len(MPL_MARKERS)], VL_SHAPES[i % len(VL_SHAPES)]) for i, p in enumerate(order)}


def darker(colour: str, amount: float = 0.3) -> str:
    """A darker shade of ``colour`` (for text drawn in a claimant's colour)."""
    r, g, b = mcolors.to_rgb(colour)
    return mcolors.to_hex((r * (1 - amount), g * (1 - amount), b * (1 - amount)))


# -- matplotlib ---------------------------------------------------------------------------------------
TITLE_INCHES = 0.42
LINE_INCHES = 0.17
FOOTER_INCHES = 0.35
CHARS_PER_INCH = 14  # 9-point DejaVu Sans, measured roughly; used only to wrap the subtitle


def new_figure(width: float, body_height: float, title: str, subtitle: str, source: str) -> Figure:
    """A constrained-layout figure with a title, a wrapped subtitle (how to read it) and a source line.

    ``body_height`` is the height in inches left for the axes; the header and footer are added to it.
    The text sits outside the layout's rectangle, so the axes never cover it.
    """
    lines = textwrap.wrap(subtitle, width=max(int((width - 0.3) * CHARS_PER_INCH), 40)) if subtitle else []
    header = TITLE_INCHES + LINE_INCHES * len(lines) + 0.12
    height = header + body_height + FOOTER_INCHES
    figure = Figure(figsize=(width, height), layout="constrained", dpi=100)
    figure.get_layout_engine().set(rect=(0, FOOTER_INCHES / height, 1, body_height / height))
    figure.text(0.01, 1 - 0.1 / height, title, ha="left", va="top", fontsize=13, fontweight="bold",
                color=TEXT_COLOUR)
    if lines:
        figure.text(0.01, 1 - TITLE_INCHES / height, "\n".join(lines), ha="left", va="top", fontsize=9,
                    color=MUTED, linespacing=1.3)
    figure.text(0.01, 0.1 / height, source, ha="left", va="bottom", fontsize=8, color=MUTED)
    return figure


def legend_panel(ax, sections: list[tuple[str, list]]) -> None:
    """Fill ``ax`` (a grid cell kept for it) with one legend of titled sections of handles."""
    from matplotlib.lines import Line2D

    ax.axis("off")
    handles, bold = [], []
    for heading, items in sections:
        if not items:
            continue
        bold.append(len(handles))
        handles.append(Line2D([], [], linestyle="", label=heading))
        handles.extend(items)
    if not handles:
        return
    for handle in handles:
        handle.set_label(textwrap.fill(handle.get_label(), 34))
    legend = ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=8, handletextpad=0.5,
                       borderaxespad=0, labelspacing=0.55, handlelength=1.6)
    for index in bold:
        legend.get_texts()[index].set_fontweight("bold")


def log_scale_wanted(values: Iterable[float], scale: str = "auto", threshold: float = 10.0) -> bool:
    """Whether a value axis is logarithmic: ``scale`` "log" or "linear" as asked (a log axis needs a
    positive figure), "auto" when the positive finite values span at least ``threshold`` times (a log
    axis reads better: 40 and 4,000 on one linear axis leave the 40 on the floor)."""
    if scale not in VALUE_SCALES:
        raise ValueError(f"scale must be one of {', '.join(VALUE_SCALES)}, not {scale!r}")
    array = np.asarray([v for v in values if v is not None], dtype="float64")
    array = array[np.isfinite(array) & (array > 0)]
    if scale != "auto":
        return bool(scale == "log" and array.size > 0)
    return bool(array.size > 1 and array.max() / array.min() >= threshold)


@dataclass(frozen=True)
class ValueScale:
    """A value axis: ``kind`` is "linear", "log" or "symlog" (log with a true zero at its foot)."""

    kind: str
    low: float
    high: float
    ticks: list[float]


def value_scale(values: pd.Series, log: bool) -> ValueScale:
    """The value axis for these figures: half the least to twice the most on a log axis, zero to 1.25
    times the most otherwise.

    A log axis has no zero, and a claimed zero ("0 aircraft downed") would fall off it or be drawn at
    an edge where it reads as a value; with zeros among the values the axis is symmetric-log instead:
    linear from 0 to 1, logarithmic above, so the zero sits on a labelled 0 at the foot.
    """
    numbers = pd.Series(values, dtype="float64")
    finite = numbers[np.isfinite(numbers)]
    positive = finite[finite > 0]
    if log and len(positive):
        high = float(positive.max() * 2)
        if (finite == 0).any():
            return ValueScale("symlog", 0.0, high, [0.0, *nice_ticks(1.0, high, True)])
        low = float(positive.min() / 2)
        return ValueScale("log", low, high, nice_ticks(low, high, True))
    top = float(finite.max()) if len(finite) else 1.0
    high = top * 1.25 if top > 0 else 1.0
    return ValueScale("linear", 0.0, high, nice_ticks(0.0, high, False))


def position(values, low: float, high: float, kind: str) -> np.ndarray:
    """Where each value falls between ``low`` and ``high`` on an axis of ``kind`` ("linear", "log",
    "symlog"), from 0 (the start) to 1 (the end): what decides on which side of its mark a label fits."""
    v = np.asarray(values, dtype="float64")
    if kind == "log" and low > 0:
        f, lo, hi = np.log, np.log(low), np.log(high)
    elif kind == "symlog":
        f, lo, hi = np.log1p, np.log1p(max(low, 0.0)), np.log1p(high)
    else:
        f, lo, hi = (lambda x: x), low, high
    with np.errstate(divide="ignore", invalid="ignore"):
        return (f(np.clip(v, low if kind != "linear" else -np.inf, None)) - lo) / ((hi - lo) or 1.0)


#: A label whose mark sits beyond this share of its axis is written before the mark, not after it, so
#: that it stays inside the plot.
LABEL_FLIP = 0.7


def altair_scale(scale: ValueScale, **options) -> alt.Scale:
    """The Altair scale of a :class:`ValueScale` (symlog's linear part is 0 to 1)."""
    extra = {"constant": 1} if scale.kind == "symlog" else {}
    return alt.Scale(type=scale.kind, domain=[scale.low, scale.high], nice=False, **extra, **options)


#: Pixels a panel fitted to its own figures keeps free at each end of its value axis.
FIT_PADDING = 14


def altair_value_axis(numbers: pd.Series, log: bool, shared: bool, tick_count: int,
                      **shared_options) -> tuple[alt.Scale, alt.Axis]:
    """The Altair value scale and axis of panels that share one axis (its domain and ticks from
    :func:`value_scale`, with ``shared_options``) or that each fit their own figures (padded by
    :data:`FIT_PADDING`; symlog keeps a claimed zero on the axis, which a log one has none of)."""
    scale = value_scale(numbers, log)
    if shared:
        return altair_scale(scale, **shared_options), alt.Axis(values=scale.ticks, format=",d")
    return (alt.Scale(type=scale.kind, nice=False, zero=not log, padding=FIT_PADDING,
                      **({"constant": 1} if scale.kind == "symlog" else {})),
            alt.Axis(format=",d", tickCount=tick_count))


def matplotlib_scale(set_scale, set_limits, scale: ValueScale) -> None:
    """Apply a :class:`ValueScale` with an axis's ``set_xscale``/``set_yscale`` and ``set_xlim``/``set_ylim``."""
    if scale.kind == "symlog":
        set_scale("symlog", linthresh=1)
    else:
        set_scale(scale.kind)
    set_limits(scale.low, scale.high)


def nice_ticks(low: float, high: float, log: bool) -> list[float]:
    """Readable tick values in ``[low, high]``: 1-2-5 steps on a log axis, about five steps otherwise."""
    if log and low > 0:
        ticks = [m * 10.0 ** e for e in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
                 for m in (1, 2, 5)]
        ticks = [t for t in ticks if low <= t <= high]
        if len(ticks) > 9:  # a wide span: powers of ten only
            ticks = [t for t in ticks if np.isclose(np.log10(t), round(np.log10(t)))]
        return ticks
    step = 10 ** np.floor(np.log10(max(high - low, 1e-9) / 5))
    for factor in (1, 2, 5, 10):
        if (high - low) / (step * factor) <= 6:
            step *= factor
            break
    start = np.ceil(low / step) * step
    return [float(v) for v in np.arange(start, high + step / 2, step) if v <= high]


# -- Altair -------------------------------------------------------------------------------------------
def altair_colour(palette: dict[str, str], names: dict[str, str]) -> alt.Scale:
    """A colour scale over claimant names (the legend shows names) in palette order."""
    domain = [names[c] for c in palette if c in names]
    return alt.Scale(domain=domain, range=[palette[c] for c in palette if c in names])


#: Characters per line of a legend label: longer names wrap over lines (a name is never cut).
LEGEND_LINE = 40


def legend_labels(names: Iterable[str], chars: int = LEGEND_LINE) -> str:
    """A Vega ``labelExpr`` that writes each name longer than ``chars`` over several lines (a Vega text
    mark draws a list as lines). Names come from the data: they enter the expression only as JSON
    string literals, so no name can change what the expression does."""
    expr = "datum.label"
    for name in reversed([n for n in dict.fromkeys(map(str, names)) if len(n) > chars]):
        lines = textwrap.wrap(name, chars, break_long_words=False) or [name]
        if len(lines) > 1:
            expr = (f"datum.label == {json.dumps(name, ensure_ascii=False)} ? "
                    f"{json.dumps(lines, ensure_ascii=False)} : {expr}")
    return expr


def altair_wrapped_labels(labels: Iterable[str], width: int) -> dict:
    """Legend options that show each of ``labels`` in full, wrapped over lines of about ``width``
    characters (Vega cuts a long label with "…" otherwise): ``alt.Legend(**...)``."""
    return {"labelLimit": 0, "labelExpr": legend_labels(labels, width)}


def altair_title(title: str, subtitle: list[str]) -> alt.TitleParams:
    """The house title of an Altair chart: bold ``title``, muted ``subtitle`` lines under it."""
    return alt.TitleParams(title, subtitle=subtitle, anchor="start", fontSize=15, subtitleColor=MUTED,
                           subtitleFontSize=11)


def altair_source(dataset) -> alt.TitleParams:
    """The source line, as a title under a chart."""
    return alt.TitleParams(source_line(dataset), orient="bottom", anchor="start", fontSize=10, fontWeight="normal",
                           color=MUTED)


def time_labels(utc: bool) -> str:
    """A Vega label expression for a time axis: one scheme at every zoom, "17 Oct" at midnight (with the
    year on the first tick and on 1 January) and "17 Oct 06:00" within a day, so that no two ticks read
    alike and no tick reads "12 PM" alone.

    ``utc``: the axis's scale is ``utc`` (wall-clock times stored as UTC, as the ceasefire charts do);
    otherwise the browser's local time, as a plain temporal scale reads them.
    """
    prefix, fmt = ("utc", "utcFormat") if utc else ("", "timeFormat")
    midnight = f"{prefix}hours(datum.value) == 0 && {prefix}minutes(datum.value) == 0"
    new_year = f"{prefix}date(datum.value) == 1 && {prefix}month(datum.value) == 0"
    return (f"{midnight} ? (datum.index == 0 || {new_year} ? {fmt}(datum.value, '%-d %b %Y') "
            f": {fmt}(datum.value, '%-d %b')) : {fmt}(datum.value, '%-d %b %H:%M')")


def altair_titled(chart, title: str, subtitle: str | list[str], source: str, description: str = ""):
    """Put the title and subtitle above ``chart`` and the source line below it; ``description`` (what
    it shows, in words: :mod:`warclaims.charts.describe`) is the chart's accessible name."""
    subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    # Short lines: Vega-Lite places the legend beside the widest part, title included.
    subtitle = [line for text in subtitle for line in textwrap.wrap(text, 100)]
    inner = chart.properties(title=altair_title(title, subtitle))
    return alt.vconcat(inner).properties(
        title=alt.TitleParams(source, orient="bottom", anchor="start", fontSize=10, fontWeight="normal", color=MUTED),
        **({"description": description} if description else {}),
    )


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns Altair serialises deterministically: lists joined, datetimes as ISO text, NA as None."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.dt.strftime("%Y-%m-%dT%H:%M:%S").astype("object").where(series.notna(), None)
        elif series.dtype == object and series.map(lambda v: isinstance(v, list)).any():
            out[column] = series.map(lambda v: ", ".join(map(str, v)) if isinstance(v, list) else v)
        elif isinstance(series.dtype, pd.api.extensions.ExtensionDtype) and not isinstance(series.dtype, pd.StringDtype):
            out[column] = series.astype("object").where(series.notna(), None)
    return out
