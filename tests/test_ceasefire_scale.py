"""The ceasefire charts stay within their mark budget whatever the size of the data.

Within the budget (the bundled dataset) every event is a tick and every claim a box; above it, events
are counted per ceasefire, lane and time bin, and claims per time bin and camp, each count with one
traceable example. The input is honest: a valid synthetic dataset written by
``benchmarks/make_synthetic.py`` into a temporary folder (the session's ``synthetic_dataset``: 4,000
claims, over the budget; 20,000 for the ties of one bound), and, for
events, the same dataset with its ceasefires copied (20, over :data:`MAX_CEASEFIRES`) and their
violation reports repeated on later days, so more than the budget of events is drawn. Nothing here
reads ``benchmarks/out``.
"""
from __future__ import annotations

import dataclasses
import json

import altair as alt
import pandas as pd
import pytest

import warclaims
from warclaims import analysis
from warclaims.budget import MAX_CEASEFIRES, MAX_MARKS, TOOLTIP_EVENTS
from warclaims.charts import ceasefire_durations, ceasefire_timeline, ceasefire_timeline_chart

BUDGET = MAX_MARKS
#: The largest figure, in pixels at the figure's dpi, whatever the data.
MAX_PIXELS = (1200, 2400)
#: Matplotlib artists (patches, collections, lines, texts) a figure may hold, whatever the data.
MAX_ARTISTS = 300


@pytest.fixture(scope="module")
def synthetic(synthetic_dataset):
    """4,000 claims (over 3,000 figures: well over the budget), 5 ceasefires and a few dozen events."""
    dataset = warclaims.load(synthetic_dataset)
    return dataset, analysis.durations(dataset), analysis.timeline(dataset)


def _with_many_events(dataset, copies: int = 4, repeats: int = 15):
    """The dataset with each ceasefire copied ``copies`` times (new ids and names) and each violation
    report or accusation repeated on the ``repeats`` following days (new ids, same quote, date text
    moved with it). The agreed, effective and ended events are copied unchanged, so every curated date
    is still backed by an event."""
    events, ceasefires = dataset.ceasefire_events, dataset.ceasefires
    violations = events[events["event"].isin(analysis.VIOLATION_EVENTS)]
    assert set(violations["precision"]) == {"day"}, "the fixture moves day-precision dates only"
    all_events, all_ceasefires = [], []
    for k in range(copies):
        all_ceasefires.append(ceasefires.assign(ceasefire_id=ceasefires["ceasefire_id"] + f"_{k}",
                                                name=ceasefires["name"] + f" (copy {k})"))
        all_events.append(events.assign(ceasefire_id=events["ceasefire_id"] + f"_{k}",
                                        event_id=events["event_id"] + f"_{k}"))
        for j in range(1, repeats + 1):
            shift = pd.Timedelta(days=j)
            moved = violations.assign(ceasefire_id=violations["ceasefire_id"] + f"_{k}",
                                      event_id=violations["event_id"] + f"_{k}_{j}",
                                      at=violations["at"] + shift, at_end=violations["at_end"] + shift)
            moved["at_text"] = moved["at"].dt.tz_convert(dataset.zone).dt.strftime("%Y-%m-%d")
            all_events.append(moved)
    tables = {**dataset.tables, "ceasefires": pd.concat(all_ceasefires, ignore_index=True),
              "ceasefire_events": pd.concat(all_events, ignore_index=True)}
    return dataclasses.replace(dataset, tables=tables)


@pytest.fixture(scope="module")
def many_events(synthetic):
    dataset, _, context = synthetic
    bigger = _with_many_events(dataset, repeats=30)
    return bigger, analysis.durations(bigger), context


def _spec(chart) -> dict:
    return chart.to_dict()  # raises alt.MaxRowsError beyond 5,000 rows


def _rows(spec: dict, column: str) -> list[dict]:
    return [r for rows in spec["datasets"].values() for r in rows if column in r]


