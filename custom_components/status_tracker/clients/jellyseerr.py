"""Jellyseerr / Overseerr / Seerr client: status, requests and their media, and the cleanup calls.

What a deletion may ask of Jellyseerr is to forget: a media record, a request, or a status. It is
never asked to delete files: ``DELETE /api/v1/media/{id}/file`` makes Jellyseerr delete the whole
series *with its files* in Sonarr (``server/routes/media.ts``), so this client has no method that
calls it, and the tests prove none does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import aiohttp

from .errors import ApiError
from .http import DEFAULT_TIMEOUT, HttpApi, expect_dict, expect_list
from .payloads.jellyseerr import (
    JellyseerrMedia,
    JellyseerrRequest,
    JellyseerrStatus,
    JellyseerrTvDetails,
    JellyseerrUser,
    MediaStatusAction,
)

REQUEST_PAGE_SIZE = 100
MEDIA_PAGE_SIZE = 100
TV_PATH = "api/v1/tv/"


class JellyseerrClient(HttpApi):
    """Jellyseerr API v1 with the X-Api-Key header."""

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
        return {**super()._headers(), "X-Api-Key": self._api_key}

    def _check_status(self, endpoint: str, response: aiohttp.ClientResponse) -> None:
        """A 500 from /tv/{id} is Jellyseerr's answer, not an outage.

        tv.ts turns every failure of its TMDB lookup (an id TMDB does not know, TMDB
        unreachable) into ``500 Unable to retrieve series.``: Jellyseerr itself is up, so this is
        an ApiError (with the status) that a caller can fall back from, not CannotConnect.
        """
        if response.status == 500 and endpoint.startswith(f"GET {TV_PATH}"):
            raise ApiError(endpoint, 500, "Jellyseerr could not read the series from TMDB")
        super()._check_status(endpoint, response)

    async def status(self) -> JellyseerrStatus:
        """Version information (public endpoint)."""
        path = "api/v1/status"
        return cast(JellyseerrStatus, expect_dict(path, await self._request("GET", path)))

    async def me(self) -> JellyseerrUser:
        """The user the key acts as: proves the key is valid."""
        path = "api/v1/auth/me"
        return cast(JellyseerrUser, expect_dict(path, await self._request("GET", path)))

    async def requests(
        self, *, request_filter: str = "all", max_pages: int = 20
    ) -> list[JellyseerrRequest]:
        """Requests, newest first, every page up to max_pages."""
        path = "api/v1/request"
        endpoint = f"GET {path}"
        results: list[JellyseerrRequest] = []
        for page in range(max_pages):
            body = expect_dict(
                endpoint,
                await self._request(
                    "GET",
                    path,
                    params={
                        "take": REQUEST_PAGE_SIZE,
                        "skip": page * REQUEST_PAGE_SIZE,
                        "filter": request_filter,
                        "sort": "added",
                    },
                ),
            )
            batch = cast(list[JellyseerrRequest], expect_list(endpoint, body.get("results")))
            results.extend(batch)
            if _last_page(body, batch, page):
                break
        return results

    # ----------------------------------------------------------------- media lookup

    async def tv(self, tmdb_id: int) -> JellyseerrTvDetails:
        """TMDB's details of a series with Jellyseerr's media record (`mediaInfo`) if it has one.

        Jellyseerr asks TMDB for the details on every call; when that fails (unknown id, TMDB
        down) it answers 500, raised here as ApiError with status 500 (see _check_status).
        """
        path = f"{TV_PATH}{tmdb_id}"
        return cast(
            JellyseerrTvDetails, expect_dict(f"GET {path}", await self._request("GET", path))
        )

    async def media_for_series(
        self, *, tmdb_id: int | None, tvdb_id: int | None
    ) -> JellyseerrMedia | None:
        """Jellyseerr's media record of a series, or None when it has none.

        By TMDB id through /tv/{id} (one call; its `mediaInfo` carries the requests too). When
        that cannot answer (Jellyseerr's TMDB lookup failed: 500, or a 404 from a proxy or a
        later version), or only a TVDB id is known, or TMDB's answer has no record but a TVDB
        id is known, the media list is read page by page and matched on tmdbId / tvdbId: it is
        Jellyseerr's own table, independent of TMDB. Jellyseerr keeps tvdbId unique. A record
        found in the list has no `requests` (the list does not load them).
        """
        if tmdb_id is None and tvdb_id is None:
            return None
        if tmdb_id is not None:
            try:
                details = await self.tv(tmdb_id)
            except ApiError as err:
                if err.status not in (404, 500):
                    raise
            else:
                info: Any = details.get("mediaInfo")
                if isinstance(info, dict):
                    return cast(JellyseerrMedia, info)
                if tvdb_id is None:
                    return None
        return await self._find_media(tmdb_id, tvdb_id)

    async def _find_media(
        self, tmdb_id: int | None, tvdb_id: int | None, *, max_pages: int = 200
    ) -> JellyseerrMedia | None:
        """Page through GET /media (which has no id filter) and match a TV record's ids."""
        path = "api/v1/media"
        endpoint = f"GET {path}"
        for page in range(max_pages):
            body = expect_dict(
                endpoint,
                await self._request(
                    "GET",
                    path,
                    params={"take": MEDIA_PAGE_SIZE, "skip": page * MEDIA_PAGE_SIZE},
                ),
            )
            batch = expect_list(endpoint, body.get("results"))
            for media in batch:
                if not isinstance(media, dict) or media.get("mediaType") != "tv":
                    continue
                if (tmdb_id is not None and media.get("tmdbId") == tmdb_id) or (
                    tvdb_id is not None and media.get("tvdbId") == tvdb_id
                ):
                    return cast(JellyseerrMedia, media)
            if _last_page(body, batch, page):
                break
        return None

    # ----------------------------------------------------------------- changes

    async def set_media_status(
        self,
        media_id: int,
        status: MediaStatusAction,
        *,
        seasons: Sequence[int] | None = None,
        is4k: bool = False,
    ) -> JellyseerrMedia:
        """Set a media record's status; returns the record as saved.

        What Jellyseerr does with it (server/routes/media.ts, v2.7.3): "available" sets the
        media's status (status4k with is4k) and marks each listed season AVAILABLE, creating
        seasons it lacks. The other statuses set the media's status only: the route ignores
        `seasons` for them, and no route lowers a season's status, so passing seasons with any
        other status is refused here rather than silently ignored there. Jellyseerr 2.x also
        ignores is4k for the other statuses (it sets `status`); Seerr 3.x honours it.
        A movie cannot be "partial" (400).
        """
        if seasons is not None and status != "available":
            raise ValueError(
                f"Jellyseerr applies seasons only to 'available', not to {status!r}; "
                "it cannot change a season's status otherwise"
            )
        body: dict[str, Any] = {"is4k": is4k}
        if seasons is not None:
            body["seasons"] = [{"seasonNumber": number} for number in seasons]
        path = f"api/v1/media/{media_id}/{status}"
        result = await self._request("POST", path, json_body=body)
        return cast(JellyseerrMedia, expect_dict(f"POST {path}", result))

    async def delete_media(self, media_id: int) -> bool:
        """Forget a media record (its seasons and requests go with it); files are not touched.

        True when it was removed, False when Jellyseerr no longer had it (404), so running a
        deletion again is not an error. The file deletion route is deliberately not used.
        """
        return await self._delete(f"api/v1/media/{media_id}")

    async def delete_request(self, request_id: int) -> bool:
        """Remove a request; True when removed, False when it was already gone (404).

        Jellyseerr then sets the media's status back to UNKNOWN when no request of that quality
        remains and the media is not AVAILABLE (MediaRequestSubscriber.afterRemove).
        """
        return await self._delete(f"api/v1/request/{request_id}")

    async def _delete(self, path: str) -> bool:
        """DELETE answering 204; a 404 means there was nothing (left) to delete.

        The (empty) body is read as text so that a login page of a proxy in front, answered
        with 200, is an ApiError rather than a deletion that never happened.
        """
        try:
            await self._request("DELETE", path, expect="text")
        except ApiError as err:
            if err.status == 404:
                return False
            raise
        return True


def _last_page(body: dict[str, Any], batch: list[Any], page: int) -> bool:
    """Whether the paged list ends at 0-based `page` (pageInfo.pages is the page count)."""
    info: Any = body.get("pageInfo")
    pages = info.get("pages") if isinstance(info, dict) else None
    return not batch or not isinstance(pages, int) or page + 1 >= pages
