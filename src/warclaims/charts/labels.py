"""Which figures get their number written beside their mark, and on which side, so that no label sits
over another label or over a mark, or runs past its plot.

A chart's labels are placed once, in Python, from the size the chart is drawn at: each mark and each
candidate label is a box in pixels; labels are tried most recent first (the latest figure of a series
is the one a reader looks for), after the mark, else before it, and a label that fits on neither side
is dropped. The chart then says how many it left out: their figures are in the tooltips and tables.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Average width of one character of a 10 px sans-serif label, and the label's half height, in pixels.
CHAR_PX = 6.0
HALF_HEIGHT_PX = 6.5
#: Space between a mark and its label, and half the size of a point mark, in pixels.
GAP_PX = 8.0
POINT_PX = 6.0


@dataclass(frozen=True)
class Plot:
    """One panel's size in pixels and where a row's mark falls in it: ``x`` and ``y`` give each row's
    position (0 to 1 across, 0 at the foot to 1 at the top) of the values passed to them."""

    width: float
    height: float
    x: object  # callable: a Series of timestamps or numbers -> array of 0..1
    y: object  # callable: a Series of numbers -> array of 0..1


def _mark_boxes(rows: pd.DataFrame, plot: Plot) -> np.ndarray:
    """Each mark's box: left, right, top, bottom in pixels (y grows downwards)."""
    mid = plot.x(rows["x_mid"]) * plot.width
    start, end = plot.x(rows["x_start"]) * plot.width, plot.x(rows["x_end"]) * plot.width
    top = (1 - plot.y(rows["high"].where(np.isfinite(rows["high"]), rows["y"]))) * plot.height
    bottom = (1 - plot.y(rows["low"])) * plot.height
    centre = (1 - plot.y(rows["y"])) * plot.height
    band = rows["kind"].eq("vague").to_numpy()
    ruled = rows["kind"].isin(["range", "at_least"]).to_numpy()
    left = np.where(band, start, mid - POINT_PX)
    right = np.where(band, end, mid + POINT_PX)
    upper = np.where(band | ruled, np.minimum(top, centre - POINT_PX), centre - POINT_PX)
    lower = np.where(band | ruled, np.maximum(bottom, centre + POINT_PX), centre + POINT_PX)
    return np.column_stack([left, right, upper, lower])


def _overlaps(box: np.ndarray, boxes: np.ndarray) -> bool:
    if not len(boxes):
        return False
    return bool(((box[0] < boxes[:, 1]) & (boxes[:, 0] < box[1]) & (box[2] < boxes[:, 3]) & (boxes[:, 2] < box[3])).any())


def place(rows: pd.DataFrame, plot: Plot) -> pd.Series:
    """The side of each row's label in one panel: "after" (right of the mark), "before" (left of it) or
    "" (no room: not written). Rows need ``kind``, ``display``, ``x_start``, ``x_mid``, ``x_end``,
    ``low``, ``high`` and ``y``; silences (kind ``undisclosed``) get none."""
    side = pd.Series("", index=rows.index, dtype=object)
    drawn = rows[rows["kind"] != "undisclosed"]
    if drawn.empty:
        return side
    boxes = _mark_boxes(drawn, plot)
    centre = (1 - plot.y(drawn["y"])) * plot.height
    widths = drawn["display"].astype(str).str.len().to_numpy() * CHAR_PX
    kept: list[np.ndarray] = []
    # Most recent first; among equals, the order of the rows.
    order = np.argsort(-plot.x(drawn["x_mid"]), kind="stable")
    for i in order:
        mark = boxes[i]
        after = np.array([mark[1] + GAP_PX, mark[1] + GAP_PX + widths[i], centre[i] - HALF_HEIGHT_PX, centre[i] + HALF_HEIGHT_PX])
        before = np.array([mark[0] - GAP_PX - widths[i], mark[0] - GAP_PX, after[2], after[3]])
        others = np.delete(boxes, i, axis=0)
        for name, box in (("after", after), ("before", before)):
            inside = box[0] >= 0 and box[1] <= plot.width and box[2] >= 0 and box[3] <= plot.height
            if inside and not _overlaps(box, others) and not _overlaps(box, np.array(kept).reshape(-1, 4)):
                side.iloc[rows.index.get_loc(drawn.index[i])] = name
                kept.append(box)
                break
    return side


def left_out_note(sides: pd.Series, rows: pd.DataFrame) -> str:
    """ "3 of 12 figures are not written beside their marks, for want of room: hover them." ("" if none)."""
    drawn = rows["kind"] != "undisclosed"
    missing = int((sides[drawn] == "").sum())
    if not missing:
        return ""
    total = int(drawn.sum())
    verb = "is" if missing == 1 else "are"
    return (f"{missing:,} of {total:,} figures {verb} not written beside {'its mark' if missing == 1 else 'their marks'}, "
            "for want of room: hover a mark for its figure.")
