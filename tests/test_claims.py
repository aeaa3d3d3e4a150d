"""Casualty claims: figures, timelines, as-of views, comparisons, silences, revisions, formatting, charts.

Most tests build a few claims by hand (see ``world``) so that each expectation can be checked by
reading the test; a few run on the bundled dataset or on the fictional ``other_dataset`` fixture.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import warclaims
from warclaims import analysis, params, quantities
from warclaims.text import summaries, words
from warclaims.dates import parse_when, zone
from warclaims.checks import ParameterError


def compared(*args, **kwargs):
    """A comparison with its difference and ratio in words, as a report shows it."""
    return summaries.comparison(analysis.compare(*args, **kwargs))


def compared_all(*args, **kwargs):
    return summaries.comparison(analysis.compare_all(*args, **kwargs))

TZ = "+04:00"


# -- a small world, built by hand --------------------------------------------------------------------
def _when(text: str, precision: str):
    start, end, ok = parse_when(pd.Series([text]), pd.Series([precision]), zone(TZ))
    assert ok.iloc[0], text
    return start.iloc[0], end.iloc[0]


def claim(claim_id, *, figure_id=None, source="s1", claimant="gov_a", side="side_a", metric="killed",
          population="military", low=None, best=None, high=None, qualifier="exact", term="", as_of="2020-10-09",
          precision="day", cumulative=True, quote=None, status="reported", supersedes=""):
    """One claims.csv row, typed as warclaims.load types it."""
    if qualifier == "exact" and best is not None:
        low = low if low is not None else best
        high = high if high is not None else best
    start, end = _when(as_of, precision)
    return {
        "claim_id": claim_id, "figure_id": figure_id or claim_id, "source_id": source, "claimant": claimant,
        "subject_side": side, "metric": metric, "population": population,
        "value_low": low, "value_best": best, "value_high": high, "qualifier": qualifier, "vague_term": term,
        "as_of": start, "as_of_end": end, "as_of_text": as_of, "as_of_precision": precision,
        "as_of_basis": "stated", "as_of_note": "", "cumulative": cumulative,
        "quote": quote or f"quote of {claim_id}", "quote_start": 0, "status": status, "supersedes": supersedes,
        "notes": "",
    }


def world(*rows, sources=None) -> warclaims.Dataset:
    """A dataset in UTC+4 built in memory: two camps (a, b), their actors, three sources, these claims."""
    claims_frame = pd.DataFrame(list(rows))
    for column in ("value_low", "value_best", "value_high"):
        claims_frame[column] = claims_frame[column].astype("Int64")
    claims_frame["cumulative"] = claims_frame["cumulative"].astype("boolean")
    published = sources or [("s1", "Daily A", "2020-10-10"), ("s2", "", "2020-10-11"), ("s3", "Wire C", "2020-10-25")]
    source_rows = []
    for source_id, outlet, day in published:
        start, end = _when(day, "day")
        source_rows.append({"source_id": source_id, "title": f"Title {source_id}", "outlet": outlet,
                            "published": start, "published_end": end, "published_text": day})
    tables = {
        "claims": claims_frame,
        "sources": pd.DataFrame(source_rows),
        "actors": pd.DataFrame([
            {"actor_id": "gov_a", "name": "Government of A", "side": "side_a", "kind": "government"},
            {"actor_id": "army_a", "name": "Army of A", "side": "side_a", "kind": "military"},
            {"actor_id": "gov_b", "name": "Government of B", "side": "side_b", "kind": "government"},
            {"actor_id": "observer", "name": "Observer mission", "side": "neutral", "kind": "igo"},
            {"actor_id": "reporting_outlet", "name": "The source itself", "side": "neutral", "kind": "media"},
            {"actor_id": "nobody", "name": "Unnamed claimant", "side": "neutral", "kind": "unattributed"},
        ]),
        "sides": pd.DataFrame([
            {"side_id": "side_a", "name": "Side A", "camp": "camp_a"},
            {"side_id": "side_b", "name": "Side B", "camp": "camp_b"},
            {"side_id": "neutral", "name": "Neutral", "camp": "others"},
        ]),
        "camps": pd.DataFrame([
            {"camp_id": "camp_a", "name": "A's camp", "belligerent": True},
            {"camp_id": "camp_b", "name": "B's camp", "belligerent": True},
            {"camp_id": "others", "name": "Others", "belligerent": False},
        ]),
        "metrics": pd.DataFrame([
            {"metric_id": "killed", "name": "Killed", "unit": "people"},
            {"metric_id": "wounded", "name": "Wounded", "unit": "people"},
        ]),
        "vague_terms": pd.DataFrame([
            {"term": "dozens", "low": 24, "high": 99, "reasoning": "."},
            {"term": "hundreds", "low": 200, "high": 999, "reasoning": "."},
        ]),
    }
    return warclaims.Dataset(Path("."), {"warclaims:timezone": TZ}, tables)


def one(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"expected one row where {where}, found {len(rows)}"
    return rows.iloc[0]


# -- figures -------------------------------------------------------------------------------------------
class TestFigures:
    def test_a_figure_reported_by_several_sources_counts_once(self):
        data = world(claim("c1", figure_id="f", source="s1", best=40, quote="forty dead"),
                     claim("c2", figure_id="f", source="s2", best=40, quote="40 were killed"))
        figures = analysis.figures(data)
        assert len(figures) == 1
        figure = figures.iloc[0]
        assert figure["n_sources"] == 2
        assert figure["sources"] == ["s1", "s2"]
        assert figure["quotes"] == ["forty dead", "40 were killed"]

    def test_the_attributed_claimant_wins_over_an_unattributed_report(self):
        # The unattributed report comes first and earlier; the named claimant is still the claimant.
        data = world(claim("c1", figure_id="f", source="s1", claimant="nobody", best=61, quote="61 were reported dead"),
                     claim("c2", figure_id="f", source="s2", claimant="gov_b", side="side_b", best=61,
                           quote="B said 61 died"))
        figure = analysis.figures(data).iloc[0]
        assert figure["claimant"] == "gov_b"
        assert figure["claimant_name"] == "Government of B"
        assert figure["quote"] == "B said 61 died"
        assert figure["source_id"] == "s2"
        assert figure["sources"] == ["s2", "s1"]  # the claimant's source first

    def test_the_article_own_voice_yields_to_a_named_claimant(self):
        data = world(claim("c1", figure_id="f", source="s1", claimant="reporting_outlet", best=5),
                     claim("c2", figure_id="f", source="s2", claimant="observer", best=5))
        assert analysis.figures(data).iloc[0]["claimant"] == "observer"

    def test_without_a_named_claimant_the_first_report_is_kept(self):
        data = world(claim("c1", figure_id="f", source="s2", claimant="nobody", best=5),
                     claim("c2", figure_id="f", source="s1", claimant="nobody", best=5))
        # s1 was published before s2.
        assert analysis.figures(data).iloc[0]["claim_id"] == "c2"

    def test_an_empty_outlet_reads_outlet_not_named(self):
        data = world(claim("c1", figure_id="f", source="s2", best=5), claim("c2", figure_id="f", source="s3", best=5))
        figure = analysis.figures(data).iloc[0]
        assert figure["outlet"] == "outlet not named"
        assert figure["outlets"] == ["outlet not named", "Wire C"]

    def test_claimant_and_subject_camps_come_from_the_sides_table(self):
        data = world(claim("c1", claimant="gov_a", side="side_b", best=100),
                     claim("c2", claimant="observer", side="both", best=7))
        figures = analysis.figures(data)
        claimed_by_a = one(figures, claim_id="c1")
        assert (claimed_by_a["claimant_camp"], claimed_by_a["subject_camp"]) == ("camp_a", "camp_b")
        assert claimed_by_a["subject_camp_name"] == "B's camp"
        both = one(figures, claim_id="c2")
        assert (both["subject_side_name"], both["subject_camp_name"]) == ("Both sides", "Both sides")

    def test_a_vague_figure_stays_a_range(self):
        data = world(claim("c1", low=200, high=999, qualifier="vague", term="hundreds"))
        figure = analysis.figures(data).iloc[0]
        assert pd.isna(figure["value_best"])
        assert figure["display"] == "200\u2013999 ('hundreds')"

    def test_local_date_labels_follow_the_precision(self):
        data = world(claim("c1", best=1, as_of="2020-10-09"), claim("c2", best=1, as_of="2020-07", precision="month"))
        figures = analysis.figures(data)
        assert one(figures, claim_id="c1")["as_of_label"] == "9 Oct 2020"
        assert one(figures, claim_id="c2")["as_of_label"] == "Jul 2020"

    def test_a_plain_mapping_of_frames_works_too(self):
        frames = dict(world(claim("c1", figure_id="f", best=40), claim("c2", figure_id="f", source="s2", best=40)).tables)
        figures = analysis.figures(frames)
        assert list(figures["n_sources"]) == [2]
        assert list(analysis.timeline(frames, metrics=["killed"])["figure_id"]) == ["f"]

    def test_another_conflict_uses_its_own_vocabulary(self, other_dataset: Path):
        dataset = warclaims.load(other_dataset)
        figures = analysis.figures(dataset)
        kravonia = one(figures, figure_id="f_kr_killed")
        assert kravonia["claimant"] == "kravonia_gov"  # k11 repeats it without a claimant
        assert kravonia["subject_camp_name"] == "Kravonian side"
        assert kravonia["n_sources"] == 2
        # Every side of its sides.csv, and the two the contract adds; nothing from the bundled war.
        assert set(analysis.choices(dataset)["subject_sides"]) == {"ruritania", "kravonia", "red_cross", "press",
                                                                   "nobody", "both", "unknown"}
        assert "drones_downed" in analysis.choices(dataset)["metrics"]


# -- timeline ------------------------------------------------------------------------------------------
class TestTimeline:
    def test_sorted_by_date_then_claimant_with_the_contract_columns(self):
        data = world(claim("c1", claimant="gov_b", side="side_b", best=3, as_of="2020-10-12"),
                     claim("c2", claimant="gov_b", side="side_b", best=2, as_of="2020-10-09"),
                     claim("c3", claimant="army_a", best=1, as_of="2020-10-12"))
        timeline = analysis.timeline(data)
        assert list(timeline["claim_id"]) == ["c2", "c3", "c1"]
        required = {"figure_id", "as_of", "as_of_end", "as_of_precision", "claimant", "claimant_name", "subject_side",
                    "subject_camp", "metric", "population", "value_low", "value_best", "value_high", "qualifier",
                    "vague_term", "source_id", "outlet", "quote", "status", "n_sources"}
        assert required <= set(timeline.columns)

    def test_string_bounds_cover_whole_local_days(self):
        data = world(*(claim(f"c{day}", best=day, as_of=f"2020-10-{day:02d}") for day in (8, 9, 10, 11)))
        kept = analysis.timeline(data, start="2020-10-09", end="2020-10-10")["claim_id"]
        assert list(kept) == ["c9", "c10"]

    def test_timestamp_bounds_are_instants(self):
        data = world(claim("c9", best=1, as_of="2020-10-09"), claim("c10", best=1, as_of="2020-10-10"))
        # 10 October starts at 2020-10-09T20:00Z in UTC+4; an end just before it leaves that day out.
        kept = analysis.timeline(data, end=pd.Timestamp("2020-10-09T19:59Z"))["claim_id"]
        assert list(kept) == ["c9"]
        naive_local = analysis.timeline(data, start=pd.Timestamp("2020-10-10 00:00"))["claim_id"]
        assert list(naive_local) == ["c10"]

    def test_a_month_precision_figure_overlaps_a_day_in_it(self):
        data = world(claim("c1", best=1, as_of="2020-10", precision="month"))
        assert len(analysis.timeline(data, start="2020-10-15", end="2020-10-15")) == 1
        assert len(analysis.timeline(data, start="2020-11-01")) == 0

    def test_filters_keep_only_the_listed_values(self):
        data = world(claim("c1", best=1, metric="killed"), claim("c2", best=2, metric="wounded"),
                     claim("c3", best=3, claimant="gov_b", side="side_b"))
        assert list(analysis.timeline(data, metrics=["wounded"])["claim_id"]) == ["c2"]
        assert list(analysis.timeline(data, claimants=["gov_b"])["claim_id"]) == ["c3"]
        assert list(analysis.timeline(data, subject_sides=["side_a"], metrics=["killed"])["claim_id"]) == ["c1"]
        assert len(analysis.timeline(data, metrics=[])) == 3

    def test_an_unknown_filter_value_lists_the_valid_choices(self):
        data = world(claim("c1", best=1))
        with pytest.raises(ParameterError, match="unknown value.*'deaths'.*valid choices: killed, wounded"):
            analysis.timeline(data, metrics=["deaths"])

    def test_vague_figures_can_be_left_out(self):
        data = world(claim("c1", best=5), claim("c2", low=24, high=99, qualifier="vague", term="dozens"))
        assert len(analysis.timeline(data)) == 2
        assert list(analysis.timeline(data, include_vague=False)["claim_id"]) == ["c1"]

    def test_a_corrected_figure_leaves_the_timeline_once_corrected(self):
        data = world(claim("c1", best=30, as_of="2020-10-09"),
                     claim("c2", best=28, as_of="2020-10-12", source="s3", supersedes="c1"))
        assert list(analysis.timeline(data)["claim_id"]) == ["c2"]
        assert list(analysis.timeline(data, include_superseded=True)["claim_id"]) == ["c1", "c2"]
        # Before the correction was made, the original stands.
        assert list(analysis.timeline(data, end="2020-10-10")["claim_id"]) == ["c1"]

    def test_undisclosed_rows_carry_no_number(self):
        data = world(claim("c1", qualifier="undisclosed"))
        row = analysis.timeline(data).iloc[0]
        assert row["display"] == "not disclosed"
        assert all(pd.isna(row[c]) for c in ("value_low", "value_best", "value_high"))


# -- as-of view ------------------------------------------------------------------------------------------
class TestAsOfView:
    def test_the_latest_figure_of_each_claimant_as_of_a_date(self):
        data = world(claim("c1", best=376, as_of="2020-10-09"), claim("c2", best=729, as_of="2020-10-19", source="s3"),
                     claim("c3", claimant="gov_b", side="side_b", best=61, as_of="2020-10-19", source="s3"))
        assert list(analysis.as_of_view(data, "2020-10-15")["value_best"]) == [376]
        latest = analysis.as_of_view(data)
        assert sorted(latest["value_best"]) == [61, 729]

    def test_a_figure_dated_that_day_counts(self):
        data = world(claim("c1", best=1, as_of="2020-10-15"), claim("c2", best=2, as_of="2020-10-16"))
        assert list(analysis.as_of_view(data, "2020-10-15")["claim_id"]) == ["c1"]

    def test_separate_rows_per_subject_side_metric_and_population(self):
        data = world(claim("c1", best=1), claim("c2", best=2, population="civilian"), claim("c3", best=3, metric="wounded"),
                     claim("c4", best=4, side="side_b"))
        assert len(analysis.as_of_view(data)) == 4

    def test_repeated_reports_do_not_double_count(self):
        data = world(claim("c1", figure_id="f", best=40, source="s1"), claim("c2", figure_id="f", best=40, source="s2"))
        view = analysis.as_of_view(data)
        assert len(view) == 1 and view.iloc[0]["n_sources"] == 2

    def test_a_correction_replaces_the_figure_it_corrects(self):
        # Same date, so only `supersedes` can tell which one stands.
        data = world(claim("c1", best=30, source="s2"), claim("c2", best=28, source="s1", supersedes="c1"))
        assert list(analysis.as_of_view(data)["value_best"]) == [28]

    def test_retracted_figures_drop_out(self):
        data = world(claim("c1", best=30, as_of="2020-10-09"), claim("c2", best=99, as_of="2020-10-12", status="retracted"))
        assert list(analysis.as_of_view(data)["value_best"]) == [30]

    def test_an_articles_own_voice_is_that_articles_not_one_series_across_articles(self):
        """Two articles each saying "hundreds were killed" in their own voice: two speakers, both kept,
        each named by its article; a real claimant's later figure still replaces its earlier one."""
        data = world(claim("c1", claimant="reporting_outlet", side="side_a", low=200, high=999, qualifier="vague",
                           term="hundreds", as_of="2020-10-05", source="s1"),
                     claim("c2", claimant="reporting_outlet", side="side_a", low=200, high=999, qualifier="vague",
                           term="hundreds", as_of="2020-10-20", source="s3"),
                     claim("c3", claimant="nobody", best=5, as_of="2020-10-06", source="s1"),
                     claim("c4", claimant="nobody", best=7, as_of="2020-10-07", source="s2"),
                     claim("c5", best=10, as_of="2020-10-05"), claim("c6", best=12, as_of="2020-10-08", source="s2"))
        view = analysis.as_of_view(data)
        assert sorted(view["claim_id"]) == ["c1", "c2", "c3", "c4", "c6"]
        names = dict(zip(view["claim_id"], view["speaker_name"]))
        assert names["c1"] == "\u201cTitle s1\u201d, in its own words" and names["c3"] == "Unnamed claimant, in \u201cTitle s1\u201d"
        assert names["c6"] == "Government of A"
        assert list(view.loc[view["claim_id"] == "c6", "claimant"]) == ["gov_a"]  # the filterable id stays the actor's

    def test_cumulative_selects_running_totals(self):
        data = world(claim("c1", best=12, as_of="2020-07", precision="month", cumulative=False),
                     claim("c2", best=300, as_of="2020-10-05"))
        assert list(analysis.as_of_view(data, cumulative=True)["value_best"]) == [300]
        assert list(analysis.as_of_view(data, "2020-08-01", cumulative=None)["value_best"]) == [12]


