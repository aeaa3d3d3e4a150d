"""Recall and precision of `warclaims extract` on the bundled articles must not drop below what was reached
(see benchmarks/README.md)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import warclaims

ROOT = Path(__file__).resolve().parents[1]


def _benchmark():
    spec = importlib.util.spec_from_file_location("extract_accuracy", ROOT / "benchmarks" / "extract_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_recall_and_precision_hold():
    results = _benchmark().measure(warclaims.load(ROOT / "data"))
    hits, curated, proposed = results["figures"]
    assert hits / curated >= 0.92 and hits / proposed >= 0.92, results["figures"]
    hits, curated, proposed = results["silences"]
    assert hits == curated == 3
    hits, curated, proposed = results["events"]
    assert hits / curated >= 0.9 and hits / proposed >= 0.79, results["events"]
