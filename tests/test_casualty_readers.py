"""What a reader of a casualty page is told: different units on different axes, the date an as-of page
cuts on marked on its timeline, a value axis the reader may choose, dates that say whether they are
stated or inferred, correction chains by name, and the licence on every chart's source line.

On the fictional dataset of conftest.py (Ruritania against Kravonia, March 2019), whose figures count
people and drones."""
from __future__ import annotations

import json
from types import SimpleNamespace

import matplotlib.dates as mdates
import pandas as pd
import pytest

import warclaims
from warclaims import analysis, params
from warclaims.charts import casualty_as_of, casualty_timeline, casualty_timeline_chart, style
from warclaims.checks import ParameterError
from warclaims.text import summaries, tables


@pytest.fixture(scope="module")
def other(tmp_path_factory) -> warclaims.Dataset:
    from conftest import write_other_dataset

    return warclaims.load(write_other_dataset(tmp_path_factory.mktemp("readers") / "data"))


def _every_metric(dataset):
    return list(dataset.metrics["metric_id"])


def _walk(spec):
    """Every dict inside a Vega-Lite spec."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from _walk(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _walk(value)


# -- units ------------------------------------------------------------------------------------------------
def test_the_static_as_of_figure_gives_each_unit_its_own_axis(other):
    view = params.casualty(other, metrics=_every_metric(other)).as_of_view()
    assert set(view["metric"]) >= {"killed", "drones_downed"}
    figure = casualty_as_of.as_of_figure(other, view)
    panels = [ax for ax in figure.axes if ax.get_title(loc="left")]
    # Kravonian losses are counted in people and in drones: two panels, each titled with its unit.
    titles = [ax.get_title(loc="left") for ax in panels]
    assert "Losses of: Kravonian side (in drones)" in titles and "Losses of: Kravonian side (in people)" in titles
    for ax in panels:
        unit = ax.get_title(loc="left").rsplit("(in ", 1)[1].rstrip(")")
        assert unit in ax.get_xlabel(), (ax.get_title(loc="left"), ax.get_xlabel())
        other_unit = {"people": "drones", "drones": "people"}[unit]
        assert other_unit not in ax.get_xlabel()


def test_the_interactive_as_of_chart_gives_each_unit_its_own_axis(other):
    view = params.casualty(other, metrics=_every_metric(other)).as_of_view()
    spec = casualty_as_of.as_of_chart(other, view).to_dict()
    resolves = [node["resolve"]["scale"] for node in _walk(spec) if "resolve" in node and "facet" in node]
    assert resolves and resolves[0].get("x") == "independent"
    rows = next(data for data in spec["datasets"].values() if data and "camp_label" in data[0])
    units = {}
    for row in rows:
        units.setdefault(row["camp_label"], set()).add(row["unit"])
    assert all(len(found) == 1 for found in units.values()), units


def test_one_unit_keeps_one_shared_axis(other):
    view = params.casualty(other).as_of_view()  # the casualty metrics: all in people
    assert set(view["unit"]) == {"people"}
    spec = casualty_as_of.as_of_chart(other, view).to_dict()
    resolves = [node["resolve"]["scale"] for node in _walk(spec) if "resolve" in node and "facet" in node]
    assert resolves[0].get("x") == "shared"
    figure = casualty_as_of.as_of_figure(other, view)
    labelled = [ax for ax in figure.axes if ax.get_xlabel()]
    assert len(labelled) == 1 and "people" in labelled[0].get_xlabel()


def test_the_static_as_of_figure_wraps_long_names_and_keeps_them_whole(other):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from warclaims.dataset import Dataset

    actors = other.actors.copy()
    long_name = ("Joint Press Office of the Ministry of Defence and the General Staff of the Armed Forces of "
                 "the Republic of Ruritania")
    actors.loc[actors.index[0], "name"] = long_name
    claimant = actors.loc[actors.index[0], "actor_id"]
    dataset = Dataset(other.data_dir, other.descriptor, {**other.tables, "actors": actors}, version=other.version)
    view = params.casualty(dataset).as_of_view()
    assert claimant in set(view["claimant"]), "the fixture's first actor claims a figure"
    figure = casualty_as_of.as_of_figure(dataset, view)
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    texts = [t for ax in figure.axes for t in ax.texts if t.get_text()]
    assert long_name not in {t.get_text() for t in texts}, "too long for one line: wrapped"
    joined = " ".join(t.get_text() for t in texts)
    assert long_name in joined, "every word of the name is drawn, none cut"
    right_edge = figure.bbox.x1
    assert all(t.get_window_extent(renderer).x1 <= right_edge for t in texts), "no line runs off the figure"


# -- the date an as-of page cuts on ---------------------------------------------------------------------
def test_an_as_of_timeline_marks_its_date(other):
    selection = params.casualty(other, as_of="2019-03-09")
    # The cut is the end of 9 March in the dataset's zone: midnight starting 10 March, local time.
    assert selection.cut_local == pd.Timestamp("2019-03-10 00:00")
    figures = selection.timeline()
    figure = casualty_timeline.timeline_figure(other, figures, cut=selection.cut_local, as_of_text=selection.as_of_text)
    cut = pd.Timestamp("2019-03-10")
    panels = [ax for ax in figure.axes if ax.get_ylabel()]  # the metrics' panels and the "not disclosed" strip
    assert len(panels) >= 2
    for ax in panels:
        rules = [line for line in ax.get_lines() if [pd.Timestamp(mdates.num2date(x) if isinstance(x, float) else x)
                                                     .tz_localize(None) for x in line.get_xdata()] == [cut, cut]]
        assert rules, ax.get_title(loc="left")
        assert ax.get_xlim()[1] > mdates.date2num(cut)
    texts = [t.get_text().strip() for ax in figure.axes for t in ax.texts]
    assert "as of 9 March 2019" in texts
    spec = casualty_timeline_chart.timeline_chart(other, figures, cut=selection.cut_local,
                                                  as_of_text=selection.as_of_text).to_dict()
    marks = [node for node in _walk(spec) if node.get("mark") in ("rule", {"type": "rule"}) or
             (isinstance(node.get("mark"), dict) and node["mark"].get("type") == "rule"
              and node["mark"].get("strokeDash"))]
    dashed = [node for node in marks if isinstance(node.get("mark"), dict) and node["mark"].get("strokeDash")]
    assert dashed, "no dashed rule in the chart"
    assert "2019-03-10T00:00:00" in json.dumps(dashed[0])
    assert "as of 9 March 2019" in json.dumps(spec)
    assert "dashed line marks the date the page cuts on (as of 9 March 2019)" in spec["description"]


def test_a_timeline_without_a_cut_has_no_rule(other):
    selection = params.casualty(other)
    assert selection.cut_local is None
    figure = casualty_timeline.timeline_figure(other, selection.timeline(), cut=selection.cut_local)
    assert not any(t.get_text().strip().startswith("as of") for ax in figure.axes for t in ax.texts)


# -- the value axis ---------------------------------------------------------------------------------------
def test_the_value_axis_is_a_parameter_checked_against_its_choices(other):
    with pytest.raises(ParameterError) as error:
        params.casualty(other, value_scale="logarithmic")
    assert "value_scale" in str(error.value) and "linear" in str(error.value)
    figures = params.casualty(other).timeline()
    # 12 to 150 people span more than ten times: "auto" takes a log axis, "linear" overrides it.
    auto = casualty_timeline.timeline_figure(other, figures)
    linear = casualty_timeline.timeline_figure(other, figures, scale=params.casualty(other, value_scale="linear").value_scale)
    assert {ax.get_yscale() for ax in auto.axes if "people" in ax.get_ylabel()} == {"log"}
    assert {ax.get_yscale() for ax in linear.axes if "people" in ax.get_ylabel()} == {"linear"}
    assert not any("log scale" in ax.get_ylabel() for ax in linear.axes)
    spec = json.dumps(casualty_as_of.as_of_chart(other, params.casualty(other).as_of_view(), scale="linear").to_dict())
    assert '"type": "log"' not in spec and '"type": "linear"' in spec


def test_a_log_axis_on_request_and_none_when_nothing_is_positive():
    assert style.log_scale_wanted([40, 50], "log") is True  # asked for, though the span is small
    assert style.log_scale_wanted([40, 50]) is False
    assert style.log_scale_wanted([0, 0], "log") is False  # no positive figure: nothing a log axis can hold
    with pytest.raises(ValueError):
        style.log_scale_wanted([1, 2], "logarithmic")


# -- dates, chains, licences ------------------------------------------------------------------------------
def test_table_dates_say_stated_or_inferred(other):
    view = params.casualty(other, metrics=_every_metric(other)).as_of_view()
    shown = tables.table(view, "view")
    expected = [f"{label} ({basis})" for label, basis in zip(view["as_of_label"], view["as_of_basis"])]
    assert list(shown["As of"]) == expected
    # The fixture's Kravonian 40 killed is dated by its source; the drones by the coder.
    assert any(s.endswith("(stated)") for s in shown["As of"]) and any(s.endswith("(inferred)") for s in shown["As of"])


def test_a_correction_chain_names_its_claimant_and_source(other):
    chains, _ = analysis.split_chains(analysis.revision_table(other))
    assert chains
    shown = tables.table(summaries.correction_chain(chains[0], other), "chain")
    text = " ".join(map(str, shown.to_numpy().ravel()))
    assert "Ministry of Defence of Ruritania" in text and "Kravonia counts its dead" in text
    for internal in ("k06", "k10", "ruritania_mod", "r2", "r3"):
        assert internal not in text.split(), internal
    assert list(shown["Standing"]) == ["corrected by the next row", "current figure"]


def test_the_source_line_carries_the_licence():
    def dataset(licenses):
        return SimpleNamespace(descriptor={"name": "warclaims-elbonia", "licenses": licenses}, version="abc123")

    assert style.source_line(dataset([{"name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/"}])) == (
        "Source: warclaims dataset warclaims-elbonia, version abc123, licence ODbL-1.0; claims are claims, not verified counts.")
    assert ", licence" not in style.source_line(dataset([]))


def test_a_saved_chart_keeps_its_title_source_line_and_licence(other):
    chart = casualty_timeline_chart.timeline_chart(other, params.casualty(other).timeline()).to_dict()
    # The source line is the bottom title of the outer chart: Vega draws it into the SVG and PNG it saves.
    assert chart["title"]["orient"] == "bottom"
    assert "licence CC-BY-4.0" in chart["title"]["text"]
    assert chart["vconcat"][0]["title"]["text"].startswith("Casualty claims over time")