# -- silences --------------------------------------------------------------------------------------------
class TestUndisclosed:
    def test_a_silence_stands_until_the_claimant_gives_a_number(self):
        data = world(claim("c1", claimant="gov_b", side="side_b", qualifier="undisclosed", as_of="2020-10-09"),
                     claim("c2", claimant="gov_b", side="side_b", best=2783, as_of="2020-10-20", source="s3"))
        assert list(analysis.undisclosed(data, "2020-10-15")["claim_id"]) == ["c1"]
        assert analysis.undisclosed(data).empty

    def test_bundled_data_azerbaijan_has_not_disclosed_military_losses(self):
        silences = analysis.undisclosed(warclaims.load())
        assert set(zip(silences["claimant"], silences["population"])) == {("azerbaijan_gov", "military")}
        assert set(silences["metric"]) == {"killed", "killed_or_wounded"}


# -- comparisons -----------------------------------------------------------------------------------------
class TestCompare:
    @staticmethod
    def view(*rows):
        return analysis.as_of_view(world(*rows))

    def test_two_exact_figures_give_a_single_difference_and_ratio(self):
        view = self.view(claim("c1", claimant="gov_a", best=61), claim("c2", claimant="army_a", best=37))
        row = compared(view, "gov_a", "army_a").iloc[0]
        assert (row["diff_low"], row["diff_high"]) == (24, 24)
        assert row["ratio_low"] == pytest.approx(61 / 37) and row["ratio_high"] == pytest.approx(61 / 37)
        assert (row["difference"], row["ratio"]) == ("24", "1.65")

    def test_a_vague_figure_makes_the_comparison_a_range(self):
        view = self.view(claim("c1", claimant="observer", low=200, high=999, qualifier="vague", term="hundreds"),
                         claim("c2", claimant="gov_a", best=376))
        row = compared(view, "observer", "gov_a").iloc[0]
        assert (row["diff_low"], row["diff_high"]) == (200 - 376, 999 - 376)
        assert row["ratio_low"] == pytest.approx(200 / 376) and row["ratio_high"] == pytest.approx(999 / 376)
        assert row["difference"] == "-176 to 623"

    def test_two_ranges_combine_as_intervals(self):
        view = self.view(claim("c1", claimant="gov_a", low=24, high=99, qualifier="vague", term="dozens"),
                         claim("c2", claimant="army_a", low=200, high=999, qualifier="vague", term="hundreds"))
        row = compared(view, "army_a", "gov_a").iloc[0]
        assert (row["diff_low"], row["diff_high"]) == (200 - 99, 999 - 24)
        assert (row["ratio_low"], row["ratio_high"]) == pytest.approx((200 / 99, 999 / 24))

    def test_a_silence_compares_to_nothing(self):
        view = self.view(claim("c1", claimant="gov_a", best=10), claim("c2", claimant="army_a", qualifier="undisclosed"))
        row = compared(view, "gov_a", "army_a").iloc[0]
        assert math.isnan(row["diff_low"]) and math.isnan(row["ratio_high"])
        assert row["ratio"] == "not disclosed"

    def test_at_least_has_no_upper_bound(self):
        view = self.view(claim("c1", claimant="gov_a", low=7, qualifier="at_least"), claim("c2", claimant="army_a", best=2))
        row = compared(view, "gov_a", "army_a").iloc[0]
        assert row["diff_low"] == 5 and math.isinf(row["diff_high"])
        assert row["ratio"] == "at least 3.50"

    def test_only_figures_for_the_same_thing_are_compared(self):
        view = self.view(claim("c1", claimant="gov_a", best=10), claim("c2", claimant="army_a", best=5, population="civilian"))
        assert compared(view, "gov_a", "army_a").empty
        across = compared(view, "gov_a", "army_a", on=("metric", "subject_side"))
        assert list(across["diff_low"]) == [5]

    def test_compare_all_lists_each_pair_once(self):
        view = self.view(claim("c1", claimant="gov_a", best=10), claim("c2", claimant="army_a", best=5),
                         claim("c3", claimant="observer", best=7))
        pairs = compared_all(view)
        assert len(pairs) == 3
        assert set(zip(pairs["a_claimant"], pairs["b_claimant"])) == {
            ("army_a", "gov_a"), ("army_a", "observer"), ("gov_a", "observer")}

    def test_compare_first_is_the_head_of_compare_all_and_counts_every_pair(self):
        """Many speakers per key (ties in ``by`` included): the first rows are compare_all's, in its order,
        and the count is its length, though compare_first makes only the pairs it returns."""
        rng = np.random.default_rng(7)
        n = 80
        view = pd.DataFrame({
            "metric": rng.choice(["killed", "wounded"], n), "population": rng.choice(["all", "civilian"], n),
            "subject_side": rng.choice(["side_a", "side_b"], n), "claimant": rng.choice(["gov_a", "army_a", "obs"], n),
            "speaker": [f"speaker{i:02d}" for i in rng.permutation(n)], "figure_id": [f"f{i}" for i in range(n)],
            "value_low": rng.integers(1, 90, n).astype(float), "qualifier": rng.choice(["exact", "undisclosed"], n)})
        view["value_best"] = view["value_low"]
        view["value_high"] = view["value_low"] + rng.integers(0, 4, n)
        for by in ("claimant", "speaker"):
            every = analysis.compare_all(view, by=by)
            assert len(every) > 100
            for limit in (0, 1, 7, 100, 10_000):
                first, total = analysis.compare_first(view, limit, by=by)
                assert total == len(every)
                pd.testing.assert_frame_equal(first, every.head(limit).reset_index(drop=True))

    def test_a_table_of_first_rows_counts_the_whole_table(self):
        from warclaims.text import tables

        page = tables.html_table(pd.DataFrame({"x": range(3)}), limit=2, left_out="comparisons", total=50).data
        assert page.count("<tr>") == 3  # the header and two rows
        assert "the first 2 of 50 comparisons; 48 more are not shown." in page


