"""Shoko Server client (5.x, API v3): authentication, series lookup, files, and the cleanup calls.

Shoko deletes from disk by default: ``DELETE /api/v3/File/{id}`` has ``removeFiles=true`` unless
told otherwise (``FileController.cs``). Sonarr owns the files here, so this client only ever
removes Shoko's records (``removeFiles=false``) and has no parameter to do more.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

import aiohttp

from .errors import ApiError
from .http import DEFAULT_TIMEOUT, HttpApi, expect_dict, expect_list
from .payloads.shoko import ShokoFile, ShokoSeries

# GET /api/v3/Series takes pageSize 0..100 (0 = everything in one answer); files 0..1000.
SERIES_PAGE_SIZE = 100
FILE_PAGE_SIZE = 200
# What a file listing includes besides the defaults: the episodes each file holds, the path as
# the server sees it, and files whose AniDB data is still missing (hidden by default).
FILE_INCLUDE = "XRefs,AbsolutePaths,ImportLimbo"


class ShokoClient(HttpApi):
    """Shoko Server with an API key in the `apikey` header."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        api_key: str,
        *,
        verify_ssl: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the key for the header."""
        super().__init__(session, url, verify_ssl=verify_ssl, timeout=timeout)
        self._api_key = api_key

    def _headers(self) -> dict[str, str]:
        return {**super()._headers(), "apikey": self._api_key}

    async def check_auth(self) -> dict[str, Any]:
        """An authenticated call that answers 401 for a bad key: the current user."""
        path = "api/v3/User/Current"
        return expect_dict(path, await self._request("GET", path))

    # ----------------------------------------------------------------- series lookup

    async def series_by_anidb(self, anidb_id: int) -> ShokoSeries | None:
        """The Shoko series of an AniDB anime, or None when Shoko has none (404)."""
        path = f"api/v3/Series/AniDB/{anidb_id}/Series"
        try:
            body = await self._request("GET", path)
        except ApiError as err:
            if err.status == 404:
                return None
            raise
        return cast(ShokoSeries, expect_dict(f"GET {path}", body))

    async def series_by_tmdb_show(self, tmdb_show_id: int) -> list[ShokoSeries]:
        """The Shoko series linked to a TMDB show (AniDB may split one show into several).

        Shoko answers 404 when it has no data of that show at all: no series then.
        """
        path = f"api/v3/Tmdb/Show/{tmdb_show_id}/Shoko/Series"
        try:
            body = await self._request("GET", path)
        except ApiError as err:
            if err.status == 404:
                return []
            raise
        return cast(list[ShokoSeries], expect_list(f"GET {path}", body))

    async def series_by_tvdb(self, tvdb_id: int, *, max_pages: int = 100) -> list[ShokoSeries]:
        """The Shoko series whose IDs.TvDB lists tvdb_id.

        Shoko 5.1 removed its TvDB support with the route that looked series up by TvDB id
        (``Series/TvDB/{id}/Series``, still in 5.0); since then `IDs.TvDB` holds the TvDB ids
        of the linked TMDB shows. So every series is read, page by page (the same on all of
        5.x), and matched here: prefer series_by_tmdb_show or series_by_anidb when those ids
        are known.
        """
        path = "api/v3/Series"
        endpoint = f"GET {path}"
        found: list[ShokoSeries] = []
        seen = 0
        for page in range(1, max_pages + 1):
            params = {"pageSize": SERIES_PAGE_SIZE, "page": page}
            body = expect_dict(endpoint, await self._request("GET", path, params=params))
            batch = expect_list(endpoint, body.get("List"))
            for series in batch:
                ids: Any = series.get("IDs") if isinstance(series, dict) else None
                tvdb: Any = ids.get("TvDB") if isinstance(ids, dict) else None
                if isinstance(tvdb, list) and tvdb_id in tvdb:
                    found.append(cast(ShokoSeries, series))
            seen += len(batch)
            total = body.get("Total")
            if not batch or not isinstance(total, int) or seen >= total:
                break
        return found

    async def series_by_path(self, path: str) -> list[ShokoSeries]:
        """The series with a file in a folder whose path ends with `path` (case-insensitive).

        Shoko compares plain string endings of each file's directory, so the path is sent with
        a leading separator: "Frieren" matches ".../Frieren" but not ".../Sousou no Frieren".
        Give the series folder name, or its tail ("anime/Frieren"), not a path from another
        machine's mount. Every separator is sent as %2F, which ASP.NET leaves encoded and
        Shoko decodes (``SeriesController.PathEndsWith``). An empty path would match every
        series, so it is refused.
        """
        tail = path.strip().replace("\\", "/").strip("/")
        if not tail:
            raise ValueError("an empty path would match every series in Shoko")
        route = f"api/v3/Series/PathEndsWith/{quote('/' + tail, safe='')}"
        body = await self._request("GET", route)
        return cast(list[ShokoSeries], expect_list("GET api/v3/Series/PathEndsWith", body))

    # ----------------------------------------------------------------- files

    async def series_files(self, series_id: int, *, max_pages: int = 100) -> list[ShokoFile]:
        """Every file of a series with its locations and the episodes it holds.

        ``GET /api/v3/Series/{id}/File`` (TreeController), page by page, with XRefs (the
        episodes), AbsolutePaths and ImportLimbo (files whose AniDB data is pending, hidden by
        default). Ignored files are left out, as Shoko does by default. A series Shoko does
        not know (404) has no files.
        """
        path = f"api/v3/Series/{series_id}/File"
        endpoint = f"GET {path}"
        files: list[ShokoFile] = []
        for page in range(1, max_pages + 1):
            params: dict[str, Any] = {
                "pageSize": FILE_PAGE_SIZE,
                "page": page,
                "include": FILE_INCLUDE,
            }
            try:
                body = expect_dict(endpoint, await self._request("GET", path, params=params))
            except ApiError as err:
                if err.status == 404:
                    return []
                raise
            batch = expect_list(endpoint, body.get("List"))
            files.extend(cast(list[ShokoFile], [expect_dict(endpoint, f) for f in batch]))
            total = body.get("Total")
            if not batch or not isinstance(total, int) or len(files) >= total:
                break
        return files

    async def remove_file(self, file_id: int) -> bool:
        """Forget a file in Shoko without touching the disk; False when it was already gone.

        Always ``removeFiles=false`` (Shoko's default, true, deletes every location from disk)
        and ``removeFolder=false`` (nothing on disk is Shoko's to tidy). Shoko removes each
        location's record, the file's record with the last one, and queues its removal from
        the AniDB MyList as its MyList settings say. The (empty) body is read as text so that
        a proxy's login page answered with 200 is an ApiError, not a removal.
        """
        try:
            await self._request(
                "DELETE",
                f"api/v3/File/{file_id}",
                params={"removeFiles": False, "removeFolder": False},
                expect="text",
            )
        except ApiError as err:
            if err.status == 404:
                return False
            raise
        return True

    async def scan_import_folder(self, folder_id: int) -> None:
        """Start a scan of one import folder (ImportFolderController ``{id}/Scan``).

        Shoko answers after walking the folder and queueing a DiscoverFile job per video file
        (hashing and linking happen later, in its queue). A scan finds new and moved files; it
        does not drop the records of files gone from disk (ActionService.RunImport_DetectFiles):
        that is remove_file, or Shoko's own RemoveMissingFiles action.
        """
        await self._request("GET", f"api/v3/ImportFolder/{folder_id}/Scan", expect="text")
