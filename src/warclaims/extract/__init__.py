"""Propose claim, silence and ceasefire-event rows for a new archived article (``warclaims extract``) and
append what the curator accepts (``warclaims add``).

Public entry: :func:`extract` reads an archived text byte-exact and returns an :class:`Extraction` whose
rows have ``claims.csv``'s and ``ceasefire_events.csv``'s columns plus ``confidence`` and ``why``.
One module a concern: sentences, numbers, vocab (from the dataset's own tables), counted (metric and
population), attribution (claimant and subject side), asof, silences, ceasefire_events, propose, output,
add, cli.
"""
from __future__ import annotations

from pathlib import Path

from warclaims.dataset.read import read_article as read_text  # byte-exact, as the validator counts offsets
from warclaims.extract.propose import Extraction


def extract(article: str | Path, source_id: str, published: str, dataset) -> Extraction:
    """Candidate rows for ``article`` (a path) as source ``source_id`` published on ``published`` (ISO date)."""
    from warclaims.extract import propose, vocab

    sources = dataset.sources
    inferred = bool(((sources["source_id"] == source_id) & (sources["published_basis"] == "inferred")).any())
    return propose.propose(read_text(article), source_id, published, vocab.build(dataset),
                           dataset.tables.get("ceasefires"), dataset.timezone, inferred)


__all__ = ["Extraction", "extract", "read_text"]
