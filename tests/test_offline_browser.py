"""Built reports render in a real browser from file:// with the network cut off.

Headless Chromium (Debian's, driven by Playwright) opens each page; every request that is not a
file:// or data: URL is aborted and counted as a failure, host names resolve nowhere. A page passes
when every Altair chart container got a Vega view with data marks drawn (canvas or svg), no chart
shows an error, no script threw and the console logged no error.

``built_reports_dir`` builds a fixture schedule (see ``test_report.py``); ``project_reports_dir`` holds
the project's own reports built from the current sources (see there). Without a browser the tests skip
loudly, except under ``CI=true`` where they fail.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import browser_support
from test_report import FIXTURE_CHARTS, GOOD_SCHEDULE, write_fixture_project
from warclaims import build as build_package
from warclaims import paths

ROOT = Path(__file__).resolve().parents[1]
CHART_SELECTOR = 'div[id^="altair-viz-"]'

# Runs before any page script: wraps vegaEmbed when the bundle defines it, so the test can reach each
# chart's Vega view (Altair's output does not expose it) without changing what the page does.
CAPTURE_VIEWS = """
(() => {
  let embed;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return embed; },
    set(fn) {
      embed = typeof fn !== "function" ? fn : function (el, spec, options) {
        const target = typeof el === "string" ? document.querySelector(el) : el;
        const result = fn(el, spec, options);
        result.then(r => { target.__vega = r; target.__spec = spec; },
                    e => { target.__vegaError = String(e && e.message || e); });
        return result;
      };
    },
  });
})();
"""

# Per chart container: did it render, how many data-mark items are in its scenegraph, any error.
INSPECT_CHARTS = """
(selector) => [...document.querySelectorAll(selector)].map(el => {
  const count = mark => (mark.items || []).reduce((n, item) =>
      n + (mark.marktype === "group" ? (item.items || []).reduce((m, c) => m + count(c), 0)
                                     : (mark.role === "mark" ? 1 : 0)), 0);
  return {
    id: el.id,
    rendered: !!el.__vega,
    error: el.__vegaError || (el.querySelector(".error") || {}).textContent || null,
    surface: !!el.querySelector("canvas.marks, svg.marks"),
    marks: el.__vega ? count(el.__vega.view.scenegraph().root) : 0,
  };
})
"""


CHECK = "offline browser test"


@pytest.fixture(scope="module")
def browser():
    # Every host name resolves nowhere: a page that tries to fetch anything fails visibly.
    with browser_support.chromium(CHECK, ["--host-resolver-rules=MAP * ~NOTFOUND"]) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def built_reports_dir(tmp_path_factory) -> Path:
    """A folder of built reports to check: here, the fixture schedule of test_report.py."""
    root = tmp_path_factory.mktemp("browser-project")
    schedule = write_fixture_project(root, GOOD_SCHEDULE)
    code = build_package.build(schedule, root / "reports", root=root, data_dir=str(root / "data"))
    assert code == 0, "the fixture build failed; see test_report.py"
    return root / "reports"


class OfflinePage:
    """One page opened from file:// with every other request refused and every error recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.path = path
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.context.add_init_script(CAPTURE_VIEWS)
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.goto(path.as_uri(), wait_until="load")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.problems.append(f"network request: {url}")
            route.abort()

    def charts(self, timeout_ms: float = 30_000) -> list[dict]:
        """Wait until every chart container has rendered or failed, then describe each one."""
        try:
            self.page.wait_for_function(
                "(s) => [...document.querySelectorAll(s)].every(e => e.__vega || e.__vegaError)",
                arg=CHART_SELECTOR, timeout=timeout_ms)
        except Exception:  # reported per chart below, as "not rendered"
            pass
        return self.page.evaluate(INSPECT_CHARTS, CHART_SELECTOR)

    def close(self) -> None:
        self.context.close()


