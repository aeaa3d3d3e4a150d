"""An archived text as HTML with its coded quotes highlighted, overlaps included.

Quotes may overlap or coincide (one sentence gives a killed and a wounded figure; a ceasefire event
quotes part of a claim's sentence). HTML elements must nest, so a quote that crosses another is split:
its first piece is ``<mark id="claim-c001">`` (the anchor a link lands on), later pieces are
``<mark class="cont">`` continuations. Every piece of text is escaped; the text itself is not changed,
so line breaks stay (the page shows it with ``white-space: pre-wrap``).
"""
from __future__ import annotations

import html
from typing import NamedTuple


class Highlight(NamedTuple):
    """One coded quote: ``text[start:end]``, its anchor id (``claim-c001``), its kind and what was coded."""

    start: int
    end: int
    anchor: str
    kind: str  # "claim" or "event": a CSS class
    label: str


def _escape(text: str, quote: bool) -> str:
    """:func:`html.escape`, skipped for text with nothing to escape (a page has a million labels and ids)."""
    if "&" in text or "<" in text or ">" in text or quote and ('"' in text or "'" in text):
        return html.escape(text, quote=quote)
    return text


def _open(h: Highlight, first: bool) -> str:
    # No title attribute: the label is shown in the text, and a second copy would double a large page.
    if first:
        return f'<mark id="{_escape(h.anchor, True)}" class="{h.kind}">'
    return f'<mark class="{h.kind} cont" data-of="{_escape(h.anchor, True)}">'


def _label(h: Highlight) -> str:
    # Visible, not only a tooltip: phones have no hover.
    return f'<span class="coded {h.kind}-label">{_escape(h.label, False)}</span>'


def highlighted(text: str, highlights: list[Highlight]) -> str:
    """``text`` escaped, each highlight marked (nested where quotes nest, split where they cross) and
    followed by its label where it ends. A highlight may be any object with :class:`Highlight`'s fields
    (an article page passes its :class:`~warclaims.site.articles.Coded` items as they are)."""
    spans = sorted((h for h in highlights if 0 <= h.start < h.end <= len(text)),
                   key=lambda h: (h.start, -h.end, h.anchor))
    # A text without & < > escapes to itself: its pieces need no escaping (an article has thousands).
    piece = (lambda part: part) if not any(c in text for c in "&<>") else (lambda part: html.escape(part, quote=False))
    if all(h.start >= before.end for before, h in zip(spans, spans[1:])):
        return _side_by_side(text, spans, piece)
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    starting: dict[int, list[Highlight]] = {}
    for h in spans:
        starting.setdefault(h.start, []).append(h)
    stack: list[Highlight] = []
    out: list[str] = []
    for here, after in zip(cuts, cuts[1:] + [None]):
        if stack:
            _close_ending(stack, here, out)
        for h in starting.get(here, ()):  # longest first: it is the outer one
            out.append(_open(h, first=True))
            stack.append(h)
        if after is not None:
            out.append(piece(text[here:after]))
    return "".join(out)


def _side_by_side(text: str, spans: list[Highlight], piece) -> str:
    """:func:`highlighted` of highlights in text order of which none overlaps another (most articles): the
    same HTML, without keeping a stack of open ones."""
    out: list[str] = []
    here = 0
    for h in spans:
        if h.start > here:
            out.append(piece(text[here:h.start]))
        out += (_open(h, first=True), piece(text[h.start:h.end]), "</mark>", _label(h))
        here = h.end
    if here < len(text):
        out.append(piece(text[here:]))
    return "".join(out)


def _close_ending(stack: list[Highlight], here: int, out: list[str]) -> None:
    """Close the highlights that end at ``here``; those opened inside them but going on are closed and
    reopened as continuations, so elements stay nested."""
    ending = [i for i, h in enumerate(stack) if h.end == here]
    if not ending:
        return
    popped = stack[ending[0]:]
    del stack[ending[0]:]
    for h in reversed(popped):
        out.append("</mark>")
        if h.end == here:
            out.append(_label(h))
    for h in popped:
        if h.end != here:
            out.append(_open(h, first=False))
            stack.append(h)
