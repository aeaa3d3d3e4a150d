"""The conda environment and the pip package ask for the same things."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_split(r) for r in project["dependencies"] + project["optional-dependencies"]["test"])
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in environment["channels"]
    conda = [d for d in environment["dependencies"]
             if isinstance(d, str) and d != "pip" and not re.match(r"python([<>=!~ ]|$)", d)]
    pip = [d for section in environment["dependencies"] if isinstance(section, dict) for d in section.get("pip", [])
           if not d.startswith("-")]
    have = dict(_split(d) for d in conda + pip)
    assert have == wanted
    assert not {_split(d)[0] for d in conda} & {_split(d)[0] for d in pip}  # each package from one place


def test_packages_conda_forge_lacks_come_from_pip():
    """number-parser has no conda-forge package (pysbd and google-re2 have): conda would fail to solve."""
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_split(d)[0] for d in environment["dependencies"] if isinstance(d, str)}
    pip = {_split(d)[0] for s in environment["dependencies"] if isinstance(s, dict) for d in s.get("pip", []) if not d.startswith("-")}
    assert "number-parser" in pip and "number-parser" not in conda
    assert {"pysbd", "google-re2"} <= conda


def test_environment_yml_installs_the_package_itself():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip_sections and "-e ." in pip_sections[0]


def test_python_bound_matches():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in environment["dependencies"] if isinstance(d, str) and re.match(r"python\b", d))
    assert python.replace("python", "") == project["requires-python"]


def test_no_tracked_file_keeps_merge_conflict_markers():
    """A merge once left README.md with its <<<<<<< / >>>>>>> markers on main."""
    import subprocess

    root = ROOT
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    found = []
    for name in filter(None, listed.stdout.decode().split("\0")):
        path = root / name
        if path.suffix in {".png", ".pdf", ".zip", ".pickle"} or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if line.startswith(("<<<<<<< ", ">>>>>>> ")):
                found.append(f"{name}:{number}")
    assert found == []