def page_problems(browser, path: Path, expected_charts: int | None = None) -> list[str]:
    """Everything wrong with one page: missing charts, chart errors, script errors, network use."""
    page = OfflinePage(browser, path)
    try:
        charts = page.charts()
        problems = list(page.problems)
        in_source = path.read_text(encoding="utf-8").count('<div id="altair-viz-')
        if len(charts) != in_source:
            problems.append(f"{in_source} chart containers in the file but {len(charts)} in the page")
        if expected_charts is not None and len(charts) != expected_charts:
            problems.append(f"expected {expected_charts} charts, found {len(charts)}")
        for chart in charts:
            if chart["error"]:
                problems.append(f"chart {chart['id']}: {chart['error']}")
            elif not chart["rendered"] or not chart["surface"]:
                problems.append(f"chart {chart['id']} did not render")
            elif chart["marks"] == 0:
                problems.append(f"chart {chart['id']} rendered no data marks")
        return [f"{path.name}: {p}" for p in problems]
    finally:
        page.close()


def test_built_reports_render_offline(browser, built_reports_dir):
    pages = sorted(built_reports_dir.glob("*.html"))
    assert len(pages) >= 2 and built_reports_dir / "index.html" in pages
    problems = []
    for path in pages:
        charts = 0 if path.name == "index.html" else None
        problems += page_problems(browser, path, charts)
    assert problems == []


def test_fixture_charts_are_interactive(browser, built_reports_dir):
    """Tooltips show on hover and the brush selection follows a drag, offline."""
    page = OfflinePage(browser, built_reports_dir / "small.html")
    try:
        charts = page.charts()
        assert len(charts) == FIXTURE_CHARTS and all(c["rendered"] for c in charts), charts
        scatter, bars = (page.page.locator(f"#{c['id']} .chart-wrapper > .marks") for c in charts)

        box = bars.bounding_box()  # the bars fill the plot: its centre is on a bar
        page.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tooltip = page.page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert "<b>bold?</b>" in tooltip.inner_text(), "tooltips carry the data (as text)"

        param = page.page.evaluate(f"document.getElementById('{charts[0]['id']}').__spec.params[0].name")
        box = scatter.bounding_box()
        page.page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3)
        page.page.mouse.down()
        page.page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.7, steps=5)
        page.page.mouse.up()
        selection = page.page.evaluate(
            f"document.getElementById('{charts[0]['id']}').__vega.view.signal('{param}')")
        assert selection and set(selection) >= {"x", "y"}, f"brush did not select: {selection!r}"
        assert page.problems == []
    finally:
        page.close()


def test_rerunning_the_setup_cell_is_safe(browser, tmp_path):
    """JupyterLab re-run: the bundle evaluated twice (the guard defeated) and charts around it."""
    import altair as alt
    import pandas as pd

    from warclaims.offline import vega_loader_js

    chart = alt.Chart(pd.DataFrame({"x": [1, 2, 3]})).mark_bar().encode(x="x:O", y="x:Q")
    with alt.renderers.enable("warclaims"):
        first = chart._repr_mimebundle_()["text/html"]
        second = chart.mark_point()._repr_mimebundle_()["text/html"]
    loader = f"<script>{vega_loader_js()}</script>"
    html = (f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{loader}{first}"
            # what re-running the cell in a fresh output area does after a page reload of the
            # library: the whole bundle evaluates a second time
            f"<script>window.vegaEmbed = undefined;</script>{loader}{loader}{second}</body></html>")
    page = tmp_path / "rerun.html"
    page.write_text(html, encoding="utf-8")
    assert page_problems(browser, page, expected_charts=2) == []


