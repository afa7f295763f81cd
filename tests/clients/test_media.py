"""Jellyfin, Jellyseerr and Shoko clients against their stateful fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from custom_components.status_tracker.clients import (
    ApiError,
    jellyfin as jellyfin_module,
    jellyseerr as jellyseerr_module,
)
from custom_components.status_tracker.clients.jellyfin import JellyfinClient
from custom_components.status_tracker.clients.jellyseerr import JellyseerrClient
from custom_components.status_tracker.clients.payloads.jellyfin import LOCATION_VIRTUAL
from custom_components.status_tracker.clients.shoko import ShokoClient
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.shoko import FakeShoko


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain client session, closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


async def test_jellyfin_series_paged_with_provider_ids(
    session: aiohttp.ClientSession,
    jellyfin_server: FakeJellyfin,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """All series come back over several pages, each with the ids to match locally."""
    monkeypatch.setattr(jellyfin_module, "SERIES_PAGE_SIZE", 2)
    client = JellyfinClient(session, jellyfin_server.url, jellyfin_server.api_key, device_id="d1")
    series = await client.series()
    assert [s["Name"] for s in series] == ["Harbor Lights", "Hoshi no Kakera", "Quiet Meridian"]
    assert all({"Tvdb", "Tmdb", "Imdb"} <= set(s["ProviderIds"]) for s in series)
    pages = jellyfin_server.requests_to("/Items")
    assert [p.query["StartIndex"] for p in pages] == ["0", "2"]
    assert jellyfin_server.last_authorization["Token"] == jellyfin_server.api_key
    assert jellyfin_server.last_authorization["DeviceId"] == "d1"
    assert (await client.system_info())["ServerName"] == "media-box"


async def test_jellyfin_episodes_show_what_is_on_disk(
    session: aiohttp.ClientSession, jellyfin_server: FakeJellyfin
) -> None:
    """Episodes carry LocationType and Path: a Virtual one has no file."""
    client = JellyfinClient(session, jellyfin_server.url, jellyfin_server.api_key)
    hoshi = next(s for s in await client.series() if s["Name"] == "Hoshi no Kakera")
    episodes = await client.episodes(hoshi["Id"])
    assert len(episodes) == 20
    virtual = [e for e in episodes if e["LocationType"] == LOCATION_VIRTUAL]
    on_disk = [e for e in episodes if e["LocationType"] != LOCATION_VIRTUAL]
    assert len(virtual) == 3
    assert len(on_disk) == 17
    assert all(e["Path"].endswith(".mkv") for e in on_disk)


async def test_jellyfin_delete_refresh_and_notify(
    session: aiohttp.ClientSession, jellyfin_server: FakeJellyfin
) -> None:
    """Deleting twice gives a 404 the second time; refresh and media updates reach the server."""
    client = JellyfinClient(session, jellyfin_server.url, jellyfin_server.api_key)
    meridian = next(s for s in await client.series() if s["Name"] == "Quiet Meridian")
    episode = (await client.episodes(meridian["Id"]))[0]
    await client.delete_item(episode["Id"])
    assert jellyfin_server.deleted_items == [episode["Id"]]
    with pytest.raises(ApiError, match="HTTP 404"):
        await client.delete_item(episode["Id"])
    await client.refresh_library()
    assert jellyfin_server.library_refreshes == 1
    await client.notify_media_updated([(episode["Path"], "Deleted")])
    assert jellyfin_server.media_updates == [{"Path": episode["Path"], "UpdateType": "Deleted"}]


async def test_jellyfin_malformed_items(
    session: aiohttp.ClientSession, jellyfin_server: FakeJellyfin
) -> None:
    """A truncated page is an ApiError, never a partial list."""
    jellyfin_server.behaviour = "truncated"
    client = JellyfinClient(session, jellyfin_server.url, jellyfin_server.api_key)
    with pytest.raises(ApiError, match="GET Items"):
        await client.series()


async def test_jellyseerr_requests_paged(
    session: aiohttp.ClientSession,
    jellyseerr_server: FakeJellyseerr,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every request over several pages, with the seasons the spec leaves out."""
    monkeypatch.setattr(jellyseerr_module, "REQUEST_PAGE_SIZE", 2)
    client = JellyseerrClient(session, jellyseerr_server.url, jellyseerr_server.api_key)
    assert (await client.status())["version"]
    assert (await client.me())["id"] >= 1
    requests = await client.requests()
    assert len(requests) == len(jellyseerr_server.media_requests)
    assert len({r["id"] for r in requests}) == len(requests)
    tv = [r for r in requests if r["type"] == "tv"]
    assert tv
    assert all(r["seasons"] for r in tv)
    skips = [c.query["skip"] for c in jellyseerr_server.requests_to("/api/v1/request")]
    assert skips == [str(2 * i) for i in range(len(skips))]
    assert len(skips) == -(-len(requests) // 2)


async def test_shoko_auth(session: aiohttp.ClientSession, shoko_server: FakeShoko) -> None:
    """The current user answers only to a valid key, sent in the apikey header."""
    client = ShokoClient(session, shoko_server.url, shoko_server.api_key)
    assert await client.check_auth()
    assert shoko_server.requests[-1].headers["apikey"] == shoko_server.api_key