# -- revisions --------------------------------------------------------------------------------------------
class TestRevisions:
    def test_the_chain_reads_oldest_first_from_any_member(self):
        data = world(claim("c1", best=30, as_of="2020-10-09"), claim("c2", best=28, as_of="2020-10-09", supersedes="c1"),
                     claim("c3", best=27, as_of="2020-10-12", supersedes="c2"), claim("c4", best=1, metric="wounded"))
        for member in ("c1", "c2", "c3"):
            chain = analysis.revisions(data, member)
            assert list(chain["claim_id"]) == ["c1", "c2", "c3"]
        assert list(chain["current"]) == [False, False, True]
        assert list(chain["superseded_by"]) == ["c2", "c3", ""]
        assert list(analysis.revisions(data, "c4")["claim_id"]) == ["c4"]

    def test_revision_chains_lists_only_corrected_claims(self):
        data = world(claim("c1", best=30), claim("c2", best=28, supersedes="c1"), claim("c3", best=1, metric="wounded"))
        chains = analysis.revision_chains(data)
        assert [list(c["claim_id"]) for c in chains] == [["c1", "c2"]]

    def test_an_unknown_claim_is_a_key_error(self):
        with pytest.raises(KeyError, match="c9"):
            analysis.revisions(world(claim("c1", best=1)), "c9")

    def test_other_dataset_correction(self, other_dataset: Path):
        dataset = warclaims.load(other_dataset)
        assert list(analysis.revisions(dataset, "k06")["value_best"]) == [30, 28]
        view = analysis.as_of_view(dataset, claimants=["ruritania_mod"], metrics=["killed"])
        assert list(view["value_best"]) == [28]


