"""Ceasefire durations: intervals from precisions, offsets and bounds, every bound traceable to a quote.

Expected values are worked out by hand from the dates as written (local midnight, midday, ...), not
taken from the code's output.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

import warclaims
from warclaims import analysis
from warclaims.analysis import ceasefires as ceasefire_analysis
from warclaims.text import ceasefires as ceasefire_text
from warclaims import budget
from warclaims.charts import ceasefire_durations, ceasefire_moments, ceasefire_timeline, ceasefire_timeline_chart, export
from warclaims.checks import ParameterError
from warclaims.dataset import DatasetError
from warclaims.dates import parse_when, zone

DATA = Path(__file__).resolve().parents[1] / "data"
H = pd.Timedelta(hours=1)
DAY = pd.Timedelta(days=1)
NaT = pd.NaT


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def _when(text: str, precision: str, tz: str):
    start, end, ok = parse_when(pd.Series([text]), pd.Series([precision]), zone(tz))
    assert ok.iloc[0], f"test data {text!r} does not parse at {precision}"
    return start.iloc[0], end.iloc[0]


def ceasefire(cid="cf1", *, agreed=None, effective=None, ended=None, ended_bound="on", tz="+04:00") -> dict:
    """A typed ceasefires row; each date is (text, precision) as a coder would write it."""
    row = {"ceasefire_id": cid, "name": f"Ceasefire {cid}", "kind": "humanitarian", "end_type": "collapsed",
           "ended_bound": ended_bound if ended else ""}
    for column, value in (("agreed_at", agreed), ("effective_at", effective), ("ended_at", ended)):
        text, precision = value or ("", "")
        start, end = _when(text, precision, tz) if value else (NaT, NaT)
        row.update({column: start, f"{column}_end": end, f"{column}_text": text,
                    column.replace("_at", "_precision"): precision})
    return row


def event(event_id, kind, text, precision, *, bound="on", cid="cf1", tz="+04:00", quote=None) -> dict:
    start, end = _when(text, precision, tz)
    return {"event_id": event_id, "ceasefire_id": cid, "event": kind, "at": start, "at_end": end, "at_text": text,
            "precision": precision, "bound": bound, "quote": quote or f"quote of {event_id}"}


def compute(ceasefires: list[dict], events: list[dict], **kwargs) -> pd.DataFrame:
    columns = ["event_id", "ceasefire_id", "event", "at", "at_end", "at_text", "precision", "bound", "quote"]
    table = ceasefire_analysis.compute_durations(pd.DataFrame(ceasefires), pd.DataFrame(events, columns=columns), **kwargs)
    return table.set_index("ceasefire_id")


def one(ceasefire_row: dict, events: list[dict], **kwargs) -> pd.Series:
    return compute([ceasefire_row], events, **kwargs).iloc[0]


MIDDAY = ("2020-10-10T12:00+04:00", "hour")  # 08:00-09:00 UTC


class TestPrecisionArithmetic:
    def test_day_precision_end_after_hour_precision_start(self):
        # Effective 12:00-13:00 local on 10 Oct; ended some time on 12 Oct (local day 00:00-24:00).
        row = one(ceasefire(effective=MIDDAY, ended=("2020-10-12", "day")),
                  [event("e1", "effective", *MIDDAY), event("e2", "ended", "2020-10-12", "day")])
        # Earliest: 12 Oct 00:00 - 10 Oct 13:00 = 35 h. Latest: 13 Oct 00:00 - 10 Oct 12:00 = 60 h.
        assert row["end_low"] == 35 * H
        assert row["end_high"] == 60 * H
        assert not row["end_open"]

    def test_hour_precision_violation_after_day_precision_start(self):
        row = one(ceasefire(effective=("2020-10-10", "day")),
                  [event("e1", "violation_reported", "2020-10-11T06:00+04:00", "hour")])
        # Earliest: 11 Oct 06:00 - 11 Oct 00:00 = 6 h. Latest: 11 Oct 07:00 - 10 Oct 00:00 = 31 h.
        assert (row["violation_low"], row["violation_high"]) == (6 * H, 31 * H)

    def test_violation_within_the_start_interval_has_zero_lower_bound(self):
        # Reported "on 10 October": it may have come the minute the ceasefire began at midday.
        row = one(ceasefire(effective=MIDDAY), [event("e1", "violation_reported", "2020-10-10", "day")])
        assert row["violation_low"] == pd.Timedelta(0)
        assert row["violation_high"] == 12 * H  # 11 Oct 00:00 - 10 Oct 12:00

    def test_minute_precision_is_narrow(self):
        row = one(ceasefire(effective=("2020-10-10T12:00+04:00", "minute")),
                  [event("e1", "violation_reported", "2020-10-10T12:05+04:00", "minute")])
        assert (row["violation_low"], row["violation_high"]) == (pd.Timedelta(minutes=4), pd.Timedelta(minutes=6))

    def test_year_precision_start_spans_the_whole_year(self):
        row = one(ceasefire(effective=("1994", "year"), ended=("2020-09-27", "day")),
                  [event("e1", "ended", "2020-09-27", "day")])
        assert row["end_low"] == ts("2020-09-27T00:00+04:00") - ts("1995-01-01T00:00+04:00")
        assert row["end_high"] == ts("2020-09-28T00:00+04:00") - ts("1994-01-01T00:00+04:00")


class TestOffsets:
    def test_times_in_different_offsets_compare_in_utc(self):
        # 12:30 in Moscow (UTC+3) is 13:30 in Baku (UTC+4): 30 minutes after a Baku midday start ended.
        row = one(ceasefire(effective=MIDDAY),
                  [event("e1", "violation_reported", "2020-10-10T12:30+03:00", "minute")])
        assert row["violation_low"] == pd.Timedelta(minutes=30)   # 09:30 UTC - 09:00 UTC
        assert row["violation_high"] == pd.Timedelta(minutes=91)  # 09:31 UTC - 08:00 UTC

    def test_same_wall_clock_in_an_earlier_offset_is_later(self):
        row = one(ceasefire(effective=MIDDAY),
                  [event("e1", "violation_reported", "2020-10-10T12:00+03:00", "hour")])
        assert (row["violation_low"], row["violation_high"]) == (pd.Timedelta(0), 2 * H)

    def test_date_only_values_are_local_days_of_the_dataset_timezone(self):
        # An hour-precision start in UTC+4 and a date-only end in a dataset whose local time is UTC+3.
        row = one(ceasefire(effective=MIDDAY, ended=("2020-10-12", "day"), tz="+03:00"),
                  [event("e2", "ended", "2020-10-12", "day", tz="+03:00")])
        # The 12th runs 21:00 UTC on the 11th to 21:00 UTC on the 12th: one hour later than in UTC+4.
        assert (row["end_low"], row["end_high"]) == (36 * H, 61 * H)


class TestNotAfter:
    def test_not_after_violation_may_be_immediate(self):
        row = one(ceasefire(effective=MIDDAY),
                  [event("e1", "accusation", "2020-10-12", "day", bound="not_after")])
        assert row["violation_low"] == pd.Timedelta(0)
        assert row["violation_high"] == 60 * H  # 13 Oct 00:00 - 10 Oct 12:00
        assert row["first_violation"] == ts("2020-10-10T08:00Z")  # the start, not the 12th

    def test_not_after_end_has_zero_lower_bound(self):
        row = one(ceasefire(effective=MIDDAY, ended=("2020-10-12", "day"), ended_bound="not_after"),
                  [event("e2", "ended", "2020-10-12", "day", bound="not_after")])
        assert (row["end_low"], row["end_high"]) == (pd.Timedelta(0), 60 * H)
        assert row["end_bound"] == "not_after"
        assert row["end_low_ids"] == ("e2",)

    def test_not_after_and_dated_violations_combine(self):
        # A dated report on the 11th and an undated one "by the 14th": the first came by the 11th.
        row = one(ceasefire(effective=MIDDAY),
                  [event("late", "accusation", "2020-10-14", "day", bound="not_after"),
                   event("dated", "violation_reported", "2020-10-11", "day")])
        assert row["violation_low"] == pd.Timedelta(0)
        assert row["violation_high"] == 36 * H  # 12 Oct 00:00 - 10 Oct 12:00
        assert row["violation_low_ids"] == ("late",)
        assert row["violation_high_ids"] == ("dated",)


class TestFirstViolation:
    def test_earliest_wins_whatever_the_row_order(self):
        row = one(ceasefire(effective=MIDDAY),
                  [event("b", "violation_reported", "2020-10-15", "day"),
                   event("a", "violation_reported", "2020-10-11", "day"),
                   event("c", "violation_reported", "2020-10-13", "day")])
        assert row["violation_low"] == 11 * H  # 11 Oct 00:00 - 10 Oct 13:00
        assert row["violation_high"] == 36 * H
        assert row["violation_low_ids"] == row["violation_high_ids"] == ("a",)
        assert row["violation_ids"] == ("a", "b", "c")

    def test_accusations_count_as_reported_violations_by_default(self):
        events = [event("acc", "accusation", "2020-10-11", "day"),
                  event("rep", "violation_reported", "2020-10-13", "day")]
        default = one(ceasefire(effective=MIDDAY), events)
        assert default["violation_high_ids"] == ("acc",)
        assert default["violation_kinds"] == "violation_reported|accusation"
        strict = one(ceasefire(effective=MIDDAY), events, violation_events=("violation_reported",))
        assert strict["violation_high_ids"] == ("rep",)
        assert strict["violation_kinds"] == "violation_reported"
        assert strict["violation_low"] == 59 * H  # 13 Oct 00:00 - 10 Oct 13:00

    def test_other_event_kinds_are_not_violations(self):
        row = one(ceasefire(effective=MIDDAY), [event("p", "proposed", "2020-10-11", "day"),
                                                event("e", "ended", "2020-10-11", "day")])
        assert row["violation_open"]
        assert row["violation_ids"] == ()

    def test_accusation_before_the_start_is_excluded_and_listed(self):
        row = one(ceasefire(effective=MIDDAY),
                  [event("old", "accusation", "2020-10-08", "day"),
                   event("new", "accusation", "2020-10-11", "day")])
        assert row["excluded_ids"] == ("old",)
        assert row["violation_high_ids"] == ("new",)
        assert row["violation_low"] == 11 * H

    def test_no_violation_reported_is_open(self):
        row = one(ceasefire(effective=MIDDAY), [])
        assert row["violation_open"]
        assert pd.isna(row["violation_high"])
        assert ceasefire_text.format_duration(row["violation_low"], row["violation_high"]) == "≥ 0 hours (open)"


class TestMissingMoments:
    def test_no_end_in_the_data_is_an_open_interval(self):
        row = one(ceasefire(effective=MIDDAY), [event("v", "violation_reported", "2020-10-11", "day")])
        assert row["end_open"]
        assert pd.isna(row["end_high"]) and pd.isna(row["ended"])
        assert row["end_low"] == pd.Timedelta(0)
        assert not row["violation_open"]

    def test_without_effective_time_durations_run_from_the_agreement(self):
        row = one(ceasefire(agreed=("2020-10-17", "day"), ended=("2020-10-20", "day"), ended_bound="not_after"),
                  [event("a", "agreed", "2020-10-17", "day"), event("x", "accusation", "2020-10-17", "day"),
                   event("e", "ended", "2020-10-20", "day", bound="not_after")])
        assert row["start_event"] == "agreed"
        assert row["start_ids"] == ("a",)
        assert (row["violation_low"], row["violation_high"]) == (pd.Timedelta(0), DAY)
        assert (row["end_low"], row["end_high"]) == (pd.Timedelta(0), 4 * DAY)

    def test_effective_time_is_preferred_to_the_agreement(self):
        row = one(ceasefire(agreed=("2020-10-09", "day"), effective=MIDDAY), [])
        assert row["start_event"] == "effective"
        assert row["start"] == ts("2020-10-10T08:00Z")

    def test_no_start_at_all_leaves_durations_unknown(self):
        row = one(ceasefire(), [event("v", "violation_reported", "2020-10-11", "day")])
        assert row["start_event"] == ""
        assert pd.isna(row["violation_high"]) and pd.isna(row["end_high"])
        assert ceasefire_text.format_duration(row["violation_low"], row["violation_high"]) == "unknown"


class TestTraceability:
    def test_start_and_end_evidence_are_the_events_backing_the_curated_dates(self):
        row = one(ceasefire(effective=MIDDAY, ended=("2020-10-12", "day")),
                  [event("eff", "effective", *MIDDAY, quote="it began at midday"),
                   event("other", "effective", "2020-10-10", "day"),
                   event("end", "ended", "2020-10-12", "day", quote="it collapsed on Monday"),
                   event("loose", "ended", "2020-10-20", "day", bound="not_after")])
        assert row["start_ids"] == ("eff",) and row["start_quotes"] == ("it began at midday",)
        assert row["end_high_ids"] == ("end",) and row["end_high_quotes"] == ("it collapsed on Monday",)

    def test_ties_keep_every_event_that_sets_the_bound(self):
        row = one(ceasefire(effective=MIDDAY),
                  [event("x", "accusation", "2020-10-11", "day", quote="x said"),
                   event("y", "violation_reported", "2020-10-11", "day", quote="y said")])
        assert row["violation_high_ids"] == ("x", "y")
        assert row["violation_high_quotes"] == ("x said", "y said")

    def test_rows_are_chronological_then_by_id(self):
        table = compute([ceasefire("late", effective=("2020-10-17", "day")),
                         ceasefire("none"),
                         ceasefire("early", effective=("1994", "year"))], [])
        assert list(table.index) == ["early", "late", "none"]


@pytest.fixture(scope="module")
def table():
    return ceasefire_analysis.durations(warclaims.load(DATA)).set_index("ceasefire_id")


class TestBundledDataset:
    """The three ceasefires of the bundled dataset, worked out by hand from the CSVs."""

    def test_10_october_ceasefire(self, table):
        row = table.loc["cf20201010"]
        # e10: midday 10 Oct (12:00-13:00 UTC+4). e11: "after it began" the same day.
        assert (row["violation_low"], row["violation_high"]) == (pd.Timedelta(0), 12 * H)
        assert row["violation_high_ids"] == ("e11",)
        # e14: the headline of an article of 12 Oct calls it collapsed: by 13 Oct 00:00.
        assert (row["end_low"], row["end_high"]) == (pd.Timedelta(0), 60 * H)
        assert row["end_high_ids"] == ("e14",)
        assert row["start_ids"] == ("e10",)

    def test_17_october_ceasefire_runs_from_the_agreement(self, table):
        row = table.loc["cf20201017"]
        assert row["start_event"] == "agreed"
        assert row["start_ids"] == ("e16", "e17")
        assert (row["violation_low"], row["violation_high"]) == (pd.Timedelta(0), DAY)
        assert row["violation_high_ids"] == ("e18",)  # "immediately accused each other"
        assert (row["end_low"], row["end_high"]) == (pd.Timedelta(0), 4 * DAY)
        assert row["end_high_ids"] == ("e20",)

    def test_1994_ceasefire_spans_decades(self, table):
        row = table.loc["cf1994"]
        assert row["violation_high"] == ts("2020-08-01T00:00+04:00") - ts("1994-01-01T00:00+04:00")
        assert row["violation_high_ids"] == ("e04",)  # the July 2020 clashes
        assert row["end_low"] == ts("2020-09-27T00:00+04:00") - ts("1995-01-01T00:00+04:00")
        assert row["end_high_ids"] == ("e05", "e06")
        text = ceasefire_text.format_duration(row["end_low"], row["end_high"], "hours")
        assert text.endswith("years") and text.startswith("25.7–")

    def test_selecting_ceasefires_and_unknown_ids(self):
        dataset = warclaims.load(DATA)
        assert list(ceasefire_analysis.durations(dataset, ["cf1994"])["ceasefire_id"]) == ["cf1994"]
        with pytest.raises(ParameterError, match="ceasefires: unknown value.*'nope'.*cf20201010"):
            ceasefire_analysis.durations(dataset, ["nope"])

    def test_evidence_quotes_are_the_events_quotes(self):
        dataset = warclaims.load(DATA)
        evidence = ceasefire_analysis.bound_evidence(dataset, ceasefire_analysis.durations(dataset))
        quotes = dataset.ceasefire_events.set_index("event_id")["quote"]
        assert (evidence["quote"] == evidence["event_id"].map(quotes)).all()
        e11 = evidence[(evidence["event_id"] == "e11")].iloc[0]
        assert (e11["measure"], e11["sets"], e11["outlet"]) == ("first_violation", "both bounds", "stephenlendman.org")
        assert set(evidence["measure"]) == {"start", "first_violation", "end"}

    def test_report_lists_quotes_for_each_bound(self):
        dataset = warclaims.load(DATA)
        report = ceasefire_text.duration_report(dataset, ceasefire_analysis.durations(dataset), "hours")
        row = report[(report["ceasefire"].str.startswith("10 October")) & (report["to"] == "end")].iloc[0]
        assert row["interval"] == "0–60 hours"
        assert "Russia Struggles to Restore Collapsed Ceasefire" in row["upper bound set by"]
        assert "After it began at midday Saturday" in row["measured from"]


class TestFormatting:
    @pytest.mark.parametrize("low, high, unit, expected", [
        (pd.Timedelta(0), 12 * H, "hours", "0–12 hours"),
        (36 * H, 60 * H, "days", "1.5–2.5 days"),
        (pd.Timedelta(0), 9709 * DAY, "hours", "0–26.6 years"),   # 9709 / 365.25 = 26.58
        (pd.Timedelta(0), 24 * H, "days", "0–1 days"),
        (2 * H, 2 * H, "hours", "2 hours"),
        (H, H, "hours", "1 hour"),
        (pd.Timedelta(minutes=75), pd.Timedelta(minutes=80), "hours", "1.2–1.4 hours"),  # 1.25 -> 1.2, 1.33 -> 1.4
        (pd.Timedelta(0), 5000 * H, "hours", "0–5,000 hours"),
        (3 * H, NaT, "hours", "≥ 3 hours (open)"),
        (NaT, NaT, "days", "unknown"),
    ])
    def test_format(self, low, high, unit, expected):
        assert ceasefire_text.format_duration(low, high, unit) == expected

    def test_rounding_is_outward(self):
        # 1 h 1 min .. 1 h 59 min must not shrink to "1–2" inward or to a false point.
        assert ceasefire_text.format_duration(pd.Timedelta(minutes=61), pd.Timedelta(minutes=119)) == "1–2 hours"
        assert ceasefire_text.format_duration(pd.Timedelta(minutes=65), pd.Timedelta(minutes=66)) == "1–1.1 hours"

    def test_year_switch_happens_at_a_year(self):
        assert ceasefire_analysis.duration_unit(pd.Timedelta(0), 365 * DAY, "days") == "days"
        assert ceasefire_analysis.duration_unit(pd.Timedelta(0), ceasefire_analysis.YEAR, "days") == "years"
        assert ceasefire_analysis.duration_unit(400 * DAY, NaT, "hours") == "years"

    def test_unknown_unit(self):
        with pytest.raises(ValueError, match="hours, days"):
            ceasefire_text.format_duration(H, 2 * H, "weeks")

    def test_html_table_escapes_markup_and_keeps_line_breaks(self):
        frame = pd.DataFrame({"quote": ["<script>alert(1)</script>\nsecond line"], "<b>": ["x & y"]})
        from warclaims.text import tables

        page = tables.html_table(frame).data
        assert "<script>" not in page and "&lt;script&gt;" in page
        assert "&lt;b&gt;" in page and "x &amp; y" in page
        assert "&lt;/script&gt;<br>second line" in page


def _edit(data_dir: Path, table: str, event_id: str, **values: str) -> int:
    """Edit the row of ``table`` whose first column is ``event_id``; return its spreadsheet row."""
    path = data_dir / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    index = next(i for i, r in enumerate(rows) if next(iter(r.values())) == event_id)
    rows[index].update(values)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return index + 2


class TestEventsOutOfOrder:
    """A violation or end dated before the ceasefire took effect is a broken dataset, named file:row:column."""

    @pytest.fixture
    def data_copy(self, tmp_path: Path) -> Path:
        target = tmp_path / "data"
        shutil.copytree(DATA, target)
        return target

    def test_violation_before_effective(self, data_copy):
        row = _edit(data_copy, "ceasefire_events", "e11", at="2020-10-09")  # the ceasefire began on the 10th
        with pytest.raises(DatasetError) as caught:
            warclaims.load(data_copy)
        assert any(str(p).startswith(f"data/ceasefire_events.csv:{row}:at:") and "cf20201010" in str(p) for p in caught.value.problems), caught.value.report()

    def test_end_before_effective(self, data_copy):
        row = _edit(data_copy, "ceasefire_events", "e14", at="2020-10-08")
        with pytest.raises(DatasetError) as caught:
            warclaims.load(data_copy)
        assert f"data/ceasefire_events.csv:{row}:at" in caught.value.report()

    def test_curated_end_before_effective(self, data_copy):
        _edit(data_copy, "ceasefire_events", "e14", at="2020-10-08")
        row = _edit(data_copy, "ceasefires", "cf20201010", ended_at="2020-10-08")
        with pytest.raises(DatasetError) as caught:
            warclaims.load(data_copy)
        assert f"data/ceasefires.csv:{row}:ended_at" in caught.value.report()


@pytest.fixture(scope="module")
def loaded():
    dataset = warclaims.load(DATA)
    return dataset, ceasefire_analysis.durations(dataset), analysis.timeline(dataset)


class TestCharts:
    """The charts draw what the table says: floors, open ends, quotes in tooltips, a sensible window."""

    @staticmethod
    def _bars(chart) -> dict:
        rows = [r for data in chart.to_dict()["datasets"].values() for r in data if "duration" in r]
        return {(r["ceasefire"], r["duration"]): r for r in rows}

    def test_on_a_log_axis_zero_lower_bounds_start_at_the_floor_with_an_open_end(self, loaded):
        dataset, table, _ = loaded
        by_key = self._bars(ceasefire_durations.durations_chart(dataset, table, scale="log"))
        violation = by_key[("10 October 2020 humanitarian ceasefire", "to first reported violation")]
        assert violation["low"] == 1.0 and violation["low_is_floor"]  # 0 drawn from 1 minute
        assert violation["high"] == 12 * 60
        end_1994 = by_key[("1994 ceasefire", "to end")]
        assert not end_1994["low_is_floor"] and end_1994["low"] > 25 * 365 * 24 * 60

    def test_on_a_linear_axis_zero_is_zero(self, loaded):
        dataset, table, _ = loaded
        by_key = self._bars(ceasefire_durations.durations_chart(dataset, table, scale="linear"))
        violation = by_key[("10 October 2020 humanitarian ceasefire", "to first reported violation")]
        # effective at midday (an hour), first violation "on Saturday" 10 October: 0 to 12 hours
        assert (violation["low"], violation["high"], violation["low_is_floor"]) == (0.0, 12 * 60, False)
        assert not any(r["low_is_floor"] for r in by_key.values())

    def test_a_bound_is_set_by_words_not_ids(self, loaded):
        dataset, table, _ = loaded
        by_key = self._bars(ceasefire_durations.durations_chart(dataset, table))
        upper = by_key[("10 October 2020 humanitarian ceasefire", "to end")]["upper_set_by"]
        # e14: an "ended" event of s002, not_after its (inferred) publication day, 12 October 2020
        assert upper.startswith("Ended, on or before 12 October 2020 (the article's publication date, inferred), in "
                                "“Russia Struggles to Restore Collapsed Ceasefire in Nagorno-Karabakh” (stephenlendman.org)")
        assert "e14" not in upper and "s002" not in upper

    def test_floor_is_a_parameter(self, loaded):
        dataset, table, _ = loaded
        rows = self._bars(ceasefire_durations.durations_chart(dataset, table, scale="log",
                                                              floor=pd.Timedelta(minutes=10))).values()
        assert {r["low"] for r in rows if r["low_is_floor"]} == {10.0}

    def test_timeline_ticks_carry_each_events_quote_source_and_outlet(self, loaded):
        dataset, table, context = loaded
        spec = ceasefire_timeline_chart.timeline_chart(dataset, table, context).to_dict()
        rows = [r for data in spec["datasets"].values() for r in data if "event_id" in r]
        e11 = next(r for r in rows if r["event_id"] == "e11")
        assert e11["quote"].startswith("After it began at midday Saturday, Azeri forces shelled")
        assert (e11["source"], e11["outlet"], e11["claimant"], e11["accused"]) == (
            "“Russia Struggles to Restore Collapsed Ceasefire in Nagorno-Karabakh” (stephenlendman.org)",
            "stephenlendman.org", "Unnamed Armenian report", "Armed forces of Azerbaijan")
        assert (e11["kind"], e11["when"]) == ("violation reported", "10 October 2020")
        assert next(r for r in rows if r["event_id"] == "e16")["outlet"] == "outlet not named"
        assert sum(len(d) for d in spec["datasets"].values()) < 5000

    def test_default_window_is_the_war_not_the_decades(self, loaded):
        dataset, table, context = loaded
        start, end = ceasefire_moments.default_window(dataset, table, context)
        # Day-precise moments run from the 1994 ceasefire's end (27 Sep) to the last claims (20 Oct);
        # "1994" and "July 2020" are coarser and stay outside.
        assert ts("2020-09-20T00:00Z") < start < ts("2020-09-26T20:00Z")
        assert ts("2020-10-20T20:00Z") < end < ts("2020-10-25T00:00Z")

    def test_times_are_shown_at_the_dataset_offset(self, loaded):
        dataset, table, context = loaded
        spec = ceasefire_timeline_chart.timeline_chart(dataset, table, context).to_dict()
        bands = [r for data in spec["datasets"].values() for r in data if r.get("lane") == "in force" and "x2" in r]
        start = next(r for r in bands if r["name"].startswith("10 October"))
        assert start["x"] == "2020-10-10T12:00:00Z"  # midday local (UTC+4), written as wall-clock time

    def test_same_input_same_bytes(self, loaded, tmp_path):
        dataset, _, _ = loaded
        first = [p.read_bytes() for p in export.save_ceasefire_pngs(dataset, tmp_path / "a")]
        second = [p.read_bytes() for p in export.save_ceasefire_pngs(dataset, tmp_path / "b")]
        assert first == second
        table, context = ceasefire_analysis.durations(dataset), loaded[2]
        assert ceasefire_timeline_chart.timeline_chart(dataset, table, context).to_json() == \
            ceasefire_timeline_chart.timeline_chart(dataset, table, context).to_json()

    def test_empty_selection_draws_no_ceasefire_but_the_claims(self, loaded):
        dataset, table, context = loaded
        none = table.iloc[0:0]
        figure = ceasefire_timeline.timeline_figure(dataset, none, context)
        lanes, claims_axis, *_silences = figure.axes  # and the "not disclosed" strip when there are silences
        assert not lanes.patches and not lanes.get_yticklabels()  # no ceasefire band, no ceasefire row
        assert claims_axis.collections  # the claims of the period are still drawn
        bars = ceasefire_durations.durations_figure(dataset, none).axes[0]
        assert not bars.patches and not bars.texts and not bars.get_yticklabels()
        spec = ceasefire_timeline_chart.timeline_chart(dataset, none, context).to_dict()
        assert not [r for rows in spec["datasets"].values() for r in rows if "lane" in r]  # no band, no tick
        assert sum(len(rows) for rows in spec["datasets"].values()) == len(context)  # one box or cross per claim
        durations = ceasefire_durations.durations_chart(dataset, none).to_dict()
        assert all(rows == [] for rows in durations["datasets"].values())  # no bar


def test_timeline_chart_with_more_claims_than_altair_allows_counts_them():
    """Altair refuses more than 5,000 rows; over the mark budget the claims context counts the figures
    per time bin instead of listing them, and says so (more in test_ceasefire_scale.py)."""
    import json

    dataset = warclaims.load()
    base = analysis.timeline(dataset)
    many = pd.concat([base] * (6000 // len(base) + 1), ignore_index=True)
    chart = ceasefire_timeline_chart.timeline_chart(dataset, ceasefire_analysis.durations(dataset), claims=many)
    spec = chart.to_dict()  # raises MaxRowsError when more than 5,000 rows would be embedded
    assert all(len(rows) <= budget.MAX_MARKS for rows in spec["datasets"].values())
    assert f"claimed figures are more than the {budget.MAX_MARKS:,} a chart draws one by one" in json.dumps(spec)
