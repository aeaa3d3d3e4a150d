"""The licences a dataset declares (its ``datapackage.json`` ``licenses``), as the words pages and chart
source lines show: a chart saved on its own keeps its licence."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    url: str  # "" unless an http(s) address


def licences(descriptor: dict) -> tuple[Licence, ...]:
    """The descriptor's ``licenses`` (Frictionless: name, path, title), each as :class:`Licence`."""
    found = []
    for entry in descriptor.get("licenses") or ():
        if not isinstance(entry, dict):
            continue
        url = str(entry.get("path") or "")
        found.append(Licence(name=str(entry.get("name") or entry.get("title") or "unnamed licence"),
                             title=str(entry.get("title") or ""),
                             url=url if url.startswith(("https://", "http://")) else ""))
    return tuple(found)


def licence_names(descriptor: dict) -> str:
    """ "CC-BY-4.0" (or "A, B"): the declared licences' names, "" when none is declared."""
    return ", ".join(licence.name for licence in licences(descriptor))
