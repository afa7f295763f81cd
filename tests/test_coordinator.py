"""The tracker against the fake stack and a real qBittorrent: baseline, events, restart, failures,
and requests per cycle that do not grow with what is not tracked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import copy
import logging
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import UpdateFailed
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.status_tracker.clients import CannotConnect, Forbidden
from custom_components.status_tracker.clients.payloads.qbittorrent import is_stopped_state
from custom_components.status_tracker.clients.payloads.sonarr_webhook import (
    SonarrEventType,
    SonarrWebhookEpisode,
    SonarrWebhookEvent,
)
from custom_components.status_tracker.clients.sonarr import SonarrClient
from custom_components.status_tracker.const import (
    DOMAIN,
    EVENT_EPISODE_STATUS,
    EVENT_REQUEST_COMPLETED,
    EVENT_REQUEST_STATUS,
    Service,
)
from custom_components.status_tracker.coordinator import StatusTrackerCoordinator
from custom_components.status_tracker.shell.sources.qbittorrent import (
    ACTIVE_INTERVAL,
    IDLE_INTERVAL,
)
from custom_components.status_tracker.tracking.pushed import MAX_EPISODES
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.entry import make_entry, qbittorrent_config, service_config
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.scenarios import HARBOR_HASH
from tests.support.fakes.sonarr import FakeSonarr
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import QbtInstance

QUIET_MERIDIAN = 3


@pytest.fixture(autouse=True)
def no_platforms() -> Any:
    """These tests look at the tracker, not at entities."""
    with patch("custom_components.status_tracker.PLATFORMS", []):
        yield


@pytest.fixture
def entry(
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
) -> MockConfigEntry:
    """An entry for the whole fake stack."""
    return make_entry(
        service_config(sonarr_server),
        qbittorrent_config(qbittorrent),
        service_config(jellyfin_server),
        jellyseerr=service_config(jellyseerr_server),
    )


async def _load(hass: HomeAssistant, entry: MockConfigEntry) -> StatusTrackerCoordinator:
    if entry.entry_id not in {e.entry_id for e in hass.config_entries.async_entries(DOMAIN)}:
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    tracker: StatusTrackerCoordinator = entry.runtime_data.coordinator
    return tracker


def _events(hass: HomeAssistant) -> dict[str, list[Event]]:
    return {
        name: async_capture_events(hass, name)
        for name in (EVENT_EPISODE_STATUS, EVENT_REQUEST_STATUS, EVENT_REQUEST_COMPLETED)
    }


async def _lose_an_episode(
    hass: HomeAssistant, sonarr: FakeSonarr, jellyfin: FakeJellyfin
) -> dict[str, Any]:
    """Delete one Quiet Meridian file in Sonarr, and Jellyfin stops listing it."""
    episode = next(
        e
        for e in sonarr.episodes.values()
        if e["seriesId"] == QUIET_MERIDIAN and e["seasonNumber"] == 1 and e["episodeNumber"] == 3
    )
    client = SonarrClient(async_get_clientsession(hass), sonarr.url, sonarr.api_key)
    await client.delete_episode_file(episode["episodeFileId"])
    item = next(
        i
        for i in jellyfin.items.values()
        if i.get("Type") == "Episode"
        and i.get("SeriesName") == "Quiet Meridian"
        and i.get("ParentIndexNumber") == 1
        and i.get("IndexNumber") == 3
    )
    item["LocationType"] = "Virtual"
    item.pop("Path", None)
    return episode


async def test_first_cycle_is_a_baseline_then_transitions_fire(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    sonarr_server: FakeSonarr,
    jellyfin_server: FakeJellyfin,
) -> None:
    """What existed before the first start is no news; a real change fires each event once."""
    events = _events(hass)
    tracker = await _load(hass, entry)
    assert tracker.data is not None
    requests = tracker.data.state.requests
    assert {r.title for r in requests.values()} == {
        "Harbor Lights",
        "Hoshi no Kakera",
        "Quiet Meridian",
    }
    assert requests[QUIET_MERIDIAN].status is RequestStatus.AVAILABLE
    assert all(not captured for captured in events.values())

    lost = await _lose_an_episode(hass, sonarr_server, jellyfin_server)
    await tracker.async_refresh()
    await hass.async_block_till_done()
    episode_events = events[EVENT_EPISODE_STATUS]
    assert [e.data["episode_id"] for e in episode_events] == [lost["id"]]
    data = episode_events[0].data
    assert data["previous"] == EpisodeStatus.AVAILABLE.value
    assert data["status"] != EpisodeStatus.AVAILABLE.value
    assert (data["series_title"], data["season"], data["episode"]) == ("Quiet Meridian", 1, 3)
    assert data["entry_id"] == entry.entry_id
    request_events = events[EVENT_REQUEST_STATUS]
    assert [(e.data["series_id"], e.data["previous"]) for e in request_events] == [
        (QUIET_MERIDIAN, RequestStatus.AVAILABLE.value)
    ]

    await tracker.async_refresh()  # nothing changed: nothing fires again
    await hass.async_block_till_done()
    assert len(events[EVENT_EPISODE_STATUS]) == 1
    assert len(events[EVENT_REQUEST_STATUS]) == 1


async def test_restart_restores_without_duplicate_events(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    sonarr_server: FakeSonarr,
    jellyfin_server: FakeJellyfin,
) -> None:
    """The timeline survives a restart: no event repeats, 'since' is kept."""
    tracker = await _load(hass, entry)
    await _lose_an_episode(hass, sonarr_server, jellyfin_server)
    await tracker.async_refresh()
    assert tracker.data is not None
    since = tracker.data.state.requests[QUIET_MERIDIAN].since
    assert await hass.config_entries.async_unload(entry.entry_id)

    events = _events(hass)
    tracker = await _load(hass, entry)
    await hass.async_block_till_done()
    assert all(not captured for captured in events.values())
    assert tracker.data is not None
    assert tracker.data.state.requests[QUIET_MERIDIAN].since == since


async def test_restored_timeline_reports_what_changed_while_stopped(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    sonarr_server: FakeSonarr,
    jellyfin_server: FakeJellyfin,
) -> None:
    """A change that happened while Home Assistant was down is news after the restart."""
    await _load(hass, entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    lost = await _lose_an_episode(hass, sonarr_server, jellyfin_server)
    events = _events(hass)
    await _load(hass, entry)
    await hass.async_block_till_done()
    assert [e.data["episode_id"] for e in events[EVENT_EPISODE_STATUS]] == [lost["id"]]


async def test_one_service_down_leaves_the_others_working(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Jellyfin failing is flagged; requests are still computed from Sonarr and qBittorrent."""
    tracker = await _load(hass, entry)
    for behaviour in ("500", "html", "truncated", "down"):
        jellyfin_server.behaviour = behaviour
        await tracker.async_refresh()
        assert tracker.data is not None
        assert tracker.data.down == frozenset({Service.JELLYFIN}), behaviour
        assert len(tracker.data.state.requests) == 3
        assert tracker.sources.jellyfin.last_error
        assert tracker.sources.sonarr.last_update_success
    jellyfin_server.behaviour = None
    await tracker.async_refresh()
    assert tracker.data is not None
    assert tracker.data.down == frozenset()
    assert tracker.data.state.requests[QUIET_MERIDIAN].status is RequestStatus.AVAILABLE


