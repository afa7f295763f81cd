"""Deletion across the whole stack: the fakes and a real qbittorrent-nox with real files on disk.

Each scenario plans (the dry run), deletes exactly that plan, and checks what every service
holds afterwards, and the files on disk, against what the plan said.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import AsyncMock

from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import device_registry as dr
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockUser,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.status_tracker.clients import CannotConnect
from custom_components.status_tracker.const import (
    DOMAIN,
    EVENT_DELETION_COMPLETED,
    EVENT_EPISODE_STATUS,
)
from custom_components.status_tracker.tracking import EpisodeStatus
from tests.support.deletion_stack import (
    HARBOR,
    HARBOR_ON_DISK,
    HOSHI,
    MERIDIAN,
    Stack,
)


def _steps(plan: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["service"], s["action"]) for s in plan["steps"]]


async def test_the_dry_run_changes_nothing(stack: Stack) -> None:
    """Planning a cascade and a selection touches no service and no file."""
    before = await stack.picture()
    cascade = await stack.plan(series_id=HOSHI, cascade=True)
    selection = await stack.plan(series_id=MERIDIAN, episodes=["S01E01-E03"])
    assert cascade["steps"]
    assert selection["steps"]
    assert await stack.picture() == before
    assert not stack.sonarr.deleted_episode_files
    assert not stack.jellyfin.deleted_items
    assert not stack.jellyseerr.status_updates
    assert not stack.shoko.deleted_files


async def test_selective_delete_of_single_episode_releases(stack: Stack) -> None:
    """Hoshi 13 and 14: their torrents go with their data, every service follows, nothing else."""
    before = await stack.picture()
    plan = await stack.plan(series_id=HOSHI, absolute=[13, 14])
    assert plan["episodes"] == ["S02E01", "S02E02"]
    assert _steps(plan) == [
        ("sonarr", "unmonitor"),
        ("qbittorrent", "remove_torrent"),
        ("qbittorrent", "remove_torrent"),
        ("sonarr", "delete_episode_files"),
        ("jellyfin", "sync_library"),
        ("shoko", "forget_files"),
    ]
    record = await stack.delete(plan["plan_id"])
    assert record["episodes_deleted"] == ["S02E01", "S02E02"]
    assert record["episodes_failed"] == []
    assert record["summary"] == "Deleted 2/2 episodes"
    assert all(step["ok"] for step in record["steps"])

    after = await stack.picture()
    gone = [stack.torrents.hoshi[13], stack.torrents.hoshi[14]]
    assert set(after["qbittorrent"]) == set(before["qbittorrent"]) - {t.info_hash for t in gone}
    assert after["disk"] == before["disk"] - {
        str(t.content_path.relative_to(stack.root)) for t in gone
    }
    deleted = {HOSHI * 100 + 13, HOSHI * 100 + 14}
    for episode_id, (file_id, monitored) in after["sonarr_episodes"].items():
        was = before["sonarr_episodes"][episode_id]
        assert (file_id, monitored) == ((0, False) if episode_id in deleted else was)
    assert set(before["jellyfin"]) - set(after["jellyfin"]) == set(stack.jellyfin.scanned_away)
    assert len(stack.jellyfin.scanned_away) == 2
    assert not stack.jellyfin.deleted_items  # Sonarr deleted the files; Jellyfin was told
    assert [d["removeFiles"] for d in stack.shoko.deleted_files] == [False, False]
    assert len(after["shoko_files"]) == len(before["shoko_files"]) - 2
    # Hoshi's series was partially available and stays so: nothing to tell Jellyseerr.
    assert after["jellyseerr_media"] == before["jellyseerr_media"]


async def test_a_pack_still_downloading_goes_on_for_the_others(stack: Stack) -> None:
    """Harbor Lights 1–3 from a pack at 5/13: their files get priority 0, the pack stays."""
    before = await stack.picture()
    harbor = stack.torrents.harbor
    plan = await stack.plan(series_id=HARBOR, episodes=["S01E01-E03"])
    assert _steps(plan) == [("sonarr", "unmonitor"), ("qbittorrent", "skip_files")]
    record = await stack.delete(plan["plan_id"])
    assert record["episodes_deleted"] == ["S01E01", "S01E02", "S01E03"]
    after = await stack.picture()
    priorities = after["qbittorrent"][harbor.info_hash]["priorities"]
    assert priorities == [0, 0, 0] + [1] * 10
    assert after["disk"] == before["disk"]  # a priority changes nothing already on disk
    assert {k: v for k, v in after.items() if k not in ("qbittorrent", "sonarr_episodes")} == {
        k: v for k, v in before.items() if k not in ("qbittorrent", "sonarr_episodes")
    }
    assert len(harbor.files) == 13
    assert HARBOR_ON_DISK == 5


async def test_a_finished_pack_stays_while_episodes_remain_and_goes_with_the_last(
    stack: Stack,
) -> None:
    """Quiet Meridian's complete pack: kept for E08, removed with its data with E08."""
    meridian = stack.torrents.meridian
    first = await stack.plan(series_id=MERIDIAN, episodes=["S01E01-E07"])
    assert ("qbittorrent", "remove_torrent") not in _steps(first)
    assert [k["target"] for k in first["kept"]] == [meridian.info_hash]
    record = await stack.delete(first["plan_id"])
    assert record["episodes_deleted"] == [f"S01E{n:02d}" for n in range(1, 8)]
    assert meridian.info_hash in await stack.torrents_now()
    assert all((meridian.save_path / name).exists() for name in meridian.files)

    last = await stack.plan(series_id=MERIDIAN, episodes=["S01E08"])
    assert ("qbittorrent", "remove_torrent") in _steps(last)
    record = await stack.delete(last["plan_id"])
    assert record["episodes_deleted"] == ["S01E08"]
    assert meridian.info_hash not in await stack.torrents_now()
    assert not meridian.content_path.exists()
    # Nothing of the series is left: Jellyseerr no longer says it is available.
    media = next(m for m in stack.jellyseerr.media.values() if m.get("tvdbId") == 401122)
    assert media["status"] not in (4, 5)


