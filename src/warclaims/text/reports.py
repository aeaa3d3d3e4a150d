"""The words around a report: its parameters in words, its main heading, what an as-of page cuts on.

Nothing here names a war: the subject comes from the dataset's descriptor (``warclaims:subject``, e.g.
"the 2020 Nagorno-Karabakh war"; else its title), dates and ids from the parameters.
"""
from __future__ import annotations

from warclaims.text.words import long_date

#: Descriptor key of a dataset's subject as a heading names it ("the 2020 Nagorno-Karabakh war").
SUBJECT_KEY = "warclaims:subject"

_LISTS = {"metrics": "counting", "populations": "about", "subject_sides": "losses of", "claimants": "claimed by",
          "ceasefires": "ceasefires"}


def _ids(values) -> str:
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def parameters_in_words(parameters: dict) -> str:
    """A report's parameters as a reader says them: ``{"as_of": "2020-10-10"}`` -> ``"as of 10 October 2020"``."""
    said = []
    for key, value in parameters.items():
        if key == "data_dir" or value in ("", [], None):
            continue
        if key == "as_of":
            said.append(f"as of {long_date(value)}")
        elif key == "start_date":
            said.append(f"from {long_date(value)}")
        elif key == "end_date":
            said.append(f"up to {long_date(value)}")
        elif key == "edition":
            said.append(f"{value} edition")
        elif key == "duration_unit":
            said.append(f"durations in {value}")
        elif key == "value_scale":
            said.append(f"{value} value axis")
        elif key == "include_vague":
            said.append("vague figures included" if value else "vague figures left out")
        elif key in _LISTS and isinstance(value, list):
            said.append(f"{_LISTS[key]} {_ids(value)}")
        else:
            said.append(f"{key.replace('_', ' ')}: {_ids(value) if isinstance(value, list) else value}")
    return "; ".join(said) or "the defaults: the latest data, nothing left out"


def _text(descriptor: dict, key: str) -> str:
    value = descriptor.get(key) if isinstance(descriptor, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _heading(descriptor: dict, what: str, rest: str) -> str:
    """``"<What> in <subject><rest>"``; a dataset that declares no subject is named by its title."""
    subject = _text(descriptor, SUBJECT_KEY)
    if subject:
        return f"{what} in {subject}{rest}"
    title = _text(descriptor, "title") or _text(descriptor, "name") or "this dataset"
    return f"{title}: {what.lower()}{rest}"


def casualty_heading(descriptor: dict, as_of_text: str) -> str:
    """The casualty page's main heading: the subject and the date it is taken on (or "latest figures")."""
    return _heading(descriptor, "Casualty claims", f", as of {long_date(as_of_text)}" if as_of_text
                    else ", latest figures")


def as_of_note(as_of_text: str) -> str:
    """What an as-of page cuts on: the date a figure counts up to, not the day it was published."""
    if not as_of_text:
        return ("This page shows every figure in the data, up to the latest; each is placed at the date it "
                "counts up to (its “as of” date).")
    return (f"This page cuts on {long_date(as_of_text)}: it keeps the figures that count up to that date (their "
            f"“as of” date), including figures published later. It is not what was known on that day.")


def ceasefire_heading(descriptor: dict) -> str:
    """The ceasefire page's main heading."""
    return _heading(descriptor, "Ceasefires", ": how long they held")
