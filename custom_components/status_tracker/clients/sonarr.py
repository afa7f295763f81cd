"""Sonarr API v3 client (Sonarr v3 and v4): series, episodes, queue, history, deletion, webhooks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

import aiohttp

from .http import DEFAULT_TIMEOUT, HttpApi, expect_dict, expect_list
from .payloads.sonarr import (
    HISTORY_GRABBED,
    SonarrCommand,
    SonarrDownloadClient,
    SonarrEpisode,
    SonarrEpisodeFile,
    SonarrHistoryRecord,
    SonarrNotification,
    SonarrQueueRecord,
    SonarrSeries,
    SonarrSystemStatus,
)

# Sonarr pages the queue at 10 records by default, silently hiding the rest; ask for large pages.
QUEUE_PAGE_SIZE = 500
HISTORY_PAGE_SIZE = 250


class SonarrClient(HttpApi):
    """Sonarr v3 API, authenticated with the X-Api-Key header."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        api_key: str,
        *,
        verify_ssl: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the API key for the header; see HttpApi for the rest."""
        super().__init__(session, url, verify_ssl=verify_ssl, timeout=timeout)
        self._api_key = api_key

    def _headers(self) -> dict[str, str]:
        return {**super()._headers(), "X-Api-Key": self._api_key}

    async def _get_list(self, path: str, params: Any = None) -> list[Any]:
        return expect_list(f"GET {path}", await self._request("GET", path, params=params))

    async def _get_dict(self, path: str, params: Any = None) -> dict[str, Any]:
        return expect_dict(f"GET {path}", await self._request("GET", path, params=params))

    async def system_status(self) -> SonarrSystemStatus:
        """Version and instance name; also the cheapest authenticated call."""
        return cast(SonarrSystemStatus, await self._get_dict("api/v3/system/status"))

    async def download_clients(self) -> list[SonarrDownloadClient]:
        """Configured download clients (to check the configured qBittorrent is among them)."""
        return cast(list[SonarrDownloadClient], await self._get_list("api/v3/downloadclient"))

    async def tags(self) -> dict[int, str]:
        """Tag labels by id (series carry tag ids)."""
        tags: dict[int, str] = {}
        for item in await self._get_list("api/v3/tag"):
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                tags[item["id"]] = str(item.get("label", ""))
        return tags

    async def series_list(self) -> list[SonarrSeries]:
        """Every series in Sonarr."""
        return cast(list[SonarrSeries], await self._get_list("api/v3/series"))

    async def series(self, series_id: int) -> SonarrSeries:
        """One series by its Sonarr id."""
        return cast(SonarrSeries, await self._get_dict(f"api/v3/series/{series_id}"))

    async def episodes(self, series_id: int) -> list[SonarrEpisode]:
        """Every episode of a series."""
        return cast(
            list[SonarrEpisode], await self._get_list("api/v3/episode", {"seriesId": series_id})
        )

    async def episode_files(self, series_id: int) -> list[SonarrEpisodeFile]:
        """Every episode file of a series."""
        return cast(
            list[SonarrEpisodeFile],
            await self._get_list("api/v3/episodefile", {"seriesId": series_id}),
        )

    async def queue(self, *, series_ids: Sequence[int] = ()) -> list[SonarrQueueRecord]:
        """The whole queue, every page (never Sonarr's default 10-record page)."""
        return cast(
            list[SonarrQueueRecord],
            await self._all_pages(
                "api/v3/queue",
                {
                    "includeUnknownSeriesItems": True,
                    "includeSeries": False,
                    "includeEpisode": False,
                    **({"seriesIds": list(series_ids)} if series_ids else {}),
                },
                QUEUE_PAGE_SIZE,
            ),
        )

    async def history(
        self,
        *,
        series_ids: Sequence[int] = (),
        download_id: str | None = None,
        event_type: int | None = HISTORY_GRABBED,
        max_pages: int = 4,
    ) -> list[SonarrHistoryRecord]:
        """Recent history, newest first, optionally only one event type, series or download."""
        params: dict[str, Any] = {"sortKey": "date", "sortDirection": "descending"}
        if series_ids:
            params["seriesIds"] = list(series_ids)
        if download_id:
            params["downloadId"] = download_id
        if event_type is not None:
            params["eventType"] = event_type
        return cast(
            list[SonarrHistoryRecord],
            await self._all_pages("api/v3/history", params, HISTORY_PAGE_SIZE, max_pages),
        )

    async def history_since(
        self, since: datetime, *, event_type: int | None = HISTORY_GRABBED
    ) -> list[SonarrHistoryRecord]:
        """History since a moment (unpaged): the incremental poll."""
        params: dict[str, Any] = {"date": since.isoformat()}
        if event_type is not None:
            params["eventType"] = event_type
        return cast(list[SonarrHistoryRecord], await self._get_list("api/v3/history/since", params))

    async def commands(self) -> list[SonarrCommand]:
        """Queued, running and recently finished commands."""
        return cast(list[SonarrCommand], await self._get_list("api/v3/command"))

    async def post_command(self, name: str, **body: Any) -> SonarrCommand:
        """Start a command (RescanSeries, EpisodeSearch, RefreshSeries …)."""
        path = "api/v3/command"
        result = await self._request("POST", path, json_body={"name": name, **body})
        return cast(SonarrCommand, expect_dict(f"POST {path}", result))

    async def set_episodes_monitored(self, episode_ids: Iterable[int], monitored: bool) -> None:
        """Monitor or unmonitor episodes (so Sonarr does not grab a deleted one again)."""
        await self._request(
            "PUT",
            "api/v3/episode/monitor",
            json_body={"episodeIds": list(episode_ids), "monitored": monitored},
            expect="none",
        )

    async def delete_episode_file(self, episode_file_id: int) -> None:
        """Delete one episode file from disk (through Sonarr's recycle bin when configured)."""
        await self._request("DELETE", f"api/v3/episodefile/{episode_file_id}", expect="none")

    async def delete_episode_files(self, episode_file_ids: Sequence[int]) -> None:
        """Delete files of ONE series: Sonarr applies the first file's series to the whole batch."""
        await self._request(
            "DELETE",
            "api/v3/episodefile/bulk",
            json_body={"episodeFileIds": list(episode_file_ids)},
            expect="none",
        )

    async def delete_series(
        self, series_id: int, *, delete_files: bool, add_import_list_exclusion: bool = False
    ) -> None:
        """Remove a series from Sonarr, with its files when asked."""
        await self._request(
            "DELETE",
            f"api/v3/series/{series_id}",
            params={
                "deleteFiles": delete_files,
                "addImportListExclusion": add_import_list_exclusion,
            },
            expect="none",
        )

    async def notifications(self) -> list[SonarrNotification]:
        """Connect entries (webhooks and others)."""
        return cast(list[SonarrNotification], await self._get_list("api/v3/notification"))

    async def create_notification(self, notification: SonarrNotification) -> SonarrNotification:
        """Create a Connect entry; Sonarr sends a Test event to a webhook before saving it."""
        path = "api/v3/notification"
        result = await self._request("POST", path, json_body=notification)
        return cast(SonarrNotification, expect_dict(f"POST {path}", result))

    async def update_notification(self, notification: SonarrNotification) -> SonarrNotification:
        """Replace a Connect entry (it must carry its id)."""
        path = f"api/v3/notification/{notification['id']}"
        result = await self._request("PUT", path, json_body=notification)
        return cast(SonarrNotification, expect_dict(f"PUT {path}", result))

    async def delete_notification(self, notification_id: int) -> None:
        """Remove a Connect entry."""
        await self._request("DELETE", f"api/v3/notification/{notification_id}", expect="none")

    async def _all_pages(
        self, path: str, params: dict[str, Any], page_size: int, max_pages: int | None = None
    ) -> list[Any]:
        """Follow Sonarr's paging until totalRecords is reached (or max_pages)."""
        records: list[Any] = []
        page = 1
        while True:
            body = await self._get_dict(path, {**params, "page": page, "pageSize": page_size})
            batch = expect_list(f"GET {path}", body.get("records"))
            records.extend(batch)
            total = body.get("totalRecords")
            if (
                not batch
                or not isinstance(total, int)
                or len(records) >= total
                or (max_pages is not None and page >= max_pages)
            ):
                return records
            page += 1
