"""What keeps large datasets workable: the build's dataset snapshot, bounded tables and sequences,
revision chains on whole arrays, and shared strings. Timings live in ``benchmarks/``, not here."""
from __future__ import annotations

import dataclasses
import pickle
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

import warclaims
from warclaims import analysis, handover
from warclaims.text import ceasefires as ceasefire_text
from warclaims.text import summaries
from warclaims import dataset as dataset_module
from warclaims.text import tables

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synthetic(synthetic_dataset) -> Path:
    return synthetic_dataset


@pytest.fixture(scope="module")
def big(synthetic):
    return warclaims.load(synthetic)


# -- the build's snapshot ---------------------------------------------------------------------------------
class TestSnapshot:
    def test_load_uses_the_snapshot_of_the_same_bytes(self, synthetic, tmp_path, monkeypatch):
        snapshot = tmp_path / "dataset.pickle"
        header = handover.write(synthetic, snapshot)
        assert header == {"data_dir": str(synthetic.resolve()), "version": dataset_module.dataset_version(synthetic)}
        # Mark the pickled copy and its derived tables, so the test can tell which ones load() returned.
        with snapshot.open("rb") as handle:
            pickle.load(handle)
            stored, derived = pickle.load(handle)
        stored.descriptor["marker"] = "from the snapshot"
        marked = dataclasses.replace(derived, figures=derived.figures.assign(marker="from the snapshot"))
        with snapshot.open("wb") as handle:
            for part in (header, (stored, marked)):
                pickle.dump(part, handle)
        monkeypatch.setenv(handover.SNAPSHOT_ENV, str(snapshot))
        loaded = warclaims.load(synthetic)
        assert loaded.descriptor.get("marker") == "from the snapshot"
        assert handover.from_snapshot(loaded)
        # The derived tables came with it: figures() does not recompute them.
        assert (analysis.figures(loaded)["marker"] == "from the snapshot").all()
        fresh = warclaims.load(synthetic, today=datetime.now(timezone.utc))  # today= always validates afresh
        assert "marker" not in fresh.descriptor and not handover.from_snapshot(fresh)
        pd.testing.assert_frame_equal(analysis.figures(loaded).drop(columns="marker"), analysis.figures(fresh))

    def test_load_waits_for_a_snapshot_being_written_by_a_running_build(self, synthetic, tmp_path, monkeypatch):
        import os
        import threading

        written = tmp_path / "written.pickle"
        handover.write(synthetic, written)
        snapshot = tmp_path / "dataset.pickle"
        handover.pending(snapshot).write_text(str(os.getpid()))  # this process stands for the build
        monkeypatch.setenv(handover.SNAPSHOT_ENV, str(snapshot))

        def finish():  # the build finishes writing a little later
            time.sleep(1.5)
            written.replace(snapshot)
            handover.pending(snapshot).unlink()

        writer = threading.Thread(target=finish)
        writer.start()
        loaded = warclaims.load(synthetic)
        writer.join()
        assert handover.from_snapshot(loaded), "load waited for the snapshot instead of validating afresh"

    def test_load_does_not_wait_for_a_build_that_is_gone(self, synthetic, tmp_path, monkeypatch):
        import subprocess
        import sys

        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        snapshot = tmp_path / "dataset.pickle"
        handover.pending(snapshot).write_text(gone.stdout.strip())
        monkeypatch.setenv(handover.SNAPSHOT_ENV, str(snapshot))
        loaded = warclaims.load(synthetic)
        assert not handover.from_snapshot(loaded) and len(loaded.claims) > 0

    def test_a_changed_dataset_ignores_a_stale_snapshot(self, synthetic, tmp_path, monkeypatch):
        copy = tmp_path / "data"
        shutil.copytree(synthetic, copy)
        snapshot = tmp_path / "dataset.pickle"
        handover.write(copy, snapshot)
        claims_csv = copy / "claims.csv"
        lines = claims_csv.read_text(encoding="utf-8").splitlines(keepends=True)
        claims_csv.write_text("".join(lines[:-1]), encoding="utf-8")  # one claim fewer
        monkeypatch.setenv(handover.SNAPSHOT_ENV, str(snapshot))
        assert len(warclaims.load(copy).claims) == len(lines) - 2

    def test_another_folder_ignores_the_snapshot(self, synthetic, tmp_path, monkeypatch):
        snapshot = tmp_path / "dataset.pickle"
        handover.write(synthetic, snapshot)
        monkeypatch.setenv(handover.SNAPSHOT_ENV, str(snapshot))
        assert len(warclaims.load().claims) == len(pd.read_csv(ROOT / "data" / "claims.csv"))

    def test_a_broken_dataset_writes_no_snapshot(self, synthetic, tmp_path):
        copy = tmp_path / "data"
        shutil.copytree(synthetic, copy)
        (copy / "actors.csv").write_text("actor_id\n", encoding="utf-8")
        with pytest.raises(dataset_module.DatasetError):
            handover.write(copy, tmp_path / "dataset.pickle")
        assert not (tmp_path / "dataset.pickle").exists()


