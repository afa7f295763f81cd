"""The sources' own rules, with stub clients: what they ask their service for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import AsyncMock, MagicMock, patch

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.status_tracker.clients.qbittorrent_maindata import MainData
from custom_components.status_tracker.shell.sources import SonarrSource
from custom_components.status_tracker.shell.sources.qbittorrent import (
    ACTIVE_INTERVAL,
    IDLE_INTERVAL,
    QbittorrentSource,
)
from custom_components.status_tracker.shell.sources.sonarr import INLINE_RECORDS, _dated

FINISHED = "a" * 40
RUNNING = "b" * 40
GONE = "c" * 40


def _client(torrents: dict[str, dict[str, Any]]) -> MagicMock:
    client = MagicMock()
    client.request_count = 0
    maindata = MainData()
    maindata.torrents = {h: {"hash": h, **t} for h, t in torrents.items()}  # type: ignore[misc]
    client.sync_maindata = AsyncMock(return_value=maindata)
    client.torrent_files = AsyncMock(return_value=[{"index": 0, "name": "x.mkv", "size": 1}])
    return client


async def test_sonarrs_history_keeps_the_window_only(hass: HomeAssistant) -> None:
    """Undated records, records older than the window and those that age out are not kept."""
    now = dt_util.utcnow()

    def record(record_id: int, date: str) -> dict[str, Any]:
        return {"id": record_id, "seriesId": 1, "date": date, "eventType": "grabbed"}

    client = MagicMock()
    client.request_count = 0
    client.series_list = AsyncMock(return_value=[])
    client.queue = AsyncMock(return_value=[])
    client.commands = AsyncMock(return_value=[])
    client.episodes = AsyncMock(return_value=[])
    client.history_since = AsyncMock(
        return_value=[
            record(1, (now - timedelta(hours=1)).isoformat()),
            record(2, (now - timedelta(hours=30)).isoformat()),
            record(3, "not a date"),
        ]
    )
    source = SonarrSource(hass, None, client, retention=timedelta(hours=2))
    data = await source._async_fetch()
    assert [r["id"] for r in data.history] == [1]
    client.history_since = AsyncMock(return_value=[])
    with patch(
        "custom_components.status_tracker.shell.sources.sonarr.dt_util.utcnow",
        return_value=now + timedelta(hours=2),
    ):
        data = await source._async_fetch()
    assert data.history == []  # record 1 aged out of the two hours


async def test_a_whole_window_of_history_is_dated_off_the_loop(hass: HomeAssistant) -> None:
    """The first poll's thousands of records are dated in the executor, kept the same way."""
    now = dt_util.utcnow()
    fresh = [
        {"id": n, "seriesId": n % 7, "date": (now - timedelta(minutes=n)).isoformat()}
        for n in range(1, INLINE_RECORDS + 101)
    ]
    client = MagicMock()
    client.request_count = 0
    client.series_list = AsyncMock(return_value=[])
    client.queue = AsyncMock(return_value=[])
    client.commands = AsyncMock(return_value=[])
    client.history_since = AsyncMock(return_value=[*fresh, fresh[0], "junk"])
    source = SonarrSource(hass, None, client, retention=timedelta(hours=6))
    with patch.object(
        hass, "async_add_executor_job", wraps=hass.async_add_executor_job
    ) as executor:
        data = await source._async_fetch()
    assert any(call.args[0] is _dated for call in executor.call_args_list)
    kept = [r["id"] for r in data.history]
    assert sorted(kept) == [n for n in range(1, INLINE_RECORDS + 101) if n < 6 * 60]


async def test_qbittorrent_sped_up_reads_at_once_not_at_the_end_of_the_idle_wait(
    hass: HomeAssistant,
) -> None:
    """A download that just started (or was just grabbed) is read now; slowing down is not."""
    client = _client({})
    source = QbittorrentSource(hass, None, client)
    await source.async_refresh()
    assert client.sync_maindata.await_count == 1
    assert source.update_interval == IDLE_INTERVAL
    source.set_pace(True)
    await hass.async_block_till_done()
    assert source.update_interval == ACTIVE_INTERVAL
    assert client.sync_maindata.await_count == 2  # at once, not 30 s later
    source.set_pace(True)  # already fast: the schedule stands
    source.set_pace(False)
    await hass.async_block_till_done()
    assert source.update_interval == IDLE_INTERVAL
    assert client.sync_maindata.await_count == 2
    await source.async_shutdown()


async def test_qbittorrent_pace_before_the_first_read_only_sets_the_interval(
    hass: HomeAssistant,
) -> None:
    client = _client({})
    source = QbittorrentSource(hass, None, client)
    source.set_pace(True)
    await hass.async_block_till_done()
    assert source.update_interval == ACTIVE_INTERVAL
    assert client.sync_maindata.await_count == 0  # the first refresh is the setup's
    await source.async_shutdown()
