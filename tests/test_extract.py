"""warclaims.extract rules, on text written for these tests (an invented war, Valdoria against Ostmark).
Every expected value is read off the text by hand."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

import warclaims
from warclaims.extract import extract, read_text
from warclaims.extract.asof import as_of
from warclaims.extract.numbers import find_numbers

sys.path.insert(0, str(Path(__file__).parent))
from extract_fixture import ARTICLE, PUBLISHED, write_dataset  # noqa: E402

VAGUE = {"dozens": (24, 99), "hundreds": (200, 999), "tens of thousands": (20000, 99999), "over a dozen": (13, 23),
         "several dozen": (36, 99)}


def _numbers(sentence):
    found, refused = find_numbers(sentence, VAGUE)
    return [(n.text, n.low, n.best, n.high, n.qualifier, n.vague_term) for n in found], [r.text for r in refused]


@pytest.mark.parametrize("sentence, expected", [
    ("5,800 homes", ("5,800", 5800, 5800, 5800, "exact", "")),
    ("thirty-seven sailors", ("thirty-seven", 37, 37, 37, "exact", "")),
    ("six medics", ("six", 6, 6, 6, "exact", "")),
    ("18 to 25 fighters", ("18 to 25", 18, None, 25, "approx", "")),
    ("between 18 and 25 fighters", ("between 18 and 25", 18, None, 25, "approx", "")),
    ("at least 541 troops", ("at least 541", 541, None, None, "at_least", "")),
    ("more than 5,000 people", ("more than 5,000", 5000, None, None, "at_least", "")),
    ("about 60 residents", ("about 60", None, 60, None, "approx", "")),
    ("approximately 90,000 refugees", ("approximately 90,000", None, 90000, None, "approx", "")),
    ("some 5,000 villagers", ("some 5,000", None, 5000, None, "approx", "")),
    ("up to 40 pilots", ("up to 40", None, None, 40, "at_most", "")),
    ("over a dozen casualties", ("over a dozen", 13, None, 23, "vague", "over a dozen")),
    ("several dozen prisoners", ("several dozen", 36, None, 99, "vague", "several dozen")),
    ("Tens of thousands fled", ("Tens of thousands", 20000, None, 99999, "vague", "tens of thousands")),
    ("hundreds were hurt", ("hundreds", 200, None, 999, "vague", "hundreds")),
])
def test_counts_are_read_as_the_codebook_records_them(sentence, expected):
    found, _ = _numbers(sentence)
    assert found == [expected]


@pytest.mark.parametrize("sentence, refused", [
    ("The war of 1994 ended.", ["1994"]),
    ("It began on 2 March and resumed on March 9.", ["2", "9"]),
    ("He was aged 34.", ["34"]),
    ("A 19-year-old conscript was hurt.", ["19"]),
    ("The town is 40 km away.", ["40"]),
    ("They fought for three weeks.", ["three"]),
    ("The talks lasted nearly 30 years.", ["30"]),
    ("Shelling began at 10 a.m.", ["10"]),
    ("Prices rose by 40%.", ["40"]),
])
def test_numbers_that_are_not_counts_are_refused(sentence, refused):
    found, refused_texts = _numbers(sentence)
    assert found == [] and refused_texts == refused


def test_money_ordinals_and_names_are_not_counts():
    found, _ = _numbers("The second convoy of F-16 jets cost $5 million; the 3rd brigade left.")
    assert [f[0] for f in found] == []


@pytest.mark.parametrize("sentence, value, precision, basis", [
    ("Officials said on Friday that 12 died.", "2023-04-07", "day", "inferred"),     # Friday before Thursday 13 April
    ("Officials said on Thursday that 12 died.", "2023-04-13", "day", "inferred"),   # the publication day itself
    ("Officials said last Thursday that 12 died.", "2023-04-06", "day", "inferred"),
    ("Officials said last Monday that 12 died.", "2023-04-10", "day", "inferred"),
    ("As of 9 November 2022, 12 had died.", "2022-11-09", "day", "stated"),
    ("As of April 11, 12 had died.", "2023-04-11", "day", "stated"),             # month without a year
    ("By 11 December, 12 had died.", "2022-12-11", "day", "stated"),            # December 2023 would be after publication
    ("In January of this year, 12 died.", "2023-01", "month", "stated"),
    ("12 died.", "2023-04-13", "day", "inferred"),                               # no date: the publication date
])
def test_as_of_is_resolved_against_publication(sentence, value, precision, basis):
    when = as_of(sentence, date(2023, 4, 13))
    assert (when.value, when.precision, when.basis) == (value, precision, basis)
    assert basis == "stated" or when.note


def test_a_start_date_is_not_an_as_of_date():
    when = as_of("Since the war began on 2 March, 40 soldiers have died.", date(2023, 4, 13))
    assert when.value == "2023-04-13" and when.basis == "inferred"


@pytest.fixture
def fixture_dataset(tmp_path):
    return write_dataset(tmp_path / "valdoria")


@pytest.fixture
def extraction(fixture_dataset):
    return extract(fixture_dataset / "articles" / "v1.txt", "v1", PUBLISHED, warclaims.load(fixture_dataset))


def _row(extraction, **where):
    rows = [r for r in extraction.claims if all(r[k] == v for k, v in where.items())]
    assert len(rows) == 1, f"{where}: {rows}"
    return rows[0]


def test_claimant_subject_metric_and_population(extraction):
    row = _row(extraction, value_best="214")
    assert (row["claimant"], row["subject_side"], row["metric"], row["population"], row["qualifier"]) == \
        ("valdoria_staff", "valdoria", "killed", "military", "exact")
    assert (row["as_of"], row["as_of_basis"]) == ("2023-04-11", "inferred")   # 'on Tuesday' before Thursday 13 April
    wounded = _row(extraction, metric="wounded")
    assert (wounded["value_low"], wounded["qualifier"], wounded["claimant"]) == ("1300", "at_least", "valdoria_staff")


def test_according_to_and_nationality_words(extraction):
    row = _row(extraction, value_low="58")
    assert (row["claimant"], row["subject_side"], row["metric"], row["population"], row["qualifier"]) == \
        ("ostmark_interior", "ostmark", "killed", "civilian", "at_least")


def test_a_metric_of_this_dataset_that_the_bundled_war_lacks(extraction):
    row = _row(extraction, metric="tanks_destroyed")
    assert (row["value_best"], row["claimant"], row["subject_side"], row["population"]) == \
        ("37", "valdoria_staff", "ostmark", "property")


def test_a_range_in_words(extraction):
    row = _row(extraction, metric="captured")
    assert (row["value_low"], row["value_best"], row["value_high"], row["qualifier"], row["population"]) == \
        ("18", "", "25", "approx", "military")
    assert row["subject_side"] == "ostmark"  # Valdoria's staff captured them: the other side's soldiers


def test_passive_voice_and_vague_term(extraction):
    row = _row(extraction, metric="missing")
    assert (row["claimant"], row["qualifier"], row["vague_term"], row["value_low"], row["value_high"]) == \
        ("unattributed", "vague", "dozens", "24", "99")


def test_an_unknown_claimant_is_proposed_as_a_new_actor(extraction):
    row = _row(extraction, metric="displaced")
    assert row["claimant_name"] == "Harbour Watch monitoring group"
    assert row["claimant"] == "harbour_watch_monitoring_group"
    assert (row["value_best"], row["qualifier"], row["population"]) == ("4500", "approx", "civilian")


def test_silence(extraction):
    row = _row(extraction, qualifier="undisclosed")
    assert (row["claimant"], row["subject_side"], row["population"], row["metric"]) == \
        ("ostmark_gov", "ostmark", "military", "killed_or_wounded")
    assert row["value_low"] == row["value_best"] == row["value_high"] == ""


def test_non_counts_of_the_article_are_not_proposed(extraction):
    values = {r["value_best"] or r["value_low"] for r in extraction.claims}
    assert not values & {"40000", "40", "2021", "12", "2"}
    assert len(extraction.claims) == 8  # 214, 1,300, the silence, 58, 37, 18-25, dozens, 4,500


def test_ceasefire_events(extraction):
    events = {(e["event"], e["ceasefire_id"], e["at"]) for e in extraction.events}
    assert ("agreed", "cf_april", "2023-04-10") in events
    # 'broke down within hours' of the agreement on 10 April: the codebook codes a collapse as ended, bounded
    # (data/README.md, Bounds): on 10 or 11 April, so not_after 11 April.
    ended = [e for e in extraction.events if e["event"] == "ended"]
    assert [(e["ceasefire_id"], e["at"], e["bound"]) for e in ended] == [("cf_april", "2023-04-11", "not_after")]
    assert "within hours" in ended[0]["notes"]
    accusation = [e for e in extraction.events if e["event"] == "accusation" and e["claimant"] == "both_sides"]
    assert accusation and accusation[0]["accused"] == "both_sides"     # 'accused each other'


def test_every_quote_is_verbatim_at_its_offset(extraction, fixture_dataset):
    text = read_text(fixture_dataset / "articles" / "v1.txt")
    assert text == ARTICLE
    for row in extraction.claims + extraction.events:
        start = int(row["quote_start"])
        assert text[start:start + len(row["quote"])] == row["quote"]


def test_offsets_count_characters_not_bytes(tmp_path, fixture_dataset):
    article = fixture_dataset / "articles" / "accents.txt"
    article.write_text("Ça suffit — «non». Valdoria’s General Staff said 9 soldiers were killed.\n", encoding="utf-8")
    result = extract(article, "v1", PUBLISHED, warclaims.load(fixture_dataset))
    (row,) = result.claims
    assert row["quote_start"] == "19" and row["quote"].startswith("Valdoria’s General Staff said 9")
