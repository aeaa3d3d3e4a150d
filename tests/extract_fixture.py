"""A small dataset about an invented war (Valdoria against Ostmark, 2023, UTC+02:00) for the extract tests:
other sides, other metrics (tanks destroyed, captured), other claimants. Written into a tmp folder with a
descriptor copied from data/datapackage.json whose subject_side enum is edited for these sides."""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

BUNDLED = Path(__file__).resolve().parents[1] / "data"

ARTICLE = (
    "Valdoria and Ostmark trade blame as truce unravels\n"
    "\n"
    "GRENZSTADT - Valdoria's General Staff said on Tuesday that 214 of its soldiers had been killed and "
    "more than 1,300 wounded since the invasion began on 2 March. Ostmark has not disclosed its military "
    "losses.\n"
    "\n"
    "According to the Ostmark Interior Ministry, at least 58 Ostmarkian civilians have died. "
    "Valdoria's General Staff also said its forces destroyed 37 Ostmarkian tanks and captured "
    "eighteen to twenty-five soldiers.\n"
    "\n"
    "Dozens of people were reported missing in the border villages. The Harbour Watch monitoring group "
    "said about 4,500 people had fled Grenzstadt. The town, home to some 40,000 people before the war, is "
    "40 km from the border, and the 2021 census counted 12 schools.\n"
    "\n"
    "A ceasefire agreed on 10 April broke down within hours, as Valdoria and Ostmark accused each other of "
    "violating it.\n"
)
EARLIER = "Valdoria's General Staff said on Tuesday that 214 of its soldiers had been killed.\n"
PUBLISHED = "2023-04-13"  # a Thursday: "on Tuesday" is 11 April 2023


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _header(table: str) -> list[str]:
    with (BUNDLED / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def write_dataset(root: Path) -> Path:
    """Write the Valdoria-Ostmark dataset (one source, no claims yet, one ceasefire) into ``root``."""
    (root / "articles").mkdir(parents=True)
    descriptor = json.loads((BUNDLED / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["name"], descriptor["warclaims:timezone"] = "valdoria-ostmark-2023", "+02:00"
    for resource in descriptor["resources"]:
        for spec in resource["schema"]["fields"]:
            if resource["name"] == "claims" and spec["name"] == "subject_side":
                spec["constraints"]["enum"] = ["valdoria", "ostmark", "both", "unknown"]
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    data, earlier = ARTICLE.encode("utf-8"), EARLIER.encode("utf-8")
    (root / "articles" / "v1.txt").write_bytes(data)
    (root / "articles" / "v0.txt").write_bytes(earlier)
    _write(root / "sources.csv", [dict(source_id="v0", title="Valdoria counts its dead", outlet="", author="",
                                       published="2023-04-12", published_precision="day", published_basis="stated",
                                       published_note="", source_type="wire", reported_via="", url="",
                                       text_file="articles/v0.txt", sha256=hashlib.sha256(earlier).hexdigest(), notes=""),
                                  dict(source_id="v1", title="Valdoria and Ostmark trade blame as truce unravels", outlet="",
                                       author="", published=PUBLISHED, published_precision="day", published_basis="stated",
                                       published_note="", source_type="news", reported_via="", url="",
                                       text_file="articles/v1.txt", sha256=hashlib.sha256(data).hexdigest(), notes="")])
    _write(root / "camps.csv", [dict(camp_id="valdorian", name="Valdorian side", belligerent="true"),
                                dict(camp_id="ostmarkian", name="Ostmark side", belligerent="true"),
                                dict(camp_id="neutral", name="Neutral", belligerent="false")])
    _write(root / "sides.csv", [dict(side_id="valdoria", name="Valdoria", camp="valdorian", notes=""),
                                dict(side_id="ostmark", name="Ostmark", camp="ostmarkian", notes=""),
                                dict(side_id="monitors", name="Monitors", camp="neutral", notes=""),
                                dict(side_id="press", name="Press", camp="neutral", notes=""),
                                dict(side_id="nobody", name="Unspecified", camp="neutral", notes="")])
    metrics = [("killed", "Killed", "people", "casualty", "Deaths."),
               ("wounded", "Wounded", "people", "casualty", "People injured."),
               ("missing", "Missing", "people", "casualty", "People missing."),
               ("captured", "Captured", "people", "casualty", "Prisoners taken."),
               ("displaced", "Displaced", "people", "displacement", "People who fled."),
               ("killed_or_wounded", "Killed or wounded", "people", "casualty", "Casualties."),
               ("tanks_destroyed", "Tanks destroyed", "tanks", "property", "Tanks destroyed.")]
    _write(root / "metrics.csv", [dict(metric_id=m, name=n, unit=u, kind=k, definition=d) for m, n, u, k, d in metrics])
    _write(root / "vague_terms.csv", [dict(term="dozens", low="24", high="99", reasoning="At least two dozen."),
                                      dict(term="hundreds", low="200", high="999", reasoning="At least two hundred.")])
    actors = [("valdoria_staff", "General Staff of Valdoria", "valdoria", "military", "Valdoria's General Staff"),
              ("valdoria_gov", "Government of Valdoria", "valdoria", "government", "Valdoria"),
              ("ostmark_gov", "Government of Ostmark", "ostmark", "government", "Ostmark"),
              ("ostmark_interior", "Interior Ministry of Ostmark", "ostmark", "government", "the Ostmark Interior Ministry"),
              ("reporting_outlet", "The source itself", "press", "media", ""),
              ("unattributed", "Unnamed claimant", "nobody", "unattributed", ""),
              ("both_sides", "Both warring sides", "nobody", "unattributed", "both sides|each side")]
    _write(root / "actors.csv", [dict(actor_id=a, name=n, side=s, kind=k, aliases=al, notes="") for a, n, s, k, al in actors])
    _write(root / "places.csv", [dict(place_id="grenzstadt", name="Grenzstadt", kind="town", aliases="GRENZSTADT", notes="")])
    claim = dict.fromkeys(_header("claims"), "")
    claim.update(claim_id="k1", figure_id="f_valdoria_214", source_id="v0", claimant="valdoria_staff", subject_side="valdoria",
                 metric="killed", population="military", value_low="214", value_best="214", value_high="214",
                 qualifier="exact", as_of="2023-04-11", as_of_precision="day", as_of_basis="inferred",
                 as_of_note="'on Tuesday' before publication on Wednesday 12 April 2023.", cumulative="true",
                 quote=EARLIER.strip(), quote_start="0", status="reported")
    _write(root / "claims.csv", [claim])
    _write(root / "ceasefires.csv", [dict(ceasefire_id="cf_april", name="April truce", kind="general", purpose="", brokers="",
                                          venue="", agreed_at="2023-04-10", agreed_precision="day", effective_at="",
                                          effective_precision="", ended_at="", ended_precision="", ended_bound="",
                                          end_type="unknown", source_ids="v1", notes="")])
    quote = "A ceasefire agreed on 10 April broke down within hours"
    _write(root / "ceasefire_events.csv", [dict(event_id="e1", ceasefire_id="cf_april", event="agreed", at="2023-04-10",
                                                precision="day", bound="on", claimant="", accused="", source_id="v1",
                                                quote=quote, quote_start=str(ARTICLE.index(quote)), notes="")])
    return root
