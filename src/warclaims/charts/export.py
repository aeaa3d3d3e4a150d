"""Charts written to files: PNGs that are byte-for-byte reproducible (no timestamp in the metadata)."""
from __future__ import annotations

from pathlib import Path

from warclaims import analysis
from warclaims.charts.ceasefire_durations import durations_figure
from warclaims.charts.ceasefire_timeline import timeline_figure


def save_png(figure, path: str | Path, *, dpi: int = 110) -> Path:
    """Write ``figure`` to ``path`` as a PNG without a timestamp (same figure, same bytes)."""
    figure.savefig(path, dpi=dpi, metadata={"Software": None})
    return Path(path)


def save_ceasefire_pngs(dataset, directory: str | Path, *, unit: str = "hours", dpi: int = 110) -> list[Path]:
    """Write the default ceasefire timeline and duration figures of ``dataset`` into ``directory``.

    Returns the paths written (``ceasefire_timeline.png``, ``ceasefire_durations.png``).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    table = analysis.durations(dataset)
    figures = {"ceasefire_timeline.png": timeline_figure(dataset, table, analysis.timeline(dataset), unit=unit),
               "ceasefire_durations.png": durations_figure(dataset, table, unit)}
    return [save_png(figure, directory / name, dpi=dpi) for name, figure in figures.items()]
