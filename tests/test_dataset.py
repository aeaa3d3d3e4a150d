"""Loading and validating a dataset: the bundled one passes; each kind of damage is reported where it is."""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import warclaims
from warclaims.dataset import DatasetError
from warclaims.dates import parse_when, zone

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit(data_dir: Path, table: str, row: int, **values: str) -> None:
    """Set columns of data row ``row`` (spreadsheet numbering: the header is row 1)."""
    path = data_dir / f"{table}.csv"
    rows = read_rows(path)
    rows[row - 2].update(values)
    write_rows(path, rows)


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        warclaims.load(data_dir)
    return [str(p) for p in caught.value.problems]


def assert_reported(data_dir: Path, location: str, *words: str) -> None:
    problems = problems_of(data_dir)
    matching = [p for p in problems if p.startswith(location + ":") or p.startswith(location + " ")]
    assert matching, f"nothing reported at {location}; got:\n" + "\n".join(problems)
    assert any(all(w in p for w in words) for p in matching), f"{location} reported without {words}: {matching}"


class TestBundledDataset:
    def test_loads_with_typed_columns(self):
        dataset = warclaims.load(DATA)
        claims = dataset.claims
        assert str(claims["value_best"].dtype) == "Int64"
        assert str(claims["as_of"].dt.tz) == "UTC"
        assert str(claims["cumulative"].dtype) == "boolean"
        assert len(dataset.sources) == 5

    def test_every_quote_is_verbatim_at_its_offset(self):
        dataset = warclaims.load(DATA)
        for table in (dataset.claims, dataset.ceasefire_events):
            for _, row in table.iterrows():
                text_file = dataset.sources.set_index("source_id").loc[row.source_id, "text_file"]
                text = (DATA / text_file).read_text(encoding="utf-8")
                assert text[row.quote_start: row.quote_start + len(row.quote)] == row.quote

    def test_articles_are_the_seeds_byte_for_byte(self):
        seeds = DATA.parents[1] / "shared" / "seeds"
        if not seeds.is_dir():
            pytest.skip("../shared/seeds is not beside this checkout")
        for seed in seeds.iterdir():
            assert (DATA / "articles" / seed.name).read_bytes() == seed.read_bytes()

    def test_vague_figures_keep_ranges_not_midpoints(self):
        claims = warclaims.load(DATA).claims
        vague = claims[claims["qualifier"] == "vague"]
        assert len(vague) > 0
        assert vague["value_best"].isna().all()
        assert (vague["value_low"] < vague["value_high"]).all()

    def test_frictionless_agrees_the_package_is_valid(self):
        frictionless = pytest.importorskip("frictionless")
        report = frictionless.validate(str(DATA / "datapackage.json"))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


class TestDates:
    def test_day_precision_is_a_local_day_in_utc(self):
        start, end, ok = parse_when(pd.Series(["2020-10-10"]), pd.Series(["day"]), zone("+04:00"))
        assert ok.all()
        assert start[0] == pd.Timestamp("2020-10-09T20:00Z")
        assert end[0] - start[0] == pd.Timedelta(days=1)

    def test_hour_precision_keeps_its_own_offset(self):
        start, end, _ = parse_when(pd.Series(["2020-10-10T12:00+03:00"]), pd.Series(["hour"]), zone("+04:00"))
        assert start[0] == pd.Timestamp("2020-10-10T09:00Z")
        assert end[0] == pd.Timestamp("2020-10-10T10:00Z")

    def test_month_and_year_span_the_whole_period(self):
        start, end, _ = parse_when(pd.Series(["2020-02", "1994"]), pd.Series(["month", "year"]), zone("+00:00"))
        assert end[0] - start[0] == pd.Timedelta(days=29)  # 2020 is a leap year
        assert end[1] - start[1] == pd.Timedelta(days=365)

    def test_time_without_offset_does_not_parse(self):
        _, _, ok = parse_when(pd.Series(["2020-10-10T12:00"]), pd.Series(["hour"]), zone("+04:00"))
        assert not ok.any()


