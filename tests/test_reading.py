"""The casualty report's explanations take their examples from the dataset shown: the things it counts in
the dataset's own names, a vague figure's own quote and range; never an example of the bundled war."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import warclaims
from warclaims import params
from warclaims.text import reading

from conftest import _write


def _rewrite(path: Path, change) -> None:
    """Write ``path`` again with ``change(rows)`` in place of its rows (same columns)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), list(reader.fieldnames)
    _write(path, change(rows), fields)


def _rename_metrics(root: Path, names: dict[str, str]) -> None:
    _rewrite(root / "metrics.csv", lambda rows: [{**row, "name": names.get(row["metric_id"], row["name"])} for row in rows])


@pytest.fixture
def renamed(other_dataset: Path) -> Path:
    _rename_metrics(other_dataset, {"killed": "Fatalities", "wounded": "Injuries", "killed_or_wounded": "Casualties (dead or hurt)"})
    return other_dataset


def test_the_things_counted_are_the_pages_metrics_in_the_datasets_names(renamed):
    dataset = warclaims.load(renamed)
    said = reading.why_figures_differ(dataset, params.casualty(dataset).metrics)
    assert "(here: fatalities, injuries and casualties \\(dead or hurt\\))" in said
    assert "wounded" not in said.lower() and "drones" not in said.lower()  # the bundled names; a metric not shown


def test_a_metric_no_claim_counts_is_not_named(renamed):
    with (renamed / "metrics.csv").open("a", encoding="utf-8") as handle:
        handle.write("missing,Missing persons,people,casualty,People missing.\n")
    dataset = warclaims.load(renamed)
    assert "missing" in params.casualty(dataset).metrics  # a casualty metric: the page's default selects it
    said = reading.why_figures_differ(dataset, params.casualty(dataset).metrics)
    assert "missing" not in said.lower() and "(here: fatalities, injuries and" in said
    assert "(here: fatalities and injuries)" in reading.why_figures_differ(dataset, ["killed", "wounded", "missing"])
    # One metric counted: the page does not say it shows different things.
    alone = reading.why_figures_differ(dataset, ["killed"])
    assert "different things" not in alone and "fatalities" not in alone.lower()
    assert "never as zero" in alone


def test_the_bundled_page_names_only_metrics_it_has_claims_for():
    dataset = warclaims.load()
    claimed = set(dataset.claims["metric"])
    unclaimed = [m for m in dataset.metrics.loc[dataset.metrics["kind"] == "casualty", "metric_id"] if m not in claimed]
    said = reading.why_figures_differ(dataset, params.casualty(dataset).metrics)
    names = dict(zip(dataset.metrics["metric_id"], dataset.metrics["name"]))
    for metric in unclaimed:
        assert names[metric].lower() not in said.lower()
    for metric in claimed & set(params.casualty(dataset).metrics):
        assert names[metric].lower() in said.lower()


def test_the_vague_example_is_a_vague_claim_of_the_dataset_with_its_range(renamed):
    dataset = warclaims.load(renamed)
    said = reading.vague_example(dataset, ["wounded"])
    # k03 of the fixture: "several" civilians wounded, 3 to 9 in its vague_terms.csv.
    assert "*“Several civilians were wounded in the border villages”*" in said
    assert "“several” allows anything from 3 to 9" in said
    assert "Fighting on the Strelsau front" in said


def test_the_vague_example_escapes_its_quote(renamed):
    dataset = warclaims.load(renamed)
    said = reading.vague_example(dataset, ["killed_or_wounded"])  # k09, whose quote holds a script tag
    assert "<script>" not in said and "&lt;script&gt;" in said
    assert "“hundreds” allows anything from 200 to 999" in said


def test_no_vague_figure_no_example(other_dataset):
    _rewrite(other_dataset / "claims.csv", lambda rows: [row for row in rows if row["qualifier"] != "vague"])
    dataset = warclaims.load(other_dataset)
    assert not reading.uses_vague_terms(dataset)
    assert reading.vague_example(dataset) == ""