async def test_cascade_with_every_service(stack: Stack) -> None:
    """Hoshi no Kakera everywhere: Sonarr, its torrents, Jellyfin, Jellyseerr and Shoko."""
    before = await stack.picture()
    events = async_capture_events(stack.hass, EVENT_DELETION_COMPLETED)
    status_events = async_capture_events(stack.hass, EVENT_EPISODE_STATUS)
    plan = await stack.plan(series_id=HOSHI, cascade=True, import_list_exclusion=True)
    assert _steps(plan) == [
        *[("qbittorrent", "remove_torrent")] * 6,
        ("sonarr", "delete_series"),
        ("jellyfin", "delete_library_series"),
        ("jellyseerr", "delete_requests"),
        ("jellyseerr", "delete_media"),
        ("shoko", "forget_files"),
    ]
    record = await stack.delete(plan["plan_id"])
    assert record["episodes_failed"] == []
    assert len(record["episodes_deleted"]) == 20
    assert record["before"]["episodes"] == 20
    assert record["before"]["episode_files"] == 17
    assert record["after"]["torrents"] == []

    after = await stack.picture()
    assert after["sonarr_series"] == [HARBOR, MERIDIAN]
    assert stack.sonarr.deleted_series == [
        {
            "id": HOSHI,
            "title": "Hoshi no Kakera",
            "deleteFiles": True,
            "addImportListExclusion": True,
        }
    ]
    hoshi = {t.info_hash for t in [*stack.torrents.hoshi.values(), stack.torrents.hoshi_18]}
    assert set(after["qbittorrent"]) == set(before["qbittorrent"]) - hoshi
    assert (
        after["qbittorrent"][stack.torrents.foreign.info_hash]
        == (before["qbittorrent"][stack.torrents.foreign.info_hash])
    )
    assert not (stack.root / "singles").exists() or not any((stack.root / "singles").iterdir())
    assert stack.torrents.foreign.content_path.exists()
    assert not [
        i for i in stack.jellyfin.items.values() if i.get("SeriesName") == "Hoshi no Kakera"
    ]
    assert not stack.jellyfin.deleted_items  # Sonarr took the folder; Jellyfin was told
    assert 12 not in stack.jellyseerr.media
    assert not [r for r in stack.jellyseerr.media_requests.values() if r["mediaId"] == 12]
    assert stack.jellyseerr.file_deletions == []  # never Jellyseerr's own file deletion
    assert after["shoko_files"] == []
    assert {d["removeFiles"] for d in stack.shoko.deleted_files} == {False}

    (event,) = events
    assert event.data["series_id"] == HOSHI
    assert event.data["episodes_deleted"] == 20
    assert event.data["cascade"] is True
    # What the deletion did is its own event, not a stream of per-episode changes.
    assert not [e for e in status_events if e.data["series_id"] == HOSHI]
    # Nothing is left of the request: it retires.
    coordinator = stack.entry.runtime_data.coordinator
    assert coordinator.data is not None
    assert HOSHI not in coordinator.data.state.requests


