"""Text from the data reaches the built pages as text, never as markup or script.

The fictional dataset's quote carries a ``<script>`` tag; here a claimant's name also carries an
``onerror=`` attribute. Both travel through the real casualty notebook and ``warclaims build`` into
tables, generated Markdown and chart tooltips.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import write_other_dataset
from warclaims import build as build_package
from warclaims.build import cache

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_NAME = 'Ministry <img src=x onerror="alert(1)"> of Defence'


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("hostile")
    data = write_other_dataset(root / "data")
    actors = data / "actors.csv"
    with actors.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["actor_id"] == "ruritania_mod":
            row["name"] = HOSTILE_NAME
    with actors.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    schedule = root / "schedule.yml"
    schedule.write_text("- name: hostile\n  title: Hostile data\n  notebook: notebooks/casualty_claims.ipynb\n"
                        "  parameters: {metrics: []}\n", encoding="utf-8")
    code = build_package.build(schedule, root / "out", root=ROOT, jobs=1, data_dir=str(data))
    assert code == 0, (cache.folder_for(root / "out", ROOT) / "build.log").read_text(encoding="utf-8")
    return (root / "out" / "hostile.html").read_text(encoding="utf-8")


def test_hostile_text_is_present_but_never_markup(hostile_page):
    assert "onerror" in hostile_page  # the name did reach the page...
    assert "<img src=x onerror" not in hostile_page  # ...but never as a tag
    assert "<script>alert('not code')" not in hostile_page
    assert "&lt;img src=x onerror" in hostile_page or "\\u003cimg src=x onerror" in hostile_page


def test_hostile_text_does_not_run_in_a_browser(hostile_page, tmp_path):
    import browser_support

    page_file = tmp_path / "hostile.html"
    page_file.write_text(hostile_page, encoding="utf-8")
    dialogs = []
    with browser_support.chromium("escaping browser test", ["--host-resolver-rules=MAP * ~NOTFOUND"]) as chromium:
        page = chromium.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(page_file.as_uri())
        page.wait_for_timeout(3000)
        page.close()
    assert dialogs == []
