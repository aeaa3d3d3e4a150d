"""Chart PNGs as a page embeds them: a 256-colour palette instead of full colour.

A chart is a few flat colours and the anti-aliased edges between them, so a palette of 256 loses nothing a
reader can see, and the PNG is about a third of the size (each static chart is embedded in its page, as
base64, for print; at a million claims two of them were 0.8 MB of a 3 MB page). The palette is chosen by
median cut, which is deterministic: the same chart gives the same bytes.
"""
from __future__ import annotations

import io

from PIL import Image

PALETTE_COLOURS = 256


def palette_png(data: bytes) -> bytes:
    """``data`` (a PNG) with at most :data:`PALETTE_COLOURS` colours; unchanged when it has transparency
    (median cut keeps no alpha) or when the palette version would not be smaller."""
    image = Image.open(io.BytesIO(data))
    image.load()
    if image.mode not in ("RGB", "RGBA"):
        return data
    if image.mode == "RGBA":
        if image.getextrema()[3][0] < 255:
            return data
        image = image.convert("RGB")
    exact = image.getcolors(PALETTE_COLOURS)  # None when there are more colours than that
    paletted = image.quantize(colors=len(exact) if exact else PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT,
                              dither=Image.Dither.NONE)
    out = io.BytesIO()
    paletted.save(out, format="PNG", optimize=True)
    smaller = out.getvalue()
    return smaller if len(smaller) < len(data) else data