def test_repetitive_columns_share_their_strings(big):
    metrics = big.claims["metric"]
    assert metrics.nunique() < 50
    # One object per distinct text, not one per row.
    assert len({id(value) for value in metrics}) == metrics.nunique()


# -- bounded outputs --------------------------------------------------------------------------------------
TEXT_CELL = '<td>{}</td>'


class TestHtmlTableLimit:
    def test_text_reads_left_and_numbers_right_with_separators(self):
        frame = pd.DataFrame({"who": ["Government of A"], "count": [99999], "ratio": [1.5],
                              "difference": ["\u22122,334"], "figure": ["about 1,595"]})
        page = tables.html_table(frame).data
        assert TEXT_CELL.format("Government of A") in page and TEXT_CELL.format("about 1,595") in page
        assert '<td class="num">99,999</td>' in page and '<td class="num">1.5</td>' in page
        assert '<td class="num">\u22122,334</td>' in page, "numbers written as text read right too"
        assert "<th>who</th>" in page and '<th class="num">count</th>' in page
        assert ".num{text-align:right}" in page, "the browser test checks what it does"

    def test_long_tables_show_the_first_rows_and_count_the_rest(self):
        frame = pd.DataFrame({"n": range(250), "text": [f"row {i}" for i in range(250)]})
        page = tables.html_table(frame, left_out="figures", hint="Narrow the selection.").data
        assert TEXT_CELL.format("row 199") in page and TEXT_CELL.format("row 200") not in page
        assert "Showing the first 200 of 250 figures; 50 more are not shown. Narrow the selection." in page

    def test_a_long_series_shows_its_latest_rows_newest_first(self):
        frame = pd.DataFrame({"as_of": [f"day {i}" for i in range(250)]})
        page = tables.html_table(frame, left_out="figures", newest_first=True).data
        assert TEXT_CELL.format("day 0") not in page and TEXT_CELL.format("day 49") not in page and TEXT_CELL.format("day 50") in page
        assert page.index(TEXT_CELL.format("day 249")) < page.index(TEXT_CELL.format("day 248")) < page.index(TEXT_CELL.format("day 50"))
        assert "Showing the 200 most recent of 250 figures, newest first; 50 earlier ones are not shown." in page

    def test_a_short_series_keeps_its_order(self):
        frame = pd.DataFrame({"as_of": ["day 0", "day 1"]})
        page = tables.html_table(frame, newest_first=True).data
        assert page.index("day 0") < page.index("day 1") and "not shown" not in page

    def test_short_tables_and_no_limit_show_everything_without_a_note(self):
        frame = pd.DataFrame({"text": ["a", "b"]})
        assert "not shown" not in tables.html_table(frame).data
        long = pd.DataFrame({"text": [str(i) for i in range(300)]})
        page = tables.html_table(long, limit=None).data
        assert '<td class="num">299</td>' in page and "not shown" not in page

    def test_the_note_escapes_its_words(self):
        frame = pd.DataFrame({"text": ["a", "b", "c"]})
        page = tables.html_table(frame, limit=1, left_out="<b>rows</b>", hint="<script>x</script>").data
        assert "<script>" not in page and "&lt;script&gt;" in page


class TestOwnLossesSequence:
    def test_a_long_sequence_keeps_its_first_and_latest_steps(self, big):
        running = analysis.split_cumulative(analysis.timeline(big))[0]
        full = summaries.own_losses(running, big, steps=(10**9, 0))
        short = summaries.own_losses(running, big, steps=(2, 3))
        assert list(full["n_figures"]) == list(short["n_figures"])
        long = short["n_figures"] > 5
        assert long.any()
        for (_, whole), (_, cut) in zip(full[long].iterrows(), short[long].iterrows()):
            steps = whole["sequence"].split(" \u2192 ")
            assert len(steps) == whole["n_figures"]
            kept = cut["sequence"].split(" \u2192 ")
            hidden = whole["n_figures"] - 5
            assert kept == steps[:2] + [f"\u2026 {hidden} more \u2026"] + steps[-3:]

    def test_a_short_sequence_is_spelled_out(self, big):
        running = analysis.split_cumulative(analysis.timeline(big))[0]
        own = summaries.own_losses(running, big, steps=(2, 3))
        few = own[own["n_figures"] <= 5]
        assert not few["sequence"].str.contains("more").any()
        assert (few["sequence"].str.count(" \u2192 ") == few["n_figures"] - 1).all()


