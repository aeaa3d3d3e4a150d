"""Charts that render offline and outputs that are byte-for-byte reproducible.

Altair's ``html`` renderer loads Vega from a CDN and names each chart's ``<div>`` with a random
uuid4. This module provides

* :func:`vega_bundle` / :func:`vega_loader_js`: the Vega + Vega-Lite + vega-embed JavaScript that
  vl-convert ships, wrapped so that evaluating it twice on one page is harmless;
* a ``"warclaims"`` Altair renderer: Altair's own "universal" HTML output, but with a div id derived
  from the spec and JSON written with sorted keys, so the same chart gives the same bytes;
* :func:`setup_notebook`: the one call at the top of every notebook;
* ``DropVegaBundle``: the nbconvert preprocessor the ``offline`` template uses to drop the
  notebook's copy of the bundle (the exported page carries exactly one, in ``<head>``).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import altair as alt
from altair.utils.display import HTMLRenderer
from altair.utils.mimebundle import spec_to_mimebundle

RENDERER_NAME = "warclaims"
#: Output-metadata tag of the notebook's bundle output (``output.metadata.tags``, the field
#: nbconvert's TagRemovePreprocessor also reads), so exporters can find and drop it.
BUNDLE_OUTPUT_TAG = "warclaims-vega-bundle"
#: nbconvert resources key under which the template expects :func:`vega_loader_js`.
BUNDLE_RESOURCE = "warclaims_vega_js"


#: The page script that lays charts out for a phone (see :func:`vega_loader_js`).
NARROW_JS = Path(__file__).parent / "templates" / "offline" / "narrow.js"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "warclaims"


@functools.cache
def vega_bundle() -> str:
    """Return the Vega + Vega-Lite + vega-embed JavaScript bundle (~0.9 MB) for Altair's Vega-Lite.

    The bundle is a classic script, not an ES module: it declares its internals as top-level
    ``const`` (so a second copy on the same page fails with "Identifier already declared") and
    ends by assigning ``window.vegaEmbed``. vl-convert 1.9 also assigns ``window.vega`` and
    ``window.vegaLite``, but to ``null`` (its bundler drops the default exports); vega-embed carries
    its own copies, and Altair's output only calls ``vegaEmbed``. Use :func:`vega_loader_js` to
    embed it.

    vl-convert bundles at call time, which takes 2-12 s (every notebook kernel would pay it), so the
    result is cached in ``$XDG_CACHE_HOME/warclaims`` (default ``~/.cache/warclaims``), keyed by the
    vl-convert and Vega-Lite versions; it is the same text for the same key.

    Raises
    ------
    RuntimeError
        When vl-convert does not ship the Vega-Lite version Altair writes (pin them together).
    """
    import vl_convert

    # "v6.4.1" -> "v6_4": the spelling vl-convert uses (the same rule Altair applies internally).
    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])
    cached = _cache_dir() / f"vega-bundle-vlc{vl_convert.__version__}-vl{vl_version}.js"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    shipped = vl_convert.get_vegalite_versions()
    if vl_version.lstrip("v").replace("_", ".") not in shipped:
        raise RuntimeError(
            f"vl-convert {vl_convert.__version__} ships Vega-Lite {', '.join(shipped)} but altair "
            f"{alt.__version__} writes Vega-Lite {alt.SCHEMA_VERSION}: install matching versions"
        )
    bundle = vl_convert.javascript_bundle(vl_version=vl_version)
    try:  # write-then-rename, so a concurrent reader never sees half a file
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(bundle)
        os.replace(tmp, cached)
    except OSError:  # a read-only home only costs time
        pass
    return bundle


def vega_versions() -> dict[str, str]:
    """The versions Altair's HTML output checks in ``window.VEGA_DEBUG`` before loading from a CDN."""
    return {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }


