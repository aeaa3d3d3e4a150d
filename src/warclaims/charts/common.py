"""Transitional: removed when the notebooks move. The old names of ``warclaims.charts.common``; the
house style is :mod:`warclaims.charts.style`, tables and escaping :mod:`warclaims.text.tables`."""
from warclaims.budget import MAX_MARKS, TABLE_ROWS  # noqa: F401
from warclaims.charts.style import (BELLIGERENT_FAMILIES, CHARS_PER_INCH, FOOTER_INCHES, GENERIC_FAMILY,  # noqa: F401
                                    LINE_INCHES, MPL_MARKERS, MUTED, NEUTRAL_FAMILY, SOURCE_NOTE, TEXT_COLOUR,
                                    TITLE_INCHES, VL_SHAPES, altair_colour, altair_titled, claimant_palette, darker,
                                    legend_panel, log_scale_wanted, new_figure, nice_ticks, plain, population_markers,
                                    source_line)
from warclaims.text.tables import escape, html_table, markdown_escape  # noqa: F401