class TestBrokenCopies:
    """Each check, on a copy damaged in one place, reports that place."""

    def test_unknown_enum_value(self, data_copy):
        edit(data_copy, "claims", 3, population="soldiers")
        assert_reported(data_copy, "data/claims.csv:3:population", "soldiers", "military")

    def test_not_a_number(self, data_copy):
        edit(data_copy, "claims", 2, value_low="three hundred")
        assert_reported(data_copy, "data/claims.csv:2:value_low", "whole number")

    def test_negative_value(self, data_copy):
        edit(data_copy, "claims", 2, value_low="-1")
        assert_reported(data_copy, "data/claims.csv:2:value_low", "at least 0")

    def test_low_above_best(self, data_copy):
        edit(data_copy, "claims", 2, value_low="400")
        assert_reported(data_copy, "data/claims.csv:2:value_best", "below value_low")

    def test_duplicate_id(self, data_copy):
        rows = read_rows(data_copy / "claims.csv")
        edit(data_copy, "claims", 4, claim_id=rows[0]["claim_id"])
        assert_reported(data_copy, "data/claims.csv:4:claim_id", "not unique")

    def test_unknown_claimant(self, data_copy):
        edit(data_copy, "claims", 5, claimant="nobody")
        assert_reported(data_copy, "data/claims.csv:5:claimant", "nobody", "actors.csv")

    def test_unknown_source(self, data_copy):
        edit(data_copy, "ceasefire_events", 2, source_id="s999")
        assert_reported(data_copy, "data/ceasefire_events.csv:2:source_id", "s999")

    def test_unknown_ceasefire(self, data_copy):
        edit(data_copy, "ceasefire_events", 3, ceasefire_id="cf0000")
        assert_reported(data_copy, "data/ceasefire_events.csv:3:ceasefire_id", "cf0000")

    def test_unknown_broker_in_a_list(self, data_copy):
        edit(data_copy, "ceasefires", 3, brokers="russia_mfa|ghost_broker")
        assert_reported(data_copy, "data/ceasefires.csv:3:brokers", "ghost_broker")

    def test_quote_not_at_offset(self, data_copy):
        row = read_rows(data_copy / "claims.csv")[0]
        edit(data_copy, "claims", 2, quote_start=str(int(row["quote_start"]) + 1))
        assert_reported(data_copy, "data/claims.csv:2:quote_start", "occurs at", row["quote_start"])

    def test_straightened_quote_is_not_verbatim(self, data_copy):
        # Curly apostrophes are part of the archived text; a straight one is a different character.
        rows = read_rows(data_copy / "ceasefire_events.csv")
        curly = next(i for i, r in enumerate(rows) if "’" in r["quote"])
        edit(data_copy, "ceasefire_events", curly + 2, quote=rows[curly]["quote"].replace("’", "'"))
        assert_reported(data_copy, f"data/ceasefire_events.csv:{curly + 2}:quote_start", "does not occur")

    def test_edited_article_fails_its_checksum(self, data_copy):
        article = next((data_copy / "articles").iterdir())
        article.write_bytes(article.read_bytes() + b"\n")
        row = next(i for i, r in enumerate(read_rows(data_copy / "sources.csv")) if r["text_file"].endswith(article.name)) + 2
        assert_reported(data_copy, f"data/sources.csv:{row}:sha256", "never be edited")

    def test_unparseable_date(self, data_copy):
        edit(data_copy, "claims", 2, as_of="2020-13-45")
        assert_reported(data_copy, "data/claims.csv:2:as_of", "ISO 8601")

    def test_date_in_the_future(self, data_copy):
        edit(data_copy, "claims", 2, as_of="2999-01-01")
        assert_reported(data_copy, "data/claims.csv:2:as_of", "future")

    def test_as_of_after_publication(self, data_copy):
        edit(data_copy, "claims", 2, as_of="2020-11-30")
        assert_reported(data_copy, "data/claims.csv:2:as_of", "after the publication")

    def test_ceasefire_dates_out_of_order(self, data_copy):
        rows = read_rows(data_copy / "ceasefires.csv")
        row = next(i for i, r in enumerate(rows) if r["effective_at"] and r["agreed_precision"] == "day") + 2
        edit(data_copy, "ceasefires", row, agreed_at="2020-10-30")
        assert_reported(data_copy, f"data/ceasefires.csv:{row}:effective_at", "before agreed_at")

    def test_violation_before_the_ceasefire_took_effect(self, data_copy):
        rows = read_rows(data_copy / "ceasefire_events.csv")
        row = next(i for i, r in enumerate(rows) if r["event"] == "violation_reported" and r["precision"] == "day") + 2
        edit(data_copy, "ceasefire_events", row, at="1990-01-01")
        assert_reported(data_copy, f"data/ceasefire_events.csv:{row}:at", "before")

    def test_supersedes_a_later_claim(self, data_copy):
        rows = read_rows(data_copy / "claims.csv")
        early = next(i for i, r in enumerate(rows) if r["claim_id"] == "c001")
        late = next(i for i, r in enumerate(rows) if r["claim_id"] == "c004")
        edit(data_copy, "claims", early + 2, supersedes=rows[late]["claim_id"])
        assert_reported(data_copy, f"data/claims.csv:{early + 2}:supersedes", "earlier claim")

    def test_vague_term_with_invented_midpoint(self, data_copy):
        rows = read_rows(data_copy / "claims.csv")
        row = next(i for i, r in enumerate(rows) if r["qualifier"] == "vague") + 2
        edit(data_copy, "claims", row, value_best="500")
        assert_reported(data_copy, f"data/claims.csv:{row}:value_best", "midpoint")

    def test_vague_term_range_disagrees_with_codebook(self, data_copy):
        rows = read_rows(data_copy / "claims.csv")
        row = next(i for i, r in enumerate(rows) if r["vague_term"] == "hundreds") + 2
        edit(data_copy, "claims", row, value_low="100")
        assert_reported(data_copy, f"data/claims.csv:{row}:value_low", "vague_terms.csv")

    def test_repeated_figure_must_match(self, data_copy):
        rows = read_rows(data_copy / "claims.csv")
        shared = pd.Series([r["figure_id"] for r in rows]).duplicated(keep="first")
        row = int(shared.idxmax()) + 2
        edit(data_copy, "claims", row, value_low="1", value_best="1", value_high="1")
        assert_reported(data_copy, f"data/claims.csv:{row}:figure_id", "same figure")

    def test_ceasefire_date_without_evidence(self, data_copy):
        edit(data_copy, "ceasefires", 2, ended_at="2020-09-28")
        assert_reported(data_copy, "data/ceasefires.csv:2:ended_at", "no ended event")

    def test_every_problem_reported_at_once(self, data_copy):
        edit(data_copy, "claims", 2, population="soldiers")
        edit(data_copy, "claims", 5, metric="unicorns")
        edit(data_copy, "actors", 3, kind="wizard")
        problems = problems_of(data_copy)
        assert any("claims.csv:2:population" in p for p in problems)
        assert any("claims.csv:5:metric" in p for p in problems)
        assert any("actors.csv:3:kind" in p for p in problems)