async def test_sonarr_down_keeps_its_last_answer_flagged(
    hass: HomeAssistant, entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """Sonarr's last good answer is still correlated with fresh data, and flagged as stale."""
    tracker = await _load(hass, entry)
    sonarr_server.behaviour = "500"
    await tracker.async_refresh()
    assert not tracker.sources.sonarr.last_update_success
    assert tracker.data is not None
    assert tracker.data.down == frozenset({Service.SONARR})
    assert len(tracker.data.state.requests) == 3


async def test_refused_credentials_at_run_time_start_reauth(
    hass: HomeAssistant, entry: MockConfigEntry, jellyfin_server: FakeJellyfin
) -> None:
    """A key revoked while running asks the user, it does not just log."""
    tracker = await _load(hass, entry)
    jellyfin_server.api_key = "revoked"
    await tracker.async_refresh()
    await hass.async_block_till_done()
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [f["context"]["source"] for f in flows] == ["reauth"]


def _untracked_series(sonarr: FakeSonarr, count: int) -> None:
    """Old, complete series nobody asked for: no activity, added years ago."""
    template = sonarr.series[QUIET_MERIDIAN]
    for n in range(count):
        series_id = 1000 + n
        item = copy.deepcopy(template)
        item.update(
            id=series_id,
            title=f"Library Show {n}",
            titleSlug=f"library-show-{n}",
            tvdbId=700000 + n,
            tmdbId=800000 + n,
            imdbId=f"tt9{n:06d}",
            added="2020-01-01T00:00:00Z",
        )
        sonarr.series[series_id] = item


async def _steady_cycle(tracker: StatusTrackerCoordinator) -> dict[Service, int]:
    """Requests sent by each source in a cycle after the first one."""
    await tracker.async_refresh()
    await tracker.async_refresh()
    return {source.service: source.requests_last_cycle for source in tracker.sources.all()}


async def test_sonarr_requests_do_not_grow_with_untracked_series(
    hass: HomeAssistant, entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """5 or 500 series nobody tracks: the same requests per cycle."""
    _untracked_series(sonarr_server, 5)
    tracker = await _load(hass, entry)
    few = await _steady_cycle(tracker)
    _untracked_series(sonarr_server, 500)
    assert len(sonarr_server.series) == 503
    many = await _steady_cycle(tracker)
    assert many == few
    assert tracker.data is not None
    assert len(tracker.data.state.requests) == 3
    # series, queue, commands, history since, and the episodes of the two series in the queue
    assert few[Service.SONARR] == 6


@pytest.fixture
async def qbt_torrents(qbittorrent: QbtInstance) -> AsyncIterator[QbtDriver]:
    """A client of the real qBittorrent; torrents added through it are deleted afterwards."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        client = QbtDriver(session, qbittorrent.url, qbittorrent.username, qbittorrent.password)
        before = {t["hash"] for t in await client.torrents_info()}
        yield client
        added = {t["hash"] for t in await client.torrents_info()} - before
        if added:
            await client.delete_torrents(added, delete_files=True)


def _magnets(count: int, start: int = 0) -> list[str]:
    return [
        f"magnet:?xt=urn:btih:{index:040x}&dn=Old.Show.{index}.S01E01.1080p.WEB.h264-GRP"
        for index in range(start + 1, start + count + 1)
    ]


async def _until_listed(client: QbtDriver, count: int) -> None:
    """QBittorrent adds magnets in the background: wait (bounded) until it lists them."""
    for _ in range(100):
        if len(await client.torrents_info()) >= count:
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"qBittorrent did not list {count} torrents within 10 s")


async def test_qbittorrent_requests_do_not_grow_with_untracked_torrents(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    qbt_torrents: QbtDriver,
) -> None:
    """10 or 2,000 torrents nobody tracks: one maindata delta; the tracked pack's file list is
    not read again while nothing in it moves."""
    await qbt_torrents.add_torrent(
        f"magnet:?xt=urn:btih:{HARBOR_HASH.lower()}&dn=Harbor.Lights.S01", stopped=True
    )
    await qbt_torrents.add_torrent(_magnets(10), stopped=True)
    await _until_listed(qbt_torrents, 11)
    tracker = await _load(hass, entry)
    few = await _steady_cycle(tracker)
    await qbt_torrents.add_torrent(_magnets(1990, start=10), stopped=True)
    await _until_listed(qbt_torrents, 2001)
    many = await _steady_cycle(tracker)
    assert tracker.sources.qbittorrent.data is not None
    assert len(tracker.sources.qbittorrent.data.torrents) >= 2001
    assert many == few
    # maindata only: the tracked season pack (its hash is in Sonarr's queue) is stopped
    assert few[Service.QBITTORRENT] == 1


async def test_a_stopped_tracked_download_leaves_qbittorrent_at_the_idle_pace(
    hass: HomeAssistant, entry: MockConfigEntry, qbt_torrents: QbtDriver
) -> None:
    """Harbor Lights' pack, tracked in Sonarr's queue: 5 s polls only while it may move bytes."""
    await qbt_torrents.add_torrent(
        f"magnet:?xt=urn:btih:{HARBOR_HASH.lower()}&dn=Harbor.Lights.S01", stopped=True
    )
    await _until_listed(qbt_torrents, 1)
    tracker = await _load(hass, entry)
    source = tracker.sources.qbittorrent
    assert source.wanted_files == {HARBOR_HASH.lower()}  # a season pack: its files matter
    assert source.update_interval == IDLE_INTERVAL

    async def seen(stopped: bool) -> None:
        """Refresh until the tracker has seen the torrent (un)stopped (qBittorrent refreshes
        its torrents every 1.5 s)."""
        for _ in range(100):
            await tracker.async_refresh()
            assert source.data is not None
            if is_stopped_state(source.data.torrents[HARBOR_HASH.lower()]["state"]) is stopped:
                return
            await asyncio.sleep(0.1)
        pytest.fail("qBittorrent did not report the new state within 10 s")

    await qbt_torrents.start(HARBOR_HASH)
    await seen(stopped=False)
    assert source.update_interval == ACTIVE_INTERVAL  # fetching its metadata
    await qbt_torrents.stop(HARBOR_HASH)
    await seen(stopped=True)
    assert source.update_interval == IDLE_INTERVAL


async def test_grab_webhook_makes_the_episode_found_at_once(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    sonarr_server: FakeSonarr,
    hass_client_no_auth: Any,
) -> None:
    """Sonarr's Grab push: the episode is 'found' before Sonarr's history has the grab."""
    tracker = await _load(hass, entry)
    episode = next(
        e
        for e in sonarr_server.episodes.values()
        if e["seriesId"] == 2 and e["seasonNumber"] == 2 and e["episodeNumber"] == 7
    )
    assert tracker.data is not None
    before = {e.episode_id: e.status for e in tracker.data.state.requests[2].episodes}
    assert before[episode["id"]] is EpisodeStatus.SEARCHING
    client = await hass_client_no_auth()
    response = await client.post(
        f"/api/webhook/{entry.data['webhook_id']}",
        json={
            "eventType": "Grab",
            "instanceName": "Sonarr",
            "applicationUrl": "",
            "series": {"id": 2, "title": "Hoshi no Kakera", "tvdbId": 438107, "type": "anime"},
            "episodes": [
                {
                    "id": episode["id"],
                    "episodeNumber": 7,
                    "seasonNumber": 2,
                    "title": episode["title"],
                }
            ],
            "release": {
                "releaseTitle": "[SubsPlease] Hoshi no Kakera - 19 (1080p) [0A1B2C3D].mkv",
                "releaseType": "singleEpisode",
                "size": 1452109824,
            },
            "downloadClient": "qBittorrent",
            "downloadClientType": "QBittorrent",
            "downloadId": "B7E2A9C4D1F0836E5A2C4B6D8F0E1A3C5B7D9E2F",
        },
    )
    assert response.status == 200
    await hass.async_block_till_done(wait_background_tasks=True)
    assert tracker.data is not None
    after = {e.episode_id: e for e in tracker.data.state.requests[2].episodes}
    assert after[episode["id"]].status is EpisodeStatus.FOUND
    download = after[episode["id"]].download
    assert download is not None
    assert download.title == "[SubsPlease] Hoshi no Kakera - 19 (1080p) [0A1B2C3D].mkv"


async def test_foreign_download_client_repair(
    hass: HomeAssistant, entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """Sonarr's only qBittorrent is on another port than the tracked one: the user is told."""
    from homeassistant.helpers import issue_registry as ir

    issue_id = f"foreign_download_client_{entry.entry_id}"
    for client in sonarr_server.download_clients:
        for field in client["fields"]:
            if field["name"] == "port":
                field["value"] = 1
    await _load(hass, entry)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "foreign_download_client"
    assert await hass.config_entries.async_unload(entry.entry_id)
    qbt_port = int(entry.data["qbittorrent"]["url"].rsplit(":", 1)[1])
    for client in sonarr_server.download_clients:
        for field in client["fields"]:
            if field["name"] == "port":
                field["value"] = qbt_port
    await _load(hass, entry)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_jellyfin_missing_repair_after_the_configured_time(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    sonarr_server: FakeSonarr,
    jellyfin_server: FakeJellyfin,
    freezer: Any,
) -> None:
    """Imported by Sonarr, not in Jellyfin for longer than allowed: one repair, cleared later."""
    from datetime import timedelta

    from homeassistant.helpers import issue_registry as ir

    tracker = await _load(hass, entry)
    # Jellyfin loses the episode while Sonarr still has its file: imported, not yet seen.
    item = next(
        i
        for i in jellyfin_server.items.values()
        if i.get("Type") == "Episode"
        and i.get("SeriesName") == "Quiet Meridian"
        and i.get("IndexNumber") == 2
    )
    item["LocationType"] = "Virtual"
    tracker.sources.sonarr.mark_stale([QUIET_MERIDIAN])
    await tracker.async_refresh()
    issue_id = f"jellyfin_missing_{entry.entry_id}_{QUIET_MERIDIAN}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None  # not late yet
    freezer.tick(timedelta(hours=7))
    await tracker.async_refresh()
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {
        "series": "Quiet Meridian",
        "count": "1",
        "hours": "6",
    }
    item["LocationType"] = "FileSystem"
    tracker.sources.sonarr.mark_stale([QUIET_MERIDIAN])
    await tracker.async_refresh()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_slow_service_times_out_and_is_flagged(
    hass: HomeAssistant, entry: MockConfigEntry, jellyfin_server: FakeJellyfin
) -> None:
    """A Jellyfin that does not answer in time is down for this cycle, not a hung refresh."""
    tracker = await _load(hass, entry)
    tracker.sources.jellyfin.client._timeout = aiohttp.ClientTimeout(total=0.2)
    jellyfin_server.behaviour = "slow"
    jellyfin_server.slow_seconds = 5
    await tracker.async_refresh()
    assert tracker.data is not None
    assert tracker.data.down == frozenset({Service.JELLYFIN})
    assert tracker.sources.jellyfin.last_error is not None
    assert "timed out" in tracker.sources.jellyfin.last_error


async def test_disabling_the_entry_removes_our_sonarr_notification(
    hass: HomeAssistant, entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """A reload keeps the notification; disabling the entry takes it out of Sonarr."""
    from homeassistant.config_entries import ConfigEntryDisabler

    await _load(hass, entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(sonarr_server.notifications) == 1
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(sonarr_server.notifications) == 1
    assert await hass.config_entries.async_set_disabled_by(entry.entry_id, ConfigEntryDisabler.USER)
    await hass.async_block_till_done()
    assert sonarr_server.notifications == {}


async def test_jellyfin_ids_survive_a_restart_with_jellyfin_down(
    hass: HomeAssistant, entry: MockConfigEntry, jellyfin_server: FakeJellyfin
) -> None:
    """Matched Jellyfin ids are persisted: known after a restart even while Jellyfin is down."""
    tracker = await _load(hass, entry)
    assert tracker.data is not None
    matched = tracker.data.state.requests[QUIET_MERIDIAN].jellyfin_id
    assert matched is not None
    assert await hass.config_entries.async_unload(entry.entry_id)
    jellyfin_server.behaviour = "500"
    tracker = await _load(hass, entry)
    assert tracker.data is not None
    assert tracker.data.down == frozenset({Service.JELLYFIN})
    assert tracker.data.state.requests[QUIET_MERIDIAN].jellyfin_id is None
    assert tracker.data.jellyfin_ids[QUIET_MERIDIAN] == matched


async def test_the_webhook_id_is_never_logged(
    hass: HomeAssistant, entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """Whoever knows the id can post to Home Assistant: it stays out of the log, at any level."""
    caplog.set_level(logging.DEBUG, logger="custom_components.status_tracker")
    await _load(hass, entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert "Registered in Sonarr" in caplog.text  # the registration was logged …
    assert entry.data["webhook_id"] not in caplog.text  # … without the id


# -- outages never rewrite history --------------------------------------------------------------


async def test_an_unreachable_qbittorrent_keeps_its_last_answer(
    hass: HomeAssistant, entry: MockConfigEntry, qbt_torrents: QbtDriver
) -> None:
    """qBittorrent down: its last answer stays (flagged), nothing moves, nothing fires."""
    await qbt_torrents.add_torrent(
        f"magnet:?xt=urn:btih:{HARBOR_HASH.lower()}&dn=Harbor.Lights.S01", stopped=True
    )
    await _until_listed(qbt_torrents, 1)
    tracker = await _load(hass, entry)
    await tracker.async_refresh()
    assert tracker.data is not None
    before = tracker.data.state.requests[1]
    events = _events(hass)
    with patch.object(
        tracker.sources.qbittorrent.client, "sync_maindata", side_effect=CannotConnect("down")
    ):
        for _ in range(3):
            await tracker.async_refresh()
            await hass.async_block_till_done()
    assert tracker.data.down == frozenset({Service.QBITTORRENT})
    during = tracker.data.state.requests[1]
    assert [(e.status, e.progress, e.since) for e in during.episodes] == [
        (e.status, e.progress, e.since) for e in before.episodes
    ]
    assert during.progress.bytes_done == before.progress.bytes_done
    await tracker.async_refresh()  # back: only real changes would fire
    await hass.async_block_till_done()
    assert tracker.data.down == frozenset()
    assert all(not captured for captured in events.values())


async def test_sonarr_gone_for_more_than_a_cycle_is_an_outage(
    hass: HomeAssistant, entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """One failed poll is a blip; the second in a row makes Sonarr's picture stale."""
    tracker = await _load(hass, entry)
    sonarr_server.behaviour = "down"
    await tracker.sources.sonarr.async_refresh()
    await hass.async_block_till_done()
    assert tracker.data is not None
    assert not tracker.data.sonarr_unavailable
    await tracker.sources.sonarr.async_refresh()  # nobody refreshes the coordinator by hand:
    await hass.async_block_till_done()  # the second failure alone must reach it
    await asyncio.sleep(0.6)  # the coordinator's debounce
    await hass.async_block_till_done()
    assert tracker.data.sonarr_unavailable
    assert tracker.data.down == frozenset({Service.SONARR})
    assert len(tracker.data.state.requests) == 3  # nothing forgotten meanwhile
    sonarr_server.behaviour = None
    await tracker.async_refresh()
    assert not tracker.data.sonarr_unavailable


async def test_twenty_refreshes_at_once_are_one_cycle(
    hass: HomeAssistant, entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """The refresh action shares a running poll instead of starting one per caller."""
    await _load(hass, entry)
    sonarr_server.reset_requests()
    await asyncio.gather(
        *(hass.services.async_call(DOMAIN, "refresh", {}, blocking=True) for _ in range(20))
    )
    assert len(sonarr_server.requests_to("/api/v3/queue")) == 1


async def test_a_refresh_names_the_services_that_failed(
    hass: HomeAssistant, entry: MockConfigEntry, jellyfin_server: FakeJellyfin
) -> None:
    """The action does not pretend: it raises, naming what could not be reached."""
    await _load(hass, entry)
    jellyfin_server.behaviour = "500"
    with pytest.raises(HomeAssistantError) as failed:
        await hass.services.async_call(DOMAIN, "refresh", {}, blocking=True)
    assert failed.value.translation_key == "refresh_failed"
    assert failed.value.translation_placeholders == {"services": "Jellyfin"}


async def test_a_403_after_a_fresh_login_is_not_a_password_problem(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """qBittorrent refusing even a fresh session: translated, no reauth, not 'IP banned'."""
    tracker = await _load(hass, entry)
    with patch.object(
        tracker.sources.qbittorrent.client,
        "sync_maindata",
        side_effect=Forbidden("POST api/v2/sync/maindata: HTTP 403 even after a fresh login"),
    ):
        await tracker.sources.qbittorrent.async_refresh()
    error = tracker.sources.qbittorrent.last_exception
    assert isinstance(error, UpdateFailed)
    assert error.translation_key == "forbidden"
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


# -- bad input touches nothing ------------------------------------------------------------------


async def test_records_of_the_wrong_shape_cost_themselves_only(
    hass: HomeAssistant, entry: MockConfigEntry, qbt_torrents: QbtDriver
) -> None:
    """A number, a string or null among Sonarr's records, a string progress: the cycle holds."""
    await qbt_torrents.add_torrent(
        f"magnet:?xt=urn:btih:{HARBOR_HASH.lower()}&dn=Harbor.Lights.S01", stopped=True
    )
    await _until_listed(qbt_torrents, 1)
    tracker = await _load(hass, entry)
    sonarr = tracker.sources.sonarr.client
    junk: list[Any] = [42, "series", None, {"id": "not-an-id", "seriesId": "x"}]

    def spoiled(method: Any) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            return [*junk, *(await method(*args, **kwargs)), *junk]

        return call

    qbt = tracker.sources.qbittorrent.client
    original_maindata = qbt.sync_maindata

    async def string_progress() -> Any:
        maindata = await original_maindata()
        maindata.torrents[HARBOR_HASH.lower()]["progress"] = "0.5"  # type: ignore[typeddict-item]
        return maindata

    with (
        patch.object(sonarr, "series_list", spoiled(sonarr.series_list)),
        patch.object(sonarr, "queue", spoiled(sonarr.queue)),
        patch.object(sonarr, "history_since", spoiled(sonarr.history_since)),
        patch.object(qbt, "sync_maindata", string_progress),
    ):
        await tracker.async_refresh()
        await tracker.async_refresh()
    assert tracker.data is not None
    assert tracker.data.down == frozenset()
    assert {r.title for r in tracker.data.state.requests.values()} == {
        "Harbor Lights",
        "Hoshi no Kakera",
        "Quiet Meridian",
    }


async def test_pushed_grabs_stay_bounded_in_memory(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """20 posts of 5,000 episodes each: a bounded number kept, and only what Sonarr knows."""
    tracker = await _load(hass, entry)
    for n in range(20):
        event = SonarrWebhookEvent(
            event_type=SonarrEventType.GRAB,
            series_id=1,
            series_title="Harbor Lights",
            episodes=tuple(
                SonarrWebhookEpisode(id=100_000 + n * 5000 + i, season=1, number=i + 1, title=None)
                for i in range(5000)
            ),
            download_id=f"{n:040X}",
            release_title="Harbor.Lights.S01.1080p.WEB.h264-GRP",
        )
        await tracker.async_handle_push(event)
    assert sum(len(g.episode_ids) for g in tracker.pending_pushes) <= MAX_EPISODES
    await tracker.async_refresh()
    # None of those episodes exists in Sonarr: nothing of them counts, nothing is kept.
    assert tracker.data is not None
    assert tracker.data.state.pushed_grabs == ()
    assert tracker.pending_pushes == ()


@pytest.mark.parametrize(
    "stored",
    [
        [1, 2, 3],
        "garbage",
        5,
        {"version": 1, "minor_version": 1, "key": "?", "data": [1, 2]},
        {"version": 2, "minor_version": 1, "key": "?", "data": {"timeline": {}}},
    ],
    ids=["list", "string", "int", "data-list", "version-2"],
)
async def test_a_store_of_another_shape_never_blocks_setup(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    stored: Any,
) -> None:
    """Another type or version: logged, set aside, a fresh start without any event."""
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = stored
    events = _events(hass)
    tracker = await _load(hass, entry)
    assert tracker.data is not None
    assert len(tracker.data.state.requests) == 3
    assert all(not captured for captured in events.values())
    assert "kept aside" in caplog.text


async def test_a_garbled_timeline_starts_a_silent_baseline(
    hass: HomeAssistant, entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Unreadable entries in the stored timeline: no event per episode at start."""
    await _load(hass, entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    document = hass_storage[f"{DOMAIN}.{entry.entry_id}"]
    for request in document["data"]["timeline"]["requests"].values():
        for episode in request["episodes"].values():
            episode["since"] = "not a date"
    document["data"]["jellyfin_ids"]["7"] = 12  # not an id either
    events = _events(hass)
    tracker = await _load(hass, entry)
    await hass.async_block_till_done()
    assert all(not captured for captured in events.values())
    assert tracker.data is not None
    assert len(tracker.data.state.requests) == 3


async def test_a_download_push_reads_jellyfin_again_at_once(
    hass: HomeAssistant, entry: MockConfigEntry, jellyfin_server: FakeJellyfin
) -> None:
    """Sonarr imported something: Jellyfin's series list and episodes are read right away."""
    tracker = await _load(hass, entry)
    jellyfin_server.reset_requests()
    event = SonarrWebhookEvent(
        event_type=SonarrEventType.DOWNLOAD,
        series_id=QUIET_MERIDIAN,
        series_title="Quiet Meridian",
        episodes=(SonarrWebhookEpisode(id=301, season=1, number=1, title=None),),
    )
    await tracker.async_handle_push(event)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert jellyfin_server.requests_to("/Items")  # the series list again, not from the cache
    assert tracker.pending_pushes == ()  # a Download is not a grab


async def test_a_failing_download_client_list_raises_no_repair(
    hass: HomeAssistant, entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """Sonarr cannot list its download clients: no guess, no repair, tracking goes on."""
    from homeassistant.helpers import issue_registry as ir

    with patch.object(
        SonarrClient, "download_clients", side_effect=CannotConnect("GET downloadclient: 500")
    ):
        tracker = await _load(hass, entry)
    assert tracker.data is not None
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"foreign_download_client_{entry.entry_id}")
        is None
    )
