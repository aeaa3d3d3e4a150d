"""What a page embeds, kept light: palette PNGs for print (visibly the same chart, smaller, same bytes each
time) and only the columns a chart names."""
from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from warclaims.charts.png import palette_png


def _chart_png(**savefig) -> bytes:
    figure = Figure(figsize=(6, 4), dpi=100)
    axes = figure.add_subplot()
    for offset, colour in enumerate(("#1f5a96", "#c85200", "#3c7d4c")):
        axes.plot(range(50), np.sin(np.arange(50) / 5 + offset) * (offset + 1), color=colour, linewidth=2)
        axes.fill_between(range(50), offset, offset + 0.5, color=colour, alpha=0.3)
    axes.set_title("Figures claimed, by claimant")
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None}, **savefig)
    return out.getvalue()


def test_a_chart_becomes_a_smaller_palette_png_that_looks_the_same():
    original = _chart_png()
    paletted = palette_png(original)
    assert len(paletted) < 0.7 * len(original)
    before = np.asarray(Image.open(io.BytesIO(original)).convert("RGB"), dtype=int)
    after_image = Image.open(io.BytesIO(paletted))
    assert after_image.mode == "P"
    after = np.asarray(after_image.convert("RGB"), dtype=int)
    assert after.shape == before.shape
    difference = np.abs(after - before).max(axis=2)
    assert np.percentile(difference, 99) <= 16, "anti-aliased edges may move a little, flat colours not"
    assert (difference == 0).mean() > 0.9


def test_the_same_chart_gives_the_same_bytes():
    assert palette_png(_chart_png()) == palette_png(_chart_png())


def test_a_transparent_png_is_left_as_it_is():
    transparent = _chart_png(transparent=True)
    assert palette_png(transparent) == transparent


def test_a_chart_embeds_only_the_columns_its_spec_names():
    import altair as alt
    import pandas as pd

    from warclaims.offline import without_unused_fields

    frame = pd.DataFrame({"when": ["2021-01-01"], "figure": [3], "shown_if": [1], "internal_note": ["x" * 50]})
    chart = alt.Chart(frame).mark_point().encode(x="when:T", y="figure:Q").transform_filter("datum.shown_if > 0")
    spec = without_unused_fields(chart.to_dict())
    (rows,) = spec["datasets"].values()
    assert rows == [{"when": "2021-01-01", "figure": 3, "shown_if": 1}]