def _subtitles(spec: dict) -> str:
    """Every subtitle of the spec (the ``subtitle`` of each title, at any depth), lines joined by spaces."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, dict) and "subtitle" in title:
                lines = title["subtitle"]
                found.extend([lines] if isinstance(lines, str) else lines)
            for key, value in node.items():
                if key != "datasets":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return " ".join(found)


def _artists(figure) -> int:
    return sum(len(ax.patches) + len(ax.collections) + len(ax.lines) + len(ax.texts) for ax in figure.axes)


def _pixels(figure) -> tuple[float, float]:
    width, height = figure.get_size_inches() * figure.dpi
    return width, height


# -- within the budget: unchanged ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled():
    dataset = warclaims.load()
    return dataset, analysis.durations(dataset), analysis.timeline(dataset)


class TestWithinBudget:
    def test_one_tick_per_event_and_one_box_per_claim(self, bundled):
        dataset, table, context = bundled
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context))
        ticks = _rows(spec, "event_id")
        assert sorted(r["event_id"] for r in ticks) == sorted(dataset.ceasefire_events["event_id"])
        assert not _rows(spec, "events") and not _rows(spec, "figures")
        boxes = [r for r in _rows(spec, "quote") if "event_id" not in r]
        assert len(boxes) == len(context)
        assert "more than the" not in _subtitles(spec) and "ceasefires shown" not in _subtitles(spec)

    def test_durations_draw_every_ceasefire(self, bundled):
        dataset, table, _ = bundled
        rows = _rows(_spec(ceasefire_durations.durations_chart(dataset, table)), "duration")
        assert {r["ceasefire"] for r in rows} == set(table["name"])


# -- claims over the budget ---------------------------------------------------------------------------
class TestClaimsOverBudget:
    def test_every_dataset_within_budget_and_counts_add_up(self, synthetic):
        dataset, table, context = synthetic
        assert len(context) > 5 * BUDGET
        # A window that cuts the data: the figures whose date interval reaches into it, counted here
        # with plain pandas on the chart's input (a figure dated to all of 2018 reaches into 2018-06).
        start, end = pd.Timestamp("2018-06-01T00:00+04:00"), pd.Timestamp("2020-06-01T00:00+04:00")
        expected = int(((context["as_of_end"] > start) & (context["as_of"] < end)).sum())
        assert 0 < expected < len(context)
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context, start=start, end=end))
        assert all(len(rows) <= BUDGET for rows in spec["datasets"].values())
        bins = _rows(spec, "figures")
        assert sum(r["figures"] for r in bins) == expected
        assert f"The {expected:,} claimed figures are more than the {BUDGET:,}" in _subtitles(spec)
        hidden = len(context) - expected
        assert f"{hidden:,} figures dated outside the window are not counted." in _subtitles(spec)

    def test_each_bin_has_a_traceable_example(self, synthetic):
        dataset, table, context = synthetic
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context))
        quotes = dataset.claims.set_index("claim_id")["quote"]
        bins = _rows(spec, "figures")
        assert bins
        for row in bins:
            assert quotes[row["claim_id"]] == row["quote"]  # the example is a real claim, quoted verbatim

    def test_stacks_start_at_zero_and_add_the_counts(self, synthetic):
        dataset, table, context = synthetic
        bins = [r for r in _rows(_spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context)), "figures")
                if r["status"] == "stated"]
        by_bin: dict[str, list[dict]] = {}
        for row in bins:
            assert row["y2"] - row["y"] == row["figures"]
            by_bin.setdefault(row["x"], []).append(row)
        for rows in by_bin.values():
            rows.sort(key=lambda r: r["y"])
            assert rows[0]["y"] == 0
            assert all(a["y2"] == b["y"] for a, b in zip(rows, rows[1:]))

    def test_page_does_not_grow_with_the_claims(self, synthetic):
        dataset, table, context = synthetic
        once = len(json.dumps(_spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context))))
        thrice = len(json.dumps(_spec(ceasefire_timeline_chart.timeline_chart(dataset, table, pd.concat([context] * 3)))))
        assert thrice < once * 1.05
        assert once < 600_000

    def test_a_smaller_budget_picks_a_coarser_bin(self, synthetic):
        dataset, table, context = synthetic
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context, budget=40))
        assert all(len(rows) <= 40 for rows in spec["datasets"].values())
        assert "per year" in _subtitles(spec)  # 5 years x 3 camps x 2 statuses fits 40; months do not

    def test_a_narrow_window_picks_a_fine_bin(self, synthetic):
        dataset, table, context = synthetic
        start, end = pd.Timestamp("2019-03-01T00:00Z"), pd.Timestamp("2019-03-08T00:00Z")
        week = analysis.timeline(dataset, start=start, end=end)
        assert len(week) > 15  # over the budget: counted per bin
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, week, start=start, end=end, budget=15))
        assert "per day" in _subtitles(spec) or "per hour" in _subtitles(spec)

    def test_figure_is_bounded(self, synthetic):
        dataset, table, context = synthetic
        figure = ceasefire_timeline.timeline_figure(dataset, table, context)
        more = ceasefire_timeline.timeline_figure(dataset, table, pd.concat([context] * 3))
        assert _artists(figure) == _artists(more) <= MAX_ARTISTS
        assert _pixels(figure)[0] <= MAX_PIXELS[0] and _pixels(figure)[1] <= MAX_PIXELS[1]
        assert "too many to draw one by one" in figure.texts[1].get_text().replace("\n", " ")


# -- events and ceasefires over the budget --------------------------------------------------------------
class TestEventsOverBudget:
    def test_rows_are_capped_and_say_which_parameters_choose_them(self, many_events):
        dataset, table, context = many_events
        assert len(table) == 20 > MAX_CEASEFIRES
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context))
        names = {r["name"] for r in _rows(spec, "lane")}
        assert len(names) == MAX_CEASEFIRES
        assert names == set(table["name"].head(MAX_CEASEFIRES))  # the earliest, in the window
        text = _subtitles(spec)
        assert f"{MAX_CEASEFIRES} of 20 ceasefires shown" in text
        assert "ceasefires, start_date and end_date" in text

    def test_a_window_shows_the_ceasefires_in_it(self, many_events):
        dataset, table, context = many_events
        last = table.iloc[-1]  # the copies of the last ceasefire (open: no end) are the last four rows
        start, end = last["start"] + pd.Timedelta(days=30), last["start"] + pd.Timedelta(days=60)
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context, start=start, end=end))
        names = {r["name"] for r in _rows(spec, "lane")}
        assert names == set(table["name"].tail(4))
        assert "4 of 20 ceasefires shown (the 4 in the window)" in _subtitles(spec)

    def test_ticks_count_events_with_a_verbatim_example(self, many_events):
        dataset, table, context = many_events
        # Each event is drawn at the middle of its interval, a "not after" report at its end; counted
        # here with plain pandas over a window that ends halfway through the events.
        events = dataset.ceasefire_events
        where = (events["at"] + (events["at_end"] - events["at"]) / 2).where(events["bound"] != "not_after",
                                                                             events["at_end"])
        start, end = where.min() - pd.Timedelta(days=1), where.sort_values().iloc[len(where) // 2]
        spec = _spec(ceasefire_timeline_chart.timeline_chart(dataset, table, context, start=start, end=end))
        assert all(len(rows) <= BUDGET for rows in spec["datasets"].values())
        drawn = table.loc[table["name"].isin({r["name"] for r in _rows(spec, "lane")}), "ceasefire_id"]
        mine = events["ceasefire_id"].isin(drawn)
        expected, outside = int((mine & where.between(start, end)).sum()), int((mine & ~where.between(start, end)).sum())
        assert expected > BUDGET and outside > 0
        ticks = _rows(spec, "events")
        assert ticks, "events over the budget are counted"
        assert sum(t["events"] for t in ticks) == expected
        assert f"{outside:,} events dated outside the window are not drawn." in _subtitles(spec)
        quotes = dataset.ceasefire_events.set_index("event_id")["quote"]
        for tick in ticks:
            assert quotes[tick["example_id"]] == tick["quote"]
            kinds = sum(int(part.rsplit(": ", 1)[1].replace(",", "")) for part in tick["kinds"].split(", "))
            assert kinds == tick["events"]
        assert "recorded events are more than the" in _subtitles(spec)

    def test_durations_are_capped(self, many_events):
        dataset, table, _ = many_events
        spec = _spec(ceasefire_durations.durations_chart(dataset, table))
        rows = _rows(spec, "duration")
        assert len({r["ceasefire"] for r in rows}) == MAX_CEASEFIRES
        assert f"{MAX_CEASEFIRES} of 20 ceasefires shown" in _subtitles(spec)
        figure = ceasefire_durations.durations_figure(dataset, table)
        assert _pixels(figure)[0] <= MAX_PIXELS[0] and _pixels(figure)[1] <= MAX_PIXELS[1]
        assert _artists(figure) <= MAX_ARTISTS

    def test_timeline_figure_is_bounded(self, many_events):
        dataset, table, context = many_events
        figure = ceasefire_timeline.timeline_figure(dataset, table, context)
        assert _pixels(figure)[0] <= MAX_PIXELS[0] and _pixels(figure)[1] <= MAX_PIXELS[1]
        assert _artists(figure) <= MAX_ARTISTS
        assert f"{MAX_CEASEFIRES} of 20 ceasefires shown" in figure.texts[1].get_text().replace("\n", " ")

    def test_no_max_rows_error_even_with_altair_s_own_limit(self, many_events):
        dataset, table, context = many_events
        with alt.data_transformers.enable("default", max_rows=BUDGET):
            ceasefire_timeline_chart.timeline_chart(dataset, table, pd.concat([context] * 2)).to_dict()
            ceasefire_durations.durations_chart(dataset, table).to_dict()


@pytest.fixture(scope="module")
def tied(synthetic_generator, tmp_path_factory):
    """20,000 claims (seed 0): enough violation reports that many tie on a lower bound."""
    dataset = warclaims.load(synthetic_generator.make_synthetic(tmp_path_factory.mktemp("tied") / "data", 20_000, seed=0))
    return dataset, analysis.durations(dataset)


def test_duration_tooltips_quote_a_few_tied_events_and_count_the_rest(tied):
    """Every "not after" report of a violation may set the lower bound: many ties. The tooltip quotes
    the first few and counts the others, so a bar's text does not grow with the events."""
    dataset, table = tied
    rows = next(iter(_spec(ceasefire_durations.durations_chart(dataset, table))["datasets"].values()))
    evidence = analysis.bound_evidence(dataset, table)
    lower = evidence[(evidence["measure"] == "first_violation")
                     & evidence["sets"].isin(["lower bound", "both bounds"])]
    ties = lower.groupby("name").size()
    assert ties.max() > TOOLTIP_EVENTS, "the fixture has a bound set by many tied events"
    for row in rows:
        if row["duration"] != "to first reported violation" or row["open"]:
            continue
        tied = int(ties.get(row["ceasefire"], 0))
        if tied > TOOLTIP_EVENTS:
            more = tied - TOOLTIP_EVENTS
            assert row["lower_set_by"].endswith(f"… and {more:,} more events that set it equally")
            quoted = lower[lower["name"] == row["ceasefire"]].head(TOOLTIP_EVENTS)
            assert all(f"“{q}”" in row["lower_set_by"] for q in quoted["quote"])
        else:
            assert "more events" not in row["lower_set_by"]