async def test_a_plan_is_refused_once_the_world_changed(stack: Stack) -> None:
    """Sonarr imported an episode since the dry run: refused, translated, nothing touched."""
    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    stack.sonarr.episodes[HOSHI * 100 + 19]["monitored"] = False
    before = await stack.picture()
    with pytest.raises(ServiceValidationError) as raised:
        await stack.delete(plan["plan_id"])
    assert raised.value.translation_key == "plan_outdated"
    assert await stack.picture() == before
    assert not stack.sonarr.deleted_episode_files
    with pytest.raises(ServiceValidationError) as raised:
        await stack.delete("0123456789abcdef01234567")
    assert raised.value.translation_key == "plan_outdated"
    # Planned again on the world as it is now, it runs.
    again = await stack.plan(series_id=HOSHI, absolute=[13])
    assert again["plan_id"] != plan["plan_id"]
    assert (await stack.delete(again["plan_id"]))["episodes_deleted"] == ["S02E01"]
    # A plan runs once.
    with pytest.raises(ServiceValidationError):
        await stack.delete(again["plan_id"])


async def test_a_protected_series_needs_force(stack: Stack) -> None:
    """The protection tag (option, default "keep") refuses the plan unless forced."""
    stack.sonarr.tags.append({"id": 7, "label": "keep"})
    stack.sonarr.series[MERIDIAN]["tags"] = [7]
    with pytest.raises(ServiceValidationError) as raised:
        await stack.plan(series_id=MERIDIAN, cascade=True)
    assert raised.value.translation_key == "protected"
    assert "keep" in str(raised.value.translation_placeholders)
    forced = await stack.plan(series_id=MERIDIAN, cascade=True, force=True)
    assert forced["steps"]


async def test_running_the_same_deletion_again_changes_nothing(stack: Stack) -> None:
    """Idempotent: the second run plans nothing and says what is already gone."""
    first = await stack.plan(series_id=HOSHI, absolute=[13, 14])
    await stack.delete(first["plan_id"])
    before = await stack.picture()
    updates = len(stack.jellyfin.media_updates)
    second = await stack.plan(series_id=HOSHI, absolute=[13, 14])
    assert second["steps"] == []
    assert "S02E01: no file in Sonarr" in second["already_gone"]
    record = await stack.delete(second["plan_id"])
    assert record["steps"] == []
    assert record["episodes_failed"] == []
    assert record["already_gone"] == second["already_gone"]
    assert await stack.picture() == before
    assert len(stack.jellyfin.media_updates) == updates


FAILURES = {
    "sonarr": ("sonarr", "/api/v3/series/2", "DELETE"),
    "jellyfin": ("jellyfin", "/Library/Media/Updated", "POST"),
    "jellyseerr": ("jellyseerr", "/api/v1/media/12", "DELETE"),
    "shoko": ("shoko", "/api/v3/File", "DELETE"),
}


