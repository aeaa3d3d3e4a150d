"""Encodings that cannot be read wrong: a silence never sits on a value axis, an uncertain duration is
drawn as the interval it is (not a solid bar from zero), a ceasefire page's colours never mean a side,
and a time axis labels every tick differently."""
from __future__ import annotations

import json

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

import warclaims
from warclaims import analysis
from warclaims.charts import ceasefire_durations, ceasefire_timeline, ceasefire_timeline_chart, style
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


# -- one unit per value axis ------------------------------------------------------------------------
# Worked from data/metrics.csv and data/claims.csv: in metrics order, the claims of the default window
# count people (killed, wounded, ...), buildings (houses destroyed: 1,165; public buildings: 146),
# properties (5,800), vehicles (520), objects (960) and structures (57).
BUNDLED_UNITS = ["people", "buildings", "properties", "vehicles", "objects", "structures"]


def _value_axes(figure):
    """The claims panels of a timeline figure: the axes whose y label names a unit (not the lanes, not the strip)."""
    return [ax for ax in figure.axes[1:] if ax.get_ylabel() and ax.get_yticklabels()
            and [t.get_text() for t in ax.get_yticklabels()] != ["not\ndisclosed"]]


def test_each_value_axis_of_the_static_timeline_holds_one_unit(bundled):
    claims = analysis.timeline(bundled)
    figure = ceasefire_timeline.timeline_figure(bundled, analysis.durations(bundled), claims)
    axes = _value_axes(figure)
    assert [ax.get_ylabel().split("\n")[0] for ax in axes] == BUNDLED_UNITS
    buildings = axes[1]
    bars = [c for c in buildings.collections if c.__class__.__name__ == "LineCollection"]
    heights = sorted({round(float(segment[0][1])) for c in bars for segment in c.get_segments()})
    assert heights == [146, 1165]
    # people are the only unit over four orders of magnitude here (13 to 99,999): a log axis; the rest linear
    assert [ax.get_yscale() for ax in axes] == ["log"] + ["linear"] * 5
    assert all(ax.get_shared_x_axes().joined(ax, figure.axes[0]) for ax in axes)  # one time axis


def _charts(spec: dict):
    """Every single-view chart (layer members included) of a Vega-Lite spec."""
    if "vconcat" in spec:
        for part in spec["vconcat"]:
            yield from _charts(part)
    elif "layer" in spec:
        for part in spec["layer"]:
            yield {**part, "data": part.get("data", spec.get("data"))}
    else:
        yield spec


def test_each_value_axis_of_the_interactive_timeline_holds_one_unit(bundled):
    claims = analysis.timeline(bundled)
    spec = ceasefire_timeline_chart.timeline_chart(bundled, analysis.durations(bundled), claims).to_dict()
    metrics = bundled.metrics.set_index("name")["unit"]
    seen = []
    for chart in _charts(spec):
        y = chart.get("encoding", {}).get("y", {})
        if y.get("field") not in ("low", "best"):
            continue
        rows = spec["datasets"][chart["data"]["name"]]
        units = {metrics[r["metric_name"]] for r in rows}
        assert units == {y["title"][0]}, (y["title"], units)
        seen.append(y["title"][0])
    assert list(dict.fromkeys(seen)) == BUNDLED_UNITS


# -- names, never ids ---------------------------------------------------------------------------------
def _ids(dataset) -> set[str]:
    tables = (dataset.ceasefire_events["event_id"], dataset.sources["source_id"], dataset.claims["claim_id"],
              dataset.actors["actor_id"], dataset.ceasefires["ceasefire_id"])
    return {str(v) for column in tables for v in column}


def _visible_ids(texts, ids: set[str]) -> set[str]:
    import re

    found = set()
    for text in texts:
        found |= {word for word in re.findall(r"[A-Za-z0-9_]+", str(text)) if word in ids}
    return found


def _tooltip_texts(spec: dict):
    for chart in _charts(spec):
        tooltip = chart.get("encoding", {}).get("tooltip", [])
        fields = [t["field"] for t in (tooltip if isinstance(tooltip, list) else [tooltip]) if "field" in t]
        for row in spec["datasets"].get((chart.get("data") or {}).get("name"), []):
            yield from (row.get(f, "") for f in fields)


@pytest.mark.parametrize("which", ["bundled", "other"])
def test_no_id_shows_in_a_ceasefire_tooltip(bundled, other_dataset, which):
    from warclaims.charts import ceasefire_durations, ceasefire_timeline_chart

    dataset = bundled if which == "bundled" else warclaims.load(other_dataset)
    table, claims = analysis.durations(dataset), analysis.timeline(dataset)
    texts = [*_tooltip_texts(ceasefire_timeline_chart.timeline_chart(dataset, table, claims).to_dict()),
             *_tooltip_texts(ceasefire_durations.durations_chart(dataset, table).to_dict())]
    assert len(texts) > 100
    assert not _visible_ids(texts, _ids(dataset))


