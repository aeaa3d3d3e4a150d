"""Sentences of an archived text, each with its offset into the file's exact characters.

pysbd finds the boundaries (abbreviations such as "Sept." and "Mr." do not end a sentence); the offsets
come from searching each segment in the original text from a cursor, so they are exact even where pysbd
normalises nothing. Lines are split first: a headline, a dateline block or a caption never runs into the
next paragraph's first sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == source[start:end]``; ``paragraph`` counts the non-empty lines from 0."""

    start: int
    end: int
    text: str
    paragraph: int


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


_LINE = re.compile(r"[^\n]+")
# A line can hold more than one sentence only where a terminator is followed by more text; most lines of
# a news text (headlines, captions, one-sentence paragraphs) have none, and need no call to pysbd.
_INNER_END = re.compile(r"[.!?…][\"”’')\]]*\s+\S")


def split(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order, with its exact offsets (trailing spaces left out)."""
    sentences: list[Sentence] = []
    paragraph = 0
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        cursor = line.start()
        segments = _segmenter().segment(line.group()) if _INNER_END.search(line.group()) else [line.group()]
        for segment in segments:
            piece = segment.strip()
            if not piece:
                continue
            start = text.find(piece, cursor, line.end())
            if start < 0:  # pysbd changed the characters: fall back on the rest of the line
                start, piece = cursor, text[cursor:line.end()].strip()
                start = text.find(piece, cursor, line.end())
            sentences.append(Sentence(start, start + len(piece), piece, paragraph))
            cursor = start + len(piece)
        paragraph += 1
    return sentences
