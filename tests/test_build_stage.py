"""The dataset stage of a build (warclaims.build.stage): it derives the shared tables while a fork of it checks
the domain rules, so each way it can end is tested on its own: a snapshot wanted, none wanted, a rule that fails.
"""
from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from conftest import write_other_dataset
from warclaims import handover
from warclaims.analysis import derived
from warclaims.build.stage import Stage
from warclaims.dataset import load


def _ours(process: psutil.Process) -> bool:
    """Not multiprocessing's resource tracker, which serves the test process for as long as it runs."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(process.cmdline())
    except psutil.Error:
        return False


def _processes_end(before: set[int], seconds: float = 20.0) -> bool:
    """Whether every process this test started (beyond ``before``) has ended within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [p for p in psutil.Process().children(recursive=True) if p.pid not in before and _ours(p)]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _goes(path: Path, seconds: float = 10.0) -> bool:
    """Whether ``path`` is gone within ``seconds``."""
    deadline = time.monotonic() + seconds
    while path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def folders(tmp_path):
    data = write_other_dataset(tmp_path / "data")
    for name in ("cache", "out"):
        (tmp_path / name).mkdir()
    return data, tmp_path / "cache", tmp_path / "out"


def _break_a_quote(data: Path) -> None:
    """A claim's quote that is not in its article: only a domain rule (after typing) finds it."""
    path = data / "claims.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["quote"] = "words that no article of this dataset holds"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_snapshot_holds_the_dataset_and_the_tables_derived_beside_the_rules(folders):
    data, cache, out = folders
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with Stage(data, cache, out, Path.cwd()) as stage:
        facts = stage.facts()
        assert facts.loaded
        stage.hand_over(facts, cache / "workers.log")
        assert stage.pages_written() == ""
        dataset = handover.read(data, stage.snapshot)  # waits while it is being written
        assert dataset is not None and handover.from_snapshot(dataset)
    assert stage.seconds is not None
    fresh = load(data)
    assert dataset.version == fresh.version
    pd.testing.assert_frame_equal(dataset.claims, fresh.claims)
    kept, computed = derived.derive(dataset), derived.compute(fresh)
    for table in ("figures", "supersessions", "revisions"):
        pd.testing.assert_frame_equal(getattr(kept, table), getattr(computed, table))
    assert (out / "sources.html").is_file(), "the pages are written from the subset"
    assert not stage.snapshot.exists() and not handover.pending(stage.snapshot).exists()
    assert _processes_end(before), "the stage, its fork and the pages process all end"


def test_with_no_report_to_run_the_pages_are_written_and_nothing_derives_on(folders):
    data, cache, out = folders
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with Stage(data, cache, out, Path.cwd()) as stage:
        assert stage.facts().loaded
        assert stage.write_pages_here() == ""
        assert _processes_end(before), "the deriving process stops once its fork says no snapshot is wanted"
        assert not stage.snapshot.exists()
    assert (out / "sources.html").is_file() and stage.seconds is None


def test_a_dataset_that_fails_a_rule_gets_no_snapshot_and_its_facts_say_why(folders):
    data, cache, out = folders
    _break_a_quote(data)
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with Stage(data, cache, out, Path.cwd()) as stage:
        facts = stage.facts()
        assert not facts.loaded and "quote is not in" in facts.problem
        stage.hand_over(facts, cache / "workers.log")
        assert stage.pages_written() == ""
        assert _processes_end(before)
        # The build's thread that watches the stage removes the marker once the stage has ended.
        assert _goes(handover.pending(stage.snapshot)) and not stage.snapshot.exists()
    assert handover.read(data, stage.snapshot) is None
    assert stage.seconds is None and not (out / "sources.html").exists()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads are counted through Linux's /proc")
def test_the_stage_process_runs_one_thread_so_that_it_may_fork():
    """Otherwise the stage derives after the rules, on one core, and a build is seconds slower."""
    import subprocess
    import sys

    from warclaims.build import stage

    code = ("import warclaims.dataset; from warclaims.build import children, stage; "
            "print(children.single_threaded())")
    said = subprocess.run([sys.executable, "-c", code], env={**os.environ, **stage.STAGE_ENVIRONMENT},
                          capture_output=True, text=True, check=True).stdout.strip()
    assert said == "True"


def test_the_stage_and_the_pages_process_keep_freed_memory_and_nothing_else_inherits_it(folders, monkeypatch):
    """The stage's malloc setting keeps freed memory (fast on this machine); a kernel with it would hold more
    at the build's peak, so the workers and kernels, started from the build's environment later, must not
    get it."""
    import multiprocessing.context

    from warclaims.build import stage as stage_module

    for key in stage_module.STAGE_MALLOC:
        monkeypatch.delenv(key, raising=False)
    started = []  # the environment each process of the stage starts with (a spawned process inherits it)
    start = multiprocessing.context.SpawnProcess.start

    def recording_start(process):
        started.append(dict(os.environ))
        start(process)

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", recording_start)
    data, cache, out = folders
    with Stage(data, cache, out, Path.cwd()) as stage:
        facts = stage.facts()
        stage.hand_over(facts, cache / "workers.log")
        build = dict(os.environ)
        assert stage.pages_written() == ""
    assert len(started) == 2, "the stage's process and the pages process"
    for key, value in stage_module.STAGE_MALLOC.items():
        assert all(environment.get(key) == value for environment in started)
        assert key not in build
