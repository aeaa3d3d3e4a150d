"""Helpers for the JupyterLab browser test: a JupyterLab server, notebook copies, page probes.

Kept apart from the test so the test reads as the scenario it checks (open saved notebook, charts
render offline; Run All, charts render again) while the mechanics live here.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import nbformat

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts" / "jupyterlab"
#: The notebooks the project ships.
PROJECT_NOTEBOOKS = ("casualty_claims.ipynb", "ceasefires.ipynb", "classroom.ipynb")
#: classroom.ipynb with every output removed, as a student's copy comes: only a live run can
#: bring the Vega bundle into the page.
NO_OUTPUTS_SOURCE = "classroom.ipynb"
NO_OUTPUTS_NAME = "_classroom_no_outputs.ipynb"

#: JavaScript run in the page: one record per Altair chart output in the notebook panel.
#: A chart "renders" when vega-embed has drawn marks: SVG items of data marks, or painted canvas
#: pixels (with Vega's canvas renderer, marks are not DOM nodes).
CHART_PROBE_JS = r"""
(panel) => {
  const root = panel || document;
  const divs = Array.from(root.querySelectorAll('.jp-OutputArea-output div[id^="altair-viz-"]'));
  return divs.map((div) => {
    const saved = div.dataset.warclaimsSaved === "1";
    const svg = div.querySelector('svg.marks');
    const canvas = div.querySelector('canvas.marks');
    let svgMarks = 0, paintedPixels = 0, width = 0, height = 0;
    if (svg) {
      // Items of data marks (Vega's role-mark groups; axes and legends are role-axis/-legend)
      // that have a size: an empty brush is a zero-size path and does not count.
      svgMarks = Array.from(svg.querySelectorAll(
        'g.role-mark path, g.role-mark rect, g.role-mark circle, g.role-mark line, g.role-mark text'
      )).filter((item) => { const b = item.getBBox(); return b.width > 0 || b.height > 0; }).length;
      const box = svg.getBoundingClientRect(); width = box.width; height = box.height;
    }
    if (canvas) {
      width = canvas.width; height = canvas.height;
      if (width && height) {
        const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) paintedPixels++;
      }
    }
    const error = div.querySelector('div[style*="color:red"]') || div.querySelector('.vega-embed .error');
    return {
      id: div.id, saved, embedded: div.classList.contains('vega-embed'),
      svg: !!svg, canvas: !!canvas, svgMarks, paintedPixels, width, height,
      error: error ? error.textContent : null,
    };
  });
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def altair_output_count(path: Path) -> int:
    """Number of Altair chart outputs saved in a notebook (what the page must render)."""
    nb = nbformat.read(path, as_version=4)
    count = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            if 'id="altair-viz-' in html:
                count += 1
            elif any(mime.startswith("application/vnd.vega") for mime in data):
                count += 1  # a MIME-bundle chart: the page check will report it as not rendered
    return count


