"""The dataset zip of a build (``downloads/<name>.zip``), made in a thread of the build beside its other work.

It needs the data files and the build date, not the loaded dataset: when the date comes without the data
(``SOURCE_DATE_EPOCH`` or git), the zip is made from the start, while the dataset is validated in another
process (zlib lets go of the GIL while it compresses). It is put in place, when its bytes changed, only once
the dataset is known to load (a dataset that does not load gets no download, as before).
"""
from __future__ import annotations

import threading
from pathlib import Path

from warclaims.site import downloads, files
from warclaims.site.facts import SiteFacts, build_date


def _descriptor(data_path: Path) -> dict:
    from warclaims.dataset.read import read_descriptor

    try:
        return read_descriptor(data_path)
    except Exception:  # the dataset does not load either: no zip is published
        return {}


class DatasetZip:
    """``with DatasetZip(data_path, out_dir, root, scratch) as archive: ... archive.publish(facts)``; the zip is
    made in ``scratch`` (the cache folder), so that an unchanged one touches nothing in the output folder."""

    def __init__(self, data_path: Path, out_dir: Path, root: Path, scratch: Path) -> None:
        self.data_path, self.out_dir, self.scratch = data_path, out_dir, scratch
        self.day = build_date(root, data_path)[0]  # "" when only the data can give it
        self.descriptor = _descriptor(data_path)
        self.target = out_dir / downloads.FOLDER / downloads.zip_name(self.descriptor)
        self._tmp: Path | None = None
        self._thread: threading.Thread | None = None
        self._stop = False
        self._error: BaseException | None = None

    def __enter__(self) -> DatasetZip:
        if self.day and self.descriptor:
            self._tmp = files.temp_beside(self.target, self.scratch)
            self._thread = threading.Thread(target=self._make, name="dataset-zip", daemon=True)
            self._thread.start()
        return self

    def _make(self) -> None:
        try:
            downloads.dataset_zip(self.data_path, self.descriptor, self.day, self._tmp, stop=lambda: self._stop)
        except BaseException as error:  # raised again by publish, in the build's own thread
            self._error = error

    def publish(self, facts: SiteFacts) -> None:
        """Put the zip in place (when its bytes changed) if the dataset loaded; made now if it could not be
        made beforehand, or was made for another date."""
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        if not facts.loaded:
            return
        if self._tmp is not None and facts.build_date == self.day:
            tmp, self._tmp = self._tmp, None
            files.publish(tmp, self.target)
        else:
            downloads.write_dataset_zip(self.data_path, self.out_dir, self.descriptor, facts.build_date,
                                        self.scratch)

    def __exit__(self, *exc: object) -> None:
        self._stop = True  # interrupted, or the dataset did not load
        if self._thread is not None:
            self._thread.join()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
