"""Charts render in JupyterLab with no internet: from saved outputs, and after Run All Cells.

What an analyst does offline: ``make lab`` (trust the notebooks, start JupyterLab), open a notebook,
read the saved charts, hover them for the quotes, change a parameter and run all cells again. This
test does the same in Debian's Chromium driven by Playwright, with every request that leaves this
machine aborted and recorded (any such request fails the test). One JupyterLab server serves trusted
temp copies of the project's notebooks, plus classroom.ipynb without outputs (a student's copy: only
the live run can bring the chart library). Each notebook gets a fresh browser context, so one
notebook's Vega bundle cannot help another.

A chart counts as rendered when vega-embed has drawn data marks into it (SVG items, or painted canvas
pixels) and shows no error; the number of charts must equal the number of Altair outputs saved in
the file. Failures leave a screenshot and the server log in test-artifacts/jupyterlab/.
"""
from __future__ import annotations

import re
import shutil
import time
from contextlib import contextmanager

import pytest

import browser_support
import jupyterlab_helpers as lab

ARTIFACTS_HINT = f"screenshots and the JupyterLab log are in {lab.ARTIFACTS.relative_to(lab.ROOT)}/"
CHART_TIMEOUT_MS = 60_000  # loading JupyterLab and evaluating the 0.9 MB bundle, on a busy machine
RUN_ALL_TIMEOUT_MS = 180_000  # kernel start, imports, dataset load, every chart


CHECK = "JupyterLab browser test"


@pytest.fixture(scope="module")
def browser():
    with browser_support.chromium(CHECK) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One JupyterLab for the module, serving trusted copies of the notebooks; always stopped."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "notebooks"
    root.mkdir()
    env = lab.jupyter_env(base / "state")
    missing = [name for name in lab.PROJECT_NOTEBOOKS if not (lab.ROOT / "notebooks" / name).is_file()]
    assert not missing, f"notebooks/ should hold {', '.join(missing)} (make lab opens them)"
    for name in lab.PROJECT_NOTEBOOKS:
        shutil.copyfile(lab.ROOT / "notebooks" / name, root / name)
    lab.write_without_outputs(root / lab.NO_OUTPUTS_SOURCE, root / lab.NO_OUTPUTS_NAME)
    with lab.lab_server(root, env, base / "jupyterlab.log") as running:
        # As `make lab` does: notebooks executed by papermill are untrusted, and JupyterLab strips
        # the scripts of untrusted outputs (the charts would be blank space). Signing while the
        # server boots is safe: it checks signatures when a notebook is opened.
        lab.trust(sorted(root.glob("*.ipynb")), env)
        running.wait_ready()
        yield running


@pytest.fixture
def page(browser, server):
    """A fresh browser context on the server; requests leaving this machine are aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    context.set_default_timeout(CHART_TIMEOUT_MS)
    outside: list[str] = []

    def keep_local(route):
        if lab.is_local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", keep_local)
    page = context.new_page()
    page.outside_requests = outside
    try:
        yield page
    finally:
        context.close()
        server.shutdown_kernels()  # the next notebook starts its own kernel


@contextmanager
def artifacts_on_failure(page, server, name: str):
    """On any failure, save a screenshot and the server log, and say where they are."""
    try:
        yield
    except Exception as error:
        lab.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        shot = lab.ARTIFACTS / f"{stem}.png"
        try:
            # JupyterLab scrolls inside the notebook panel: bring the first undrawn chart into view.
            lab.show_first_undrawn_chart(page)
            page.screenshot(path=str(shot))
        except Exception:  # a crashed page must not hide the real failure
            pass
        shutil.copyfile(server.log_path, lab.ARTIFACTS / f"{stem}.jupyterlab.log")
        message = str(error)
        if page.outside_requests:  # the likeliest cause of a blank chart: it wanted a CDN
            message += "\nblocked requests to the internet: " + ", ".join(page.outside_requests[:10])
        raise AssertionError(f"{message}\n-> {ARTIFACTS_HINT} ({shot.name})") from error


def _open(page, server, name: str) -> float:
    started = time.monotonic()
    page.goto(server.url(name))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", state="attached")
    return started


def _assert_no_outside_requests(page):
    assert not page.outside_requests, (
        "the page tried to reach the internet (blocked): " + ", ".join(page.outside_requests[:10])
    )


def _run_all(page, name: str) -> None:
    page.wait_for_function(lab.KERNEL_IDLE_JS, arg=name, timeout=RUN_ALL_TIMEOUT_MS)
    completed = page.evaluate(lab.RUN_ALL_JS)
    page.wait_for_function(lab.KERNEL_IDLE_JS, arg=name, timeout=RUN_ALL_TIMEOUT_MS)
    errors = [e for e in page.evaluate(lab.ERROR_OUTPUTS_JS) if "Traceback" in e]
    assert completed and not errors, f"Run All Cells stopped with an error in {name}:\n" + "\n".join(errors)[-3000:]


@pytest.mark.parametrize("name", lab.PROJECT_NOTEBOOKS)
def test_charts_render_offline_from_saved_outputs_and_after_run_all(page, server, name):
    expected = lab.altair_output_count(server.root / name)

    with artifacts_on_failure(page, server, f"{name}-saved"):
        started = _open(page, server, name)
        drawn = lab.wait_for_charts(page, expected, fresh=False, timeout_ms=CHART_TIMEOUT_MS)
        print(f"\n{name}: {len(drawn)} saved charts drawn {time.monotonic() - started:.1f} s after opening")
        for index, chart in enumerate(drawn):
            text = lab.hover_tooltip(page, index)
            assert text and text.strip(), f"chart {index + 1} ({chart['id']}) shows no tooltip on its marks"
        _assert_no_outside_requests(page)

    with artifacts_on_failure(page, server, f"{name}-run-all"):
        lab.mark_charts_saved(page)  # charts drawn from here on are new DOM nodes
        started = time.monotonic()
        _run_all(page, name)
        drawn = lab.wait_for_charts(page, expected, fresh=True, timeout_ms=CHART_TIMEOUT_MS)
        print(f"{name}: Run All redrew {len(drawn)} charts in {time.monotonic() - started:.1f} s")
        _assert_no_outside_requests(page)


def test_charts_render_after_run_all_without_saved_outputs(page, server):
    """A notebook with no outputs (a student's copy): only the live run can bring the Vega bundle."""
    name = lab.NO_OUTPUTS_NAME
    expected = lab.altair_output_count(server.root / lab.NO_OUTPUTS_SOURCE)
    with artifacts_on_failure(page, server, f"{name}-run-all"):
        _open(page, server, name)
        assert lab.charts(page) == [] and page.evaluate("typeof window.vegaEmbed") == "undefined", (
            "the output-free copy should start with no chart and no Vega library in the page"
        )
        started = time.monotonic()
        _run_all(page, name)
        drawn = lab.wait_for_charts(page, expected, fresh=True, timeout_ms=CHART_TIMEOUT_MS)
        print(f"\n{name}: Run All drew {len(drawn)} charts in {time.monotonic() - started:.1f} s")
        _assert_no_outside_requests(page)