# -- quantities -------------------------------------------------------------------------------------------
class TestQuantities:
    def test_vague_terms_map_to_the_dataset_ranges(self):
        data = world(claim("c1", best=1))
        assert quantities.vague_range("hundreds", data) == (200, 999)
        assert quantities.vague_ranges(data)["dozens"] == (24, 99)
        with pytest.raises(KeyError, match="defined terms: dozens, hundreds"):
            quantities.vague_range("scores", data)

    @pytest.mark.parametrize("low, best, high, qualifier, term, expected", [
        (729, 729, 729, "exact", "", "729"),
        (5800, 5800, 5800, "exact", "", "5,800"),
        (200, None, 999, "vague", "hundreds", "200\u2013999 ('hundreds')"),
        (None, None, None, "undisclosed", "", "not disclosed"),
        (7, None, None, "at_least", "", "at least 7"),
        (None, None, 40, "at_most", "", "at most 40"),
        (None, 150, None, "approx", "", "about 150"),
        (140, 150, 160, "approx", "", "about 150 (140\u2013160)"),
    ])
    def test_format_figure(self, low, best, high, qualifier, term, expected):
        assert words.format_figure(low, best, high, qualifier, term) == expected

    def test_bounds_never_turn_silence_into_zero(self):
        frame = pd.DataFrame({"value_low": [7, None, None, 3], "value_best": [None, None, None, 5],
                              "value_high": [None, 40, None, 9],
                              "qualifier": ["at_least", "at_most", "undisclosed", "approx"]})
        bounds = quantities.bounds(frame)
        assert bounds.loc[0, "low"] == 7 and math.isinf(bounds.loc[0, "high"])
        assert (bounds.loc[1, "low"], bounds.loc[1, "high"]) == (0, 40)
        assert bounds.loc[2].isna().all()
        assert (bounds.loc[3, "low"], bounds.loc[3, "high"]) == (3, 9)

    def test_interval_ratio_by_a_range_reaching_zero(self):
        low, high = quantities.interval_ratio([10], [20], [0], [5])
        assert low[0] == 2 and math.isinf(high[0])
        low, high = quantities.interval_ratio([10], [20], [0], [0])
        assert np.isnan(low[0]) and np.isnan(high[0])

    def test_format_interval(self):
        assert words.format_interval(3, 3) == "3"
        assert words.format_interval(0.5, 2.25, digits=2) == "0.50\u20132.25"
        assert words.format_interval(-176, 623) == "-176 to 623"
        assert words.format_interval(2, math.inf) == "at least 2"