def _why_not_current(reports: Path) -> str | None:
    """Why ``reports`` may not hold pages of the current sources; None when every page provably does.

    Every scheduled page must exist with status ok, the index must name the dataset's current version,
    and every page must be newer than every file it is built from (the package, the scheduled notebooks,
    the schedule, data/). Installed libraries are not compared: a pip upgrade does not make pages stale
    here.
    """
    from warclaims.dataset import dataset_version

    schedule = paths.schedule_file()
    entries = build_package.load_schedule(schedule, ROOT)
    pages = [reports / f"{entry.name}.html" for entry in entries] + [reports / "index.html"]
    if not all(page.is_file() for page in pages):
        return "not every scheduled page is in reports/"
    index = pages[-1].read_text(encoding="utf-8")
    if index.count('<tr class="ok">') != len(entries):
        return "the last build of some page failed or never ran (the page may be an older one)"
    if f"version {dataset_version(ROOT / 'data')}</dd>" not in index:
        return "index.html names another dataset version"
    sources = [schedule, *(entry.notebook for entry in entries), *(ROOT / "data").rglob("*"),
               *(path for path in (ROOT / "src" / "warclaims").rglob("*") if "__pycache__" not in path.parts)]
    newest = max(path.stat().st_mtime for path in sources if path.is_file())
    if min(page.stat().st_mtime for page in pages) < newest:
        return "a source changed after the pages were built"
    return None


@pytest.fixture(scope="module")
def project_reports_dir(tmp_path_factory) -> Path:
    """The project's scheduled reports, built from the current sources.

    ``make test`` runs ``make report`` first, so reports/ is reused when :func:`_why_not_current` finds
    nothing stale (no kernel started); otherwise the schedule is built here, into a temporary folder.
    """
    reason = _why_not_current(ROOT / "reports")
    if reason is None:
        return ROOT / "reports"
    out = tmp_path_factory.mktemp("project-reports")
    print(f"building the project's reports for the browser check: {reason}")
    code = build_package.build(paths.schedule_file(), out, root=ROOT, jobs=2)
    assert code == 0, "the project's reports did not build; see their build.log in the cache folder"
    return out


def test_project_reports_render_offline(browser, project_reports_dir):
    """Every report of reports/schedule.yml, built from the current sources, renders offline."""
    entries = build_package.load_schedule(paths.schedule_file(), ROOT)
    pages = [project_reports_dir / f"{entry.name}.html" for entry in entries] + [project_reports_dir / "index.html"]
    problems = []
    for path in pages:
        problems += page_problems(browser, path, 0 if path.name == "index.html" else None)
    assert problems == []


ALIGNMENTS = """
() => [...document.querySelectorAll("table.warclaims-table td")].map(td => ({
  number: td.classList.contains("num"), text: td.textContent, align: getComputedStyle(td).textAlign}))
"""


def test_table_text_reads_left_and_numbers_right(browser, project_reports_dir):
    page = OfflinePage(browser, project_reports_dir / "casualty_claims.html")
    try:
        cells = page.page.evaluate(ALIGNMENTS)
    finally:
        page.close()
    numbers = [c for c in cells if c["number"]]
    texts = [c for c in cells if not c["number"]]
    assert numbers and texts
    assert {c["align"] for c in numbers} == {"right"} and {c["align"] for c in texts} == {"left"}
    assert all(re.fullmatch(r"[-\u2212+]?[\d,.]+", c["text"]) for c in numbers if c["text"])


# --------------------------------------------------------------------------- the site around the reports


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    """The site of another war's dataset (conftest's fictional one), default schedule."""
    from conftest import write_other_dataset

    data = write_other_dataset(tmp_path_factory.mktemp("site-data") / "data")
    out = tmp_path_factory.mktemp("site")
    code = build_package.build(paths.default_schedule(), out, root=ROOT, data_dir=str(data), jobs=2)
    assert code == 0, f"the site did not build; see {out / 'build.log'}"
    return out


def test_every_site_page_renders_offline(browser, site_dir):
    """Index, sources, codebook, article pages and reports: no request leaves the folder, no error."""
    own = [site_dir / name for name in ("index.html", "sources.html", "codebook.html")]
    articles = sorted((site_dir / "articles").glob("*.html"))
    reports = [p for p in sorted(site_dir.glob("*.html")) if p not in own]
    assert articles and len(reports) == 2
    problems = []
    for path in own + articles:
        problems += page_problems(browser, path, expected_charts=0)
    for path in reports:
        problems += page_problems(browser, path)
    assert problems == []


