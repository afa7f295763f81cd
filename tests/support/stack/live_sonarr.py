"""The fake Sonarr with a disk: deleting episode files or a series deletes them in the library.

Real Sonarr deletes what it is told to delete (recycle bin off); the fake keeps only records, so
the live stack's deletion tests could not see files go without this.
"""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from aiohttp import web

from tests.support.fakes.base import Call
from tests.support.fakes.sonarr import FakeSonarr


class LiveSonarr(FakeSonarr):
    """FakeSonarr whose deletions reach the files below ``library``."""

    def __init__(self, *, library: Path, **kwargs: Any) -> None:
        """``library``: Sonarr's root folder; ``kwargs`` go to ``FakeSonarr``."""
        self.library = library
        super().__init__(**kwargs)

    def _in_library(self, path: object) -> Path | None:
        if not isinstance(path, str):
            return None
        candidate = Path(path)
        return candidate if candidate.is_relative_to(self.library) else None

    def _delete_file(self, file_id: int) -> None:
        path = self._in_library(self.episode_files.get(file_id, {}).get("path"))
        super()._delete_file(file_id)
        if path is not None and path.is_file():
            path.unlink()

    async def _series_delete(self, call: Call) -> web.StreamResponse:
        series = self.series.get(self._id(call), {})
        folder = self._in_library(series.get("path"))
        answer = await super()._series_delete(call)
        if answer.status < 400 and folder is not None and call.query.get_bool("deleteFiles"):
            shutil.rmtree(folder, ignore_errors=True)
        return answer
