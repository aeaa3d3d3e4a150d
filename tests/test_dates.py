"""The one time module: zones (fixed offsets and IANA names with summer time), intervals at a precision."""
from __future__ import annotations

import pandas as pd
import pytest

from warclaims import dates


def interval(text: str, precision: str, zone: str):
    start, end, ok = dates.parse_when(pd.Series([text]), pd.Series([precision]), dates.zone(zone))
    assert ok.iloc[0]
    return start.iloc[0], end.iloc[0]


def test_a_local_day_at_a_fixed_offset():
    assert interval("2020-10-10", "day", "+04:00") == (pd.Timestamp("2020-10-09T20:00Z"), pd.Timestamp("2020-10-10T20:00Z"))


def test_an_iana_zone_applies_summer_time():
    # Kyiv is UTC+3 in July and UTC+2 in January.
    assert interval("2022-07-01", "day", "Europe/Kyiv") == (pd.Timestamp("2022-06-30T21:00Z"), pd.Timestamp("2022-07-01T21:00Z"))
    assert interval("2022-01-10", "day", "Europe/Kyiv")[0] == pd.Timestamp("2022-01-09T22:00Z")


def test_the_day_the_clocks_change_is_23_hours_long():
    start, end = interval("2022-03-27", "day", "Europe/Kyiv")  # clocks go forward at 03:00
    assert end - start == pd.Timedelta(hours=23)


def test_a_month_in_a_zone_with_summer_time_spans_the_change():
    start, end = interval("2022-10", "month", "Europe/Kyiv")  # clocks go back on 30 October
    assert start == pd.Timestamp("2022-09-30T21:00Z") and end == pd.Timestamp("2022-10-31T22:00Z")


def test_a_time_keeps_its_own_offset_whatever_the_zone():
    assert interval("2022-07-01T12:00+03:00", "minute", "Asia/Baku")[0] == pd.Timestamp("2022-07-01T09:00Z")


@pytest.mark.parametrize("text", ["Narnia/Cair_Paravel", "+4", "UTC+4", "+25:00", ""])
def test_an_unknown_zone_says_what_was_expected(text):
    if text == "":
        assert dates.zone_label(dates.zone(text)) == "UTC+00:00"  # none declared: UTC
        return
    with pytest.raises(dates.ZoneError, match="IANA time zone such as Europe/Kyiv|not a UTC offset"):
        dates.zone(text)


def test_zone_labels():
    assert dates.zone_label(dates.zone("+04:00")) == "UTC+04:00"
    assert dates.zone_label(dates.zone("-03:30")) == "UTC-03:30"
    assert dates.zone_label(dates.zone("Europe/Kyiv")) == "Europe/Kyiv"


def test_local_time_follows_the_zone():
    utc = pd.Series(pd.to_datetime(["2022-07-01T09:00Z", "2022-01-01T09:00Z"]))
    local = dates.to_local(utc, dates.zone("Europe/Kyiv"))
    assert list(local) == [pd.Timestamp("2022-07-01T12:00"), pd.Timestamp("2022-01-01T11:00")]