def _target(page) -> dict:
    return page.evaluate("""() => { const t = document.querySelector(':target');
        if (!t) return null; const r = t.getBoundingClientRect();
        return {tag: t.tagName, id: t.id, text: t.textContent, top: r.top, bottom: r.bottom,
                height: window.innerHeight}; }""")


def test_clicking_a_figure_in_a_table_lands_on_its_highlighted_sentence(browser, site_dir):
    from conftest import CLAIMS

    quotes = {row[0]: row[-3] for row in CLAIMS}
    page = OfflinePage(browser, site_dir / "casualty_claims.html")
    try:
        link = page.page.locator("table.warclaims-table a[href*='#claim-']").last
        claim = link.get_attribute("href").split("#claim-")[1]
        link.click()
        page.page.wait_for_url(f"**/articles/*.html#claim-{claim}")
        target = _target(page.page)
        assert target and target["tag"] == "MARK" and target["id"] == f"claim-{claim}"
        assert target["text"].startswith(quotes[claim][:20]), "the highlight holds the figure's quote"
        assert 0 <= target["top"] < target["height"], "the sentence is in view"
        assert page.problems == []
    finally:
        page.close()


# Where each Vega mark that carries an href is drawn, in page coordinates (the centre of its bounds).
LINKED_MARKS = """
(selector) => [...document.querySelectorAll(selector)].flatMap(el => {
  if (!el.__vega) return [];
  const view = el.__vega.view, canvas = el.querySelector("canvas.marks, svg.marks");
  const box = canvas.getBoundingClientRect(), [ox, oy] = view.origin();
  const found = [];
  const walk = (mark, dx, dy) => (mark.items || []).forEach(item => {
    if (mark.marktype === "group") {
      (item.items || []).forEach(child => walk(child, dx + (item.x || 0), dy + (item.y || 0)));
    } else if (mark.role === "mark" && item.datum && item.datum.href && item.bounds) {
      found.push({href: item.datum.href, x: box.left + ox + dx + (item.bounds.x1 + item.bounds.x2) / 2,
                  y: box.top + oy + dy + (item.bounds.y1 + item.bounds.y2) / 2});
    }
  });
  walk(view.scenegraph().root, 0, 0);
  return found;
})
"""


def test_clicking_a_chart_mark_opens_its_sentence(browser, site_dir):
    page = OfflinePage(browser, site_dir / "casualty_claims.html")
    try:
        page.charts()
        marks = page.page.evaluate(LINKED_MARKS, CHART_SELECTOR)
        assert marks, "no chart mark carries a link"
        assert all(m["href"].startswith("articles/") and "#claim-" in m["href"] for m in marks)
        mark = marks[0]
        page.page.evaluate(f"window.scrollTo(0, {mark['y']} - 300)")
        scrolled = page.page.evaluate("window.scrollY")
        page.page.mouse.click(mark["x"], mark["y"] - scrolled)
        page.page.wait_for_url(f"**/{mark['href']}", timeout=10_000)
        target = _target(page.page)
        assert target and target["tag"] == "MARK" and target["id"] == mark["href"].split("#")[1]
    finally:
        page.close()


