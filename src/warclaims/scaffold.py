"""``warclaims new DIR``: a valid, empty dataset to start another war's coding from.

The new folder holds the contract (the bundled descriptor's resources, which name no war's vocabulary)
with the describing keys given on the command line, every table with its header and no rows, the
stand-in for an article's own voice (``reporting_outlet``, with the neutral side and camp it needs), the
vague-term ranges of the codebook (English words, not one war's), a codebook stub and a schedule.
``warclaims validate DIR`` accepts it at once.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from warclaims import dates, paths

#: The describing keys ``warclaims new`` asks for, in the order it asks.
ASKED = ("name", "title", "timezone", "licence")


class ScaffoldError(ValueError):
    """The folder or a describing value is not usable; the message says which and why."""


@dataclass(frozen=True)
class Description:
    name: str        # a short id: lowercase letters, digits and hyphens
    title: str       # the site title of every report page
    timezone: str    # +HH:MM or an IANA zone (dates without a time are local dates there)
    licence: str     # of the coding, e.g. CC-BY-4.0

    def check(self) -> None:
        problems = []
        if not self.name or not all(ch.islower() or ch.isdigit() or ch == "-" for ch in self.name):
            problems.append(f"name {self.name!r}: use lowercase letters, digits and hyphens (e.g. my-war-2031)")
        if not self.title.strip():
            problems.append("title: give the dataset's title (it heads every report page)")
        if not self.licence.strip():
            problems.append("licence: give the licence of your coding (e.g. CC-BY-4.0)")
        try:
            dates.zone(self.timezone)
        except dates.ZoneError as error:
            problems.append(f"timezone: {error}")
        if problems:
            raise ScaffoldError("\n".join(problems))


CODEBOOK = """# {title}: codebook

What this dataset covers, from which sources, and how it was coded. Its columns and rules are those of
the warclaims codebook (the project's `data/README.md`); write here what is particular to this dataset:
its sides and camps (`sides.csv`, `camps.csv`), what it counts (`metrics.csv`), its time zone
({timezone}), its sources and every judgement call.

Licence of the coding: {licence}. The archived texts in `articles/` remain their authors'.
"""


def _contract() -> dict:
    """The bundled descriptor: its resources are the contract every dataset shares."""
    return json.loads((paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))


def _seed_rows(name: str, bundled: Path) -> list[dict]:
    """Rows a new dataset starts with: the article's own voice and its neutral side, the vague words."""
    if name == "camps":
        return [{"camp_id": "third_party", "name": "Third parties", "belligerent": "false"}]
    if name == "sides":
        return [{"side_id": "media", "name": "Media", "camp": "third_party",
                 "notes": "Outlets and journalists speaking in their own voice."}]
    if name == "actors":
        return [{"actor_id": "reporting_outlet", "name": "The source itself (its own statement, no claimant named)",
                 "side": "media", "kind": "media", "aliases": "",
                 "notes": "Used when an article states a figure in its own voice; the source_id says which article."}]
    if name == "vague_terms":
        with (bundled / "vague_terms.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    return []


def create(folder: Path, description: Description) -> Path:
    """Write the new dataset into ``folder`` (which must not exist or be empty) and return it."""
    description.check()
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder}: already exists and is not an empty folder; choose a new one")
    contract = _contract()
    descriptor = {
        "profile": contract.get("profile", "tabular-data-package"),
        "name": description.name,
        "title": description.title,
        "description": "",
        "licenses": [{"name": description.licence, "title": f"{description.licence} (coding); article texts remain their authors'"}],
        dates.DESCRIPTOR_KEY: description.timezone,
        "warclaims:timezoneNote": "Dates without a time are local dates in this zone.",
        "warclaims:genericClaimants": ["reporting_outlet"],
        "resources": contract["resources"],
    }
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for resource in contract["resources"]:
        fields = [spec["name"] for spec in resource["schema"]["fields"]]
        with (folder / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(_seed_rows(resource["name"], paths.data_dir()))
    (folder / "README.md").write_text(CODEBOOK.format(**vars(description)), encoding="utf-8")
    (folder / "schedule.yml").write_bytes(paths.default_schedule().read_bytes())
    return folder
