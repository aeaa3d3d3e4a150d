"""docs/new-dataset.md stays true: its shell steps, run in order in an empty folder, create a dataset
that validates and build a site from it that speaks of that war alone."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "new-dataset.md"


def shell_steps() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)


def test_the_guide_runs_from_nothing_to_a_built_site(tmp_path):
    steps = shell_steps()
    assert len(steps) == 6
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    script = "set -euo pipefail\n" + "\n".join(steps)
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid: 1 sources, 3 actors, 2 claims, 0 ceasefires, 0 ceasefire events (2 distinct figures)" in done.stdout
    claims = pd.read_csv(tmp_path / "mywar" / "claims.csv")
    assert list(claims["quote_start"]) == [12, 132]  # "LINDHAVEN - " is 12 characters; the first sentence 119, then a space
    site = tmp_path / "mywar-site"
    pages = {page.name: page.read_text(encoding="utf-8") for page in site.glob("*.html")}
    assert {"index.html", "casualty_claims.html", "ceasefires.html"} <= set(pages)
    assert "Defence Ministry of Estoria" in pages["casualty_claims.html"]
    assert "This dataset records no ceasefires" in pages["ceasefires.html"]
    for page in pages.values():
        for word in ("Armenia", "Azerbaijan", "Karabakh"):
            assert word not in page
    assert (tmp_path / "mywar-crontab").read_text().startswith("30 2 * * * cd ")
