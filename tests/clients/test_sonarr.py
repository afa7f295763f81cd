"""Sonarr client against the stateful fake (its answers checked against Sonarr's OpenAPI spec)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest

from custom_components.status_tracker.clients import sonarr as sonarr_module
from custom_components.status_tracker.clients.payloads.sonarr import (
    HISTORY_DOWNLOAD_FOLDER_IMPORTED,
    SonarrNotification,
)
from custom_components.status_tracker.clients.sonarr import SonarrClient
from tests.support.clock import story
from tests.support.fakes.scenarios import HARBOR_HASH
from tests.support.fakes.sonarr import FakeSonarr


@pytest.fixture
async def sonarr(sonarr_server: FakeSonarr) -> AsyncIterator[SonarrClient]:
    """A client of the fake Sonarr on its own session."""
    async with aiohttp.ClientSession() as session:
        yield SonarrClient(session, sonarr_server.url, sonarr_server.api_key)


async def test_reading_the_library(sonarr: SonarrClient, sonarr_server: FakeSonarr) -> None:
    """Series, one series, its episodes and files, with Sonarr's own field names."""
    series = await sonarr.series_list()
    assert [(s["id"], s["title"], s["seriesType"]) for s in series] == [
        (1, "Harbor Lights", "standard"),
        (2, "Hoshi no Kakera", "anime"),
        (3, "Quiet Meridian", "standard"),
    ]
    assert (await sonarr.series(2))["tvdbId"] == series[1]["tvdbId"]
    episodes = await sonarr.episodes(1)
    assert len(episodes) == 13
    assert {e["seasonNumber"] for e in episodes} == {1}
    anime = await sonarr.episodes(2)
    assert [e["absoluteEpisodeNumber"] for e in anime] == list(range(1, 21))
    files = await sonarr.episode_files(3)
    assert len(files) == 8
    assert all(f["seriesId"] == 3 for f in files)
    assert {r.headers["X-Api-Key"] for r in sonarr_server.requests} == {sonarr_server.api_key}


async def test_queue_reads_every_page(
    sonarr: SonarrClient, sonarr_server: FakeSonarr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """14 records on pages of 5: three requests, nothing hidden, page size always explicit."""
    monkeypatch.setattr(sonarr_module, "QUEUE_PAGE_SIZE", 5)
    queue = await sonarr.queue()
    assert len(queue) == 14
    assert len({r["id"] for r in queue}) == 14
    pack = [r for r in queue if r["downloadId"] == HARBOR_HASH]
    assert len(pack) == 13
    assert len({r["episodeId"] for r in pack}) == 13
    calls = sonarr_server.requests_to("/api/v3/queue")
    assert [(c.query["page"], c.query["pageSize"]) for c in calls] == [
        ("1", "5"),
        ("2", "5"),
        ("3", "5"),
    ]


async def test_queue_of_some_series(sonarr: SonarrClient) -> None:
    """The seriesIds filter narrows the queue."""
    queue = await sonarr.queue(series_ids=[2])
    assert [r["seriesId"] for r in queue] == [2]


async def test_history_filters(
    sonarr: SonarrClient, sonarr_server: FakeSonarr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grabs by default; by download, series, event type; pages followed up to max_pages."""
    monkeypatch.setattr(sonarr_module, "HISTORY_PAGE_SIZE", 10)
    grabs = await sonarr.history()
    assert len(grabs) == 22
    assert {h["eventType"] for h in grabs} == {"grabbed"}
    assert [h["date"] for h in grabs] == sorted((h["date"] for h in grabs), reverse=True)
    pack = await sonarr.history(download_id=HARBOR_HASH)
    assert len(pack) == 13
    assert all(h["data"]["torrentInfoHash"] == HARBOR_HASH.lower() for h in pack)
    imports = await sonarr.history(series_ids=[3], event_type=HISTORY_DOWNLOAD_FOLDER_IMPORTED)
    assert len(imports) == 8
    everything = await sonarr.history(event_type=None, max_pages=2)
    assert len(everything) == 20  # two pages of ten: the cap holds
    assert len(sonarr_server.requests_to("/api/v3/history")) == 3 + 2 + 1 + 2


async def test_history_since(sonarr: SonarrClient) -> None:
    """The incremental poll: only grabs after the given moment."""
    recent = await sonarr.history_since(story(datetime(2026, 11, 1, tzinfo=UTC)))
    assert len(recent) == 14
    assert {h["seriesId"] for h in recent} == {1, 2}


async def test_commands(sonarr: SonarrClient) -> None:
    """Posting a command returns its resource; it is listed afterwards."""
    command = await sonarr.post_command("RescanSeries", seriesId=1)
    assert command["name"] == "RescanSeries"
    assert any(c["id"] == command["id"] for c in await sonarr.commands())


async def test_monitor_and_delete_episode_files(
    sonarr: SonarrClient, sonarr_server: FakeSonarr
) -> None:
    """Deleting files really removes them: later answers show the episodes without file."""
    episodes = await sonarr.episodes(3)
    first, second, third = episodes[:3]
    await sonarr.set_episodes_monitored([first["id"]], monitored=False)
    await sonarr.delete_episode_file(first["episodeFileId"])
    await sonarr.delete_episode_files([second["episodeFileId"], third["episodeFileId"]])
    after = {e["id"]: e for e in await sonarr.episodes(3)}
    assert after[first["id"]]["monitored"] is False
    for episode in (first, second, third):
        assert after[episode["id"]]["hasFile"] is False
    assert len(await sonarr.episode_files(3)) == 5
    assert sonarr_server.requests_to("/api/v3/episodefile/bulk", "DELETE")[0].json == {
        "episodeFileIds": [second["episodeFileId"], third["episodeFileId"]]
    }


async def test_delete_series(sonarr: SonarrClient, sonarr_server: FakeSonarr) -> None:
    """Both flags are always sent, explicitly."""
    await sonarr.delete_series(3, delete_files=True)
    assert [s["id"] for s in await sonarr.series_list()] == [1, 2]
    call = sonarr_server.requests_to("/api/v3/series/3", "DELETE")[0]
    assert call.query == {"deleteFiles": "true", "addImportListExclusion": "false"}


async def test_download_clients(sonarr: SonarrClient) -> None:
    """The configured qBittorrent is visible with its implementation name."""
    clients = await sonarr.download_clients()
    assert [c["implementation"] for c in clients] == ["QBittorrent"]


async def test_notification_lifecycle(sonarr: SonarrClient) -> None:
    """Create, update and delete a webhook Connect entry."""
    webhook: SonarrNotification = {
        "name": "Home Assistant Status Tracker",
        "implementation": "Webhook",
        "configContract": "WebhookSettings",
        "fields": [
            {"name": "url", "value": "http://127.0.0.1:8123/api/webhook/abc"},
            {"name": "method", "value": 1},
        ],
        "onGrab": True,
        "onDownload": True,
        "tags": [],
    }
    created = await sonarr.create_notification(webhook)
    assert created["id"] > 0
    updated = await sonarr.update_notification({**created, "onGrab": False})
    assert updated["onGrab"] is False
    assert [n["id"] for n in await sonarr.notifications()] == [created["id"]]
    await sonarr.delete_notification(created["id"])
    assert await sonarr.notifications() == []
