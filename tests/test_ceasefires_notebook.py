"""notebooks/ceasefires.ipynb runs through papermill with other parameters, refuses bad ones with a
clear ParameterError, and works on a second dataset with other vocabularies.

Each execution starts a kernel (~15 s, most of it building the offline Vega bundle), so the runs on
the bundled dataset are started together in one module fixture, each in its own thread and kernel.
"""
from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import papermill
import pytest

from warclaims.offline import BUNDLE_OUTPUT_TAG

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "ceasefires.ipynb"

RUNS = {
    "one_in_days": {"ceasefires": ["cf20201010"], "duration_unit": "days", "duration_scale": "log",
                    "start_date": "2020-10-08", "end_date": "2020-10-14"},
    "unknown_id": {"ceasefires": ["cf20201010", "cf1999"]},
    "bad_unit": {"duration_unit": "weeks"},
    "bad_scale": {"duration_scale": "logarithmic"},
    "list_as_string": {"ceasefires": "cf1994"},
    "dates_reversed": {"start_date": "2020-10-20", "end_date": "2020-10-01"},
    "not_a_date": {"start_date": "last Tuesday"},
}


def execute(output: Path, parameters: dict):
    """Run the notebook; return the executed notebook, or the papermill error."""
    try:
        return papermill.execute_notebook(str(NOTEBOOK), str(output), parameters=parameters, kernel_name="python3",
                                          progress_bar=False, cwd=str(NOTEBOOK.parent))
    except papermill.PapermillExecutionError as error:
        return error


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("ceasefire_runs")
    with ThreadPoolExecutor(max_workers=len(RUNS)) as pool:
        futures = {name: pool.submit(execute, folder / f"{name}.ipynb", parameters) for name, parameters in RUNS.items()}
        return {name: future.result() for name, future in futures.items()}


def is_script(output) -> bool:
    """The Vega bundle and Altair charts: JavaScript, not prose."""
    page = output.get("data", {}).get("text/html", "")
    return "altair-viz-" in page or BUNDLE_OUTPUT_TAG in output.get("metadata", {}).get("tags", [])


def text_of(notebook) -> str:
    """Every text and HTML output of the notebook, tags stripped and entities decoded."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            data = output.get("data", {})
            page = data.get("text/html", "")
            if "text/markdown" in data:
                parts.append(data["text/markdown"])
            elif page and not is_script(output):
                parts.append(html.unescape(re.sub(r"<[^>]+>", " ", page)))
            elif "text/plain" in data:
                parts.append(data["text/plain"])
    return "\n".join(parts)


def images(notebook) -> int:
    return sum("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))


def charts(notebook) -> int:
    return sum("altair-viz-" in o.get("data", {}).get("text/html", "") for c in notebook.cells for o in c.get("outputs", []))


class TestOtherParameters:
    def test_one_ceasefire_in_days_with_a_window(self, runs):
        notebook = runs["one_in_days"]
        assert not isinstance(notebook, Exception), notebook
        text = text_of(notebook)
        assert "This report measures 1 ceasefire," in text
        # 12 hours and 60 hours, in days.
        assert "0–0.5 days" in text and "0–2.5 days" in text
        assert "1994 ceasefire" not in text and "17 October 2020" not in text
        assert "After it began at midday Saturday" in text  # the quote that sets the start
        # asked for a log axis: the page says so, and where a zero lower bound is drawn from
        assert "The ceasefire is drawn on a logarithmic time axis." in text and "The 1 ceasefire" not in text
        assert "a lower bound below 1 minute starts at 1 minute" in text
        assert images(notebook) == 2 and charts(notebook) == 2


class TestBadParameters:
    @pytest.mark.parametrize("name, words", [
        ("unknown_id", ["ceasefires", "'cf1999'", "valid choices: cf1994, cf20201010, cf20201017"]),
        ("bad_unit", ["duration_unit", "'weeks'", "hours, days"]),
        ("bad_scale", ["duration_scale", "'logarithmic'", "auto, linear, log"]),
        ("list_as_string", ["ceasefires must be a list", "'cf1994'"]),
        ("dates_reversed", ["start_date", "is after", "end_date"]),
        ("not_a_date", ["start_date", "'last Tuesday'", "ISO 8601"]),
    ])
    def test_stops_with_a_parameter_error(self, runs, name, words):
        error = runs[name]
        assert isinstance(error, papermill.PapermillExecutionError), f"{name} ran without error"
        assert error.ename == "ParameterError", f"{error.ename}: {error.evalue}"
        for word in words:
            assert word in error.evalue, f"{word!r} not in {error.evalue!r}"


class TestOtherDataset:
    def test_runs_on_a_second_dataset(self, other_dataset, tmp_path):
        notebook = execute(tmp_path / "other.ipynb", {"data_dir": str(other_dataset)})
        assert not isinstance(notebook, Exception), notebook
        text = text_of(notebook)
        assert "This report measures 2 ceasefires," in text
        # cf_march3: effective 18:00-19:00 (UTC+1) on 3 March; violation v3 on 5 March (local day):
        # 5 Mar 00:00 - 3 Mar 19:00 = 29 h, 6 Mar 00:00 - 3 Mar 18:00 = 54 h. End v5 on 12 March:
        # 12 Mar 00:00 - 3 Mar 19:00 = 197 h, 13 Mar 00:00 - 3 Mar 18:00 = 222 h.
        assert "29–54 hours" in text
        assert "197–222 hours" in text
        # The Zenda truce has no effective time, no violation and no end: measured from the agreement, open.
        assert "when it was agreed, on 14 March 2019" in text
        # 29 to 222 hours with zero lower bounds: one linear axis (auto), said in words
        assert "The 2 ceasefires share one linear time axis, in hours." in text
        assert "≥ 0 hours (open)" in text
        assert "Kravonia said Ruritanian artillery broke the ceasefire on 5 March" in text
        assert images(notebook) == 2 and charts(notebook) == 2
