"""The generic checks, driven by ``datapackage.json``: required fields, types, allowed values, patterns,
unique keys, dates at their precision, foreign keys and list items that name rows of another table.

Every check is vectorized over a column so a million claims validate in seconds; frictionless itself
validates row by row, which is why it is used only as a cross-check in the tests.
"""
from __future__ import annotations

import re

import pandas as pd
import re2

from warclaims import dates
from warclaims.dataset.context import Checks, is_text, isin
from warclaims.dataset.model import Problem
from warclaims.dataset.read import shown_path


def check_fields(checks: Checks, table: str, resource: dict) -> pd.DataFrame:
    """Check every field of ``table`` as its schema says; returns the table typed."""
    frame = checks.raw[table]
    typed = frame.copy()
    for spec in resource["schema"]["fields"]:
        name = spec["name"]
        column = frame[name]
        constraints = spec.get("constraints", {})
        present = ~is_text(column, "")
        if constraints.get("required"):
            checks.flag(table, ~present, name, f"{name} is required but empty")
        kind = spec.get("type", "string")
        if kind == "integer":
            typed[name] = _integers(checks, table, name, column, present, constraints)
        elif kind == "boolean":
            lowered = column.str.lower()
            bad = present & ~lowered.isin(["true", "false"])
            checks.flag(table, bad, name, lambda r, n=name: f"expected true or false, found {r[n]!r}")
            typed[name] = lowered.map({"true": True, "false": False}).astype("boolean")
        if "enum" in constraints:
            allowed = constraints["enum"]
            bad = present & ~column.isin(allowed)
            checks.flag(table, bad, name, lambda r, n=name: f"expected one of {', '.join(allowed)}; found {r[n]!r}")
        if "pattern" in constraints:
            _pattern(checks, table, name, column, present, constraints["pattern"])
        if constraints.get("unique"):
            dup = present & column.duplicated(keep="first")
            checks.flag(table, dup, name, lambda r, n=name: f"{r[n]!r} is not unique (ids must be)")
        if "warclaims:precisionField" in spec:
            type_dates(checks, table, typed, name, spec["warclaims:precisionField"])
    return typed


#: The largest count a column may hold: beyond it a number is no count of anything (and no int64).
LARGEST = 10**15
_WHOLE = re.compile(r"[+-]?\d{1,16}")


def _integers(checks: Checks, table: str, name: str, column: pd.Series, present: pd.Series,
              constraints: dict) -> pd.Series:
    # Parse each distinct text once (a million counts have a few thousand distinct values). Only plain
    # digits count: "inf", "1e309" or 23 digits are not whole numbers of anything.
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    texts = pd.Series(distinct, dtype=object)
    whole = texts.map(lambda text: bool(_WHOLE.fullmatch(text)) and abs(int(text)) <= LARGEST)
    parsed = pd.to_numeric(texts.where(whole), errors="coerce").to_numpy()
    numbers = pd.Series(parsed[codes], index=column.index)
    bad = present & numbers.isna()
    checks.flag(table, bad, name, lambda r: f"expected a whole number of at most {LARGEST:,}, found {r[name][:40]!r}")
    typed = numbers.where(~bad).astype("Int64")
    if "minimum" in constraints and not isinstance(constraints["minimum"], (int, float)):
        checks.problems.append(Problem(shown_path(checks.root / "datapackage.json", checks.root), None,
                                       f"{table}.{name}", f"constraints.minimum must be a number, found {constraints['minimum']!r}"))
    elif "minimum" in constraints:
        below = typed.lt(constraints["minimum"]).fillna(False).astype(bool)
        checks.flag(table, below, name, lambda r: f"expected at least {constraints['minimum']}, found {r[name]}")
    return typed


def _pattern(checks: Checks, table: str, name: str, column: pd.Series, present: pd.Series, pattern: str) -> None:
    """Values must match the descriptor's pattern. RE2 matches in linear time, so a pattern from an
    untrusted descriptor (``^(a+)+$``) cannot hang a build by backtracking."""
    options = re2.Options()
    options.log_errors = False
    try:
        compiled = re2.compile(pattern, options) if isinstance(pattern, str) else None
    except re2.error as error:
        compiled, why = None, error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
    else:
        why = "expected a string"
    if compiled is None:
        checks.problems.append(Problem(shown_path(checks.root / "datapackage.json", checks.root), None,
                                       f"{table}.{name}", f"constraints.pattern {pattern!r} is not a usable pattern ({why})"))
        return
    # Match each distinct value once: a million dates have a few thousand distinct texts.
    distinct = pd.Series(column.unique())
    matching = distinct[[compiled.fullmatch(value) is not None for value in distinct]]
    bad = present & ~isin(column, matching)
    checks.flag(table, bad, name, lambda r: f"{r[name]!r} does not have the expected form {pattern}")


