"""The casualty-claims notebook: its committed outputs, and runs with other parameters and other data.

Runs go through papermill's API with the ``python3`` kernel (the venv's), from the project root, as
the README's command does. Each run takes a few seconds, so every scenario runs once.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from warclaims.offline import BUNDLE_OUTPUT_TAG

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "casualty_claims.ipynb"


def run(tmp_path: Path, **parameters) -> nbformat.NotebookNode:
    output = tmp_path / "casualty_claims.out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(output), parameters=parameters, kernel_name="python3",
                               cwd=str(ROOT), progress_bar=False)
    return nbformat.read(output, as_version=4)


def outputs(notebook, kind: str | None = None) -> list[tuple[str, str]]:
    """``(mime type, text)`` of every output except the Vega bundle; ``kind``: only that mime type."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if BUNDLE_OUTPUT_TAG in output.get("metadata", {}).get("tags", []):
                continue
            if output.get("output_type") == "stream":
                found.append(("stream", output["text"]))
            for mime, data in output.get("data", {}).items():
                found.append((mime, data if isinstance(data, str) else json.dumps(data)))
    return [(m, t) for m, t in found if kind is None or m == kind]


def tables_and_words(notebook) -> str:
    """The notebook's tables and Markdown outputs (not chart specs, whose ids are hashes)."""
    texts = [t for m, t in outputs(notebook) if m == "text/markdown" or (m == "text/html" and "<table" in t)]
    return "\n".join(texts)


def table_rows(notebook) -> list[tuple[str, ...]]:
    """Every row of every table the notebook shows, as the texts of its cells (markup stripped)."""
    import html as html_lib
    import re

    rows = []
    for mime, text in outputs(notebook, "text/html"):
        for row in re.findall(r"<tr>(.*?)</tr>", text, flags=re.S):
            rows.append(tuple(html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                              for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)))
    return rows


def charts(notebook) -> tuple[int, int]:
    """How many matplotlib images and how many Altair charts the notebook shows."""
    images = len(outputs(notebook, "image/png"))
    altair = sum("vegaEmbed" in t for m, t in outputs(notebook, "text/html"))
    return images, altair


# -- the committed notebook -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def committed() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


