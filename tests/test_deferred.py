"""Importing warclaims defers rfc3987_syntax's grammar (seconds of CPU per kernel and worker) until an IRI
is checked, and jsonschema's IRI checks give the same answers as without the stand-in."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("rfc3987_syntax")
SRC = Path(__file__).resolve().parents[1] / "src"
CHECK = """
import json, sys
{first}
import jsonschema
compiled_at_import = "rfc3987_syntax.syntax_helpers" in sys.modules
checker = jsonschema.FormatChecker()
answers = [checker.conforms(v, f) for v, f in (("http://example.org/a?b#c", "iri"), ("not an iri", "iri"),
                                               ("../x", "iri-reference"), ("ht tp://x", "iri-reference"))]
import rfc3987_syntax
print(json.dumps({{"compiled_at_import": compiled_at_import, "answers": answers,
                  "other_use": rfc3987_syntax.is_valid_syntax_iri("http://x")}}))
"""


def run(first: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHECK.format(first=first)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": ""}, timeout=120, check=True)
    return json.loads(done.stdout)


def test_the_grammar_waits_for_the_first_iri_and_the_checks_answer_the_same():
    deferred, plain = run("import warclaims"), run("")
    assert plain["compiled_at_import"] and not deferred["compiled_at_import"]
    assert deferred["answers"] == plain["answers"] == [True, False, True, False]
    assert deferred["other_use"] is plain["other_use"] is True