# --------------------------------------------------------------------------- accessibility and the phone
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core's rule sets run: WCAG 2.1 A and AA, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}, ${v.nodes.length}x): ${v.help}: ${v.nodes[0].target.join(' ')}`);
}"""


def _site_pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html")) + sorted((folder / "articles").glob("*.html"))


def test_no_page_has_a_serious_accessibility_violation(browser, project_reports_dir):
    """axe-core (from the npm registry: ``make test`` installs it) scans every page of the site, charts
    rendered, and finds nothing serious or critical."""
    if not AXE.is_file():
        browser_support.unavailable("axe-core scan", f"{AXE} is missing (npm ci installs it; make test runs it)")
    found = []
    for path in _site_pages(project_reports_dir):
        page = OfflinePage(browser, path)
        page.charts()
        page.page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        found += [f"{path.name}: {v}" for v in page.page.evaluate(AXE_RUN, AXE_TAGS)]
        page.context.close()
    assert found == []


#: The boxes of every label a chart writes among its marks (not its axes, legends or titles).
_LABEL_BOXES = """() => [...document.querySelectorAll('.vega-embed svg.marks')].map(svg =>
    [...svg.querySelectorAll('g.mark-text.role-mark text')].filter(t => t.textContent.trim() && t.getBBox().width > 0)
    .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right, r.top, r.bottom]; }))
  .concat([...document.querySelectorAll('.vega-embed svg.marks g.role-axis')].map(axis =>
    [...axis.querySelectorAll('g.role-axis-label text')].filter(t => t.textContent.trim() && t.getBBox().width > 0
      && Number(t.getAttribute('opacity') ?? 1) > 0 && Number(getComputedStyle(t).opacity) > 0)
    .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right, r.top, r.bottom]; })))"""


def test_no_chart_label_sits_on_another(browser, project_reports_dir):
    """Figures written beside their marks never overlap one another, nor an axis's labels (rewrapped on a
    phone, a row label takes more lines), at the desktop width and on a phone."""
    problems = []
    charted = [path for path in _site_pages(project_reports_dir) if "vega-embed" in path.read_text(encoding="utf-8")]
    assert charted
    for path in charted:
        for width in (1400, 390):
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                          else route.abort())
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(1500)
            for chart in page.evaluate(_LABEL_BOXES):
                for i, (text, left, right, top, bottom) in enumerate(chart):
                    for other, l2, r2, t2, b2 in chart[i + 1:]:
                        # a pixel of anti-aliasing is no overlap
                        if left < r2 - 1 and l2 < right - 1 and top < b2 - 1 and t2 < bottom - 1:
                            problems.append(f"{path.name} at {width} px: {text!r} overlaps {other!r}")
            context.close()
    assert problems == []


def test_no_page_scrolls_sideways_on_a_phone_and_print_shows_one_chart_per_figure(browser, project_reports_dir):
    """At 390 px the page is no wider than the screen (a wide chart scrolls in its own box); on screen
    each figure is drawn once, interactive; under print media only its static twin shows."""
    problems = []
    for path in _site_pages(project_reports_dir):
        context = browser.new_context(viewport={"width": 390, "height": 800})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                      else route.abort())
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            problems.append(f"{path.name}: {width} px wide at 390")
        # Each chart is drawn to the phone's width, its legends under the plot: no part of it is cut off.
        page.wait_for_timeout(1500)
        wide = page.evaluate("""() => [...document.querySelectorAll('.vega-embed svg.marks')]
            .map(svg => Math.round(svg.getBoundingClientRect().right))
            .filter(right => right > document.documentElement.clientWidth + 1)""")
        if wide:
            problems.append(f"{path.name}: charts reach {wide} px on a 390 px screen")
        shown = "(sel) => [...document.querySelectorAll(sel)].filter(e => getComputedStyle(e).display !== 'none').length"
        static, interactive = ".celltag_print-only", ".celltag_screen-only"
        if page.evaluate(shown, static):
            problems.append(f"{path.name}: a static twin shows on screen")
        page.emulate_media(media="print")
        if page.evaluate(shown, interactive):
            problems.append(f"{path.name}: an interactive chart shows in print")
        if page.evaluate(f"document.querySelectorAll('{static}').length") != page.evaluate(shown, static):
            problems.append(f"{path.name}: a static chart is hidden in print")
        context.close()
    assert problems == []


#: What a report page must never say: notebook instructions, parameter dumps, reprs, raw prints.
NOTEBOOK_TALK = ("cell below", "in the cell", "notebook parameter", "dtype:", "Name: count", "<IPython", "DataFrame",
                 "(s) ", "1 stated silences", "metrics = [", "Out[", "In [")


def test_no_report_page_talks_like_a_notebook(project_reports_dir):
    """The words a reader sees (scripts, styles and chart specs aside) hold no notebook talk."""
    import html as html_lib
    import re

    problems = []
    for path in _site_pages(project_reports_dir):
        page = path.read_text(encoding="utf-8")
        page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", page))
        problems += [f"{path.name}: {talk!r}" for talk in NOTEBOOK_TALK if talk in text]
    assert problems == []
