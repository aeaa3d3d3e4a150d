"""Another war's dataset with no code change: a daily series with no ceasefire tables, its own sides,
metrics and summer-time zone (tests/daily_dataset.py). Each notebook runs with only ``data_dir``, and
nothing on its pages comes from the bundled war."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

import warclaims
from warclaims import analysis, params

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
    else:
        assert "Northern Command of Valdoria" in text and "Personnel killed" in text


def test_the_lesson_stops_with_one_sentence(daily_dataset, tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as raised:
        run("classroom.ipynb", tmp_path / "classroom.ipynb", daily_dataset)
    assert raised.value.ename == "WrongDataset"
    assert "This lesson is written about the dataset 'warclaims-nagorno-karabakh-2020'" in raised.value.evalue
    assert "'valdoria-ostmark-daily'" in raised.value.evalue
