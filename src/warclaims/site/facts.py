"""What every page's footer states, worked out once per build: :class:`SiteFacts`.

The build date follows the reproducible-builds convention, so two builds of the same inputs give the
same bytes: ``SOURCE_DATE_EPOCH`` when it is set, else the date of the last git commit that touched the
project or the dataset, else the latest date in the data; never the clock of the machine that builds.
"""
from __future__ import annotations

import datetime as _dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from warclaims.text import words
from warclaims.text.licences import Licence

EPOCH_ENV = "SOURCE_DATE_EPOCH"
#: The site title of a dataset that does not load or has no title.
FALLBACK_TITLE = "warclaims reports"
ARTICLE_TEXTS = ("The archived article texts are reproduced as they were archived, to show where each figure "
                 "comes from; they remain their authors' and publishers'.")


@dataclass(frozen=True)
class SiteFacts:
    """The dataset and build facts every page shows (plain text: templates escape them)."""

    title: str
    name: str
    description: str
    version: str
    data_as_of: str  # "22 October 2020", "" when the data hold no date
    build_date: str  # "2026-11-30", "" when nothing gives one
    build_date_basis: str
    licences: tuple[Licence, ...] = ()
    loaded: bool = False  # the dataset validated: sources, articles and downloads exist
    problem: str = ""  # why it did not load
    dataset_zip: str = ""  # relative link to the dataset download, "" when there is none
    codebook: bool = False  # the site has a codebook page

    @property
    def citation(self) -> str:
        """How to cite a page of this site: the dataset, its version and the build date."""
        built = f", site built {self.build_date}" if self.build_date else ""
        licence = f" Licence: {', '.join(l.name for l in self.licences)}." if self.licences else ""
        return f"{self.title} (dataset version {self.version}{built}).{licence}"

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["licences"] = [vars(l) for l in self.licences]
        return out

    @classmethod
    def from_dict(cls, values: dict) -> SiteFacts:
        return cls(**{**values, "licences": tuple(Licence(**l) for l in values.get("licences", ()))})


def latest_date(dataset) -> str:
    """The latest date in the data (a claim's as-of, a ceasefire event, a publication), in words."""
    candidates = []
    for table, column in (("claims", "as_of"), ("ceasefire_events", "at"), ("sources", "published")):
        if not dataset.has(table) or dataset.tables[table].empty:
            continue
        frame = dataset.tables[table]
        when = frame[column].dropna()
        if not when.empty:
            latest = when.idxmax()
            candidates.append((when[latest], frame.at[latest, f"{column}_text"]))
    return words.long_date(max(candidates)[1]) if candidates else ""


def _git_epoch(folder: Path) -> int | None:
    """When the last commit touching ``folder`` was made (seconds), None without git or history."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%ct", "--", "."],
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None


def build_date(root: Path, data_path: Path, data_as_of: _dt.date | None = None) -> tuple[str, str]:
    """The build date (ISO, UTC) and where it came from; ``("", why)`` when nothing gives one."""
    epoch = os.environ.get(EPOCH_ENV, "").strip()
    if epoch.isdigit():
        return _utc_day(int(epoch)), EPOCH_ENV
    commits = [e for e in (_git_epoch(root), _git_epoch(data_path)) if e is not None]
    if commits:
        return _utc_day(max(commits)), "last commit"
    if data_as_of is not None:
        return data_as_of.isoformat(), "latest date in the data"
    return "", "no SOURCE_DATE_EPOCH, git history or dated data"


def _utc_day(epoch: int) -> str:
    return _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc).date().isoformat()


def latest_day(dataset) -> _dt.date | None:
    """The latest date in the data as a calendar day (local to the dataset), for the build date fallback."""
    days = []
    for table, column in (("claims", "as_of"), ("ceasefire_events", "at"), ("sources", "published")):
        if dataset.has(table) and not dataset.tables[table].empty:
            latest = dataset.tables[table][column].max()
            if latest == latest:  # not NaT
                days.append(latest.tz_convert(dataset.zone).date())
    return max(days) if days else None
