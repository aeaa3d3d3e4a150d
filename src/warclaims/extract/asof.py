"""As of when: dates in a sentence resolved against the article's publication date.

"As of 9 November 2020" and "on October 19" are stated dates (a missing year is the publication's, or
the year before when that would put the date after publication); "on Friday" and "last Monday" are the
latest such weekday on or before publication (strictly before for "last"), so they are inferred, with
the reasoning in the note; "next Sunday" is still to come and is no date of what happened. A weekday
printed with its calendar date ("Sunday, 9 April") is that stated date. python-dateutil parses the month names and does the weekday arithmetic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta, MO, TU, WE, TH, FR, SA, SU

MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
         r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_REL = (MO, TU, WE, TH, FR, SA, SU)
START_LEAD = re.compile(r"\b(?:since|from|began|begun|started|erupted|broke out|flared)(?:\s+(?:on|in|at))?(?:\s+(?:early|late|mid))?\s*$", re.IGNORECASE)
STATED_LEAD = re.compile(r"\b(?:as of|through|until|till|by|up to|as at)\s*$", re.IGNORECASE)
PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("month_day", re.compile(rf"\b({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})(?!\w)(?:,?\s+(\d{{4}}))?")),
    ("month_year", re.compile(rf"\b(?i:in|since|during|of|early|late|mid)\s+({MONTH})(?:\s+(\d{{4}})|\s+of\s+(this|last)\s+year)?\b")),
    ("weekday", re.compile(r"\b(?:((?i:last|this past|on|early|late|next|this coming|coming))\s+)?"
                           r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:’s|'s)?")),
    ("relative", re.compile(r"\b(yesterday|today|last night|this morning|tonight|overnight)\b", re.IGNORECASE)),
]


@dataclass(frozen=True)
class When:
    value: str
    precision: str
    basis: str
    note: str
    start: int
    end: int
    period: bool = False  # a month or other span: the figure counts that period, not a running total


def published_date(published: str) -> date:
    """The calendar day of a ``published`` value (``2020-10-19`` or ``2019-03-15T18:30+01:00``)."""
    return datetime.fromisoformat(published[:10]).date()


def _with_year(month_day: date, year_text: str | None, published: date) -> tuple[date, str]:
    if year_text:
        return month_day.replace(year=int(year_text)), ""
    resolved = month_day.replace(year=published.year)
    if resolved > published:
        return resolved.replace(year=published.year - 1), f"the year before publication ({published.year - 1}), since {resolved} is after it"
    return resolved, f"the year from the publication date ({published.year})"


def _resolve(kind: str, match: re.Match, published: date) -> tuple[str, str, str, str, bool] | None:
    text = match.group()
    if kind == "iso":
        return text, "day", "stated", "", False
    if kind in ("month_day", "day_month"):
        month, day = (match.group(1), match.group(2)) if kind == "month_day" else (match.group(2), match.group(1))
        try:
            parsed = date_parser.parse(f"{month.rstrip('.')} {day}", default=datetime(2000, 1, 1)).date()
        except (ValueError, OverflowError):
            return None
        resolved, note = _with_year(parsed, match.group(3), published)
        return resolved.isoformat(), "day", "stated", f"'{text}': {note}." if note else "", False
    if kind == "month_year":
        month = date_parser.parse(match.group(1).rstrip("."), default=datetime(2000, 1, 1)).month
        year = int(match.group(2)) if match.group(2) else published.year - (match.group(3) == "last")
        note = "" if match.group(2) else f"'{text}': the year from the publication date."
        if not match.group(2) and not match.group(3) and date(year, month, 1) > published:
            year -= 1
            note = f"'{text}': the year before publication, since {month:02d}/{year + 1} is after it."
        return f"{year:04d}-{month:02d}", "month", "stated", note, True
    if kind == "weekday":
        lead, name = (match.group(1) or "").lower(), match.group(2).lower()
        if lead in ("next", "this coming", "coming"):
            return None  # a day still to come is a plan, not a date anything happened on
        weekday = WEEKDAYS.index(name)
        anchor = published - timedelta(days=1) if lead in ("last", "this past") else published
        resolved = anchor + relativedelta(weekday=_REL[weekday](-1))
        rule = "strictly before" if lead in ("last", "this past") else "on or before"
        note = (f"'{text.strip()}' in an article published on {published:%A} {published.isoformat()}: "
                f"the latest {name.title()} {rule} it, {resolved.isoformat()}.")
        return resolved.isoformat(), "day", "inferred", note, False
    word = match.group(1).lower()
    shift = 1 if word in ("yesterday", "last night", "overnight") else 0
    resolved = published - timedelta(days=shift)
    return resolved.isoformat(), "day", "inferred", f"'{text}' relative to the publication date {published.isoformat()}.", False


# A weekday printed with its calendar date ("Sunday, 9 April", "on Sunday April 9"): the date is stated.
_WITH_DATE = re.compile(rf"^,?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}|{MONTH}\s+\d{{1,2}}\b)")


def dates_in(sentence: str, published: date) -> list[When]:
    """Every date expression in ``sentence`` that is not after publication, in order."""
    return list(_dates_in(sentence, published))


@lru_cache(maxsize=4096)
def _dates_in(sentence: str, published: date) -> tuple[When, ...]:
    found, taken = [], []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if kind == "weekday" and _WITH_DATE.match(sentence[match.end():]):
                continue  # the calendar date beside it is the stated date; the weekday adds nothing
            resolved = _resolve(kind, match, published)
            if resolved is None:
                continue
            value, precision, basis, note, period = resolved
            if value[:10] > published.isoformat()[: len(value)]:
                continue  # a date after publication is a plan, not what a figure counts up to
            taken.append((match.start(), match.end()))
            found.append(When(value, precision, basis, note, match.start(), match.end(), period))
    return tuple(sorted(found, key=lambda w: w.start))


def as_of(sentence: str, published: date, carried: When | None = None) -> When:
    """The date a figure in ``sentence`` counts up to: a stated "as of" date first, then the first date,
    then the date ``carried`` from the sentence before in the paragraph, else the publication date."""
    found = [w for w in dates_in(sentence, published) if not START_LEAD.search(sentence[:w.start])]
    lead = [w for w in found if STATED_LEAD.search(sentence[:w.start])]
    if lead or found:
        return (lead or found)[0]
    if carried is not None:
        note = f"The sentence before, in the same paragraph, is dated {carried.value}" + (f" ({carried.note})" if carried.note else "") + "."
        return When(carried.value, carried.precision, "inferred", note, -1, -1, carried.period)
    return When(published.isoformat(), "day", "inferred",
                "The source gives no date for the figure; its publication date is used as the latest date the figure can be as of.",
                -1, -1)


TIME = re.compile(r"\b(?:at\s+)?(?:(midday|noon|midnight)|(\d{1,2}):(\d{2})|(\d{1,2})\s*(a\.m\.|p\.m\.|am|pm))\b", re.IGNORECASE)


def time_of_day(sentence: str, day: str, tz_offset: str) -> tuple[str, str] | None:
    """``(value, precision)`` of a time in the sentence on ``day`` ("at midday" -> 12:00, hour precision)."""
    match = TIME.search(sentence)
    if not match or len(day) != 10:
        return None
    if match.group(1):
        hour, minute, precision = {"midday": 12, "noon": 12, "midnight": 0}[match.group(1).lower()], 0, "hour"
    elif match.group(2):
        hour, minute = int(match.group(2)), int(match.group(3))
        precision = "hour" if minute == 0 else "minute"
    else:
        hour, minute, precision = int(match.group(4)) % 12 + (12 if match.group(5).lower().startswith("p") else 0), 0, "hour"
    if hour > 23 or minute > 59:
        return None
    return f"{day}T{hour:02d}:{minute:02d}{tz_offset}", precision