class TestUnreadableFiles:
    def test_missing_file(self, data_copy):
        (data_copy / "actors.csv").unlink()
        assert_reported(data_copy, "data/actors.csv", "not found", "actor_id")

    def test_empty_file(self, data_copy):
        (data_copy / "claims.csv").write_text("", encoding="utf-8")
        assert_reported(data_copy, "data/claims.csv", "empty")

    def test_bad_encoding(self, data_copy):
        path = data_copy / "actors.csv"
        path.write_bytes(path.read_bytes().replace("’".encode(), "’".encode("cp1252")))
        assert_reported(data_copy, "data/actors.csv", "UTF-8")

    def test_ragged_row_too_long(self, data_copy):
        path = data_copy / "camps.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[2] += ",extra"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert_reported(data_copy, "data/camps.csv:3", "row has 4 fields, the header has 3")

    def test_ragged_row_too_short(self, data_copy):
        path = data_copy / "camps.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[2] = lines[2].rsplit(",", 1)[0]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert_reported(data_copy, "data/camps.csv:3", "2 fields")

    def test_missing_column(self, data_copy):
        rows = read_rows(data_copy / "sides.csv")
        for r in rows:
            del r["camp"]
        write_rows(data_copy / "sides.csv", rows)
        assert_reported(data_copy, "data/sides.csv:1", "camp")

    def test_missing_folder(self, tmp_path):
        problems = problems_of(tmp_path / "nowhere")
        assert any("not found" in p for p in problems)