# -- notebook parameters ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled() -> warclaims.Dataset:
    return warclaims.load()


class TestSelect:
    def test_a_string_where_a_list_is_expected(self, bundled):
        with pytest.raises(ParameterError, match="metrics must be a list"):
            params.casualty(bundled, metrics="killed")

    def test_an_unknown_claimant_lists_the_claimants(self, bundled):
        with pytest.raises(ParameterError, match="claimants: unknown value.*'putin'.*valid choices: armenia_gov"):
            params.casualty(bundled, claimants=["putin"])

    def test_dates_are_checked(self, bundled):
        with pytest.raises(ParameterError, match="is after end_date"):
            params.casualty(bundled, start_date="2020-10-20", end_date="2020-10-01")
        with pytest.raises(ParameterError, match="as_of: '15 October' is not a date"):
            params.casualty(bundled, as_of="15 October")

    def test_include_vague_must_be_a_boolean(self, bundled):
        with pytest.raises(ParameterError, match="include_vague must be true or false"):
            params.casualty(bundled, include_vague="false")

    def test_as_of_ends_the_timeline(self, bundled):
        selection = params.casualty(bundled, as_of="2020-10-15", metrics=["killed"])
        timeline = selection.timeline()
        assert timeline["as_of"].max() < pd.Timestamp("2020-10-15T20:00Z")
        assert selection.as_of_text == "2020-10-15"
        assert "as_of = '2020-10-15'" in selection.describe()

    def test_bundled_running_totals_of_the_armenian_side(self, bundled):
        running, episodes = analysis.split_cumulative(params.casualty(bundled, metrics=["killed"]).timeline())
        own = summaries.own_losses(running, bundled)
        armenian = one(own, subject_camp="armenian", population="military")
        assert (armenian["first"], armenian["last"]) == ("376", "729")
        assert armenian["sequence"].startswith("376 (9 Oct 2020, Government of Armenia) \u2192 729 (19 Oct 2020")
        assert list(episodes["as_of_label"]) == []  # the July clash counts 'killed or wounded'