def write_without_outputs(source: Path, target: Path) -> None:
    """Copy a notebook with every output and execution count removed."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, target)


def jupyter_env(state: Path) -> dict[str, str]:
    """Environment giving ``jupyter`` commands their own config, data and runtime folders.

    The signature database that ``jupyter trust`` writes lives in the data folder, so the test
    neither reads the user's trust decisions nor adds to them; extensions enabled in the venv
    (``<venv>/etc/jupyter``) still load, as under ``make lab``.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    for name in ("config", "data", "runtime", "settings", "workspaces"):
        (state / name).mkdir(parents=True, exist_ok=True)
    env.update(JUPYTER_CONFIG_DIR=str(state / "config"), JUPYTER_DATA_DIR=str(state / "data"),
               JUPYTER_RUNTIME_DIR=str(state / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"))
    # Answer JupyterLab's "get notified about Jupyter news?" toast in advance: it covers charts in
    # screenshots, and "yes" would make the browser fetch a feed.
    notification = state / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True, exist_ok=True)
    (notification / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    return env


def trust(paths: list[Path], env: dict[str, str]) -> None:
    """Sign notebooks, as ``make lab`` does, so JupyterLab runs the scripts of their saved outputs."""
    subprocess.run([str(VENV_BIN / "jupyter"), "trust", *map(str, paths)], check=True,
                   capture_output=True, text=True, env=env)


class LabServer:
    """A JupyterLab server on a free port with a random token, serving ``root``."""

    def __init__(self, root: Path, env: dict[str, str], log_path: Path):
        self.root = root
        self.env = env
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def url(self, notebook: str) -> str:
        # ?reset: start from an empty workspace, so a page shows only the notebook it opened.
        return f"{self.base}/lab/tree/{notebook}?reset&token={self.token}"

    def start(self, timeout: float = 60) -> None:
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the server process; it reads notebooks on demand, so they may still be written."""
        command = [
            str(VENV_BIN / "jupyter"), "lab", "--no-browser",
            f"--port={self.port}", "--ip=127.0.0.1", "--port-retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            # The test drives Lab through its command registry (window.jupyterapp).
            "--LabApp.expose_app_in_browser=True",
            # No announcements or update checks: nothing may reach the internet.
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers and CI often run as root
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env=self.env,
                                        cwd=self.root, start_new_session=True)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        status = f"{self.base}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(status, timeout=2) as response:
                    json.load(response)
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)  # polling a port, not waiting for the page: no event to wait on
        raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            # SIGTERM to the server's own process group (started with a new session: nothing else
            # is in it); the server then shuts down its kernels, which run in sessions of their own.
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)  # kernels notice their parent died and exit
                self.process.wait(timeout=5)
        if getattr(self, "_log", None):
            self._log.close()

    def shutdown_kernels(self) -> None:
        """Shut down every kernel this server started (between notebooks: frees memory and CPU)."""
        headers = {"Authorization": f"token {self.token}"}
        request = urllib.request.Request(f"{self.base}/api/kernels", headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            kernels = json.load(response)
        for kernel in kernels:
            urllib.request.urlopen(urllib.request.Request(
                f"{self.base}/api/kernels/{kernel['id']}", headers=headers, method="DELETE"), timeout=30)

    def log(self) -> str:
        try:
            return self.log_path.read_text()[-4000:]
        except OSError:
            return ""


@contextmanager
def lab_server(root: Path, env: dict[str, str], log_path: Path) -> Iterator[LabServer]:
    """A launched (not yet necessarily answering) server, stopped on exit whatever happens."""
    server = LabServer(root, env, log_path)
    try:
        server.launch()
        yield server
    finally:
        server.stop()


# --- driving the page -------------------------------------------------------------------------

#: True once the notebook named by the argument is the current widget and its kernel is idle.
KERNEL_IDLE_JS = """
(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path || !panel.sessionContext) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === "idle";
}
"""

#: True once ``expected`` charts are drawn (each with marks, none showing an error); with
#: ``fresh`` set, charts still marked as saved do not count.
CHARTS_DRAWN_JS = """
([probe, expected, fresh]) => {
  const charts = eval(probe)(document).filter((c) => !(fresh && c.saved));
  return charts.length === expected
    && charts.every((c) => c.embedded && !c.error && (c.svgMarks > 0 || c.paintedPixels > 0));
}
"""

RUN_ALL_JS = """
async () => {
  // Run All from JupyterLab's command registry (the Run menu's "Run All Cells"); the promise
  // resolves once every cell has run, or the run stopped at an error.
  return await window.jupyterapp.commands.execute("notebook:run-all-cells");
}
"""

ERROR_OUTPUTS_JS = """
() => Array.from(document.querySelectorAll(
  '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
)).map((e) => e.textContent.slice(0, 2000))
"""


def is_local(url: str) -> bool:
    """Whether a browser request stays on this machine (the test server, inline data)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in ("127.0.0.1", "localhost")


def charts(page) -> list[dict]:
    return page.evaluate(CHART_PROBE_JS, None)


def wait_for_charts(page, expected: int, *, fresh: bool, timeout_ms: float) -> list[dict]:
    """Wait until ``expected`` Altair charts are drawn on the page; return the probe's records.

    Raises
    ------
    AssertionError
        After ``timeout_ms``, with what the page shows instead.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(CHARTS_DRAWN_JS, arg=[CHART_PROBE_JS, expected, fresh],
                               timeout=timeout_ms, polling=100)
    except PlaywrightTimeout:
        found = [c for c in charts(page) if not (fresh and c["saved"])]
        library = page.evaluate("typeof window.vegaEmbed")
        raise AssertionError(
            f"expected {expected} drawn Altair chart(s) within {timeout_ms / 1000:.0f} s; the page has "
            f"{len(found)}: {found}; window.vegaEmbed is {library} (undefined: the notebook is "
            "untrusted or warclaims.setup_notebook() did not run)"
        ) from None
    return charts(page)


TWO_FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def show_first_undrawn_chart(page) -> None:
    """Scroll the first chart without drawn marks (else the first chart) into view, for a screenshot.

    Cells above it lay out as they come into view (JupyterLab's content-visibility windowing) and
    push it away, so scroll until it stays put.
    """
    undrawn = page.locator('.jp-OutputArea-output div[id^="altair-viz-"]:not(:has(.marks))')
    target = undrawn if undrawn.count() else page.locator('.jp-OutputArea-output div[id^="altair-viz-"]')
    if not target.count():
        return
    chart, where = target.first, None
    for _ in range(5):
        chart.scroll_into_view_if_needed(timeout=5000)
        page.evaluate(TWO_FRAMES_JS)
        box = chart.bounding_box()
        if box == where:
            return
        where = box


def mark_charts_saved(page) -> None:
    """Tag the charts on the page, so charts drawn later (after Run All) can be told apart."""
    page.evaluate("""() => document.querySelectorAll('div[id^="altair-viz-"]')
                      .forEach((d) => { d.dataset.warclaimsSaved = "1"; })""")


#: Centres (viewport coordinates) of up to 8 items of data marks in chart ``index`` that carry a
#: tooltip (Vega keeps each SVG item's scenegraph datum in ``__data__``) and that the mouse would
#: reach there (no other element on top, not clipped away); the chart is scrolled into view first.
HOVER_TARGETS_JS = """
(index) => {
  const div = document.querySelectorAll('.jp-OutputArea-output div[id^="altair-viz-"]')[index];
  div.scrollIntoView({block: "center"});
  const points = [];
  // A mark's items: its children (with ARIA off, as the pages draw charts, they carry no role).
  for (const item of div.querySelectorAll('g.role-mark > *')) {
    if (item.__data__ && item.__data__.tooltip == null) continue;
    const box = item.getBoundingClientRect();
    const x = box.x + box.width / 2, y = box.y + box.height / 2;
    if (box.width > 0 && box.height > 0 && document.elementFromPoint(x, y) === item) points.push([x, y]);
    if (points.length === 8) break;
  }
  return points;
}
"""


#: The text of Vega's tooltip while it is shown (read in one step: it can hide at any moment).
TOOLTIP_TEXT_JS = """
() => {
  const tooltip = document.querySelector("#vg-tooltip-element.visible");
  return tooltip ? tooltip.innerText : false;
}
"""


def hover_tooltip(page, index: int, attempts: int = 8) -> str | None:
    """Hover the data marks of chart ``index`` until Vega's tooltip shows; return its text."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        for attempt in range(attempts):
            # Targets are recomputed each time: the notebook may still be laying out cells.
            targets = page.evaluate(HOVER_TARGETS_JS, index)
            if not targets:
                return None
            x, y = targets[attempt % len(targets)]
            page.mouse.move(x, y)
            try:
                return page.wait_for_function(TOOLTIP_TEXT_JS, timeout=1000).json_value()
            except PlaywrightTimeout:
                continue  # the page moved under the mouse, or this item has no tooltip
        return None
    finally:
        page.mouse.move(0, 0)  # leave the chart, so the tooltip hides before the next one
