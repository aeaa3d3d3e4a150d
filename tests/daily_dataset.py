"""A fixture dataset shaped like a real daily series of another war's loss claims, written from scratch.

Invented, not copied: "the Northern Command" of "Valdoria" reports, every day for ``days`` days, the
losses it says the "Ostmark" forces suffered, in three metrics of its own (personnel, tanks, aircraft),
cumulative, with long runs of zeros (aircraft) and a daily bulletin per month as the archived text. The
zone is Europe/Kyiv-like summer time (``Europe/Helsinki``), there are no ceasefire tables at all, and
nothing in it shares a name, a side, a metric, a date or a figure with the bundled war.
"""
from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

BUNDLED = Path(__file__).resolve().parents[1] / "data"
START = date(2011, 2, 1)  # 1,600 days end in mid-2015: past, and far from the bundled war
METRICS = [
    dict(metric_id="personnel_killed", name="Personnel killed", unit="people", kind="casualty",
         definition="Enemy soldiers the claimant says were killed."),
    dict(metric_id="tanks_destroyed", name="Tanks destroyed", unit="tanks", kind="equipment",
         definition="Enemy tanks the claimant says were destroyed."),
    dict(metric_id="aircraft_downed", name="Aircraft downed (UAV excluded)", unit="aircraft", kind="equipment",
         definition="Enemy aircraft the claimant says were shot down, drones (UAVs) not counted."),
]
NAMES = {"personnel_killed": "soldiers killed", "tanks_destroyed": "tanks destroyed", "aircraft_downed": "aircraft downed"}


def _totals(day: int) -> dict[str, int]:
    """Deterministic running totals: growing, with zeros for the first months of aircraft."""
    return {"personnel_killed": 40 * day + (day * 7) % 13, "tanks_destroyed": 3 * day + day // 5,
            "aircraft_downed": 0 if day < 120 else (day - 120) // 9}


def _write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({f: row.get(f, "") for f in fields})


def write_daily_dataset(root: Path, days: int = 1600) -> Path:
    """Write the dataset into ``root`` (created) and return it."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    descriptor = json.loads((BUNDLED / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in ("ceasefires", "ceasefire_events")]
    descriptor.update(name="valdoria-ostmark-daily", title="Loss claims of the Valdoria-Ostmark war (invented)",
                      description="An invented daily series for tests.")
    descriptor["warclaims:timezone"] = "Europe/Helsinki"
    descriptor["warclaims:subject"] = "the Valdoria-Ostmark war (invented)"
    descriptor["warclaims:timezoneNote"] = "Local time in Valdoria (EET, EEST in summer)."
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]}
    descriptor["warclaims:genericClaimants"] = ["bulletin_voice"]
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")

    texts: dict[str, list[str]] = {}
    claims = []
    for day in range(days):
        when = START + timedelta(days=day)
        source_id = f"b{when:%Y%m}"
        lines = texts.setdefault(source_id, [])
        for metric, value in _totals(day).items():
            quote = f"As of {when:%d %B %Y}, the Northern Command counts {value:,} Ostmark {NAMES[metric]}."
            offset = sum(len(line) for line in lines)
            lines.append(quote + "\n")
            claims.append(dict(claim_id=f"d{len(claims):05d}", figure_id=f"d{len(claims):05d}", source_id=source_id,
                               claimant="northern_command", subject_side="ostmark", metric=metric,
                               population="military" if metric == "personnel_killed" else "property",
                               value_low=value, value_best=value, value_high=value, qualifier="exact",
                               as_of=when.isoformat(), as_of_precision="day", as_of_basis="stated",
                               cumulative="true", quote=quote, quote_start=offset, status="reported"))
    sources = []
    for source_id, lines in texts.items():
        data = "".join(lines).encode("utf-8")
        text_file = f"articles/{source_id}.txt"
        (root / text_file).write_bytes(data)
        month = f"{source_id[1:5]}-{source_id[5:7]}"
        sources.append(dict(source_id=source_id, title=f"Northern Command daily bulletins, {month}", outlet="",
                            published=f"{month}", published_precision="month", published_basis="inferred",
                            published_note="The bulletins of a month are archived together; the month is the one they cover.",
                            source_type="statement", text_file=text_file, sha256=hashlib.sha256(data).hexdigest()))
    # A month-precision publication ends at the end of the month, after every figure it prints.
    tables = {
        "sources": sources,
        "camps": [dict(camp_id="valdorian", name="Valdorian side", belligerent="true"),
                  dict(camp_id="ostmarkian", name="Ostmark side", belligerent="true"),
                  dict(camp_id="outside", name="Outside observers", belligerent="false")],
        "sides": [dict(side_id="valdoria", name="Valdoria", camp="valdorian"),
                  dict(side_id="ostmark", name="Ostmark", camp="ostmarkian"),
                  dict(side_id="observers", name="Observers", camp="outside")],
        "metrics": METRICS,
        "vague_terms": [],
        "actors": [dict(actor_id="northern_command", name="Northern Command of Valdoria", side="valdoria",
                        kind="military", aliases="the Northern Command"),
                   dict(actor_id="bulletin_voice", name="The bulletin itself", side="observers", kind="unattributed")],
        "places": [],
        "claims": claims,
    }
    for resource in descriptor["resources"]:
        _write(root / resource["path"], tables[resource["name"]], fields[resource["name"]])
    return root
