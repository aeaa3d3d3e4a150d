"""A dataset: read, validated, and held as typed, read-only pandas frames.

* :mod:`~warclaims.dataset.model`: :class:`Dataset`, :class:`Problem`, :class:`DatasetError`, the version hash;
* :mod:`~warclaims.dataset.read`: the files as they are (descriptor, CSV tables as strings);
* :mod:`~warclaims.dataset.schema`: the checks ``datapackage.json`` drives (types, values, keys, dates);
* :mod:`~warclaims.dataset.rules`: the checks across tables (quotes, checksums, ranges, dates, corrections);
* :mod:`~warclaims.dataset.load`: :func:`load`, which runs them all and reports every problem at once as
  ``file:row:column: message`` (row numbers count the header as row 1, as a spreadsheet does).
"""
from warclaims.dataset.load import load
from warclaims.dataset.model import TABLES, Dataset, DatasetError, Problem, dataset_version

__all__ = ["TABLES", "Dataset", "DatasetError", "Problem", "dataset_version", "load"]
