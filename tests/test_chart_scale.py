"""Casualty charts on a dataset too big to draw figure by figure: they summarise per series and time bin,
stay within the mark budget, keep every mark traceable to an exact quote, and say that they summarise."""
from __future__ import annotations

import json

import pytest

import warclaims
from warclaims import analysis, quantities
from warclaims.budget import AS_OF_CHART_ROWS, AS_OF_FIGURE_ROWS, MAX_MARKS
from warclaims.charts import casualty_as_of, casualty_marks, casualty_summary, casualty_timeline
from warclaims.charts import casualty_timeline_chart


@pytest.fixture(scope="module")
def big(synthetic_dataset):
    return warclaims.load(synthetic_dataset)


@pytest.fixture(scope="module")
def running(big):
    figures = analysis.split_cumulative(analysis.timeline(big))[0]
    assert len(figures) > MAX_MARKS  # else this file tests nothing
    return figures


def _rows(chart) -> list[list[dict]]:
    return list(chart.to_dict()["datasets"].values())


class TestTimelineSummary:
    def test_every_figure_is_counted_once(self, big, running):
        data = casualty_marks.prepare(big, running)
        summary = casualty_summary.summarise_timeline(data, MAX_MARKS)
        assert len(summary.frame) <= MAX_MARKS
        assert summary.frame["n_figures"].sum() + summary.left_out_figures == len(running)
        assert summary.n_figures == summary.frame["n_figures"].sum()

    def test_each_mark_spans_its_figures_and_quotes_its_latest(self, big, running):
        data = casualty_marks.prepare(big, running)
        frame = casualty_summary.summarise_timeline(data, MAX_MARKS).frame
        by_id = running.set_index("figure_id")
        for _, mark in frame.sample(min(len(frame), 80), random_state=2).iterrows():
            latest = by_id.loc[mark["figure_id"]]
            assert latest["quote"] == mark["quote"] and mark["quote"]
            assert latest["claimant_name"] == mark["claimant_name"]
            inside = running[(running["claimant_name"] == mark["claimant_name"])
                             & (running["metric_name"] == mark["metric_name"])
                             & (running["subject_side_name"] == mark["subject_side_name"])
                             & (running["population"] == mark["population"])
                             & (running["as_of_local"] >= mark["x_start"]) & (running["as_of_local"] < mark["x_end"])
                             & ((running["qualifier"] == "undisclosed") == (mark["kind"] == "undisclosed"))]
            assert len(inside) == mark["n_figures"]
            assert inside["as_of"].max() == latest["as_of"]
            if mark["kind"] == "summary":
                lows = quantities.bounds(inside)["low"]
                assert lows.min() == mark["low"]

    def test_the_static_and_the_interactive_chart_share_one_summary_but_not_its_marks(self, big, running,
                                                                                     monkeypatch):
        made = []
        real = casualty_summary.summarise_timeline
        monkeypatch.setattr(casualty_summary, "summarise_timeline", lambda *a: made.append(1) or real(*a))
        expected = real(casualty_marks.prepare(big, running), MAX_MARKS).frame
        first = casualty_summary.summary_for(big, running, MAX_MARKS)
        first.frame["x"] = 0  # what the static chart does to its marks
        second = casualty_summary.summary_for(big, running, MAX_MARKS)
        assert len(made) == 1, "the same frame, dataset and budget: summarised once"
        assert "x" not in second.frame and second.frame.equals(expected)
        casualty_summary.summary_for(big, running.copy(), MAX_MARKS)
        casualty_summary.summary_for(big, running, MAX_MARKS - 100)
        assert len(made) == 3, "another frame or budget is summarised anew"
        assert casualty_summary.summary_for(big, running.head(MAX_MARKS), MAX_MARKS) is None

    def test_a_tighter_budget_takes_a_coarser_bin_or_fewer_series(self, big, running):
        data = casualty_marks.prepare(big, running)
        wide = casualty_summary.summarise_timeline(data, MAX_MARKS)
        tight = casualty_summary.summarise_timeline(data, 50)
        assert len(tight.frame) <= 50
        ladder = list(casualty_summary.LADDER)
        assert ladder.index(tight.bin) >= ladder.index(wide.bin)
        if tight.left_out_series:
            assert tight.bin == ladder[-1]
            assert tight.left_out_figures > 0

    def test_bands_of_a_crowded_bin_are_fainter(self, big, running):
        data = casualty_marks.prepare(big, running)
        frame = casualty_summary.summarise_timeline(data, MAX_MARKS).frame
        marks = frame[frame["kind"] == "summary"]
        crowd = marks.groupby(["metric", "x_start"])["shade"].agg(["size", "max"])
        assert marks["shade"].between(0.04, 0.3).all()
        # Stacked, a crowded bin's bands must not add up to an opaque block.
        assert crowd.loc[crowd["size"] == crowd["size"].max(), "max"].iloc[0] < crowd.loc[crowd["size"].idxmin(), "max"]


class TestCharts:
    def test_timeline_chart_stays_within_the_budget_and_says_it_summarises(self, big, running):
        chart = casualty_timeline_chart.timeline_chart(big, running)
        rows = _rows(chart)
        assert all(len(r) <= MAX_MARKS for r in rows)
        text = json.dumps(chart.to_dict())
        assert "this chart is aggregated" in text
        marks = [row for r in rows for row in r if row.get("kind") == "summary"]
        # Each mark names its latest figure's source, never its figure id (a reader cannot look an id up).
        assert marks and all(row["quote"] and row["source_title"] for row in marks)
        # Only tooltip and encoding columns travel: no lists, no ids.
        assert not any(key in marks[0] for key in ("quotes", "claim_ids", "figure_id", "sources"))

    def test_page_weight_does_not_grow_with_the_data(self, big, running):
        import pandas as pd

        once = len(json.dumps(casualty_timeline_chart.timeline_chart(big, running).to_dict()))
        thrice = pd.concat([running] * 3, ignore_index=True)
        assert len(json.dumps(casualty_timeline_chart.timeline_chart(big, thrice).to_dict())) <= once * 1.1

    def test_timeline_figure_draws_collections_not_one_artist_per_figure(self, big, running):
        figure = casualty_timeline.timeline_figure(big, running)
        artists = sum(len(ax.collections) + len(ax.lines) + len(ax.patches) + len(ax.texts) for ax in figure.axes)
        assert artists < 100 < len(running)
        assert "aggregated" in " ".join(t.get_text() for t in figure.texts)

    def test_as_of_figure_and_chart_show_a_bounded_number_of_rows(self, big):
        view = analysis.as_of_view(big)
        assert len(view) > AS_OF_FIGURE_ROWS
        figure = casualty_as_of.as_of_figure(big, view)
        assert figure.get_size_inches()[1] * figure.dpi < 4000
        words = " ".join(t.get_text() for t in figure.texts).replace("\n", " ")
        assert f"{AS_OF_FIGURE_ROWS:,} of {len(view):,} rows shown" in words
        chart = casualty_as_of.as_of_chart(big, view)
        assert all(len(r) <= AS_OF_CHART_ROWS for r in _rows(chart))

    def test_the_bundled_dataset_is_drawn_figure_by_figure(self):
        dataset = warclaims.load()
        figures = analysis.timeline(dataset)
        chart = casualty_timeline_chart.timeline_chart(dataset, figures)
        assert "aggregated" not in json.dumps(chart.to_dict())
        drawn = {row["figure_id"] for r in _rows(chart) for row in r}
        assert drawn == set(figures["figure_id"])