@pytest.mark.parametrize("service", ["sonarr", "qbittorrent", "jellyfin", "jellyseerr", "shoko"])
async def test_a_service_failing_midway_stops_nothing_else(stack: Stack, service: str) -> None:
    """One service answers 500 (or cannot be reached): the others are still done, the log says
    which steps failed and which episodes are not gone."""
    stack.entry.runtime_data.deletions.runner.verify_timeout = 0.5
    plan = await stack.plan(series_id=HOSHI, cascade=True)
    if service == "qbittorrent":
        client = stack.entry.runtime_data.clients.qbittorrent
        client.delete_torrents = AsyncMock(side_effect=CannotConnect("qBittorrent went away"))  # type: ignore[method-assign]
    else:
        name, path, method = FAILURES[service]
        fake = {"sonarr": stack.sonarr, "jellyfin": stack.jellyfin}.get(name) or {
            "jellyseerr": stack.jellyseerr,
            "shoko": stack.shoko,
        }[name]
        fake.set_behaviour("500", path=path, method=method)
    record = await stack.delete(plan["plan_id"])
    failed = {s["service"] for s in record["steps"] if not s["ok"]}
    assert failed == {service}
    assert all(s["ok"] for s in record["steps"] if s["service"] != service)
    assert record["episodes_failed"]
    done = {s["service"] for s in record["steps"] if s["ok"]}
    assert done >= {"sonarr", "qbittorrent", "jellyfin", "jellyseerr", "shoko"} - {service}
    if service != "qbittorrent":
        assert not any(t.content_path.exists() for t in stack.torrents.hoshi.values())
    if service != "jellyseerr":
        assert 12 not in stack.jellyseerr.media
    if service not in ("shoko", "sonarr"):
        assert not stack.shoko.files
    if service == "sonarr":
        # The files are still there: Shoko keeps them and Jellyfin is neither told nor asked.
        assert stack.shoko.files
        assert not stack.jellyfin.media_updates
        assert not stack.jellyfin.deleted_items


async def test_verification_catches_a_service_that_said_yes_and_did_nothing(
    stack: Stack,
) -> None:
    """Jellyfin answers 204 to the deletion but never scans it: two episodes failed, said so."""
    stack.entry.runtime_data.deletions.runner.verify_timeout = 0.5
    stack.jellyfin.ignores_deleted_paths = True
    plan = await stack.plan(series_id=HOSHI, absolute=[13, 14])
    record = await stack.delete(plan["plan_id"])
    assert all(step["ok"] for step in record["steps"])
    assert record["episodes_failed"] == ["S02E01", "S02E02"]
    assert record["summary"] == (
        "Deleted 0/2 episodes, 2 failed: Jellyfin still lists S02E01, S02E02"
    )


async def test_verification_waits_for_jellyfins_scan(stack: Stack) -> None:
    """Jellyfin drops the items a few reads later: the verification reads again until then."""
    stack.jellyfin.scan_lag_reads = 3
    plan = await stack.plan(series_id=HOSHI, absolute=[13, 14])
    record = await stack.delete(plan["plan_id"])
    assert record["episodes_failed"] == []
    assert record["summary"] == "Deleted 2/2 episodes"


async def test_deletion_actions_are_for_admins(stack: Stack, hass_read_only_user: MockUser) -> None:
    """A non-admin user is refused every deletion action; nothing is touched."""
    before = await stack.picture()
    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    for service, data in (
        ("plan_deletion", {"series_id": HOSHI, "absolute": [13]}),
        ("delete", {"plan_id": plan["plan_id"]}),
        ("get_deletion_logs", {}),
    ):
        with pytest.raises(Unauthorized):
            await stack.call(service, data, user=hass_read_only_user)
    assert await stack.picture() == before