# -- charts ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def other(tmp_path_factory) -> warclaims.Dataset:
    """The fictional dataset of conftest.py, loaded once for the chart tests."""
    from conftest import write_other_dataset

    return warclaims.load(write_other_dataset(tmp_path_factory.mktemp("charts") / "data"))


class TestCharts:
    def test_a_dotted_line_joins_one_claimants_figures_about_one_side_only(self, bundled):
        """Armenia's 376 (its losses) and Artsakh's 729 (Artsakh's) are two series, not one that doubled."""
        from warclaims.charts import casualty_timeline

        running, _ = analysis.split_cumulative(params.casualty(bundled, metrics=["killed"]).timeline())
        figure = casualty_timeline.timeline_figure(bundled, running)
        series = {}
        for _, row in running[running["qualifier"] == "exact"].iterrows():
            series.setdefault((row["speaker"], row["subject_side"], row["population"]), set()).add(float(row["value_best"]))
        dotted = [line for ax in figure.axes for line in ax.get_lines() if line.get_linestyle() == ":" and len(line.get_ydata()) > 1]
        for line in dotted:
            values = {float(v) for v in line.get_ydata()}
            assert any(values <= members for members in series.values()), values
        assert not any({376.0, 729.0} <= {float(v) for v in line.get_ydata()} for line in dotted)

    def test_matplotlib_figures_have_title_axis_units_and_source_line(self, other):
        from warclaims.charts import casualty_timeline

        figure = casualty_timeline.timeline_figure(other, analysis.timeline(other))
        texts = [t.get_text() for t in figure.texts]
        # Casualties and drones downed are two kinds of metric: the title names neither.
        assert texts[0] == "Claims over time, by claimant"
        only_casualties = analysis.timeline(other, metrics=["killed", "wounded"])
        assert casualty_timeline.timeline_figure(other, only_casualties).texts[0].get_text() == "Casualty claims over time, by claimant"
        assert any(t.startswith("Source: warclaims dataset warclaims-ruritania-kravonia-2019") for t in texts)
        labels = [ax.get_ylabel() for ax in figure.axes]
        assert "people (log scale)" in labels and "drones (log scale)" in labels
        assert any(ax.get_ylabel() == "not\ndisclosed" for ax in figure.axes)
        # Nothing is drawn at zero: no count is 0 here, and silences live in their own strip.
        for ax in figure.axes:
            for line in ax.get_lines():
                if ax.get_ylabel() != "not\ndisclosed":
                    assert all(y > 0 for y in line.get_ydata()), ax.get_title()

    def test_as_of_figure_shows_silences_as_words(self, other):
        from warclaims.charts import casualty_as_of

        figure = casualty_as_of.as_of_figure(other, analysis.as_of_view(other), as_of_text="2019-03-10")
        texts = [t.get_text() for ax in figure.axes for t in ax.texts] + [t.get_text() for t in figure.texts]
        assert "not disclosed" in texts
        assert any(t.startswith("Where the claims stood, as of 10 March 2019") for t in texts)

    def test_altair_tooltips_legend_selection_and_no_zero_for_silence(self, other):
        from warclaims.charts import casualty_timeline_chart

        spec = casualty_timeline_chart.timeline_chart(other, analysis.timeline(other)).to_dict()
        assert spec["params"][0]["bind"] == "legend"
        assert spec["params"][0]["select"]["fields"] == ["claimant_name"]
        rows = next(iter(spec["datasets"].values()))
        silent = [r for r in rows if r["kind"] == "undisclosed"]
        assert silent and all(r["y"] is None and r["low"] is None for r in silent)
        tooltip_fields = set()

        def collect(node):
            if isinstance(node, dict):
                if "tooltip" in node and isinstance(node["tooltip"], list):
                    tooltip_fields.update(t["field"] for t in node["tooltip"])
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for value in node:
                    collect(value)

        collect(spec)
        assert {"speaker_name", "outlet", "as_of_label", "quote"} <= tooltip_fields
        assert spec["title"]["text"].startswith("Source: warclaims dataset")

    def test_altair_charts_compile(self, other):
        import vl_convert

        from warclaims.charts import casualty_as_of, casualty_timeline_chart

        for chart in (casualty_timeline_chart.timeline_chart(other, analysis.timeline(other)),
                      casualty_as_of.as_of_chart(other, analysis.as_of_view(other))):
            svg = vl_convert.vegalite_to_svg(chart.to_dict())
            assert "<svg" in svg and "not disclosed" in svg

    def test_empty_frames_are_refused(self, other):
        from warclaims.charts import casualty_timeline

        with pytest.raises(ValueError, match="no figures to draw"):
            casualty_timeline.timeline_figure(other, analysis.timeline(other).iloc[0:0])

    def test_claimant_colours_are_stable_and_grouped_by_camp(self, other):
        import matplotlib.colors as mcolors

        from warclaims.charts import style

        palette = style.claimant_palette(other)
        assert palette == style.claimant_palette(other)
        hue = {c: mcolors.rgb_to_hsv(mcolors.to_rgb(v))[0] for c, v in palette.items()}
        saturation = {c: mcolors.rgb_to_hsv(mcolors.to_rgb(v))[1] for c, v in palette.items()}
        assert abs(hue["ruritania_mod"] - hue["kravonia_gov"]) > 0.2  # two camps, two families
        assert saturation["reporting_outlet"] < 0.05 and saturation["unattributed"] < 0.05  # nobody: grey

    def test_tables_escape_text_from_the_data(self, other):
        from warclaims.text import tables

        html = tables.html_table(tables.table(analysis.timeline(other), "figures")).data
        assert "&lt;script&gt;alert('not code')&lt;/script&gt;" in html
        assert "<script>" not in html