class TestCommandLine:
    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "warclaims.cli", *args], capture_output=True, text=True)

    def test_valid_dataset_prints_counts(self):
        result = self.run("validate", str(DATA))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("valid:")
        claims = len(read_rows(DATA / "claims.csv"))
        assert f"{claims} claims" in result.stdout

    def test_broken_dataset_lists_problems_without_traceback(self, data_copy):
        edit(data_copy, "claims", 2, population="soldiers")
        edit(data_copy, "claims", 3, value_low="x")
        result = self.run("validate", str(data_copy))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "claims.csv:2:population" in result.stderr
        assert "claims.csv:3:value_low" in result.stderr

    def test_locate_prints_the_offset(self):
        article = DATA / "articles" / "003_1ad0be9f736b5a8c.txt"
        text = article.read_text(encoding="utf-8")
        result = self.run("locate", str(article), "376 of its soldiers")
        assert result.returncode == 0
        assert int(result.stdout.split()[0]) == text.index("376 of its soldiers")


class TestCodebook:
    """data/README.md and datapackage.json describe the same columns and values."""

    readme = (DATA / "README.md").read_text(encoding="utf-8") if (DATA / "README.md").exists() else ""
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))

    def test_every_column_is_documented(self):
        for resource in self.descriptor["resources"]:
            section = self.readme.split(f"### {resource['path']}", 1)
            assert len(section) == 2, f"no '### {resource['path']}' section in data/README.md"
            body = section[1].split("\n### ", 1)[0]
            for field in resource["schema"]["fields"]:
                assert f"| `{field['name']}` |" in body, f"{resource['path']}: column {field['name']} is not in the codebook"

    def test_every_allowed_value_is_documented(self):
        for resource in self.descriptor["resources"]:
            body = self.readme.split(f"### {resource['path']}", 1)[1].split("\n### ", 1)[0]
            for field in resource["schema"]["fields"]:
                for value in field.get("constraints", {}).get("enum", []):
                    row = next(line for line in body.splitlines() if line.startswith(f"| `{field['name']}` |"))
                    assert f"`{value}`" in row, f"{resource['path']}:{field['name']}: value {value} not documented"

    def test_no_undocumented_columns(self):
        tables = self.readme.split("## Tables", 1)[1].split("\n## ", 1)[0]
        documented = {line.split("`")[1] for line in tables.splitlines() if line.startswith("| `")}
        declared = {f["name"] for r in self.descriptor["resources"] for f in r["schema"]["fields"]}
        assert documented <= declared | {t["term"] for t in read_rows(DATA / "vague_terms.csv")}

    def test_vague_term_table_matches_the_csv(self):
        for term in read_rows(DATA / "vague_terms.csv"):
            assert f"| {term['term']} | {int(term['low']):,} | {int(term['high']):,} |" in self.readme, term["term"]

    def test_checksums_recorded_are_the_files(self):
        for source in read_rows(DATA / "sources.csv"):
            assert hashlib.sha256((DATA / source["text_file"]).read_bytes()).hexdigest() == source["sha256"]


class TestCeasefireEvidence:
    def test_accusation_before_the_ceasefire_took_effect(self, data_copy):
        rows = read_rows(data_copy / "ceasefire_events.csv")
        row = next(i for i, r in enumerate(rows) if r["event"] == "accusation") + 2
        edit(data_copy, "ceasefire_events", row, at="1990-01-01", precision="day", bound="on")
        assert_reported(data_copy, f"data/ceasefire_events.csv:{row}:at", "before")

    def test_end_without_its_bound(self, data_copy):
        edit(data_copy, "ceasefires", 2, ended_bound="")
        assert_reported(data_copy, "data/ceasefires.csv:2:ended_bound", "required")

    def test_end_bound_must_match_its_evidence(self, data_copy):
        rows = read_rows(data_copy / "ceasefires.csv")
        row = next(i for i, r in enumerate(rows) if r["ended_bound"] == "not_after") + 2
        edit(data_copy, "ceasefires", row, ended_bound="on")
        assert_reported(data_copy, f"data/ceasefires.csv:{row}:ended_at", "same bound")