def type_dates(checks: Checks, table: str, typed: pd.DataFrame, name: str, precision_field: str) -> None:
    """Parse a date column at its precision into ``name`` (UTC start), ``name_end`` and ``name_text``."""
    text, precision = checks.raw[table][name], checks.raw[table][precision_field]
    start, end, ok = dates.parse_when(text, precision, checks.zone)
    no_precision = ~is_text(text, "") & is_text(precision, "")
    checks.flag(table, no_precision, precision_field, f"{name} is set, so {precision_field} is required")
    checks.flag(table, ~ok & ~no_precision, name,
                lambda r: f"{r[name]!r} is not an ISO 8601 value at precision {r[precision_field]!r} "
                          f"(year 2020, month 2020-10, day 2020-10-10, hour/minute 2020-10-10T12:00+04:00) "
                          f"in the years {dates.FIRST_YEAR} to {dates.LAST_YEAR}")
    orphan = is_text(text, "") & ~is_text(precision, "")
    checks.flag(table, orphan, precision_field, f"{precision_field} is set but {name} is empty")
    future = ok & (start > checks.now)
    checks.flag(table, future, name, lambda r: f"{r[name]!r} is in the future")
    typed[f"{name}_text"] = text
    typed[name] = start
    typed[f"{name}_end"] = end


def check_references(checks: Checks, table: str, resource: dict) -> None:
    """Foreign keys, and list items (``warclaims:itemReference``) that must name rows of another table."""
    frame = checks.raw[table]
    for fk in resource["schema"].get("foreignKeys", []):
        column, target = fk["fields"], fk["reference"]
        if target["resource"] not in checks.raw:
            continue
        valid = set(checks.raw[target["resource"]][target["fields"]].tolist())  # tolist: 4x faster than set(Series)
        bad = ~is_text(frame[column], "") & ~isin(frame[column], valid)
        checks.flag(table, bad, column, lambda r, c=column: f"{r[c]!r} is not a {target['fields']} in {target['resource']}.csv")
    for spec in resource["schema"]["fields"]:
        if "warclaims:valuesFrom" in spec:
            _values_from(checks, table, spec["name"], spec["warclaims:valuesFrom"])
    for spec in resource["schema"]["fields"]:
        ref = spec.get("warclaims:itemReference")
        if not ref or ref["resource"] not in checks.raw:
            continue
        name, delimiter = spec["name"], spec.get("warclaims:listDelimiter", "|")
        valid = set(checks.raw[ref["resource"]][ref["field"]].tolist())
        items = frame[name].str.split(delimiter, regex=False).explode()
        items = items[~is_text(items, "")]
        bad_rows = items[~isin(items, valid)]
        mask = frame.index.isin(bad_rows.index)
        checks.flag(table, pd.Series(mask, index=frame.index), name,
                    lambda r, n=name: f"{', '.join(i for i in r[n].split(delimiter) if i not in valid)} "
                                      f"not found in {ref['resource']}.csv {ref['field']}")


def _values_from(checks: Checks, table: str, name: str, rule: dict) -> None:
    """A column whose vocabulary is another table's ids plus a few values the contract defines
    (``subject_side``: a side of sides.csv, or ``both``/``unknown``), so no war's sides are written
    into the descriptor."""
    source, field, extra = rule.get("resource"), rule.get("field"), list(rule.get("plus", []))
    if source not in checks.raw:
        return
    valid = set(checks.raw[source][field].tolist()) | set(extra)
    column = checks.raw[table][name]
    bad = ~is_text(column, "") & ~isin(column, valid)
    also = f" (or {' or '.join(extra)})" if extra else ""
    checks.flag(table, bad, name, lambda r: f"{r[name]!r} is not a {field} in {source}.csv{also}")