async def test_logs_survive_a_restart_and_feed_the_sensor_and_the_request(
    stack: Stack,
) -> None:
    """The record is stored: after a reload it is still there, newest first, filterable."""
    hass = stack.hass
    first = await stack.delete((await stack.plan(series_id=HOSHI, absolute=[13]))["plan_id"])
    second = await stack.delete(
        (await stack.plan(series_id=MERIDIAN, episodes=["S01E01"]))["plan_id"]
    )
    assert await hass.config_entries.async_reload(stack.entry.entry_id)
    await hass.async_block_till_done()
    logs = (await stack.call("get_deletion_logs", {}))["logs"]
    assert [r["plan_id"] for r in logs] == [second["plan_id"], first["plan_id"]]
    only = await stack.call("get_deletion_logs", {"series_id": HOSHI})
    assert [r["plan_id"] for r in only["logs"]] == [first["plan_id"]]
    assert (await stack.call("get_deletion_logs", {"limit": 1}))["logs"] == [logs[0]]
    sensor = next(
        s for s in hass.states.async_all("sensor") if s.entity_id.endswith("last_deletion")
    )
    finished = dt_util.parse_datetime(second["finished"])
    assert finished is not None
    assert dt_util.parse_datetime(sensor.state) == finished.replace(microsecond=0)
    assert sensor.attributes["series_id"] == MERIDIAN
    assert sensor.attributes["summary"] == "Deleted 1/1 episodes"
    tree = await stack.call("get_request", {"series_id": HOSHI})
    assert [d["plan_id"] for d in tree["deletions"]] == [first["plan_id"]]


async def test_a_request_is_named_by_its_device(stack: Stack) -> None:
    """The card and the UI name a request by its device."""
    device = dr.async_get(stack.hass).async_get_device_by_identifier(
        (DOMAIN, f"{stack.entry.entry_id}_{MERIDIAN}"), stack.entry.entry_id
    )
    assert device is not None
    plan = await stack.plan(device_id=device.id, episodes="S01E02, S01E04")
    assert plan["series_id"] == MERIDIAN
    assert plan["episodes"] == ["S01E02", "S01E04"]
    assert plan["config_entry_id"] == stack.entry.entry_id


async def test_deletions_done_in_sonarr_are_followed(
    stack: Stack, hass_client_no_auth: Any
) -> None:
    """Sonarr's own UI deletes a file, then the series: its pushes make the tracker follow,
    and the request with nothing left retires with its device."""
    hass = stack.hass
    coordinator = stack.entry.runtime_data.coordinator
    client = await hass_client_no_auth()
    url = f"/api/webhook/{stack.entry.data['webhook_id']}"
    series = {"id": MERIDIAN, "title": "Quiet Meridian", "tvdbId": 401122, "type": "standard"}
    episode = stack.sonarr.episodes[MERIDIAN * 100 + 3]
    before = {e.episode_id: e.status for e in coordinator.data.state.requests[MERIDIAN].episodes}
    assert before[episode["id"]] is EpisodeStatus.AVAILABLE

    del stack.sonarr.episode_files[episode["episodeFileId"]]
    episode.update(episodeFileId=0, hasFile=False)
    # Jellyfin's file monitor sees the file go: the item stays, as metadata only.
    item = next(
        i
        for i in stack.jellyfin.items.values()
        if i.get("SeriesName") == "Quiet Meridian" and i.get("IndexNumber") == 3
    )
    item["LocationType"] = "Virtual"
    item.pop("Path", None)
    pushed = {
        "eventType": "EpisodeFileDelete",
        "instanceName": "Sonarr",
        "applicationUrl": "",
        "series": series,
        "episodes": [
            {"id": episode["id"], "episodeNumber": 3, "seasonNumber": 1, "title": "Part 3"}
        ],
        "episodeFile": {"id": 3, "relativePath": "Season 01/x.mkv", "path": "/tv/x.mkv"},
        "deleteReason": "manual",
    }
    assert (await client.post(url, json=pushed)).status == 200
    await hass.async_block_till_done(wait_background_tasks=True)
    after = {e.episode_id: e.status for e in coordinator.data.state.requests[MERIDIAN].episodes}
    assert after[episode["id"]] is EpisodeStatus.SEARCHING  # still monitored, aired, missing

    del stack.sonarr.series[MERIDIAN]
    stack.sonarr.episodes = {
        k: e for k, e in stack.sonarr.episodes.items() if e["seriesId"] != MERIDIAN
    }
    gone = {"eventType": "SeriesDelete", "instanceName": "Sonarr", "applicationUrl": ""}
    response = await client.post(url, json={**gone, "series": series, "deletedFiles": True})
    assert response.status == 200
    # Pushes close together are one refresh: the second waits out the debounce.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=3))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert MERIDIAN not in coordinator.data.state.requests
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{stack.entry.entry_id}_{MERIDIAN}"), stack.entry.entry_id
    )
    assert device is None
