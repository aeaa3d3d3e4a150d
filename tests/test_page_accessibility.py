"""What a reader who cannot see a chart gets: every static chart's alt text says what it shows, written
from the data; every interactive chart has a description (its SVG's accessible name) and a menu with
only what works offline."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import papermill
import pytest

from warclaims.build import pages
from warclaims.build.worker import html_exporter

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = "No description has been provided for this image"


@pytest.fixture(scope="module")
def casualty_page(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("a11y") / "casualty.ipynb"
    nb = papermill.execute_notebook(str(ROOT / "notebooks" / "casualty_claims.ipynb"), str(out), kernel_name="python3",
                                    cwd=str(ROOT), progress_bar=False)
    page, _ = html_exporter().from_notebook_node(pages.page_cells(nb))
    return page


def test_every_static_chart_has_alt_text_from_its_data(casualty_page):
    markup = re.sub(r"<script.*?</script>", "", casualty_page, flags=re.S)  # the chart library's own markup
    alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', markup)]
    images = re.findall(r"<img ", markup)
    assert len(images) >= 2 and len(alts) == len(images) and PLACEHOLDER not in casualty_page
    timeline = next(a for a in alts if a.startswith("Casualty claims over time"))
    assert re.search(r"\b\d+ figures from \d+ claimants, dated ", timeline)
    as_of = next(a for a in alts if a.startswith("Where the claims stood"))
    # Armenia's 376 and the Artsakh authorities' 729 (claims.csv c001, c012) are read out with their claimant.
    assert "376 (Government of Armenia, 9 Oct 2020)" in as_of and "729 (Nagorno-Karabakh (Artsakh) authorities" in as_of


def test_every_interactive_chart_has_a_description_and_an_offline_menu(casualty_page):
    decoder = json.JSONDecoder()
    specs = [decoder.raw_decode(casualty_page, m.start() + 3)[0] for m in re.finditer(r'\}\)\(\{"\$schema"', casualty_page)]
    embeds = re.findall(r'"actions": \{[^}]*\}', casualty_page)
    assert specs and all(spec.get("description") for spec in specs)
    assert embeds and all('"editor": false' in e and '"source": false' in e and '"export": true' in e for e in embeds)
    assert '"renderer": "svg"' in casualty_page