class TestCommittedNotebook:
    def test_one_parameters_cell_of_plain_literals(self, committed):
        tagged = [c for c in committed.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
        namespace: dict = {}
        exec(tagged[0].source, {"__builtins__": {}}, namespace)  # literals only: no names, no calls
        assert namespace == {"data_dir": "", "start_date": "", "end_date": "", "as_of": "",
                             "metrics": [], "populations": [],
                             "subject_sides": [], "claimants": [], "include_vague": True, "value_scale": "auto",
                             "site_page": ""}

    def test_first_code_cell_sets_the_notebook_up(self, committed):
        first = next(c for c in committed.cells if c.cell_type == "code")
        assert first.source == "import warclaims\n\nwarclaims.setup_notebook()"

    def test_it_was_executed_without_errors(self, committed):
        code = [c for c in committed.cells if c.cell_type == "code"]
        assert all(c.get("execution_count") for c in code), "commit the notebook executed with its defaults"
        assert not [o for c in code for o in c.outputs if o.output_type == "error"]

    def test_shows_the_armenian_side_rising_from_376_to_729(self, committed):
        words = tables_and_words(committed)
        assert "376 (9 Oct 2020, Government of Armenia) \u2192 729 (19 Oct 2020, Nagorno-Karabakh (Artsakh) authorities)" in words

    def test_shows_azerbaijan_civilian_figures_and_its_silence(self, committed):
        rows = table_rows(committed)
        for row in (("Azerbaijan", "Killed", "civilian", "Government of Azerbaijan", "61"),
                    ("Azerbaijan", "Wounded", "civilian", "Government of Azerbaijan", "282"),
                    ("Azerbaijan", "Killed", "military", "Government of Azerbaijan", "not disclosed")):
            assert any(r[:5] == row for r in rows), row

    def test_shows_vague_figures_as_ranges(self, committed):
        assert "200\u2013999 ('hundreds')" in tables_and_words(committed)

    def test_draws_both_charts_both_ways(self, committed):
        assert charts(committed) == (2, 2)


# -- other parameters -------------------------------------------------------------------------------------
def test_as_of_and_one_metric(tmp_path):
    notebook = run(tmp_path, as_of="2020-10-15", metrics=["killed"])
    words = tables_and_words(notebook)
    assert "view as of 15 October 2020 keeps" in words  # the summary
    assert "376 (9 Oct 2020, Government of Armenia)" in words
    assert "729" not in words and "282" not in words  # given after the date / another metric
    assert charts(notebook) == (2, 2)


def test_another_conflict(tmp_path, other_dataset):
    # Every metric of the fixture, drones included (an empty list means its casualty metrics only).
    notebook = run(tmp_path, data_dir=str(other_dataset), metrics=["killed", "wounded", "killed_or_wounded", "drones_downed"])
    words = tables_and_words(notebook)
    assert "Losses of" in words and "Kravonian side" in words
    assert "12 (4 Mar 2019, Ministry of Defence of Ruritania) \u2192 28 (9 Mar 2019, Ministry of Defence of Ruritania)" in words
    # The correction chain (k10 corrects k06), by date, claimant and standing rather than by ids.
    chain = [row for row in table_rows(notebook) if "corrected by the next row" in row or "current figure" in row]
    assert [row[-2] for row in chain] == ["corrected by the next row", "current figure"]
    assert all("Ministry of Defence of Ruritania" in row for row in chain)
    assert not {"k06", "k10"} & {cell for row in table_rows(notebook) for cell in row}
    assert "Drones downed" in words and "at least 7" in words
    assert "&lt;script&gt;alert('not code')&lt;/script&gt;" in words
    assert charts(notebook) == (2, 2)
    # Text from the data never reaches a table or a message as markup.
    for mime, text in outputs(notebook):
        if mime in ("text/markdown", "text/plain") or (mime == "text/html" and "vegaEmbed" not in text):
            assert "<script>alert" not in text, mime


def test_chart_outputs_do_not_let_a_quote_end_their_script(tmp_path, other_dataset):
    notebook = run(tmp_path, data_dir=str(other_dataset), metrics=["killed_or_wounded"])
    altair = [t for m, t in outputs(notebook, "text/html") if "vegaEmbed" in t]
    assert altair
    assert not any("</script><" in t.split("var spec", 1)[-1].split("</script>\n", 1)[0] for t in altair)
    assert not any("alert('not code')</script>" in t for t in altair)


def test_bad_parameters_stop_with_one_clear_message(tmp_path):
    """One run, four bad parameters: the notebook stops at its parameter check, naming every one.

    Each message on its own is a unit test of ``params.casualty`` (tests/test_claims.py); this run shows
    that the notebook goes through it and that the reader gets the message, not a traceback.
    """
    with pytest.raises(PapermillExecutionError) as caught:
        run(tmp_path, metrics=["deaths"], claimants="armenia_gov", start_date="2020-10-20", end_date="2020-10-01")
    assert caught.value.ename == "ParameterError"
    for word in ("metrics: unknown value(s) 'deaths'", "valid choices: captured,", "claimants must be a list",
                 "found the string 'armenia_gov'", "start_date '2020-10-20' is after end_date '2020-10-01'"):
        assert word in caught.value.evalue


def test_a_filter_that_leaves_nothing_says_so_and_draws_nothing(tmp_path):
    notebook = run(tmp_path, claimants=["armenia_gov"], metrics=["wounded"])
    messages = [t for m, t in outputs(notebook, "text/markdown")]
    assert any(t.startswith("**No claims match this selection:** counting wounded; claimed by armenia\\_gov")
               for t in messages), messages
    assert charts(notebook) == (0, 0)
    assert not [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]


def test_the_readme_command(tmp_path):
    papermill_cli = Path(sys.executable).parent / "papermill"
    output = tmp_path / "out.ipynb"
    subprocess.run([str(papermill_cli), "notebooks/casualty_claims.ipynb", str(output), "-p", "as_of", "2020-10-15",
                    "-y", '{"metrics": ["killed"]}'], cwd=ROOT, check=True, capture_output=True, timeout=600)
    notebook = nbformat.read(output, as_version=4)
    injected = next(c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'as_of = "2020-10-15"' in injected.source and 'metrics = ["killed"]' in injected.source
    assert "376 (9 Oct 2020, Government of Armenia)" in tables_and_words(notebook)
