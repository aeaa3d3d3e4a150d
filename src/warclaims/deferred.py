"""jsonschema's IRI format checks, with their grammar compiled when first used rather than at import.

jsonschema 4 imports ``rfc3987_syntax`` when it is installed (here through jupyter-events'
``jsonschema[format-nongpl]``), and that module compiles its Lark grammars as it is imported: 1.5-2.5 s of
CPU in every process that imports jsonschema (python-jsonschema/jsonschema#1392), which in a build is every
kernel (altair) and every worker (nbformat), about 15 s of a million-claim build. :func:`defer_iri_grammar`,
called when ``warclaims`` is imported, puts a stand-in for the module in ``sys.modules`` until something
uses it: jsonschema's ``iri`` checks then call the real module (imported at that moment), and any other
use of it imports the real module too. What is checked, and how, does not change; only when the grammar
is compiled (the Vega-Lite schema altair validates against has no ``iri`` format, so a report never does).
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
import types

MODULE = "rfc3987_syntax"


class _Deferred(types.ModuleType):
    """Stands for the module until an attribute other than ``is_valid_syntax`` is asked for."""

    def __getattr__(self, name: str):
        if name == "is_valid_syntax":
            return is_valid_syntax
        if name == "__path__":  # asked by every ``from ... import``: where its submodules are, not the module
            return list(self.__spec__.submodule_search_locations or [])
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(real_module(), name)


def real_module() -> types.ModuleType:
    """The real module, imported (and its grammars compiled) the first time it is needed."""
    module = sys.modules.get(MODULE)
    if module is None or isinstance(module, _Deferred):
        sys.modules.pop(MODULE, None)
        module = importlib.import_module(MODULE)
    return module


def is_valid_syntax(term: str, value: str) -> bool:
    """``rfc3987_syntax.is_valid_syntax``, from the real module."""
    return real_module().is_valid_syntax(term, value)


def defer_iri_grammar() -> None:
    """Put the stand-in in place, unless jsonschema or the module is imported already or not installed."""
    if MODULE in sys.modules or "jsonschema" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(MODULE)
    except (ImportError, ValueError):
        return
    if spec is None:
        return
    stand_in = _Deferred(MODULE, "A stand-in for rfc3987_syntax until it is used (see warclaims.deferred).")
    stand_in.__spec__ = spec
    sys.modules[MODULE] = stand_in