# -- revision chains --------------------------------------------------------------------------------------
class TestRevisionTable:
    def test_every_corrected_claim_is_in_its_original_chain(self, big):
        table = analysis.revision_table(big)
        raw = big.claims.set_index("claim_id")
        corrections = raw[raw["supersedes"].fillna("") != ""]
        assert len(corrections) > 0
        chain_of = table.set_index("claim_id")["chain"]
        for claim_id, target in corrections["supersedes"].items():
            assert chain_of[claim_id] == chain_of[target]
        # A chain's id is its original: a claim that corrects nothing.
        assert (raw.loc[table["chain"].unique(), "supersedes"].fillna("") == "").all()

    def test_agrees_with_following_the_links_one_by_one(self, big):
        raw = big.claims.set_index("claim_id")["supersedes"].fillna("")
        table = analysis.revision_table(big)
        for claim_id in table["claim_id"].sample(50, random_state=1):
            root = claim_id
            while raw[root]:
                root = raw[root]
            assert table.loc[table["claim_id"] == claim_id, "chain"].item() == root
            assert set(analysis.revisions(big, claim_id)["claim_id"]) == set(table.loc[table["chain"] == root, "claim_id"])

    def test_split_chains_counts_what_it_leaves_out(self, big):
        table = analysis.revision_table(big)
        total = table["chain"].nunique()
        chains, more = analysis.split_chains(table, limit=3)
        assert len(chains) == 3 and more == total - 3
        for chain, root in zip(chains, table["chain"].drop_duplicates().head(3)):
            assert set(chain["claim_id"]) == set(table.loc[table["chain"] == root, "claim_id"])
        every, none_left = analysis.split_chains(table)
        assert len(every) == total and none_left == 0


def test_duration_report_quotes_a_few_tied_events_and_lists_the_rest():
    bundled = warclaims.load()
    table = analysis.durations(bundled)
    whole = ceasefire_text.duration_report(bundled, table, quoted=None)
    cut = ceasefire_text.duration_report(bundled, table, quoted=1)
    columns = ["measured from", "lower bound set by", "upper bound set by"]
    checked = 0
    for column in columns:
        for full, short in zip(whole[column], cut[column]):
            quoted = [line for line in full.splitlines() if line.endswith("\u201d")]
            if len(quoted) < 2:
                assert short == full
                continue
            checked += 1
            rest = len(quoted) - 1
            assert quoted[0] in short and quoted[1] not in short
            said = "1 more event that sets it" if rest == 1 else f"{rest:,} more events that set it"
            assert short.endswith(f"\u2026 and {said} equally (every one is in the table of events)")
    assert checked > 0


def test_a_build_hands_its_kernels_the_snapshot_and_removes_it(tmp_path):
    """Two reports of one build load the dataset from the build's snapshot (it carries the derived
    figures, which a fresh load does not), and the snapshot is gone after the build."""
    import os

    from conftest import write_parameterized_notebook

    from warclaims import build as build_package
    from warclaims.build import cache

    write_parameterized_notebook(tmp_path / "notebooks" / "load.ipynb",
                                 "import warclaims\nds = warclaims.load(data_dir or None)\n"
                                 "from warclaims import handover\n"
                                 "print('FROM-SNAPSHOT', handover.from_snapshot(ds), len(ds.claims))")
    schedule = tmp_path / "schedule.yml"
    schedule.write_text("- name: first\n  title: First\n  notebook: notebooks/load.ipynb\n"
                        "- name: second\n  title: Second\n  notebook: notebooks/load.ipynb\n")
    out = tmp_path / "out"
    code = build_package.build(schedule, out, root=tmp_path, jobs=2, data_dir=str(ROOT / "data"))
    assert code == 0
    claims_rows = len(pd.read_csv(ROOT / "data" / "claims.csv"))
    for name in ("first", "second"):
        assert f"FROM-SNAPSHOT True {claims_rows}" in (out / f"{name}.html").read_text(encoding="utf-8")
    scratch = cache.folder_for(out, tmp_path)
    assert "loaded once in" in (scratch / "build.log").read_text(encoding="utf-8")
    assert not (scratch / "dataset.pickle").exists()
    assert handover.SNAPSHOT_ENV not in os.environ
