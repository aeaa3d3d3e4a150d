"""The benchmark's synthetic datasets: valid under the same contract, and reproducible from a seed."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import warclaims

ROOT = Path(__file__).resolve().parents[1]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generator(synthetic_generator):
    return synthetic_generator


@pytest.fixture(scope="module")
def synthetic(generator, tmp_path_factory) -> Path:
    return generator.make_synthetic(tmp_path_factory.mktemp("syn") / "data", 200, seed=7)


class TestValidity:
    def test_loads_and_validates(self, synthetic):
        dataset = warclaims.load(synthetic)
        assert len(dataset.claims) == 200
        assert len(dataset.ceasefires) >= 1 and len(dataset.ceasefire_events) >= 3

    def test_uses_the_bundled_contract(self, synthetic):
        ours = json.loads((synthetic / "datapackage.json").read_text(encoding="utf-8"))
        bundled = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
        assert ours["resources"] == bundled["resources"]
        assert ours["name"] != bundled["name"]

    def test_quotes_are_verbatim_in_character_offsets(self, synthetic):
        dataset = warclaims.load(synthetic)
        texts = {s: (synthetic / f).read_text(encoding="utf-8")
                 for s, f in zip(dataset.sources["source_id"], dataset.sources["text_file"])}
        for table in (dataset.claims, dataset.ceasefire_events):
            for source, quote, start in zip(table["source_id"], table["quote"], table["quote_start"]):
                assert texts[source][start:start + len(quote)] == quote
        # Some lines carry non-ASCII characters, so character and byte offsets really differ.
        assert any(len(t.encode("utf-8")) != len(t) for t in texts.values())

    def test_covers_the_cases_the_analyses_must_handle(self, synthetic):
        claims = warclaims.load(synthetic).claims
        assert set(claims["qualifier"]) == {"exact", "approx", "at_least", "at_most", "vague", "undisclosed"}
        vague = claims[claims["qualifier"] == "vague"]
        assert vague["value_best"].isna().all() and vague["value_low"].notna().all()
        assert claims.loc[claims["qualifier"] == "undisclosed", ["value_low", "value_best", "value_high"]].isna().all().all()
        assert claims["figure_id"].duplicated().any(), "some figures should be repeated across sources"
        assert (claims["supersedes"] != "").any(), "some corrections should supersede earlier claims"
        assert claims["claimant"].nunique() >= 5
        span = claims["as_of"].max() - claims["as_of"].min()
        assert span.days > 365, "dates should spread over a long war"

    def test_dates_are_in_the_past(self, synthetic):
        dataset = warclaims.load(synthetic)
        now = pd.Timestamp.now(tz="UTC")
        assert (dataset.claims["as_of"] < now).all()
        assert (dataset.sources["published"] < now).all()


class TestDeterminism:
    def test_same_seed_gives_the_same_bytes(self, generator, synthetic, tmp_path):
        again = generator.make_synthetic(tmp_path / "again", 200, seed=7)
        assert _digest(again) == _digest(synthetic)

    def test_another_seed_gives_other_claims(self, generator, synthetic, tmp_path):
        other = generator.make_synthetic(tmp_path / "other", 200, seed=8)
        assert (other / "claims.csv").read_bytes() != (synthetic / "claims.csv").read_bytes()

    def test_refuses_to_overwrite(self, generator, synthetic):
        with pytest.raises(FileExistsError):
            generator.make_synthetic(synthetic, 200, seed=7)
