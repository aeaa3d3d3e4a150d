"""warclaims: claims made during a war, traceable to the words of archived sources.

Public entry: :func:`load` returns a validated, read-only :class:`Dataset` whose tables are pandas
DataFrames (``.sources .actors .claims .ceasefires .ceasefire_events`` and the vocabularies). Inside
``warclaims build`` it returns the build's validated copy of the same bytes (see :mod:`warclaims.handover`).
"""
from warclaims.deferred import defer_iri_grammar

defer_iri_grammar()  # before anything imports jsonschema: saves 1.5-2.5 s per process (see warclaims.deferred)

from warclaims.dataset import Dataset, DatasetError, Problem, dataset_version  # noqa: E402
from warclaims.handover import load  # noqa: E402

__all__ = ["Dataset", "DatasetError", "Problem", "dataset_version", "load", "setup_notebook"]
__version__ = "0.1.0"


def setup_notebook():
    """Prepare a notebook kernel: offline, deterministic Altair charts and matplotlib output."""
    from warclaims.offline import setup_notebook as _setup

    return _setup()
