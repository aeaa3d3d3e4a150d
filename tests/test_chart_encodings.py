"""Encodings that cannot be read wrong: a silence never sits on a value axis, an uncertain duration is
drawn as the interval it is (not a solid bar from zero), a ceasefire page's colours never mean a side,
and a time axis labels every tick differently."""
from __future__ import annotations

import matplotlib.colors as mcolors
import pytest
from matplotlib.patches import Rectangle

import warclaims
from warclaims import analysis
from warclaims.charts import ceasefire_durations, ceasefire_timeline, style
from warclaims.charts.ceasefire_moments import COLOURS


@pytest.fixture(scope="module")
def bundled():
    return warclaims.load()


def test_ceasefire_silences_are_crosses_in_a_strip_of_their_own(bundled):
    claims = analysis.timeline(bundled, start="2020-09-27", end="2020-11-15")
    silent = int((claims["qualifier"] == "undisclosed").sum())
    assert silent  # the bundled data holds stated silences in that window
    figure = ceasefire_timeline.timeline_figure(bundled, analysis.durations(bundled), claims)
    crosses = {ax: [l for l in ax.get_lines() if l.get_marker() == "x"] for ax in figure.axes}
    holders = [ax for ax, lines in crosses.items() if lines]
    assert len(holders) == 1
    strip = holders[0]
    assert strip.get_yscale() == "linear" and [t.get_text() for t in strip.get_yticklabels()] == ["not\ndisclosed"]
    assert sum(len(l.get_xdata()) for l in crosses[strip]) == silent
    assert all(ax.get_yscale() != "log" for ax in holders)


def test_a_duration_is_a_pale_interval_with_ticks_at_its_known_bounds(bundled):
    table = analysis.durations(bundled)
    figure = ceasefire_durations.durations_figure(bundled, table)
    ax = figure.axes[0]
    fills = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_facecolor()[3] > 0]
    assert fills and all(p.get_facecolor()[3] <= 0.2 for p in fills)  # no solid bar
    ticks = [l for l in ax.get_lines() if l.get_marker() == "|"]
    # Every bound the data sets is ticked: an upper bound per finished duration at least.
    assert sum(len(l.get_xdata()) for l in ticks) >= int(table["end_high"].notna().sum())


@pytest.mark.parametrize("which", ["bundled", "other"])
def test_ceasefire_colours_are_no_sides_colours(bundled, other_dataset, which):
    dataset = bundled if which == "bundled" else warclaims.load(other_dataset)
    sides = {mcolors.to_hex(c) for c in style.claimant_palette(dataset).values()}
    events = {mcolors.to_hex(c) for c in COLOURS.values()}
    assert not sides & events


def test_time_axis_labels_differ_at_every_zoom():
    import vl_convert as vlc
    import altair as alt
    import pandas as pd

    expression = style.time_labels(utc=True)
    for start, end in (("2020-10-01", "2020-10-02"), ("2020-10-01T06:00", "2020-10-01T07:00"), ("2020-01-01", "2024-01-01")):
        frame = pd.DataFrame({"t": pd.date_range(start, end, periods=30).strftime("%Y-%m-%dT%H:%M:%S")})
        chart = alt.Chart(frame).mark_tick().encode(x=alt.X("t:T", scale=alt.Scale(type="utc"),
                                                            axis=alt.Axis(labelExpr=expression)))
        svg = vlc.vegalite_to_svg(chart.to_json())
        import re
        labels = [html for html in re.findall(r'<text[^>]*role="graphics-symbol"[^>]*>([^<]*)</text>', svg)]
        labels = labels or re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        labels = [l for l in labels if l and l != "t"]
        assert labels and len(labels) == len(set(labels)), labels
        assert not any(l.strip() in ("12 PM", "12 AM") for l in labels)
