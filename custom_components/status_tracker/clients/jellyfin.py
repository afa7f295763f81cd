"""Jellyfin client (10.9 to 10.11 and next): series, episodes, deletion and library refresh."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import aiohttp

from .http import DEFAULT_TIMEOUT, HttpApi, expect_dict, expect_list
from .payloads.jellyfin import (
    JellyfinItem,
    JellyfinSystemInfo,
    _ItemsPage,
)

CLIENT_NAME = "Home Assistant Status Tracker"
SERIES_PAGE_SIZE = 500


class JellyfinClient(HttpApi):
    """Jellyfin API with an API key.

    The key goes in ``Authorization: MediaBrowser Token=…``: the legacy X-Emby-Token header and
    api_key query are disabled by default from the release after 10.11.
    """

    authorization_header = True

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        api_key: str,
        *,
        device_id: str = "status-tracker",
        version: str = "0.1.0",
        verify_ssl: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the key and the identity Jellyfin shows for this client."""
        super().__init__(session, url, verify_ssl=verify_ssl, timeout=timeout)
        self._authorization = (
            f'MediaBrowser Token="{api_key}", Client="{CLIENT_NAME}", '
            f'Device="Home Assistant", DeviceId="{device_id}", Version="{version}"'
        )

    def _headers(self) -> dict[str, str]:
        return {**super()._headers(), "Authorization": self._authorization}

    async def system_info(self) -> JellyfinSystemInfo:
        """Server name and version; needs a valid key."""
        path = "System/Info"
        return cast(JellyfinSystemInfo, expect_dict(path, await self._request("GET", path)))

    async def series(self) -> list[JellyfinItem]:
        """Every series with its provider ids, page by page.

        Jellyfin 10.x has no provider-id filter, so callers match Tvdb/Tmdb/Imdb locally.
        """
        items: list[JellyfinItem] = []
        start = 0
        while True:
            body = await self._items_page(
                "Items",
                {
                    "IncludeItemTypes": "Series",
                    "Recursive": True,
                    "Fields": "ProviderIds,Path",
                    "StartIndex": start,
                    "Limit": SERIES_PAGE_SIZE,
                },
            )
            batch = body["Items"]
            items.extend(batch)
            total = body.get("TotalRecordCount")
            if not batch or not isinstance(total, int) or len(items) >= total:
                return items
            start += len(batch)

    async def episodes(self, series_id: str) -> list[JellyfinItem]:
        """Every episode of a series, including virtual (missing) ones; check LocationType."""
        body = await self._items_page(f"Shows/{series_id}/Episodes", {"Fields": "Path,ProviderIds"})
        return body["Items"]

    async def delete_item(self, item_id: str) -> None:
        """Delete an item. Jellyfin deletes its files from disk too: callers must mean that."""
        await self._request("DELETE", f"Items/{item_id}", expect="none")

    async def refresh_library(self) -> None:
        """Scan every library (needs an admin key)."""
        await self._request("POST", "Library/Refresh", expect="none")

    async def notify_media_updated(self, updates: Iterable[tuple[str, str]]) -> None:
        """Tell Jellyfin paths changed: (path, "Created" | "Modified" | "Deleted") pairs."""
        await self._request(
            "POST",
            "Library/Media/Updated",
            json_body={"Updates": [{"Path": p, "UpdateType": kind} for p, kind in updates]},
            expect="none",
        )

    async def _items_page(self, path: str, params: dict[str, Any]) -> _ItemsPage:
        """GET an Items envelope and check its shape."""
        endpoint = f"GET {path}"
        body = expect_dict(endpoint, await self._request("GET", path, params=params))
        items = [expect_dict(endpoint, i) for i in expect_list(endpoint, body.get("Items"))]
        return cast(_ItemsPage, {**body, "Items": items})