# -- another war's dataset: its vocabularies, its zone, and tables it may leave empty or out ---------------
def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _write_descriptor(folder: Path, descriptor: dict) -> None:
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DatasetError) as raised:
        warclaims.load(folder)
    return [str(p) for p in raised.value.problems]


def test_every_table_may_be_empty(tmp_path):
    folder = _copy(tmp_path)
    for table in ("claims", "ceasefires", "ceasefire_events", "sources", "places"):
        path = folder / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    dataset = warclaims.load(folder)
    assert len(dataset.claims) == 0 and len(dataset.ceasefires) == 0 and len(dataset.sources) == 0


def test_the_ceasefire_tables_may_be_left_out(tmp_path):
    folder = _copy(tmp_path)
    descriptor = _descriptor(folder)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in ("ceasefires", "ceasefire_events")]
    _write_descriptor(folder, descriptor)
    (folder / "ceasefires.csv").unlink()
    (folder / "ceasefire_events.csv").unlink()
    dataset = warclaims.load(folder)
    assert not dataset.has("ceasefires") and dataset.has("claims")
    assert len(dataset.claims) == 25


def test_subject_sides_come_from_the_sides_table(tmp_path):
    folder = _copy(tmp_path)
    claims = folder / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("c001,c001,s003,armenia_gov,armenia,", "c001,c001,s003,armenia_gov,narnia,", 1),
                      encoding="utf-8")
    assert _problems(folder) == ["data/claims.csv:2:subject_side: 'narnia' is not a side_id in sides.csv (or both or unknown)"]


def test_the_descriptor_names_no_side_of_the_bundled_war():
    text = (DATA / "datapackage.json").read_text(encoding="utf-8")
    camps = pd.read_csv(DATA / "camps.csv")
    sides = pd.read_csv(DATA / "sides.csv")
    warring = sides[sides["camp"].isin(camps.loc[camps["belligerent"], "camp_id"])]["side_id"]
    assert len(warring) == 3
    for side in warring:
        assert f'"{side}"' not in text, side


def test_a_generic_claimant_must_be_an_actor(tmp_path):
    folder = _copy(tmp_path)
    descriptor = _descriptor(folder)
    descriptor["warclaims:genericClaimants"] = ["reporting_outlet", "ghost"]
    _write_descriptor(folder, descriptor)
    assert _problems(folder) == ["data/datapackage.json:warclaims:genericClaimants: ghost not found in actors.csv actor_id"]


@pytest.mark.parametrize("zone", ["Asia/Bakuu", "UTC+4", "+4:00"])
def test_an_unknown_time_zone_is_a_problem_not_a_crash(tmp_path, zone):
    folder = _copy(tmp_path)
    descriptor = _descriptor(folder)
    descriptor["warclaims:timezone"] = zone
    _write_descriptor(folder, descriptor)
    (problem,) = _problems(folder)
    assert problem.startswith(f"data/datapackage.json:warclaims:timezone: {zone!r} is neither a UTC offset")


def test_an_iana_zone_with_summer_time_dates_local_days(tmp_path):
    folder = _copy(tmp_path)
    descriptor = _descriptor(folder)
    descriptor["warclaims:timezone"] = "Europe/Kyiv"  # UTC+3 in October 2020 (summer time until 25 October)
    _write_descriptor(folder, descriptor)
    claims = warclaims.load(folder).claims.set_index("claim_id")
    assert claims.loc["c001", "as_of"] == pd.Timestamp("2020-10-08T21:00Z")  # 9 October, local midnight


def test_a_new_datasets_descriptor_differs_only_in_what_describes_it(other_dataset):
    bundled, other = _descriptor(DATA), _descriptor(other_dataset)
    describing = {"name", "title", "description", "licenses", "warclaims:timezone", "warclaims:timezoneNote",
                  "warclaims:subject"}
    assert {key for key in bundled.keys() | other.keys() if bundled.get(key) != other.get(key)} <= describing
