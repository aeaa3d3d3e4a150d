"""Shared fixtures.

``other_dataset`` writes a second, small, valid dataset about a fictional conflict (Ruritania against
Kravonia, March 2019, UTC+01:00) with its own sides, camps, actors, metrics and vague terms, so tests
can show that the library and the notebooks follow the dataset's vocabularies instead of the bundled
war's. Quote offsets and checksums are computed here from the article texts, so the texts can be edited
freely.

What it contains, for tests that need to know:

* sources r1 (outlet "Strelsau Herald", 2019-03-04), r2 (outlet empty, 2019-03-10, inferred),
  r3 ("Zenda Gazette", 2019-03-15T18:30+01:00, minute precision);
* claims: Ruritania's MoD says 12 soldiers killed (4 March), 30 (9 March), then corrects the 30 to 28
  (k10 supersedes k06); Kravonia's government gives 40 killed (figure ``f_kr_killed``, reported again
  by r3 without a named claimant) and "about 150" wounded, and has not disclosed its military
  casualties (4 March); the ICRC reports "several" civilians wounded; "dozens" of civilians killed
  (unattributed); Ruritania says it downed "at least 7" drones (metric ``drones_downed``); the Zenda
  Gazette counts "hundreds" killed or wounded in its own voice (its quote carries a ``<script>`` tag, so
  tests can check that text from the data is escaped wherever it is shown);
* ceasefires: cf_march3 (agreed 3 March, effective 18:00, violated 5 March, ended 12 March) and
  cf_zenda (agreed 14 March, held).
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path

import pytest

BUNDLED = Path(__file__).resolve().parents[1] / "data"

ARTICLES = {
    "r1": (
        "STRELSAU - Ruritania's Defence Ministry said on Monday that 12 of its soldiers had been killed since "
        "fighting began on 1 March. Kravonia has not disclosed its military casualties. Several civilians were "
        "wounded in the border villages, the Red Cross said. A ceasefire brokered by the Red Cross was agreed on "
        "3 March and took effect at 18:00 the same day.\n"
    ),
    "r2": (
        "Kravonia's government said 40 of its soldiers were killed and about 150 wounded as of 9 March. "
        "Ruritania's Defence Ministry said 30 of its soldiers had died by 9 March and that it had downed at least "
        "7 drones. Dozens of civilians have been killed, officials said. Kravonia said Ruritanian artillery broke "
        "the ceasefire on 5 March.\n"
    ),
    "r3": (
        "ZENDA - Hundreds of people have been killed or wounded since the war began, by this newspaper's count "
        "<script>alert('not code')</script>. "
        "The ceasefire of 3 March collapsed on 12 March. A new truce agreed in Zenda on 14 March has so far held. "
        "Ruritania's Defence Ministry corrected its toll for 9 March to 28 soldiers killed. 40 Kravonian soldiers "
        "were reported killed by 9 March. Ruritania's Defence Ministry accused the Kravonian army of shelling "
        "Zenda on 12 March.\n"
    ),
}

SOURCES = [
    dict(source_id="r1", title="Fighting on the Strelsau front", outlet="Strelsau Herald", author="A. Rassendyll",
         published="2019-03-04", published_precision="day", published_basis="stated", published_note="",
         source_type="news", reported_via="", url="", notes=""),
    dict(source_id="r2", title="Kravonia counts its dead", outlet="", author="", published="2019-03-10",
         published_precision="day", published_basis="inferred",
         published_note="Figures are as of 9 March; the earliest possible day is recorded.", source_type="wire",
         reported_via="", url="", notes=""),
    dict(source_id="r3", title="Zenda truce holds <b>for now</b>", outlet="Zenda Gazette", author="",
         published="2019-03-15T18:30+01:00", published_precision="minute", published_basis="stated",
         published_note="", source_type="news", reported_via="", url="", notes=""),
]

CAMPS = [
    dict(camp_id="ruritanian", name="Ruritanian side", belligerent="true"),
    dict(camp_id="kravonian", name="Kravonian side", belligerent="true"),
    dict(camp_id="neutral", name="Neutral parties", belligerent="false"),
]

SIDES = [
    dict(side_id="ruritania", name="Ruritania", camp="ruritanian", notes=""),
    dict(side_id="kravonia", name="Kravonia", camp="kravonian", notes=""),
    dict(side_id="red_cross", name="Red Cross", camp="neutral", notes=""),
    dict(side_id="press", name="Press", camp="neutral", notes=""),
    dict(side_id="nobody", name="Unspecified", camp="neutral", notes=""),
]

METRICS = [
    dict(metric_id="killed", name="Killed", unit="people", kind="casualty", definition="Deaths."),
    dict(metric_id="wounded", name="Wounded", unit="people", kind="casualty", definition="People injured."),
    dict(metric_id="killed_or_wounded", name="Killed or wounded", unit="people", kind="casualty",
         definition="Casualties counted together."),
    dict(metric_id="drones_downed", name="Drones downed", unit="drones", kind="other",
         definition="Drones shot down."),
]

VAGUE_TERMS = [
    dict(term="several", low="3", high="9", reasoning="More than a couple, fewer than ten."),
    dict(term="dozens", low="24", high="99", reasoning="At least two dozen, fewer than a hundred."),
    dict(term="hundreds", low="200", high="999", reasoning="At least two hundred, fewer than a thousand."),
]

ACTORS = [
    dict(actor_id="ruritania_mod", name="Ministry of Defence of Ruritania", side="ruritania", kind="military",
         aliases="Ruritania's Defence Ministry", notes=""),
    dict(actor_id="kravonia_gov", name="Government of Kravonia", side="kravonia", kind="government",
         aliases="Kravonia", notes=""),
    dict(actor_id="kravonia_army", name="Army of Kravonia", side="kravonia", kind="military", aliases="", notes=""),
    dict(actor_id="icrc", name="International Committee of the Red Cross", side="red_cross", kind="igo",
         aliases="the Red Cross", notes=""),
    dict(actor_id="reporting_outlet", name="The source itself", side="press", kind="media", aliases="", notes=""),
    dict(actor_id="unattributed", name="Unnamed claimant", side="nobody", kind="unattributed", aliases="", notes=""),
]

PLACES = [dict(place_id="zenda", name="Zenda", kind="town", aliases="Zenda", notes="")]

NOTE = "Not dated in the text; the publication date is the latest it can be as of."
# claim_id, figure_id, source, claimant, subject, metric, population, low, best, high, qualifier, vague_term,
# as_of, precision, basis, cumulative, quote, status, supersedes
CLAIMS = [
    ("k01", "k01", "r1", "ruritania_mod", "ruritania", "killed", "military", "12", "12", "12", "exact", "",
     "2019-03-04", "day", "stated", "true", "12 of its soldiers had been killed", "reported", ""),
    ("k02", "k02", "r1", "kravonia_gov", "kravonia", "killed_or_wounded", "military", "", "", "", "undisclosed", "",
     "2019-03-04", "day", "inferred", "true", "Kravonia has not disclosed its military casualties", "reported", ""),
    ("k03", "k03", "r1", "icrc", "both", "wounded", "civilian", "3", "", "9", "vague", "several",
     "2019-03-04", "day", "inferred", "true", "Several civilians were wounded in the border villages", "reported", ""),
    ("k04", "f_kr_killed", "r2", "kravonia_gov", "kravonia", "killed", "military", "40", "40", "40", "exact", "",
     "2019-03-09", "day", "stated", "true", "40 of its soldiers were killed", "reported", ""),
    ("k05", "k05", "r2", "kravonia_gov", "kravonia", "wounded", "military", "", "150", "", "approx", "",
     "2019-03-09", "day", "stated", "true", "about 150 wounded", "reported", ""),
    ("k06", "k06", "r2", "ruritania_mod", "ruritania", "killed", "military", "30", "30", "30", "exact", "",
     "2019-03-09", "day", "stated", "true", "30 of its soldiers had died by 9 March", "reported", ""),
    ("k07", "k07", "r2", "ruritania_mod", "kravonia", "drones_downed", "property", "7", "", "", "at_least", "",
     "2019-03-09", "day", "inferred", "true", "downed at least 7 drones", "unverified", ""),
    ("k08", "k08", "r2", "unattributed", "both", "killed", "civilian", "24", "", "99", "vague", "dozens",
     "2019-03-10", "day", "inferred", "true", "Dozens of civilians have been killed", "reported", ""),
    ("k09", "k09", "r3", "reporting_outlet", "both", "killed_or_wounded", "all", "200", "", "999", "vague",
     "hundreds", "2019-03-15", "day", "inferred", "true",
     "Hundreds of people have been killed or wounded since the war began, by this newspaper's count "
     "<script>alert('not code')</script>", "reported", ""),
    ("k10", "k10", "r3", "ruritania_mod", "ruritania", "killed", "military", "28", "28", "28", "exact", "",
     "2019-03-09", "day", "stated", "true", "corrected its toll for 9 March to 28 soldiers killed", "reported",
     "k06"),
    ("k11", "f_kr_killed", "r3", "unattributed", "kravonia", "killed", "military", "40", "40", "40", "exact", "",
     "2019-03-09", "day", "stated", "true", "40 Kravonian soldiers were reported killed by 9 March", "reported", ""),
]

CEASEFIRES = [
    dict(ceasefire_id="cf_march3", name="3 March 2019 ceasefire", kind="humanitarian", purpose="Evacuate civilians.",
         brokers="icrc", venue="", agreed_at="2019-03-03", agreed_precision="day",
         effective_at="2019-03-03T18:00+01:00", effective_precision="hour", ended_at="2019-03-12",
         ended_precision="day", ended_bound="on", end_type="collapsed", source_ids="r1|r3", notes=""),
    dict(ceasefire_id="cf_zenda", name="Zenda truce", kind="general", purpose="", brokers="", venue="Zenda",
         agreed_at="2019-03-14", agreed_precision="day", effective_at="", effective_precision="", ended_at="",
         ended_precision="", ended_bound="", end_type="held", source_ids="r3", notes=""),
]

# event_id, ceasefire_id, event, at, precision, bound, claimant, accused, source, quote
EVENTS = [
    ("v1", "cf_march3", "agreed", "2019-03-03", "day", "on", "", "", "r1",
     "A ceasefire brokered by the Red Cross was agreed on 3 March"),
    ("v2", "cf_march3", "effective", "2019-03-03T18:00+01:00", "hour", "on", "", "", "r1",
     "took effect at 18:00 the same day"),
    ("v3", "cf_march3", "violation_reported", "2019-03-05", "day", "on", "kravonia_gov", "ruritania_mod", "r2",
     "Kravonia said Ruritanian artillery broke the ceasefire on 5 March"),
    ("v4", "cf_march3", "accusation", "2019-03-12", "day", "on", "ruritania_mod", "kravonia_army", "r3",
     "Ruritania's Defence Ministry accused the Kravonian army of shelling Zenda on 12 March"),
    ("v5", "cf_march3", "ended", "2019-03-12", "day", "on", "", "", "r3", "The ceasefire of 3 March collapsed on 12 March"),
    ("v6", "cf_zenda", "agreed", "2019-03-14", "day", "on", "", "", "r3", "A new truce agreed in Zenda on 14 March"),
]


def _write(path: Path, rows: list[dict[str, str]], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in fields})


def _offset(source_id: str, quote: str) -> str:
    start = ARTICLES[source_id].find(quote)
    assert start >= 0, f"fixture quote {quote!r} is not in article {source_id}"
    return str(start)


def write_other_dataset(root: Path) -> Path:
    """Write the fictional dataset into ``root`` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    descriptor = json.loads((BUNDLED / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.update(name="warclaims-ruritania-kravonia-2019", title="Claims made in the Ruritania-Kravonia war (fictional)",
                      description="A fictional test dataset.")
    descriptor["warclaims:timezone"] = "+01:00"
    descriptor["warclaims:subject"] = "the Ruritania-Kravonia war (fictional)"
    descriptor["warclaims:timezoneNote"] = "Local time in Strelsau and Zenda."
    # Only what describes the dataset changes: its vocabularies live in its own tables.
    fields = {resource["name"]: [f["name"] for f in resource["schema"]["fields"]] for resource in descriptor["resources"]}
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")

    sources = []
    for source in SOURCES:
        text_file = f"articles/{source['source_id']}.txt"
        data = ARTICLES[source["source_id"]].encode("utf-8")
        (root / text_file).write_bytes(data)
        sources.append({**source, "text_file": text_file, "sha256": hashlib.sha256(data).hexdigest()})
    claim_columns = ["claim_id", "figure_id", "source_id", "claimant", "subject_side", "metric", "population",
                     "value_low", "value_best", "value_high", "qualifier", "vague_term", "as_of", "as_of_precision",
                     "as_of_basis", "cumulative", "quote", "status", "supersedes"]
    claims = []
    for values in CLAIMS:
        row = dict(zip(claim_columns, values))
        row["quote_start"] = _offset(row["source_id"], row["quote"])
        row["as_of_note"] = NOTE if row["as_of_basis"] == "inferred" else ""
        claims.append(row)
    event_columns = ["event_id", "ceasefire_id", "event", "at", "precision", "bound", "claimant", "accused",
                     "source_id", "quote"]
    events = []
    for values in EVENTS:
        row = dict(zip(event_columns, values))
        row["quote_start"] = _offset(row["source_id"], row["quote"])
        events.append(row)
    tables = {"sources": sources, "camps": CAMPS, "sides": SIDES, "metrics": METRICS, "vague_terms": VAGUE_TERMS,
              "actors": ACTORS, "places": PLACES, "claims": claims, "ceasefires": CEASEFIRES,
              "ceasefire_events": events}
    for resource in descriptor["resources"]:
        _write(root / resource["path"], tables[resource["name"]], fields[resource["name"]])
    return root


@pytest.fixture(scope="session", autouse=True)
def build_cache_outside_the_project(tmp_path_factory) -> Path:
    """Builds run by the tests keep their scratch (state, logs, executed notebooks) in a temporary folder,
    not in the project's ``.cache/warclaims/`` (``$WARCLAIMS_CACHE_DIR``; the kernels inherit it)."""
    from warclaims import paths

    base = tmp_path_factory.mktemp("build-cache")
    previous = os.environ.get(paths.CACHE_DIR_ENV)
    os.environ[paths.CACHE_DIR_ENV] = str(base)
    yield base
    if previous is None:
        os.environ.pop(paths.CACHE_DIR_ENV, None)
    else:
        os.environ[paths.CACHE_DIR_ENV] = previous


@pytest.fixture
def other_dataset(tmp_path: Path) -> Path:
    """Folder of a second valid dataset (fictional conflict, other sides, actors, metrics, dates, UTC+01:00)."""
    return write_other_dataset(tmp_path / "other_data")


@pytest.fixture(scope="session")
def synthetic_generator():
    """``benchmarks/make_synthetic.py`` as a module (benchmarks is not a package), loaded once."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_synthetic", BUNDLED.parent / "benchmarks" / "make_synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def synthetic_dataset(synthetic_generator, tmp_path_factory) -> Path:
    """A synthetic dataset folder of 4,000 claims (seed 5): above every chart's mark budget, quick to load.

    Shared by the scale tests; treat it as read-only (copy it to mutate).
    """
    return synthetic_generator.make_synthetic(tmp_path_factory.mktemp("synthetic") / "data", 4000, seed=5)


@pytest.fixture(scope="session")
def daily_dataset(tmp_path_factory) -> Path:
    """Another war's daily series: no ceasefire tables, its own sides and metrics, summer time, zeros,
    1,600 days (see tests/daily_dataset.py). Read-only."""
    from daily_dataset import write_daily_dataset

    return write_daily_dataset(tmp_path_factory.mktemp("daily") / "data")


def write_parameterized_notebook(path: Path, code: str, parameters: str = "data_dir = ''",
                                 more: tuple[tuple[str, list[str]], ...] = ()) -> Path:
    """A notebook for build tests: a ``parameters`` cell (declaring ``data_dir`` by default), then ``code``,
    then any ``more`` code cells, each given as (source, tags)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    cells = [new_code_cell(parameters, metadata={"tags": ["parameters"]}), new_code_cell(code)]
    cells += [new_code_cell(source, metadata={"tags": tags}) for source, tags in more]
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index}"  # stable ids: nbformat would draw random ones
    notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                  "language": "python"}})
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def build_runner(jobs: int) -> str:
    """A script that runs ``warclaims build`` on the project folder it is given (``python runner.py ROOT``):
    its ``schedule.yml`` into ``ROOT/out``, scratch in ``ROOT/scratch``, with ``jobs`` workers. A script,
    not a call, so that a test can stop or kill the build as a whole process."""
    return f"""
import sys
from pathlib import Path
from warclaims import cli, paths

if __name__ == "__main__":  # the build's workers are spawned: they import this file again
    root = Path(sys.argv[1])
    paths.project_root = lambda start=None: root
    sys.exit(cli.main(["build", "--schedule", str(root / "schedule.yml"), "--out", str(root / "out"),
                       "--cache-dir", str(root / "scratch"), "--jobs", "{jobs}"]))
"""


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie waiting for its parent to reap it does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False
