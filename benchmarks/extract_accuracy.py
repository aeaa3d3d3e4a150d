"""How well `warclaims extract` proposes what the curators coded, and how fast.

Runs extract over the bundled articles (each with its source id and publication date from sources.csv),
compares with the curated claims.csv and ceasefire_events.csv, prints a table, and times extract on a
100 kB article made by repeating the real texts.

    .venv/bin/python benchmarks/extract_accuracy.py [--data-dir DIR]

A figure matches when source, values (low, best, high), metric, population, subject side and claimant all
agree; each curated row is matched at most once. An event matches on source, ceasefire and event kind
(and, in the second events line, also on its date). Silences are the curated undisclosed rows.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import warclaims
from warclaims.extract import extract

FIGURE = ("source_id", "value_low", "value_best", "value_high", "metric", "population", "subject_side", "claimant")
EVENT = ("source_id", "ceasefire_id", "event")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    return "" if text in ("<NA>", "nan", "NaT") else text


def _keys(rows, fields) -> list[tuple]:
    return [tuple(_text(r.get(f)) for f in fields) for r in rows]


def _match(proposed: list[tuple], curated: list[tuple]) -> int:
    left = Counter(proposed)
    hits = 0
    for key in curated:
        if left[key] > 0:
            left[key] -= 1
            hits += 1
    return hits


def run_all(dataset):
    claims, events = [], []
    for source in dataset.sources.to_dict("records"):
        published = _text(source["published_text"])[:10]
        result = extract(dataset.data_dir / source["text_file"], source["source_id"], published, dataset)
        claims += result.claims
        events += result.events
    return claims, events


def measure(dataset) -> dict:
    claims, events = run_all(dataset)
    curated_claims = dataset.claims.to_dict("records")
    curated_events = dataset.ceasefire_events.to_dict("records") if "ceasefire_events" in dataset.tables else []
    for row in curated_claims:  # the typed frame holds numbers as Int64; compare as the CSV writes them
        row.update({k: _text(row[k]) for k in ("value_low", "value_best", "value_high")})
    for row in curated_events:
        row["at"] = _text(row.get("at_text"))
    figures = _match(_keys(claims, FIGURE), _keys(curated_claims, FIGURE))
    values_only = ("source_id", "value_low", "value_best", "value_high", "qualifier")
    silences_curated = [r for r in curated_claims if r["qualifier"] == "undisclosed"]
    silences_proposed = [r for r in claims if r["qualifier"] == "undisclosed"]
    silence_key = ("source_id", "claimant", "subject_side", "qualifier")
    return {
        "figures": (figures, len(curated_claims), len(claims)),
        "values": (_match(_keys(claims, values_only), _keys(curated_claims, values_only)), len(curated_claims), len(claims)),
        "silences": (_match(_keys(silences_proposed, silence_key), _keys(silences_curated, silence_key)),
                     len(silences_curated), len(silences_proposed)),
        "events": (_match(_keys(events, EVENT), _keys(curated_events, EVENT)), len(curated_events), len(events)),
        "events_dated": (_match(_keys(events, EVENT + ("at",)), _keys(curated_events, EVENT + ("at",))), len(curated_events), len(events)),
    }


def table(results: dict) -> str:
    labels = {"figures": "figures (value, metric, population, subject side, claimant)",
              "values": "figures, values and qualifier only",
              "silences": "silences (claimant, subject side)",
              "events": "ceasefire events (ceasefire, kind)",
              "events_dated": "ceasefire events (ceasefire, kind, date)"}
    lines = ["| what | curated | proposed | matched | recall | precision |", "|---|---|---|---|---|---|"]
    for key, (hits, curated, proposed) in results.items():
        recall = f"{100 * hits / curated:.0f} %" if curated else "-"
        precision = f"{100 * hits / proposed:.0f} %" if proposed else "-"
        lines.append(f"| {labels[key]} | {curated} | {proposed} | {hits} | {recall} | {precision} |")
    return "\n".join(lines)


def timing(dataset, size: int = 100_000) -> tuple[int, float]:
    texts = [(dataset.data_dir / f).read_text(encoding="utf-8") for f in dataset.sources["text_file"]]
    text = ""
    while len(text) < size:
        text += "\n\n".join(texts) + "\n\n"
    source = dataset.sources.iloc[0]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "long.txt"
        path.write_text(text, encoding="utf-8")
        extract(path, source["source_id"], _text(source["published_text"])[:10], dataset)  # warm: imports, pysbd
        start = time.perf_counter()
        extract(path, source["source_id"], _text(source["published_text"])[:10], dataset)
        return len(text), time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args(argv)
    dataset = warclaims.load(args.data_dir)
    print(table(measure(dataset)))
    chars, seconds = timing(dataset)
    print(f"\nextract on a {chars:,}-character article (the bundled texts repeated): {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
