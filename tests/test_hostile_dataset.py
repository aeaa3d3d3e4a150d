"""A dataset is untrusted input: what it names stays inside it, its patterns cannot hang a check, and a
bad file gives one clear message per problem (file:row:column), never a traceback or another file's
content. Each case mutates a copy of data/."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import warclaims
from warclaims.dataset import DatasetError

DATA = Path(__file__).resolve().parents[1] / "data"
WARCLAIMS = [sys.executable, "-m", "warclaims.cli"]


@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    return folder


def descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def save(folder: Path, value) -> None:
    (folder / "datapackage.json").write_text(json.dumps(value, indent=1), encoding="utf-8")


def resource(value: dict, name: str) -> dict:
    return next(r for r in value["resources"] if r["name"] == name)


def field(value: dict, table: str, name: str) -> dict:
    return next(f for f in resource(value, table)["schema"]["fields"] if f["name"] == name)


def problems(folder: Path) -> list[str]:
    with pytest.raises(DatasetError) as raised:
        warclaims.load(folder)
    return [str(p) for p in raised.value.problems]


def validate(folder: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*WARCLAIMS, "validate", str(folder)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


# -- confinement -------------------------------------------------------------------------------------------
def test_a_resource_outside_the_folder_is_refused_and_not_echoed(copy):
    value = descriptor(copy)
    resource(value, "places")["path"] = "/proc/self/environ"
    save(copy, value)
    done = validate(copy, {"WARCLAIMS_TEST_TOKEN": "ghp_secret_token_123"})
    assert done.returncode == 1
    assert "ghp_secret_token_123" not in done.stdout + done.stderr
    assert "data/datapackage.json:places.path: resource path '/proc/self/environ' must be a relative path" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_resource_climbing_out_is_refused(copy):
    value = descriptor(copy)
    resource(value, "places")["path"] = "../data/places.csv"
    save(copy, value)
    assert problems(copy) == ["data/datapackage.json:places.path: resource path '../data/places.csv' must be a "
                              "relative path inside the dataset folder (no '/' at the start, no '..')"]


def test_an_archived_text_that_links_out_is_refused(copy):
    article = copy / "articles" / "000_31bbd53c1c87ab01.txt"
    article.unlink()
    article.symlink_to("/etc/passwd")
    found = problems(copy)
    assert found == ["data/sources.csv:2:text_file: text_file 'articles/000_31bbd53c1c87ab01.txt' leads outside the "
                     "dataset folder (through a link)"]


def test_a_file_that_is_not_the_expected_csv_is_not_echoed(copy):
    (copy / "places.csv").write_text("TOKEN=ghp_abc;PATH=/usr/bin:/bin\nsecret\n", encoding="utf-8")
    (problem,) = problems(copy)
    assert "ghp_abc" not in problem and problem.startswith("data/places.csv:1: header lacks column(s) place_id")
    assert "is this the right file?" in problem


# -- no hang from data ---------------------------------------------------------------------------------------
def test_a_backtracking_pattern_cannot_hang_validation(copy):
    value = descriptor(copy)
    field(value, "places", "name")["constraints"]["pattern"] = "^(a+)+$"
    save(copy, value)
    rows = (copy / "places.csv").read_text(encoding="utf-8").splitlines()
    header, first = rows[0], rows[1].split(",")
    first[1] = "a" * 40 + "!"
    (copy / "places.csv").write_text("\n".join([header, ",".join(first), *rows[2:]]) + "\n", encoding="utf-8")
    done = validate(copy)  # a backtracking engine would take longer than the universe is old
    assert done.returncode == 1
    assert f"data/places.csv:2:name: {'a' * 40 + '!'!r} does not have the expected form ^(a+)+$" in done.stderr


def test_a_pattern_that_does_not_compile_is_a_problem(copy):
    value = descriptor(copy)
    field(value, "places", "name")["constraints"]["pattern"] = "(unclosed"
    save(copy, value)
    (problem,) = problems(copy)
    assert problem.startswith("data/datapackage.json:places.name: constraints.pattern '(unclosed' is not a usable pattern")


# -- row numbers are the file's lines -----------------------------------------------------------------------
def test_row_numbers_count_blank_lines(copy):
    path = copy / "camps.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "")  # a blank line after the header
    lines[3] = lines[3].replace("true", "maybe").replace("false", "maybe")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(copy) == ["data/camps.csv:4:belligerent: expected true or false, found 'maybe'"]


def test_one_extra_field_in_the_first_row_is_one_problem_at_that_row(copy):
    path = copy / "camps.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems(copy) == ["data/camps.csv:2: row has 4 fields, the header has 3"]


def test_a_duplicated_column_is_reported(copy):
    path = copy / "camps.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line + "," + line.split(",")[1] for line in lines) + "\n", encoding="utf-8")
    assert problems(copy) == ["data/camps.csv:1:name: column appears more than once in the header"]


def test_offsets_count_the_files_own_line_ends(copy, tmp_path):
    """An article saved with \\r\\n: the validator counts those characters, as the file holds them."""
    import csv
    import hashlib
    import io

    article = copy / "articles" / "003_1ad0be9f736b5a8c.txt"
    data = article.read_bytes().replace(b"\n", b"\r\n")
    article.write_bytes(data)
    with (copy / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    next(r for r in rows if r["source_id"] == "s003")["sha256"] = hashlib.sha256(data).hexdigest()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (copy / "sources.csv").write_text(out.getvalue(), encoding="utf-8")
    found = problems(copy)
    # Every quote of s003 after its first line break now sits later in the file than quote_start says.
    assert found and all(p.startswith(("data/claims.csv:", "data/ceasefire_events.csv:")) and "quote is not in s003's archived text" in p for p in found)
    assert any("quote is not in s003's archived text at 2222; it occurs at 2240" in p for p in found)


# -- corrections ----------------------------------------------------------------------------------------------
def _edit_claims(copy: Path, replacements: dict[str, str]) -> None:
    path = copy / "claims.csv"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_a_cycle_of_corrections_is_refused(copy):
    claims = (copy / "claims.csv").read_text(encoding="utf-8").splitlines()
    ids = [line.split(",")[0] for line in claims[1:]]
    import csv, io

    rows = list(csv.DictReader(io.StringIO("\n".join(claims) + "\n")))
    a, b = next(r for r in rows if r["claim_id"] == "c004"), next(r for r in rows if r["claim_id"] == "c005")
    a["supersedes"], b["supersedes"] = "c005", "c004"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (copy / "claims.csv").write_text(out.getvalue(), encoding="utf-8")
    found = [p for p in problems(copy) if "cycle of corrections" in p]
    rows_of = {claim: ids.index(claim) + 2 for claim in ("c004", "c005")}
    assert found == [f"data/claims.csv:{rows_of[c]}:supersedes: {c} is part of a cycle of corrections (following "
                     f"supersedes from it comes back to it)" for c in sorted(rows_of, key=rows_of.get)]


def test_only_the_claims_of_a_cycle_of_corrections_are_in_it():
    """Tails leading into a cycle, chains that end at an unknown id or at a claim pointing at itself, and
    a repeated id, next to cycles of two and three claims."""
    import pandas as pd

    from warclaims.dataset.rules import _in_cycle

    graph = {"a": "b", "b": "a",            # a cycle of two
             "t1": "t2", "t2": "c1",         # a tail into a cycle of three
             "c1": "c2", "c2": "c3", "c3": "c1",
             "s": "s", "u": "s",             # a claim pointing at itself, and one at it
             "x": "nowhere", "y": "x",       # a chain ending at an unknown id
             "z": ""}                        # no correction
    ids = list(graph) + ["a"]                # "a" twice: the first counts
    targets = list(graph.values()) + ["z"]
    member = _in_cycle(pd.Series(ids, dtype="str"), pd.Series(targets, dtype="str"))
    assert {claim for claim, inside in zip(ids, member) if inside} == {"a", "b", "c1", "c2", "c3"}
    assert not member[-1], "the repeated row is not where any walk goes"


def test_a_correction_across_populations_is_refused(copy):
    import csv, io

    with (copy / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    soldiers = next(r for r in rows if r["population"] == "military" and r["qualifier"] == "exact")
    civilians = next(r for r in rows if r["population"] == "civilian" and r["metric"] == soldiers["metric"])
    # Only the population differs: 37 civilians "correcting" a count of soldiers.
    civilians["supersedes"], civilians["subject_side"] = soldiers["claim_id"], soldiers["subject_side"]
    civilians["as_of"], civilians["as_of_precision"] = soldiers["as_of"], soldiers["as_of_precision"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (copy / "claims.csv").write_text(out.getvalue(), encoding="utf-8")
    row = rows.index(civilians) + 2
    assert (f"data/claims.csv:{row}:supersedes: {soldiers['claim_id']} counts a different metric, population or side; "
            f"a correction must count the same thing") in problems(copy)


# -- numbers and descriptors that used to crash ----------------------------------------------------------------
@pytest.mark.parametrize("value", ["inf", "Infinity", "1e309", "9223372036854775808", "12345678901234567890123"])
def test_a_number_that_is_no_count_is_a_problem(copy, value):
    _edit_claims(copy, {"c001,c001,s003,armenia_gov,armenia,killed,military,376,": f"c001,c001,s003,armenia_gov,armenia,killed,military,{value},"})
    assert f"data/claims.csv:2:value_low: expected a whole number of at most 1,000,000,000,000,000, found {value!r}" in problems(copy)


@pytest.mark.parametrize("value, expected", [
    ([], ": expected a JSON object (a Data Package), found list"),
    (None, ": expected a JSON object (a Data Package), found NoneType"),
    ({"resources": [{"name": "claims", "path": ["a", "b"], "schema": {"fields": []}}]}, ":resources[1].path: expected a str, found list"),
    ({"resources": [{"name": "claims", "path": "claims.csv"}]}, ":resources[1].schema: expected a JSON object, found NoneType"),
    ({"resources": [{"path": "claims.csv", "schema": {"fields": []}}]}, ":resources[1].name: expected a str, found NoneType"),
])
def test_a_malformed_descriptor_is_a_problem(copy, value, expected):
    save(copy, value)
    done = validate(copy)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"data/datapackage.json{expected}" in done.stderr


def test_a_minimum_that_is_not_a_number_is_a_problem(copy):
    value = descriptor(copy)
    field(value, "vague_terms", "low")["constraints"]["minimum"] = "zero"
    save(copy, value)
    assert problems(copy) == ["data/datapackage.json:vague_terms.low: constraints.minimum must be a number, found 'zero'"]


# -- locate -------------------------------------------------------------------------------------------------------
def test_locate_counts_the_files_own_characters(tmp_path):
    text = tmp_path / "a.txt"
    text.write_bytes("first line\r\nThe figure: 12 killed.\r\n".encode("utf-8"))
    done = subprocess.run([*WARCLAIMS, "locate", str(text), "12 killed"], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["24"]  # "first line\r\n" is 12 characters, "The figure: " 12 more


@pytest.mark.parametrize("make, quote, words", [
    (lambda p: p.mkdir(), "x", "not a file"),
    (lambda p: p.write_bytes("caf\xe9".encode("latin-1")), "caf", "not UTF-8 (byte 0xe9 at offset 3)"),
    (lambda p: p.write_text("text", encoding="utf-8"), "", "an empty quote is everywhere"),
])
def test_locate_refuses_folders_encodings_and_empty_quotes(tmp_path, make, quote, words):
    target = tmp_path / "target"
    make(target)
    done = subprocess.run([*WARCLAIMS, "locate", str(target), quote], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


# -- every stage in one run ---------------------------------------------------------------------------------
def _rewrite(path: Path, change) -> None:
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    change(rows, fields)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_schema_problem_does_not_hide_the_quote_checksum_and_date_problems(copy):
    """One run names all four problems: an enum (schema), a quote off its offset, a date in the future
    (domain rules) and an edited archive (checksum), and counts four."""
    starts = {}

    def claims(rows, fields):
        rows[2]["qualifier"] = "roughly"  # file row 4
        starts["quote"] = int(rows[5]["quote_start"])
        rows[5]["quote_start"] = str(starts["quote"] + 3)  # file row 7
        rows[7]["as_of"] = "2031-01-01"  # file row 9

    _rewrite(copy / "claims.csv", claims)
    _rewrite(copy / "sources.csv", lambda rows, fields: rows[1].update(sha256="0" * 64))  # file row 3
    found = problems(copy)
    assert len(found) == 4, found
    assert found[0].startswith("data/claims.csv:4:qualifier: expected one of ")
    assert found[1] == (f"data/claims.csv:7:quote_start: quote is not in s000's archived text at {starts['quote'] + 3}; "
                        f"it occurs at {starts['quote']}")
    assert found[2] == "data/claims.csv:9:as_of: '2031-01-01' is in the future"
    assert found[3].startswith("data/sources.csv:3:sha256: ")
    done = validate(copy)
    assert done.returncode == 1 and "4 problem(s) found" in done.stderr and "Traceback" not in done.stderr


def test_a_row_with_a_schema_problem_is_not_flagged_again_for_its_consequences(copy):
    """quote_start "abc" is one problem (not also "quote is not ... at nan")."""
    _rewrite(copy / "claims.csv", lambda rows, fields: rows[0].update(quote_start="abc"))
    found = problems(copy)
    assert len(found) == 1 and found[0].startswith("data/claims.csv:2:quote_start: "), found


def test_an_unknown_column_is_a_warning_and_the_dataset_still_validates(copy):
    def extra(rows, fields):
        fields.append("coder_note")
        for row in rows:
            row["coder_note"] = "checked"

    _rewrite(copy / "claims.csv", extra)
    done = validate(copy)
    assert done.returncode == 0, done.stderr
    assert "warning: data/claims.csv:1:coder_note: column is not in the schema" in done.stderr
    assert done.stdout.startswith("valid: ")
    assert [str(w) for w in warclaims.load(copy).warnings] == [
        "data/claims.csv:1:coder_note: column is not in the schema (datapackage.json); it is ignored"]


def test_max_problems_limits_what_is_shown_not_what_is_counted(copy):
    _rewrite(copy / "camps.csv", lambda rows, fields: [row.update(belligerent="maybe") for row in rows])
    shown = subprocess.run([*WARCLAIMS, "validate", str(copy), "--max-problems", "1"], capture_output=True, text=True)
    lines = shown.stderr.splitlines()
    total = len(problems(copy))
    assert total >= 3 and shown.returncode == 1
    assert lines[1:] == [f"... and {total - 1} more problems", f"{total} problem(s) found in {copy}"]
    refused = subprocess.run([*WARCLAIMS, "validate", str(copy), "--max-problems", "-1"], capture_output=True, text=True)
    assert refused.returncode == 2 and "expected a whole number of 0 or more, found '-1'" in refused.stderr


def test_a_schedule_that_is_not_utf8_is_named_with_its_line(tmp_path):
    schedule = tmp_path / "schedule.yml"
    schedule.write_bytes(b"- name: x\n  title: \"caf\xe9\"\n  notebook: notebooks/ceasefires.ipynb\n")
    done = subprocess.run([*WARCLAIMS, "build", "--schedule", str(schedule), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{schedule}:2: not UTF-8 (byte 0xe9)" in done.stderr or "schedule.yml:2: not UTF-8 (byte 0xe9)" in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()


# -- notebooks ---------------------------------------------------------------------------------------------
def _rewrite_cell(folder: Path, table: str, key: str, value: str, column: str, text: str) -> None:
    _rewrite(folder / f"{table}.csv", lambda rows, fields: [r.update({column: text}) for r in rows if r[key] == value])


def test_names_with_dollar_signs_are_drawn_as_text_not_maths(copy, tmp_path):
    import papermill

    _rewrite_cell(copy, "actors", "actor_id", "armenia_gov", "name", "Gov $\\undefinedcmd$ of $x^2$")
    _rewrite_cell(copy, "metrics", "metric_id", "killed", "name", "Killed $\\frac{a$")
    executed = papermill.execute_notebook(str(DATA.parent / "notebooks" / "casualty_claims.ipynb"), str(tmp_path / "out.ipynb"),
                                          parameters={"data_dir": str(copy)}, kernel_name="python3", progress_bar=False,
                                          cwd=str(DATA.parent))
    images = [o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images  # the figures were drawn
    assert "Gov $\\\\undefinedcmd$ of $x^2$" in json.dumps([c.get("outputs") for c in executed.cells])


def test_a_date_no_reader_can_draw_is_refused(copy):
    _rewrite(copy / "claims.csv", lambda rows, fields: rows[0].update(as_of="0000-01-01"))
    found = problems(copy)
    assert len(found) == 1 and found[0].startswith("data/claims.csv:2:as_of: '0000-01-01' is not an ISO 8601 value")
    assert found[0].endswith("in the years 2 to 9998")


def test_a_broken_data_dir_stops_the_notebook_with_its_problems_not_a_traceback(copy, tmp_path):
    """In Jupyter a DatasetError shows as its list of problems (IPython's _render_traceback_ hook)."""
    import papermill

    _rewrite(copy / "camps.csv", lambda rows, fields: rows[0].update(belligerent="maybe"))
    for data_dir, expected in ((copy, "data/camps.csv:2:belligerent: expected true or false, found 'maybe'"),
                               (tmp_path / "nowhere", "nowhere: dataset folder not found")):
        with pytest.raises(papermill.PapermillExecutionError) as raised:
            papermill.execute_notebook(str(DATA.parent / "notebooks" / "ceasefires.ipynb"), str(tmp_path / "out.ipynb"),
                                       parameters={"data_dir": str(data_dir)}, kernel_name="python3", progress_bar=False,
                                       cwd=str(DATA.parent))
        shown = "\n".join(raised.value.traceback)
        assert "the dataset does not validate (1 problem(s))" in shown and expected in shown
        assert "Traceback" not in shown and "File " not in shown


def test_a_file_cut_inside_a_quoted_field_names_the_row_it_starts_in(copy):
    path = copy / "claims.csv"
    data = path.read_bytes()
    last_row = data.rstrip(b"\n").count(b"\n") + 1  # physical line of the last record (no newline inside one here)
    path.write_bytes(data[: data.rfind(b',"') + 10])  # cut ten bytes into the last row's last quoted field
    found = problems(copy)
    assert found == [f"data/claims.csv:{last_row}: a quoted field starting in this row is never closed (the file ends "
                     "inside quotes); is the file cut short, or is a quote inside a field not doubled (\"\")?"]