def test_every_bad_notebook_parameter_is_named_at_once():
    dataset = warclaims.load()
    with pytest.raises(ParameterError) as raised:
        params.casualty(dataset, metrics=["no_such_metric"], claimants=["nobody"], as_of="not a date",
                        include_vague="false")
    message = str(raised.value)
    for name in ("metrics", "claimants", "as_of", "include_vague"):
        assert message.count(f"{name}") >= 1
    assert len(message.splitlines()) == 4


def test_the_ceasefire_notebook_parameters_are_checked_the_same_way():
    dataset = warclaims.load()
    with pytest.raises(ParameterError) as raised:
        params.ceasefires(dataset, ceasefires=["cf_nope"], duration_unit="weeks", start_date="2020-13")
    lines = str(raised.value).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("ceasefires: unknown value(s) 'cf_nope'")
    assert any(line.startswith("duration_unit: unknown value 'weeks'") for line in lines)
    chosen = params.ceasefires(dataset, ceasefires=["cf1994"], start_date="2020-10-01")
    assert chosen.ceasefire_ids == ["cf1994"] and list(chosen.durations()["ceasefire_id"]) == ["cf1994"]
    assert chosen.window_start == pd.Timestamp("2020-09-30T20:00Z") and chosen.window_end is None


@pytest.mark.parametrize("parameters, words", [
    ({"metrics": ["deaths"]}, ["metrics: unknown value(s) 'deaths'", "valid choices: captured,", "killed_or_wounded"]),
    ({"claimants": ["putin"]}, ["claimants: unknown value(s) 'putin'", "valid choices: armenia_gov,"]),
    ({"start_date": "2020-10-20", "end_date": "2020-10-01"}, ["start_date '2020-10-20' is after end_date '2020-10-01'"]),
    ({"as_of": "19 October"}, ["as_of: '19 October' is not a date", "2020-10-15"]),
    ({"claimants": "armenia_gov"}, ["claimants must be a list", "found the string 'armenia_gov'"]),
], ids=["unknown-metric", "unknown-claimant", "start-after-end", "bad-date", "string-not-list"])
def test_each_bad_casualty_parameter_has_a_clear_message(parameters, words):
    with pytest.raises(ParameterError) as raised:
        params.casualty(warclaims.load(), **parameters)
    for word in words:
        assert word in str(raised.value)
