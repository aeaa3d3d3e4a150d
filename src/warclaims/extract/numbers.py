"""Numbers in a sentence that may count something: digits, number words, ranges, bounds, vague terms.

Each :class:`Number` carries the codebook's values (``value_low/best/high``, ``qualifier``, ``vague_term``)
and its span in the sentence. Numbers that are not counts are refused with a reason: years, dates,
ordinals, ages, distances and other units, durations, money, percentages, times of day and parts of
names ("F-16", "Resolution 822"). Whether a number counts something the dataset measures is decided
later (:mod:`warclaims.extract.counted`); this module knows only English number syntax.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import number_parser

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_WORD = "|".join(sorted(ONES + TENS + list(SCALES), key=len, reverse=True))
NUMBER_WORDS = re.compile(rf"\b(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*\b", re.IGNORECASE)
DIGITS = re.compile(r"(?<![\w.,\-/:$€£])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s+(million|thousand|billion))?(?![\w:/]|,\d|\.\d)")
DOZEN = re.compile(r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten|half a)\s+dozen\b(?!s)", re.IGNORECASE)

MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_MONTH = "|".join(MONTHS)
UNITS_AFTER = re.compile(
    r"^[\s-]*(?:(?:of\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?|decades?|centuries|century|times|"
    r"nights?|rounds?)\b|-?year-old|(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m|ft|feet|kg|kilograms?|tons?|tonnes?|"
    r"hectares?|acres?|square|sq|per\s*cent|percent|%|dollars?|euros?|pounds?|rubles?|roubles?|manats?|drams?|"
    r"hryvnias?|yuan|yen|a\.m\.|p\.m\.|am|pm|o'clock|gmt|utc|local time|degrees?|mm|cm|calibre|caliber)(?![\w]))",
    re.IGNORECASE)
MONEY_BEFORE = re.compile(r"(?:[$€£¥₽]|\b(?:usd|eur|us\$|rs\.?))\s*$", re.IGNORECASE)
DATE_AROUND = (re.compile(rf"\b(?:{_MONTH})\.?\s*$", re.IGNORECASE), re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH})\b", re.IGNORECASE))
NAME_BEFORE = re.compile(r"(?:\b(?:article|resolution|section|chapter|route|highway|no\.|number|page|room|flight|"
                         r"unit|brigade|division|battalion|regiment|corps|army|squadron|aged|age|ages|class|grade|"
                         r"district|zone|sector|point|hill|item|paragraph|protocol|the year|in|since|of|by)\s*$)", re.IGNORECASE)
ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)

AT_LEAST = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than", "no less than",
            "not less than", "a minimum of", "at a minimum")
AT_MOST = ("up to", "at most", "fewer than", "less than", "no more than", "not more than", "as many as", "under",
           "a maximum of")
APPROX = ("about", "around", "approximately", "roughly", "some", "nearly", "almost", "close to", "an estimated",
          "estimated", "approx.", "circa", "an approximate", "at around", "just over", "just under")
AFTER_QUALIFIERS = ((re.compile(r"^\s*(?:or more|and more|-plus|\+)", re.I), "at_least"),
                    (re.compile(r"^\s*or so\b", re.I), "approx"))


@dataclass(frozen=True)
class Number:
    """A number as the codebook records it; ``start``/``end`` are offsets in the sentence."""

    start: int
    end: int
    text: str
    low: int | None
    best: int | None
    high: int | None
    qualifier: str
    vague_term: str = ""
    why: str = ""


@dataclass(frozen=True)
class Refused:
    start: int
    end: int
    text: str
    reason: str


def _to_int(match: re.Match) -> int:
    whole, decimals, scale = match.group(1), match.group(2), match.group(3)
    value = float(whole.replace(",", "") + ("." + decimals if decimals else ""))
    if scale:
        value *= SCALES[scale.lower()]
    if decimals and not scale:
        raise ValueError("a decimal is not a count")
    return int(round(value))


def _words_value(text: str) -> int | None:
    cleaned = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    if cleaned in SCALES:
        return None  # "hundred" or "thousand" alone is not a number here ("a thousand" is, below)
    value = number_parser.parse_number(cleaned, language="en")  # naming the language skips detection: 20x faster
    return int(value) if value is not None else None


def _raw_numbers(sentence: str) -> list[tuple[int, int, int, str]]:
    """(start, end, value, kind) for every digit group, number-word group and "a dozen" in the sentence."""
    found = []
    for match in DIGITS.finditer(sentence):
        try:
            found.append((match.start(), match.end(), _to_int(match), "digits"))
        except ValueError:
            continue
    for match in DOZEN.finditer(sentence):
        factor = {"a": 1, "one": 1, "half a": 0.5}.get(match.group(1).lower())
        factor = factor if factor is not None else _words_value(match.group(1))
        found.append((match.start(), match.end(), int(12 * factor), "words"))
    for match in NUMBER_WORDS.finditer(sentence):
        start = match.start()
        before = sentence[max(0, start - 2):start].lower()
        text = match.group()
        if before.endswith("a ") and text.lower().split()[0] in SCALES:  # "a hundred", "a thousand"
            start -= 2
            text = "one " + text
        value = _words_value(text)
        if value is not None:
            found.append((start, match.end(), value, "words"))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept, last_end = [], -1
    for item in found:
        if item[0] >= last_end:
            kept.append(item)
            last_end = item[1]
    return kept


def _refusal(sentence: str, start: int, end: int, value: int, kind: str) -> str:
    """Why the number at ``start:end`` is not a count, or "" when it may be one."""
    before, after = sentence[:start], sentence[end:]
    text = sentence[start:end].lower()
    if ORDINAL_AFTER.match(after):
        return "an ordinal"
    if DATE_AROUND[0].search(before) or DATE_AROUND[1].match(after):
        return "part of a date"
    if kind == "digits" and re.fullmatch(r"1[89]\d\d|20\d\d", text) and not re.match(r"\s+(?:soldiers|civilians|people|troops)\b", after):
        return "a year"
    if re.match(r"^(?:s|'s)\b", after):
        return "a decade"
    if UNITS_AFTER.match(after):
        return f"a measure, duration, time or money ('{UNITS_AFTER.match(after).group().strip()}')"
    if MONEY_BEFORE.search(before):
        return "money"
    if re.search(r"[A-Za-z]-$", before) or re.match(r"^-[A-Za-z]", after):
        return "part of a name (like F-16)"
    if re.search(r"\b(?:aged|age|ages)\s*$", before, re.I) or re.match(r",?\s*(?:years?\s+old|-year-old)", after, re.I):
        return "an age"
    if kind == "digits" and re.search(r"\b(?:article|resolution|section|chapter|route|highway|no\.|number|page|"
                                      r"flight|brigade|division|battalion|regiment|squadron|hill|paragraph)\s*$", before, re.I):
        return "part of a name or number (like Resolution 822)"
    if text == "one" and (re.match(r"^\s+(?:another|side|day|of the|hand)\b", after) or re.search(r"\b(?:no|any|every|each)\s*$", before, re.I)):
        return "not a count ('one' as a pronoun)"
    return ""


def _qualify(sentence: str, start: int, end: int, value: int) -> tuple:
    """Extend the span over a bound word before or after: ``(start, end, low, best, high, qualifier)``."""
    before = sentence[:start].lower()
    for words, qualifier in ((AT_LEAST, "at_least"), (AT_MOST, "at_most"), (APPROX, "approx")):
        for phrase in sorted(words, key=len, reverse=True):
            if re.search(rf"(?:^|\W){re.escape(phrase)}\s+$", before):
                new_start = before.rstrip().rfind(phrase)
                return new_start, end, *_values(qualifier, value)
    for pattern, qualifier in AFTER_QUALIFIERS:
        match = pattern.match(sentence[end:])
        if match:
            return start, end + match.end(), *_values(qualifier, value)
    return start, end, value, value, value, "exact"


def _values(qualifier: str, value: int) -> tuple:
    if qualifier == "at_least":
        return value, None, None, qualifier
    if qualifier == "at_most":
        return None, None, value, qualifier
    return None, value, None, qualifier


RANGE_JOIN = re.compile(r"^\s*(?:to|-|–|—|or|and)\s*$", re.IGNORECASE)


def find_numbers(sentence: str, vague_terms: dict[str, tuple[int, int]]) -> tuple[list[Number], list[Refused]]:
    """Every possible count in ``sentence`` (vague terms, ranges, bounded and plain numbers) and every refused number."""
    numbers: list[Number] = []
    taken: list[tuple[int, int]] = []
    for term in sorted(vague_terms, key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", sentence, re.IGNORECASE):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            low, high = vague_terms[term]
            numbers.append(Number(match.start(), match.end(), match.group(), low, None, high, "vague", term,
                                  f"vague term '{term}' = {low}..{high} (vague_terms.csv)"))
            taken.append((match.start(), match.end()))
    refused: list[Refused] = []
    plain = []
    for start, end, value, kind in _raw_numbers(sentence):
        if any(s < end and start < e for s, e in taken):
            continue
        reason = _refusal(sentence, start, end, value, kind)
        if reason:
            refused.append(Refused(start, end, sentence[start:end], reason))
        else:
            plain.append((start, end, value))
    numbers.extend(_combine(sentence, plain))
    numbers.sort(key=lambda n: n.start)
    return numbers, refused


def _combine(sentence: str, plain: list[tuple[int, int, int]]) -> list[Number]:
    """Ranges ("18 to 25", "between 18 and 25", "two or three") from neighbours; bounds for the rest."""
    out, i = [], 0
    while i < len(plain):
        start, end, value = plain[i]
        if i + 1 < len(plain):
            nstart, nend, nvalue = plain[i + 1]
            join = sentence[end:nstart]
            between = re.search(r"\b(?:between|from)\s+$", sentence[:start], re.IGNORECASE)
            is_and = join.strip().lower() == "and"
            if RANGE_JOIN.match(join) and nvalue > value and (not is_and or between):
                low_start = between.start() if between else start
                out.append(Number(low_start, nend, sentence[low_start:nend], value, None, nvalue, "approx", "",
                                  f"range {value}..{nvalue}: value_best left empty"))
                i += 2
                continue
        q_start, q_end, low, best, high, qualifier = _qualify(sentence, start, end, value)
        why = "a number as written" if qualifier == "exact" else f"'{sentence[q_start:start].strip() or sentence[end:q_end].strip()}' -> {qualifier}"
        out.append(Number(q_start, q_end, sentence[q_start:q_end], low, best, high, qualifier, "", why))
        i += 1
    return out


def shift(number: Number, offset: int) -> Number:
    """The same number with its span moved by ``offset`` (sentence -> file offsets)."""
    return replace(number, start=number.start + offset, end=number.end + offset)
