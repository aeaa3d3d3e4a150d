"""`warclaims extract` and `warclaims add` from the command line: outputs, determinism, validation, errors."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

import warclaims
from warclaims.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from extract_fixture import PUBLISHED, write_dataset  # noqa: E402


@pytest.fixture
def data(tmp_path):
    return write_dataset(tmp_path / "valdoria")


def _extract(data, out, *extra):
    return main(["extract", str(data / "articles" / "v1.txt"), "--source-id", "v1", "--published", PUBLISHED,
                 "--data-dir", str(data), "--out", str(out), *extra])


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_extract_writes_the_same_bytes_twice(data, tmp_path):
    assert _extract(data, tmp_path / "a.csv") == 0
    assert _extract(data, tmp_path / "b.csv") == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.events.csv").read_bytes() == (tmp_path / "b.events.csv").read_bytes()
    header = next(csv.reader(open(tmp_path / "a.csv", encoding="utf-8")))
    claims_header = next(csv.reader(open(data / "claims.csv", encoding="utf-8")))
    assert header[: len(claims_header)] == claims_header and {"confidence", "why"} <= set(header)


def test_extract_without_out_prints_a_summary(data, capsys):
    assert main(["extract", str(data / "articles" / "v1.txt"), "--source-id", "v1", "--published", PUBLISHED,
                 "--data-dir", str(data)]) == 0
    printed = capsys.readouterr().out
    assert "v1: 8 claim candidate(s)" in printed and "tanks_destroyed" in printed


def test_add_appends_accepted_rows_and_the_result_validates(data, tmp_path, capsys):
    _extract(data, tmp_path / "c.csv")
    rows = _rows(tmp_path / "c.csv")
    for row in rows:
        row["accept"] = "yes" if row["value_best"] in ("214", "37") or row["claimant_name"] else ""
    with open(tmp_path / "review.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = (data / "claims.csv").read_text(encoding="utf-8")
    assert main(["add", str(tmp_path / "review.csv"), str(tmp_path / "c.events.csv"), "--data-dir", str(data)]) == 0
    after = (data / "claims.csv").read_text(encoding="utf-8")
    assert after.startswith(before)  # existing rows untouched, byte for byte
    dataset = warclaims.load(data)
    claims = dataset.claims.set_index("claim_id")
    assert list(claims.index) == ["k1", "k2", "k3", "k4"]
    assert claims.loc["k2", "figure_id"] == "f_valdoria_214"  # the same figure from source v0: shared
    assert claims.loc["k3", "figure_id"] == "k3"
    assert "harbour_watch_monitoring_group" in set(dataset.actors["actor_id"])
    assert len(dataset.ceasefire_events) > 1
    assert "added 3 claim(s) k2 k3 k4" in capsys.readouterr().out


def test_add_refuses_a_bad_row_and_writes_nothing(data, tmp_path, capsys):
    _extract(data, tmp_path / "c.csv")
    rows = _rows(tmp_path / "c.csv")
    rows[0]["qualifier"] = "roughly"                                # not a qualifier of the codebook
    rows[1]["metric"] = "souls_lost"                                # not a metric of this dataset
    with open(tmp_path / "bad.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[:2])
    files = {p.name: p.read_bytes() for p in data.glob("*.csv")}
    assert main(["add", str(tmp_path / "bad.csv"), "--data-dir", str(data)]) == 1
    assert {p.name: p.read_bytes() for p in data.glob("*.csv")} == files
    err = capsys.readouterr().err
    assert "valdoria/claims.csv:3:qualifier: expected one of exact" in err
    assert "valdoria/claims.csv:4:metric: 'souls_lost' is not a metric_id in metrics.csv" in err
    assert "nothing written" in err


@pytest.mark.parametrize("args, code, message", [
    (["extract", "missing.txt", "--source-id", "v1", "--published", PUBLISHED], 1, "missing.txt: no such file"),
    (["extract", "{article}", "--source-id", "v9", "--published", PUBLISHED], 1, "--source-id 'v9' is not in sources.csv"),
    (["extract", "{article}", "--source-id", "v1", "--published", "13/04/2023"], 2, "is not an ISO 8601 date"),
    (["extract", "{article}", "--source-id", "v1", "--published", "2023-02-30"], 2, "is not a real calendar date"),
    (["add", "nothing.csv"], 1, "nothing.csv: no such file"),
])
def test_bad_input_gives_one_clear_message(data, capsys, args, code, message):
    args = [a.replace("{article}", str(data / "articles" / "v1.txt")) for a in args] + ["--data-dir", str(data)]
    assert main(args) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_add_refuses_a_quote_moved_off_its_offset(data, tmp_path, capsys):
    _extract(data, tmp_path / "c.csv")
    rows = _rows(tmp_path / "c.csv")[:1]
    rows[0]["quote_start"] = str(int(rows[0]["quote_start"]) + 3)
    with open(tmp_path / "moved.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    before = (data / "claims.csv").read_bytes()
    assert main(["add", str(tmp_path / "moved.csv"), "--data-dir", str(data)]) == 1
    assert (data / "claims.csv").read_bytes() == before
    assert "valdoria/claims.csv:3:quote_start: quote is not in v1's archived text" in capsys.readouterr().err


def _review(data, tmp_path):
    from warclaims.extract import extract, review

    result = extract(data / "articles" / "v1.txt", "v1", PUBLISHED, warclaims.load(data))
    path = tmp_path / "reviews" / "v1_review.csv"
    assert review.write_review(result, path, data) and not review.write_review(result, path, data)  # written once
    return path, result


def test_add_takes_the_one_review_csv_the_notebook_writes(data, tmp_path, capsys):
    from warclaims.extract import review

    path, result = _review(data, tmp_path)
    rows = _rows(path)
    assert {r["table"] for r in rows} == {"claims", "ceasefire_events"}
    assert len(rows) == len(result.claims) + len(result.events)
    keep = next(r["claim_id"] for r in rows if r["table"] == "claims" and r["value_best"] == "214")
    claims = [r["claim_id"] for r in rows if r["table"] == "claims"]
    review.apply_edits(path, reject=[c for c in claims if c != keep], table="claims")
    before = {p.name: p.read_text(encoding="utf-8") for p in data.glob("*.csv")}
    assert main(["add", str(path), "--data-dir", str(data)]) == 0
    dataset = warclaims.load(data)
    assert list(dataset.claims["claim_id"]) == ["k1", "k2"]            # one claim accepted
    assert len(dataset.ceasefire_events) == 1 + len(result.events)      # every event accepted
    for name, text in before.items():
        assert (data / name).read_text(encoding="utf-8").startswith(text)
    assert "added 1 claim(s) k2" in capsys.readouterr().out


def test_a_bad_row_in_the_one_review_csv_writes_nothing(data, tmp_path, capsys):
    path, _ = _review(data, tmp_path)
    rows = _rows(path)
    event = next(i for i, r in enumerate(rows) if r["table"] == "ceasefire_events")
    rows[event]["event"] = "fizzled"                                    # not an event kind of the codebook
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    files = {p.name: p.read_bytes() for p in data.glob("*.csv")}
    assert main(["add", str(path), "--data-dir", str(data)]) == 1
    assert {p.name: p.read_bytes() for p in data.glob("*.csv")} == files
    err = capsys.readouterr().err
    assert "ceasefire_events.csv:" in err and ":event:" in err and "nothing written" in err