@pytest.mark.parametrize("which", ["bundled", "other"])
def test_no_id_shows_in_a_ceasefire_table_but_the_links_keep_them(bundled, other_dataset, which):
    from warclaims.text import ceasefires as ceasefire_text
    from warclaims.text import links
    from warclaims.text.tables import LINK_PREFIX

    dataset = bundled if which == "bundled" else warclaims.load(other_dataset)
    table = analysis.durations(dataset)
    links.enable()
    try:
        frames = [ceasefire_text.duration_summary(table), ceasefire_text.duration_report(dataset, table),
                  ceasefire_text.evidence_table(dataset, table), ceasefire_text.excluded_events(dataset, table)]
    finally:
        links.enable(False)
    shown = [v for f in frames for c in f.columns if not str(c).startswith(LINK_PREFIX) for v in f[c]]
    assert not _visible_ids(shown, _ids(dataset))
    evidence = frames[2]
    assert evidence[LINK_PREFIX + "exact words"].str.contains("#event-").all()  # the ids live on in the links


def test_an_event_is_said_in_words():
    from warclaims.text import ceasefire_events as said

    assert said.kind_words("violation_reported") == "violation reported"
    assert said.when_words("2020-10-12", "not_after", "2020-10-12", "inferred") == \
        "on or before 12 October 2020 (the article's publication date, inferred)"
    assert said.when_words("2020-10-10T12:00+04:00", "on") == "10 October 2020 12:00 (UTC+04:00)"
    assert said.on_date("1994") == "in 1994" and said.on_date("2020-10-17") == "on 17 October 2020"
    assert said.source_words("Zenda truce holds", "") == "“Zenda truce holds”"


def test_the_other_war_names_its_accused(other_dataset):
    from warclaims.text import ceasefires as ceasefire_text

    dataset = warclaims.load(other_dataset)
    evidence = ceasefire_text.evidence_table(dataset, analysis.durations(dataset))
    # v3 (conftest): Kravonia's government accuses Ruritania's Ministry of Defence; r2 names no outlet
    v3 = evidence[evidence["exact words"].str.startswith("Kravonia said Ruritanian artillery")].iloc[0]
    assert (v3["event"], v3["claimant"], v3["accused"], v3["dated"], v3["source"]) == (
        "violation reported", "Government of Kravonia", "Ministry of Defence of Ruritania", "5 March 2019",
        "“Kravonia counts its dead”")


# -- the duration axes, chosen from the data ------------------------------------------------------
def test_the_1994_ceasefire_gets_an_axis_of_its_own_and_the_truces_a_linear_one(bundled):
    from warclaims.charts import ceasefire_durations, duration_scale

    table = analysis.durations(bundled)
    panels = duration_scale.plan(table)
    # 26.8 years against at most 96 hours (data/ceasefires.csv): more than a hundred times apart
    assert [p.names for p in panels] == [("1994 ceasefire",), ("10 October 2020 humanitarian ceasefire",
                                                                "17 October 2020 humanitarian ceasefire")]
    # the truces' nonzero bounds are 12, 24, 60 and 96 hours: 8 times apart, a linear axis from zero
    assert [(p.scale, p.unit, p.low) for p in panels] == [("linear", "years", 0.0), ("linear", "hours", 0.0)]
    figure = ceasefire_durations.durations_figure(bundled, table)
    assert [ax.get_xscale() for ax in figure.axes] == ["linear", "linear"]
    assert figure.axes[1].get_xlabel().endswith("in hours")
    text = ceasefire_durations.axes_text(table)
    assert "2 time axes" in text and "linear axis in years" in text and "floor" not in text and "no zero" not in text
    assert "1 minute" in ceasefire_durations.axes_text(table, scale="log")  # the floor, said where it is drawn


def test_auto_scale_is_log_only_for_a_wide_span():
    from warclaims.charts.duration_scale import auto_scale

    hours = pd.Timedelta(hours=1)
    assert auto_scale([pd.Timedelta(0), 12 * hours, 96 * hours]) == "linear"  # 8 times
    assert auto_scale([pd.Timedelta(0), pd.Timedelta(minutes=10), 96 * hours]) == "log"  # 576 times
    assert auto_scale([pd.Timedelta(0)]) == "linear"


def test_duration_scale_is_checked(bundled):
    from warclaims import params
    from warclaims.checks import ParameterError

    assert params.ceasefires(bundled, duration_scale="log").scale == "log"
    with pytest.raises(ParameterError, match=r"duration_scale: unknown value 'logarithmic'; valid choices: auto, linear, log"):
        params.ceasefires(bundled, duration_scale="logarithmic")


# -- legends: only what is drawn, names in full ---------------------------------------------------
def _legend_domain(spec: dict, title: str) -> list:
    found = [c["encoding"]["color"]["scale"]["domain"] for c in _charts(spec)
             if c.get("encoding", {}).get("color", {}).get("legend", {}) is not None
             and (c["encoding"]["color"].get("title") == title
                  or (c["encoding"]["color"].get("legend") or {}).get("title") == title)]
    return found