@functools.cache
def vega_loader_js() -> str:
    """Return JavaScript (no ``<script>`` tags) that defines ``window.vegaEmbed`` once.

    The bundle runs inside a function, so its top-level ``const`` declarations stay local and a
    second evaluation (re-running the notebook cell) cannot clash; the ``vegaEmbed`` guard skips
    the 0.9 MB evaluation when it is already loaded. ``VEGA_DEBUG`` is set to exactly the versions
    Altair's output compares against, which makes it use the loaded ``vegaEmbed`` instead of
    fetching Vega from a CDN. ``templates/offline/narrow.js`` then wraps ``vegaEmbed`` so that on a
    phone every chart is drawn to the width (legends below, titles wrapped).
    """
    # The bundle has no "</script" today; escape it anyway so the inline <script> cannot end early
    # (in a JS string or regex literal "<\/script" means the same thing).
    bundle = vega_bundle().replace("</script", "<\\/script")
    narrow = NARROW_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return (
        'if (typeof window.vegaEmbed !== "function") (function () {\n'
        f"{bundle}\n"
        "})();\n"
        f"{narrow}"
        "window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
        f"{json.dumps(vega_versions(), sort_keys=True)});\n"
    )


class ScriptSafeJSONEncoder(json.JSONEncoder):
    """JSON that can sit inside a ``<script>`` element whatever its strings say.

    The chart spec carries text from the data (quotes in tooltips); a quote containing ``</script>``
    would end the element early and the rest would run as markup. In JSON, ``<``, ``>`` and ``&`` occur
    only inside strings, where ``\\u003c`` and friends mean the same characters.
    """

    def encode(self, o: Any) -> str:
        return super().encode(o).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def without_unused_fields(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with each named dataset's columns cut to those the rest of the spec names.

    A chart function hands Altair a frame with what some of its layers use; a page embeds every row of it,
    and at a million claims a chart's data is hundreds of kilobytes. A column stays when its name occurs
    anywhere in the spec outside the datasets (an encoding, a tooltip, a transform's expression), so
    nothing a chart reads is dropped, only columns no part of it mentions.
    """
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    rest = json.dumps({key: value for key, value in spec.items() if key != "datasets"})
    kept = {}
    for name, rows in datasets.items():
        columns = dict.fromkeys(column for row in rows if isinstance(row, dict) for column in row)
        unused = {column for column in columns if column not in rest}
        kept[name] = ([{k: v for k, v in row.items() if k not in unused} for row in rows] if unused else rows)
    return {**spec, "datasets": kept}


class StableHTMLRenderer(HTMLRenderer):
    """Altair's HTML renderer with a reproducible div id and sorted JSON.

    The id is ``altair-viz-`` plus a hash of the spec. Two identical charts in one notebook share
    it, which is harmless: Altair's script finds its div as ``document.currentScript``'s previous
    sibling before it falls back to the id.
    """

    def __call__(self, spec: dict[str, Any], **metadata: Any) -> dict[str, str]:
        # A chart is named by its description (its SVG's label, written from the data by
        # warclaims.charts.describe); Vega's own per-mark labels leave empty mark groups unnamed,
        # which screen readers announce as nameless images.
        config = spec.get("config", {})
        spec = {**without_unused_fields(spec),
                "config": {**config, "aria": False, "mark": {**config.get("mark", {}), "aria": False}}}
        canonical = json.dumps(spec, sort_keys=True, separators=(",", ":"))
        kwargs = {**self.kwargs, **metadata}
        kwargs["output_div"] = self._output_div.format(
            hashlib.sha256(canonical.encode()).hexdigest()[:16]
        )
        kwargs["json_kwds"] = {"sort_keys": True, "separators": (",", ":"), "cls": ScriptSafeJSONEncoder,
                               **kwargs.get("json_kwds", {})}
        return spec_to_mimebundle(spec, format="html", **kwargs)


alt.renderers.register(
    RENDERER_NAME,
    # The "universal" template is the one Altair's own html renderer uses: plain <script> path when
    # require.js is absent, and it skips loading whatever VEGA_DEBUG says is already there.
    StableHTMLRenderer(
        mode="vega-lite",
        template="universal",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        # SVG, not canvas: an SVG chart carries its accessible name and description (from the spec's
        # ``description``) and can be read by a screen reader. The chart menu offers only what works
        # offline: saving the picture (the Vega editor and the spec views need a network or are
        # notebook talk).
        embed_options={"renderer": "svg",
                       "actions": {"export": True, "source": False, "compiled": False, "editor": False}},
    ),
)


def setup_notebook() -> None:
    """Prepare a notebook kernel for offline, reproducible charts. Call once, at the top.

    * enables the ``warclaims`` Altair renderer and the ``default`` data transformer (the ``json``
      one writes data files that a page opened from file:// cannot load);
    * displays the Vega bundle once (as ``text/html`` tagged :data:`BUNDLE_OUTPUT_TAG`), so
      charts render in JupyterLab without a network, from saved outputs and after re-running;
    * pins matplotlib's inline output to PNG and sets ``svg.hashsalt``, so figures saved as
      SVG get stable ids too, and turns off matplotlib's maths in text (names from the data may
      hold ``$``).
    """
    import matplotlib as mpl

    alt.renderers.enable(RENDERER_NAME)
    alt.data_transformers.enable("default")
    # SVG ids are random unless salted; PNG output is already byte-stable.
    mpl.rcParams["svg.hashsalt"] = "warclaims"
    # Chart text comes from the data: an actor named "$\undefined$" is a name, not maths to typeset
    # (matplotlib would stop the notebook with a ParseFatalException).
    mpl.rcParams["text.parse_math"] = False

    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to display into
        return
    if get_ipython() is None:
        return
    from IPython.display import HTML, display
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("png")
    _png_with_alt_text(get_ipython())
    display(
        HTML(f"<script>\n{vega_loader_js()}</script>"),
        metadata={"tags": [BUNDLE_OUTPUT_TAG]},
    )


def _png_with_alt_text(shell) -> None:
    """Figures display as palette PNGs (:mod:`warclaims.charts.png`) with their alt text
    (:mod:`warclaims.charts.describe`) as output metadata, which the ``offline`` template writes as the
    image's ``alt``; nbconvert would write a placeholder."""
    import base64
    from functools import partial

    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure
    from matplotlib_inline.backend_inline import InlineBackend

    from warclaims.charts.describe import alt_text
    from warclaims.charts.png import palette_png

    print_png = partial(print_figure, fmt="png", **InlineBackend.instance().print_figure_kwargs)

    def png(figure):
        data = print_png(figure)
        if data is None:  # a figure with nothing drawn: IPython shows nothing
            return None
        encoded = base64.b64encode(palette_png(data)).decode("ascii")
        text = alt_text(figure)
        return (encoded, {"alt": text}) if text else encoded

    shell.display_formatter.formatters["image/png"].for_type(Figure, png)


def _drop_vega_bundle_class() -> type:
    from nbconvert.preprocessors import Preprocessor

    class DropVegaBundle(Preprocessor):
        """nbconvert preprocessor: drop the notebook's bundle outputs, provide the page's one bundle.

        The ``offline`` template enables it, so plain ``jupyter nbconvert --template offline`` gives
        a page with one bundle too. A caller that already has the bundle may pass it as
        ``resources[BUNDLE_RESOURCE]``; otherwise it is computed (once per process).
        """

        def preprocess(self, nb, resources):
            resources.setdefault(BUNDLE_RESOURCE, vega_loader_js())
            return super().preprocess(nb, resources)

        def preprocess_cell(self, cell, resources, index):
            if "outputs" in cell:
                cell.outputs = [
                    output
                    for output in cell.outputs
                    if BUNDLE_OUTPUT_TAG not in output.get("metadata", {}).get("tags", [])
                ]
            return cell, resources

    DropVegaBundle.__qualname__ = DropVegaBundle.__name__
    DropVegaBundle.__module__ = __name__
    return DropVegaBundle


def __getattr__(name: str) -> Any:
    # DropVegaBundle is built on first use: every notebook kernel imports this module, and none of
    # them needs nbconvert (~0.6 s to import); exporters look the class up by name (conf.json).
    if name == "DropVegaBundle":
        cls = globals()[name] = _drop_vega_bundle_class()
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
