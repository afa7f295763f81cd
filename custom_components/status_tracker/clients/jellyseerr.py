"""Jellyseerr / Overseerr / Seerr client, read side: status and requests with their media."""

from __future__ import annotations

from typing import Any, cast

import aiohttp

from .http import DEFAULT_TIMEOUT, HttpApi, expect_dict, expect_list
from .payloads.jellyseerr import (
    JellyseerrRequest,
    JellyseerrStatus,
    JellyseerrUser,
)

REQUEST_PAGE_SIZE = 100


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
            info: Any = body.get("pageInfo")
            pages = info.get("pages") if isinstance(info, dict) else None
            if not batch or not isinstance(pages, int) or page + 1 >= pages:
                break
        return results