def test_the_lane_legend_lists_only_the_lanes_drawn(other_dataset):
    dataset = warclaims.load(other_dataset)
    # The Zenda truce (conftest): agreed 14 March, no effective time, no violation, no end.
    table = analysis.durations(dataset, ["cf_zenda"])
    spec = ceasefire_timeline_chart.timeline_chart(dataset, table, analysis.timeline(dataset)).to_dict()
    assert {tuple(d) for d in _legend_domain(spec, "Moment")} == {("agreed", "in force")}
    lanes = ceasefire_timeline.timeline_figure(dataset, table, analysis.timeline(dataset)).axes[0]
    assert [t.get_text() for t in lanes.get_legend().get_texts()] == [
        "agreed (interval known)", "possibly in force (uncertain start or end)"]


def test_the_claimant_legend_is_one_and_names_in_full(bundled):
    claims = analysis.timeline(bundled, start="2020-10-19", end="2020-10-20")
    spec = ceasefire_timeline_chart.timeline_chart(bundled, analysis.durations(bundled), claims).to_dict()
    legends = [c["encoding"]["color"] for c in _charts(spec)
               if c.get("encoding", {}).get("color", {}).get("field") == "group"
               and c["encoding"]["color"].get("legend") is not None]
    domains = {tuple(c["scale"]["domain"]) for c in legends}
    assert len(domains) == 1
    drawn = set(claims.loc[(claims["qualifier"] == "undisclosed") | claims["value_low"].fillna(claims["value_best"])
                .notna() & claims["value_high"].fillna(claims["value_best"]).notna(), "claimant_name"])
    assert set(next(iter(domains))) == drawn
    # 19 October 2020 (claims.csv): the Nagorno-Karabakh authorities and the Government of Azerbaijan
    assert "Nagorno-Karabakh (Artsakh) authorities" in drawn
    assert all(c["legend"]["labelLimit"] == 0 for c in legends if "legend" in c)  # never cut with "…"
    figure = ceasefire_timeline.timeline_figure(bundled, analysis.durations(bundled), claims)
    labels = [t.get_text().replace("\n", " ") for ax in figure.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert "Nagorno-Karabakh (Artsakh) authorities" in labels and not any(l.endswith("…") for l in labels)


def test_a_claimant_with_nothing_drawn_is_not_in_the_legend(other_dataset):
    dataset = warclaims.load(other_dataset)
    claims = analysis.timeline(dataset)
    # conftest: k04 is Kravonia's 40 killed, a box; k07, Ruritania's "at least 7" drones, made here a
    # claim with no figure at all (and not a stated silence), so nothing is drawn for it.
    claims = claims[claims["claim_id"].isin(["k04", "k07"])].copy()
    claims.loc[claims["claim_id"] == "k07", ["value_low", "value_best", "value_high"]] = pd.NA
    spec = ceasefire_timeline_chart.timeline_chart(dataset, analysis.durations(dataset), claims).to_dict()
    domains = {tuple(c["encoding"]["color"]["scale"]["domain"]) for c in _charts(spec)
               if c.get("encoding", {}).get("color", {}).get("field") == "group"}
    assert domains == {("Government of Kravonia",)}


def test_an_at_least_figure_is_drawn_at_its_floor_pointing_up(other_dataset):
    dataset = warclaims.load(other_dataset)
    claims = analysis.timeline(dataset)
    # conftest: k07, Ruritania's "at least 7" drones, has no upper figure: no box, a triangle at 7.
    claims = claims[claims["claim_id"].isin(["k04", "k07"])]
    spec = ceasefire_timeline_chart.timeline_chart(dataset, analysis.durations(dataset), claims).to_dict()
    triangles = [c for c in _charts(spec) if isinstance(c.get("mark"), dict)
                 and c["mark"].get("shape") == "triangle-up"]
    assert triangles and triangles[0]["encoding"]["y"]["field"] == "low"
    rows = [row for data in spec["datasets"].values() for row in data if row.get("floor")]
    assert rows and all(row["low"] == 7 and row["high"] == 7 for row in rows), "no box above the floor"
    assert 'triangles: \\"at least\\" the figure' in json.dumps(spec), "the subtitle says what a triangle is"
    domains = {tuple(c["encoding"]["color"]["scale"]["domain"]) for c in _charts(spec)
               if c.get("encoding", {}).get("color", {}).get("field") == "group"}
    assert all("Ministry of Defence of Ruritania" in domain for domain in domains)


def test_the_static_timeline_draws_an_at_least_figure_pointing_up(other_dataset):
    from matplotlib.collections import PathCollection

    from warclaims.charts import ceasefire_timeline

    dataset = warclaims.load(other_dataset)
    claims = analysis.timeline(dataset)
    claims = claims[claims["claim_id"].isin(["k04", "k07"])]
    figure = ceasefire_timeline.timeline_figure(dataset, analysis.durations(dataset), claims)
    legend_texts = [t.get_text() for ax in figure.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert any('"at least" the figure' in text for text in legend_texts)
    floors = [c for ax in figure.axes for c in ax.collections if isinstance(c, PathCollection)
              and len(c.get_offsets()) and 7 in c.get_offsets()[:, 1]]
    assert floors, "a marker at 7, the floor"
