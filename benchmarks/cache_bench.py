"""Time what the build cache saves, on a copy of the bundled dataset, as a nightly build would run it.

    python benchmarks/cache_bench.py            # prints the table; run.py (make bench) adds it to results.md

Four ``warclaims build`` runs, each a fresh process into the same output and cache folders:

1. a first build of reports/schedule.yml (every report built);
2. the same build again, nothing changed (target: under 3 s, every report unchanged);
3. one schedule entry's parameters changed (only that report built);
4. a data change, a note edited in places.csv (every report built: each reads the dataset).

Which reports were built is read from the build's progress lines (``[k/n] name built|unchanged|FAILED``).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NO_CHANGE_TARGET_S = 3.0
#: The entry whose parameters step 3 changes, and how.
CHANGED_ENTRY = "casualty_claims_as_of_2020-10-17"
CHANGED_FROM, CHANGED_TO = 'as_of: "2020-10-17"', 'as_of: "2020-10-18"'


def _command() -> list[str]:
    executable = Path(sys.executable).with_name("warclaims")
    return [str(executable)] if executable.exists() else [sys.executable, "-m", "warclaims.cli"]


def _build(schedule: Path, data: Path, out: Path, cache: Path, jobs: int | None) -> dict:
    command = _command() + ["build", "--schedule", str(schedule), "--data-dir", str(data), "--out", str(out),
                            "--cache-dir", str(cache)] + (["--jobs", str(jobs)] if jobs else [])
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - began
    words = dict(re.findall(r"^\[\d+/\d+\] (\S+) (built|unchanged|FAILED)", done.stdout, re.M))
    return {"wall_s": seconds, "code": done.returncode, "words": words,
            "error": "" if done.returncode == 0 else (done.stderr or done.stdout).strip().splitlines()[-1:]}


def run(jobs: int | None = None) -> list[dict]:
    """The four builds; each result with its name, what was expected to be built and what was."""
    with tempfile.TemporaryDirectory(prefix="warclaims-cache-bench-") as tmp:
        tmp = Path(tmp)
        data, out, cache = tmp / "data", tmp / "out", tmp / "cache"
        shutil.copytree(ROOT / "data", data)
        schedule = tmp / "schedule.yml"
        text = (ROOT / "reports" / "schedule.yml").read_text(encoding="utf-8")
        schedule.write_text(text, encoding="utf-8")
        names = re.findall(r"^- name: (\S+)", text, re.M)
        results = []

        def step(name: str, expected: set[str]) -> None:
            result = _build(schedule, data, out, cache, jobs)
            built = {n for n, word in result["words"].items() if word == "built"}
            results.append({"step": name, **result, "built": sorted(built), "expected": sorted(expected),
                            "as_expected": result["code"] == 0 and built == expected})
            print(f"   {name:44s} {result['wall_s']:6.1f} s, built {len(built)} of {len(names)}", flush=True)

        step("first build", set(names))
        step("nothing changed", set())
        assert CHANGED_FROM in text, f"reports/schedule.yml no longer has {CHANGED_FROM}"
        schedule.write_text(text.replace(CHANGED_FROM, CHANGED_TO), encoding="utf-8")
        step(f"parameters of {CHANGED_ENTRY} changed", {CHANGED_ENTRY})
        places = data / "places.csv"
        lines = places.read_text(encoding="utf-8").split("\n")
        lines[1] += " Edited by the benchmark."  # the last column is notes: the dataset stays valid
        places.write_text("\n".join(lines), encoding="utf-8")
        step("data changed (a note in places.csv)", set(names))
    return results


def render(results: list[dict]) -> list[str]:
    """The results as Markdown lines for results.md."""
    lines = ["Build cache on the bundled dataset (reports/schedule.yml, each build a fresh `warclaims build` process):",
             "", "| build | wall | reports built | expected | as expected |", "|---|---|---|---|---|"]
    for r in results:
        built = ", ".join(r["built"]) if 0 < len(r["built"]) < len(r["words"]) else f"{len(r['built'])} of {len(r['words'])}"
        expected = (", ".join(r["expected"]) if 0 < len(r["expected"]) < len(r["words"])
                    else f"{len(r['expected'])} of {len(r['words'])}")
        wall = f"{r['wall_s']:.1f} s"
        if r["step"] == "nothing changed":
            wall += f" (target < {NO_CHANGE_TARGET_S:.0f} s: {'met' if r['wall_s'] < NO_CHANGE_TARGET_S else 'MISSED'})"
        lines.append(f"| {r['step']} | {wall} | {built} | {expected} | {'yes' if r['as_expected'] else 'NO'} |")
    return lines


if __name__ == "__main__":
    print("\n".join(render(run())))
