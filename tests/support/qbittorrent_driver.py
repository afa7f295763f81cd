"""Test-only qBittorrent calls: what the tests (and the simulated Sonarr) do to a real qBittorrent.

The integration never adds torrents, peers or speed limits; these calls drive the real
qbittorrent-nox instances the tests start, through the client's own login and 403 handling.
"""

from __future__ import annotations

from collections.abc import Iterable
import json
from typing import Any, cast

import aiohttp

from custom_components.status_tracker.clients.errors import ApiError
from custom_components.status_tracker.clients.http import expect_dict
from custom_components.status_tracker.clients.qbittorrent import (
    API_PREFIX,
    QBittorrentClient,
    bool_param,
    hash_list,
)


class QbtDriver(QBittorrentClient):
    """The integration's client plus the calls only tests make."""

    async def add_torrent(
        self,
        source: bytes | str | Iterable[str],
        *,
        save_path: str | None = None,
        stopped: bool = False,
        skip_checking: bool = False,
        category: str | None = None,
        tags: str | Iterable[str] | None = None,
        sequential: bool = False,
        download_limit: int | None = None,
        filename: str = "upload.torrent",
    ) -> list[str]:
        """Add a .torrent (bytes) or URLs/magnets (str or strings).

        ``download_limit``: the torrent's own limit in bytes/s (``dlLimit``), in force from the
        first byte. Returns the ids of added torrents when the server reports them (5.2+), else [].
        A torrent already present is an ApiError with status 409.
        """
        v5 = await self.is_v5()
        urls = [source] if isinstance(source, str) else None
        if urls is None and not isinstance(source, bytes):
            urls = list(source)
            if not urls:
                raise ValueError("no torrent URL given")
        tag_text = tags if isinstance(tags, str) or tags is None else ",".join(tags)
        fields: dict[str, str] = {
            ("stopped" if v5 else "paused"): bool_param(stopped),
            "skip_checking": bool_param(skip_checking),
            "sequentialDownload": bool_param(sequential),
        }
        if save_path is not None:
            fields["savepath"] = save_path
        if category is not None:
            fields["category"] = category
        if download_limit is not None:
            fields["dlLimit"] = str(download_limit)
        if tag_text:
            fields["tags"] = tag_text

        def build() -> aiohttp.FormData:
            form = aiohttp.FormData(default_to_multipart=True)
            if isinstance(source, bytes):
                form.add_field(
                    "torrents", source, filename=filename, content_type="application/x-bittorrent"
                )
            else:
                form.add_field("urls", "\n".join(urls or []))
            for key, value in fields.items():
                form.add_field(key, value)
            return form

        endpoint = f"POST {API_PREFIX}/torrents/add"
        try:
            body = await self._call("POST", "torrents/add", multipart=build, expect="text")
        except ApiError as err:
            if err.status == 409:
                raise ApiError(endpoint, 409, "the torrent is already in qBittorrent") from err
            if err.status == 415:
                raise ApiError(
                    endpoint, 415, "qBittorrent says this is not a valid torrent"
                ) from err
            raise
        return _parse_add_result(endpoint, cast(str, body))

    async def add_peers(self, hashes: str | Iterable[str], peers: Iterable[str]) -> None:
        """Tell torrents about peers ("host:port"), e.g. a seeder the tracker does not know."""
        wanted = hash_list(hashes)
        peer_list = list(peers)
        if not wanted or not peer_list:
            return
        await self._call(
            "POST",
            "torrents/addPeers",
            form={"hashes": "|".join(wanted), "peers": "|".join(peer_list)},
            expect="text",
        )

    async def stop(self, hashes: str | Iterable[str]) -> None:
        """Stop (5.x) or pause (4.x) torrents."""
        await self._start_stop(hashes, "stop" if await self.is_v5() else "pause")

    async def start(self, hashes: str | Iterable[str]) -> None:
        """Start (5.x) or resume (4.x) torrents."""
        await self._start_stop(hashes, "start" if await self.is_v5() else "resume")

    async def _start_stop(self, hashes: str | Iterable[str], action: str) -> None:
        """POST one of the start/stop/pause/resume actions."""
        wanted = hash_list(hashes)
        if wanted:
            await self._call(
                "POST", f"torrents/{action}", form={"hashes": "|".join(wanted)}, expect="none"
            )

    async def set_preferences(self, **preferences: object) -> None:
        """Change qBittorrent's preferences (``app/setPreferences``, the WebUI's names)."""
        await self._call(
            "POST",
            "app/setPreferences",
            form={"json": json.dumps(preferences)},
            expect="none",
        )

    async def set_download_limit(self, bytes_per_s: int) -> None:
        """Set the global download limit in bytes per second; 0 removes it."""
        if bytes_per_s < 0:
            raise ValueError("the download limit cannot be negative")
        await self._call(
            "POST", "transfer/setDownloadLimit", form={"limit": str(bytes_per_s)}, expect="none"
        )

    async def set_torrent_download_limit(
        self, hashes: str | Iterable[str], bytes_per_s: int
    ) -> None:
        """Limit the download of some torrents, in bytes per second; 0 removes the limit."""
        if bytes_per_s < 0:
            raise ValueError("the download limit cannot be negative")
        await self._call(
            "POST",
            "torrents/setDownloadLimit",
            form={"hashes": "|".join(hash_list(hashes)), "limit": str(bytes_per_s)},
            expect="none",
        )


def _parse_add_result(endpoint: str, text: str) -> list[str]:
    """Read the answer of ``torrents/add``: JSON counts on 5.2+, "Ok."/"Fails." before."""
    stripped = text.strip()
    if stripped == "Ok.":
        return []
    if stripped == "Fails.":
        raise ApiError(endpoint, 200, "qBittorrent did not add the torrent")
    try:
        result = expect_dict(endpoint, json.loads(stripped))
    except ValueError as err:
        raise ApiError(endpoint, 200, "answered with neither 'Ok.' nor JSON") from err
    added = result.get("added_torrent_ids", [])
    ids = [item.lower() for item in _strings(endpoint, added)]
    failures = result.get("failure_count", 0)
    if not ids and result.get("pending_count", 0) == 0 and isinstance(failures, int) and failures:
        raise ApiError(endpoint, 200, "qBittorrent did not add the torrent")
    return ids


def _strings(endpoint: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(endpoint, None, "'added_torrent_ids' is not an array of strings")
    return cast(list[str], value)
