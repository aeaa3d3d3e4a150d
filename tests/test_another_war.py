"""Another war's dataset with no code change: a daily series with no ceasefire tables, its own sides,
metrics and summer-time zone (tests/daily_dataset.py). Each notebook runs with only ``data_dir``, and
nothing on its pages comes from the bundled war."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import nbformat
import papermill
import pytest

import warclaims
from warclaims import analysis, params
from warclaims.build.pages import drop_unused_explanations

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_WORDS = ["Armenia", "Azerbaijan", "Karabakh", "Artsakh", "Baku", "Yerevan", "UTC+4", "+04:00", "2020"]


def page_text(notebook) -> str:
    """Every text output of an executed notebook, charts' data and tooltips included (not images, and
    not the chart library the setup cell inlines)."""
    parts = []
    for cell in notebook.cells[2:]:  # after the setup cell
        for output in cell.get("outputs", []):
            parts += [v if isinstance(v, str) else "".join(v) for mime, v in output.get("data", {}).items()
                      if not mime.startswith("image/")]
            parts.append(output.get("text", ""))
    return "\n".join(parts)


def run(notebook: str, out: Path, data_dir: Path):
    return papermill.execute_notebook(str(ROOT / "notebooks" / notebook), str(out), parameters={"data_dir": str(data_dir)},
                                      kernel_name="python3", cwd=str(ROOT), progress_bar=False)


def test_it_validates(daily_dataset):
    dataset = warclaims.load(daily_dataset)
    assert len(dataset.claims) == 4800 and not dataset.has("ceasefires")
    assert dataset.zone.key == "Europe/Helsinki"


def test_the_default_metrics_are_its_casualty_metrics(daily_dataset):
    assert params.casualty(warclaims.load(daily_dataset)).metrics == ["personnel_killed"]


def test_it_has_no_ceasefire_to_measure(daily_dataset):
    dataset = warclaims.load(daily_dataset)
    assert analysis.durations(dataset).empty
    assert params.ceasefires(dataset).ceasefire_ids == []


@pytest.mark.parametrize("notebook", ["casualty_claims.ipynb", "ceasefires.ipynb"])
def test_each_report_runs_with_only_data_dir_and_speaks_of_that_war(daily_dataset, tmp_path, notebook):
    executed = run(notebook, tmp_path / notebook, daily_dataset)
    text = page_text(executed)
    for word in BUNDLED_WORDS:
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    for quote in pd.read_csv(ROOT / "data" / "claims.csv")["quote"]:
        assert quote not in text
    if notebook == "ceasefires.ipynb":
        assert "This dataset records no ceasefires" in text
        # The page leaves out the sections that would explain charts and tables it has not got.
        every = "\n".join(c.source for c in executed.cells)
        kept = "\n".join(c.source for c in drop_unused_explanations(executed).cells if c.cell_type == "markdown")
        for heading in ("## Timeline", "## Durations compared", "## Every bound", "## Why the durations", "## Caveats"):
            assert heading in every and heading not in kept
    else:
        assert "Northern Command of Valdoria" in text and "Personnel killed" in text


def test_the_lesson_stops_with_one_sentence(daily_dataset, tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as raised:
        run("classroom.ipynb", tmp_path / "classroom.ipynb", daily_dataset)
    assert raised.value.ename == "WrongDataset"
    assert "This lesson is written about the dataset 'warclaims-nagorno-karabakh-2020'" in raised.value.evalue
    assert "'valdoria-ostmark-daily'" in raised.value.evalue


def test_a_metric_whose_reports_stopped_is_marked_behind(daily_dataset, tmp_path):
    """Tanks stop being reported 600 days before the series ends: the latest view says so in its date."""
    import shutil
    from datetime import timedelta

    from daily_dataset import START

    copy = Path(shutil.copytree(daily_dataset, tmp_path / "stopped"))
    claims = pd.read_csv(copy / "claims.csv", dtype=str, keep_default_na=False)
    last_tanks = START + timedelta(days=999)
    stopped = (claims["metric"] == "tanks_destroyed") & (claims["as_of"] > last_tanks.isoformat())
    claims[~stopped].to_csv(copy / "claims.csv", index=False, lineterminator="\n")

    view = analysis.as_of_view(warclaims.load(copy)).set_index("metric")
    assert view.loc["tanks_destroyed", "stale"] and view.loc["tanks_destroyed", "days_behind"] == 600
    assert view.loc["tanks_destroyed", "as_of_label"] == f"{last_tanks.day} {last_tanks:%b %Y} (600 days behind the newest figure)"
    assert not view.loc["personnel_killed", "stale"] and not view.loc["aircraft_downed", "stale"]
    # As of a date when tanks were still reported, nothing is behind.
    assert not analysis.as_of_view(warclaims.load(copy), last_tanks.isoformat())["stale"].any()


def test_the_summary_counts_in_words_that_agree(daily_dataset):
    """One claimant and no vague word: "1 claimant", "0 figures" and "1 source" read as English."""
    from warclaims.text import casualty as casualty_text

    selection = params.casualty(warclaims.load(daily_dataset), end_date="2011-02-01")
    text = casualty_text.summary_markdown(selection, selection.timeline(), selection.as_of_view())
    assert "**1 figure** (1 report in 1 source) from **1 claimant**, dated 1 Feb 2011:" in text
    assert "0 figures given only as a vague word, 0 stated silences" in text


@pytest.mark.parametrize("notebook", ["casualty_claims.ipynb", "ceasefires.ipynb"])
def test_the_reports_explanations_borrow_no_words_from_the_bundled_articles(notebook):
    """The narrative every dataset's page carries gives its examples in general terms (the examples drawn
    from the data are written by code): no run of four words from the five bundled articles."""
    def runs(text: str) -> set[str]:
        found = re.findall(r"[a-z0-9']+", text.lower())
        return {" ".join(found[i:i + 4]) for i in range(len(found) - 3)}

    articles = set().union(*(runs(path.read_text(encoding="utf-8")) for path in (ROOT / "data" / "articles").glob("*.txt")))
    executed = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    narrative = "\n".join(cell.source for cell in executed.cells if cell.cell_type == "markdown")
    assert runs(narrative) & articles == set()
