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


def split(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order, with its exact offsets (trailing spaces left out)."""
    sentences: list[Sentence] = []
    paragraph = 0
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        cursor = line.start()
        for segment in _segmenter().segment(line.group()):
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
