"""Which ceasefire of the dataset a piece of evidence is about, from its kind and date.

- an agreement (or entry into force) on a day: the ceasefire agreed within a day of it, else a new one;
- a year: the ceasefire agreed that year, else a new one;
- a proposal: the ceasefire agreed on the proposal's day or within a week after it, else a new one;
- "two ceasefires have failed": the two latest agreed by the date;
- anything else: the latest ceasefire agreed by the date (for violations and ends, one still open then first).
An event of a sentence whose ceasefire is already known (the sentence dates its agreement, or "it" refers to
the ceasefire of the sentence before) takes that one: ceasefire_events passes it as ``anchor``.
"""
from __future__ import annotations

from datetime import date, timedelta

AFTER_START = ("violation_reported", "accusation", "ended")


def _day(value) -> str:
    return str(value or "")[:10]


def _days_apart(a: str, b: str) -> int | None:
    if len(a) != 10 or len(b) != 10:
        return None
    return (date.fromisoformat(a) - date.fromisoformat(b)).days


def _new(at: str, why: str) -> tuple[str, str, bool]:
    return f"cf{_day(at).replace('-', '')}", why, True


def match(rows, event: str, at: str, precision: str, bound: str = "on", count: int = 1) -> list[tuple[str, str, bool]]:
    """``[(ceasefire_id, why, is_new)]`` for an event at ``at`` (more than one for "two ceasefires")."""
    rows = rows or []
    day = _day(at)
    if precision == "year":
        fits = [r for r in rows if _day(r.get("agreed_at_text"))[:4] == at]
        if fits:
            return [(fits[0]["ceasefire_id"], f"agreed in {at} like {fits[0]['ceasefire_id']}", False)]
        return [(f"cf{at}", f"no ceasefire of the dataset was agreed in {at}: a new one", True)]
    if event in ("agreed", "effective") and bound == "on":
        for r in rows:
            for column in ("agreed_at_text", "effective_at_text"):
                apart = _days_apart(day, _day(r.get(column)))
                if apart is not None and abs(apart) <= 1:
                    return [(r["ceasefire_id"], f"{event} {day}, within a day of {r['ceasefire_id']}'s "
                             f"{column[:-8]} date {_day(r.get(column))}", False)]
        return [_new(day, f"no ceasefire of the dataset was agreed within a day of {day}: a new one")]
    if event == "proposed":
        later = sorted((_day(r.get("agreed_at_text")), r["ceasefire_id"]) for r in rows
                       if (_days_apart(_day(r.get("agreed_at_text")), day) or -99) in range(0, 8))
        if later:
            return [(later[0][1], f"{later[0][1]} was agreed {later[0][0]}, within a week after the proposal ({day})", False)]
        return [_new(day, f"no ceasefire of the dataset was agreed within a week after {day}: a new one")]
    agreed_by = sorted((_day(r.get("agreed_at_text")), r["ceasefire_id"], _day(r.get("ended_at_text"))) for r in rows
                       if _day(r.get("agreed_at_text")) and _day(r.get("agreed_at_text"))[:len(day)] <= day)
    if count > 1 and len(agreed_by) >= count:
        chosen = agreed_by[-count:]
        return [(cid, f"'{count} ceasefires': the {count} latest agreed by {day} ({', '.join(c for _, c, _ in chosen)})", False)
                for _, cid, _ in chosen]
    if event in AFTER_START:
        still_open = [f for f in agreed_by if not f[2] or f[2] >= day]
        agreed_by = still_open or agreed_by
    if agreed_by:
        agreed, cid, _ = agreed_by[-1]
        return [(cid, f"{cid} (agreed {agreed}) is the latest ceasefire agreed by {day}", False)]
    return [_new(day, f"no ceasefire of the dataset fits {day}: a new one")]


def in_force(rows, day: str) -> str:
    """The ceasefire of the dataset in force on ``day`` (agreed before it, not ended before it), or ""."""
    fits = sorted((_day(r.get("agreed_at_text")), r["ceasefire_id"]) for r in rows or []
                  if "" < _day(r.get("agreed_at_text")) < day
                  and (not _day(r.get("ended_at_text")) or _day(r.get("ended_at_text")) >= day))
    return fits[-1][1] if fits else ""


def plus_days(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
