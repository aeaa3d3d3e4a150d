"""Load a dataset folder: read every table, run every check, and return an immutable Dataset."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from warclaims import dates, paths
from warclaims.dataset import rules, schema
from warclaims.dataset.context import Checks
from warclaims.dataset.model import Dataset, DatasetError, Problem, Records, dataset_version
from warclaims.dataset.read import read_descriptor, read_table, shown_path


def load(data_dir: str | Path | None = None, *, today: datetime | None = None,
         while_checking: Callable[[Dataset], None] | None = None) -> Dataset:
    """Load and validate the dataset in ``data_dir`` (default: the bundled one, see :mod:`warclaims.paths`).

    ``today``: dates must not be after it (default: now). ``warclaims.load`` is
    :func:`warclaims.handover.load`, which may return the validated copy a build hands its kernels.

    ``while_checking``: called with the Dataset this call will return, once every table is read and typed
    without a problem and before the domain rules run (they only find problems, they change no table): a
    build starts deriving from it meanwhile (:mod:`warclaims.build.stage`). Whether the rules pass is known
    only when this call returns, or raises.

    Raises
    ------
    DatasetError
        Listing every problem found, each as ``file:row:column: message``.
    """
    root = paths.data_dir(data_dir)
    descriptor = read_descriptor(root)
    problems: list[Problem] = []
    notices: list[Problem] = []
    raw: dict[str, pd.DataFrame] = {}
    records: dict[str, Records] = {}
    for resource in descriptor.get("resources", []):
        frame = read_table(root, resource, problems, notices, records)
        if frame is not None:
            raw[resource["name"]] = frame
    problems += _descriptor_problems(root, descriptor, raw)
    if any(p.column == dates.DESCRIPTOR_KEY for p in problems):
        raise DatasetError(problems)  # every date check needs the zone
    # Every stage runs on what it can check: a table that could not be read, or a row with a problem
    # already, is left out of the later checks rather than stop them all (see Checks.settle).
    checks = Checks(root, descriptor, raw, problems, today or datetime.now(timezone.utc))
    _check_fields(checks)
    dataset = None
    if not problems:
        # The version of the bytes validated: a table's file is not read again for it.
        version = dataset_version(root, {r.path: r.digest for r in records.values()})
        dataset = Dataset(root, descriptor, {name: _share_strings(frame) for name, frame in checks.typed.items()},
                          version=version, warnings=tuple(DatasetError([], notices).warnings), records=records)
        if while_checking is not None:
            while_checking(dataset)
    _check_rules(checks)
    if problems:
        raise DatasetError(problems, notices)
    return dataset


def _descriptor_problems(root: Path, descriptor: dict, raw: dict[str, pd.DataFrame]) -> list[Problem]:
    """What the descriptor itself declares wrongly: its time zone, and stand-ins for an article's own
    voice (``warclaims:genericClaimants``) that name no actor."""
    shown = shown_path(root / "datapackage.json", root)
    problems = []
    try:
        dates.dataset_zone(descriptor)
    except dates.ZoneError as error:
        problems.append(Problem(shown, None, dates.DESCRIPTOR_KEY, str(error)))
    generic = descriptor.get("warclaims:genericClaimants", [])
    if not isinstance(generic, list) or not all(isinstance(item, str) for item in generic):
        problems.append(Problem(shown, None, "warclaims:genericClaimants", "expected a list of actor ids"))
    elif "actors" in raw:
        unknown = sorted(set(generic) - set(raw["actors"]["actor_id"]))
        if unknown:
            problems.append(Problem(shown, None, "warclaims:genericClaimants",
                                    f"{', '.join(unknown)} not found in actors.csv actor_id"))
    return problems


#: The tables each rule family reads; it runs only when all of them were read and typed.
_RULES = (
    (rules.check_sources, ("sources",)),
    (rules.check_claims, ("claims", "sources")),
    (rules.check_ceasefires, ("ceasefires", "sources")),
    (lambda checks: rules.check_quotes(checks, "claims"), ("claims", "sources")),
    (lambda checks: rules.check_quotes(checks, "ceasefire_events"), ("ceasefire_events", "sources")),
)


def _check_fields(checks: Checks) -> None:
    """The generic checks on every table read; ``checks.typed`` holds the tables typed."""
    for name, resource in checks.resources.items():
        if name in checks.raw:
            checks.typed[name] = schema.check_fields(checks, name, resource)
    for name, resource in checks.resources.items():
        if name in checks.raw:
            schema.check_references(checks, name, resource)


def _check_rules(checks: Checks) -> None:
    """The domain rules, on what passed the generic checks (they read the typed tables, never change them)."""
    earlier = bool(checks.problems)
    checks.settle()
    for rule, needs in _RULES:
        if not all(table in checks.typed for table in needs):
            continue
        try:
            rule(checks)
        except Exception:  # noqa: BLE001 (re-raised below unless earlier problems explain it)
            # A rule may meet the state an earlier problem left (a column that did not type); those
            # problems are reported, and this rule runs again once they are fixed. Without earlier
            # problems, a failing rule is a bug and must show.
            if not earlier:
                raise


def _share_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Make equal texts of a repetitive column one shared string object.

    The CSV reader makes a new object per cell: a million claims hold a million copies of a dozen
    metric names. Sharing them saves most of the memory of such columns, and lets pickle store each
    text once (a build hands the loaded dataset to its kernels that way).
    """
    for name in frame.columns:
        column = frame[name]
        if not pd.api.types.is_string_dtype(column) or len(column) < 1000:
            continue
        if column.iloc[:10_000].nunique() > 5_000:  # ids and quotes: not worth hashing them all
            continue
        codes, uniques = pd.factorize(column)
        if len(uniques) <= len(column) // 2:
            shared = pd.Series(uniques.take(codes), index=column.index, dtype=column.dtype)
            frame[name] = shared.where(codes >= 0)
    return frame
