"""Sensors: per request, per episode, per entry; dynamic devices; writes only on change.

The tracker is stood in for by a plain coordinator fed with real correlations of the worlds in
``tests/tracking/world.py``: what the sensors show is the tracking core's output.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
import json
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder, get_instance, history
from homeassistant.const import STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntryType
from homeassistant.helpers.json import JSONEncoder
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.status_tracker.const import DOMAIN, Service
from custom_components.status_tracker.sensor import REQUEST_SENSORS
from custom_components.status_tracker.shell.options import (
    CONF_EPISODE_CAP,
    CONF_EPISODE_ENTITIES,
    Options,
)
from tests.support.entry import SONARR_URL
from tests.support.stand_in import (
    ENTRY_ID,
    Loaded,
    StandIn,
    entity_entry,
    load,
    merged,
    stand_in_tracker,
    tracker_data,
    without_episodes,
    without_requests,
)
from tests.support.world import GIB, World, torrent_hash
from tests.support.worlds import (
    PACK,
    PACK_HASH,
    PROGRESS,
    awaiting_jellyfin_world,
    big_world,
    failed_world,
    pack_files,
    pack_world,
    singles_world,
)

RECORDER_LIMIT = 16384  # bytes of attributes the recorder stores per state
ATTRIBUTE_BUDGET = 8192  # what every entity here stays under: well below the recorder's limit


@pytest.fixture(autouse=True)
async def stand_in(hass: HomeAssistant) -> AsyncIterator[StandIn]:
    """The stand-in set-up, for every test of this module."""
    async with stand_in_tracker(hass) as patched:
        yield patched


def sensor_entries(hass: HomeAssistant, entry_id: str = ENTRY_ID) -> dict[str, er.RegistryEntry]:
    """The entry's tracking sensors by unique id (the last-deletion sensor is the deletion's:
    it does not follow the tracker's data, ``tests/test_deletion.py`` tests it)."""
    registry = er.async_get(hass)
    return {
        e.unique_id: e
        for e in er.async_entries_for_config_entry(registry, entry_id)
        if e.domain == Platform.SENSOR and e.unique_id != f"{entry_id}_last_deletion"
    }


def state_of(hass: HomeAssistant, unique_id: str) -> Any:
    """The state of the sensor with ``unique_id``."""
    entity_id = er.async_get(hass).async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)
    assert entity_id is not None, unique_id
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """As in conftest, but a test asking for the recorder gets it before ``hass`` (it must)."""
    if "recorder_mock" in request.fixturenames:
        request.getfixturevalue("recorder_mock")
    request.getfixturevalue("enable_custom_integrations")


@pytest.fixture
def pack() -> World:
    """The 13-episode season pack world."""
    return pack_world()


# -- snapshots --------------------------------------------------------------------------------


async def test_season_pack_request(
    hass: HomeAssistant,
    stand_in: StandIn,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    pack: World,
) -> None:
    """The 13-episode pack: 4 request sensors, 13 episode sensors and the 4 entry counts."""
    loaded = await load(hass, stand_in, tracker_data(pack))
    await snapshot_platform(hass, entity_registry, snapshot, loaded.entry.entry_id)

    entities = sensor_entries(hass)
    request = {u for u in entities if u.startswith(f"{ENTRY_ID}_1_")}
    assert len(request) == 17  # status, episodes available, downloaded, ETA + 13 episodes
    assert len(entities) == 21  # + downloading, importing, failed/stalled, in progress


@pytest.mark.parametrize(
    "world_fn",
    [singles_world, failed_world, awaiting_jellyfin_world],
    ids=["single_episodes", "failed", "awaiting_jellyfin"],
)
async def test_scenarios(
    hass: HomeAssistant,
    stand_in: StandIn,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    world_fn: Callable[[], World],
) -> None:
    """The tracking core's scenarios, as entities."""
    loaded = await load(hass, stand_in, tracker_data(world_fn()))
    await snapshot_platform(hass, entity_registry, snapshot, loaded.entry.entry_id)


# -- devices and ids --------------------------------------------------------------------------


async def test_request_device_links_to_sonarr(
    hass: HomeAssistant, stand_in: StandIn, device_registry: dr.DeviceRegistry, pack: World
) -> None:
    """A service device per request, below the entry's device, linked to the Sonarr page."""
    await load(hass, stand_in, tracker_data(pack))
    device = device_registry.async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_1"), ENTRY_ID)
    parent = device_registry.async_get_device_by_identifier((DOMAIN, ENTRY_ID), ENTRY_ID)
    assert device is not None
    assert parent is not None
    assert device.name == "Harbor Lights"
    assert device.entry_type is DeviceEntryType.SERVICE
    assert device.configuration_url == f"{SONARR_URL}/series/harbor-lights"
    assert (device.manufacturer, device.model) == ("Sonarr", "Standard series")
    assert device.via_device_id == parent.id
    assert parent.name == "Status Tracker (sonarr.local)"
    assert parent.entry_type is DeviceEntryType.SERVICE


async def test_request_without_a_sonarr_link(
    hass: HomeAssistant, stand_in: StandIn, device_registry: dr.DeviceRegistry, pack: World
) -> None:
    """No link for a series (no title slug): the device is named after the request."""
    await load(hass, stand_in, replace(tracker_data(pack), links={}))
    device = device_registry.async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_1"), ENTRY_ID)
    assert device is not None
    assert device.name == "Harbor Lights"
    assert device.configuration_url is None


async def test_unique_ids_and_entity_ids(
    hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """Unique ids from Sonarr's ids; entity ids from the series and the episode's name."""
    await load(hass, stand_in, tracker_data(pack))
    entities = sensor_entries(hass)
    first_episode = pack.shows[1].ep(1, 1)["id"]
    assert entities[f"{ENTRY_ID}_1_status"].entity_id == "sensor.harbor_lights_status"
    # Named for what they measure (the unique id "progress" is the key of old).
    assert entities[f"{ENTRY_ID}_1_progress"].entity_id == "sensor.harbor_lights_episodes_available"
    assert entities[f"{ENTRY_ID}_1_downloaded"].entity_id == "sensor.harbor_lights_downloaded"
    assert entities[f"{ENTRY_ID}_1_eta"].entity_id == "sensor.harbor_lights_estimated_completion"
    assert (
        entities[f"{ENTRY_ID}_1_{first_episode}"].entity_id
        == "sensor.harbor_lights_s01e01_chapter_1"
    )
    assert (
        entities[f"{ENTRY_ID}_episodes_downloading"].entity_id
        == "sensor.status_tracker_sonarr_local_episodes_downloading"
    )
    state = state_of(hass, f"{ENTRY_ID}_1_{first_episode}")
    assert state.name == "Harbor Lights S01E01 Chapter 1"
    assert state.state == "downloading"


async def test_episode_without_title_is_named_by_its_code(
    hass: HomeAssistant, stand_in: StandIn
) -> None:
    """No title from Sonarr: the name is the code alone, no dangling space."""
    world = pack_world()
    world.shows[1].ep(1, 2)["title"] = ""
    await load(hass, stand_in, tracker_data(world))
    state = state_of(hass, f"{ENTRY_ID}_1_{world.shows[1].ep(1, 2)['id']}")
    assert state.name == "Harbor Lights S01E02"
    assert state.entity_id == "sensor.harbor_lights_s01e02"


async def test_a_renamed_episode_gets_its_new_name(
    hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """Sonarr retitles an episode: the friendly name follows without a restart."""
    loaded = await load(hass, stand_in, tracker_data(pack))
    episode = pack.shows[1].ep(1, 4)
    episode["title"] = "The Lighthouse"
    loaded.push(tracker_data(pack))
    await hass.async_block_till_done()
    assert (
        state_of(hass, f"{ENTRY_ID}_1_{episode['id']}").name
        == "Harbor Lights S01E04 The Lighthouse"
    )


# -- attributes -------------------------------------------------------------------------------


async def test_request_attributes(hass: HomeAssistant, stand_in: StandIn, pack: World) -> None:
    """The pack request's sensors carry its figures; nothing empty is published."""
    await load(hass, stand_in, tracker_data(pack))
    status = state_of(hass, f"{ENTRY_ID}_1_status")
    assert status.state == "downloading"
    assert status.attributes["options"] == [
        "requested", "searching", "found", "downloading", "importing", "partially_available",
        "available", "failed",
    ]  # fmt: skip
    assert status.attributes["episode_counts"] == {"found": 8, "downloading": 3, "importing": 2}
    assert status.attributes["requested_by"] == "maria"
    # Empty and nothing-to-say attributes are not published.
    assert "episodes_without_entity" not in status.attributes
    assert "episodes_without_entity_status" not in status.attributes
    assert "services_down" not in status.attributes

    progress = state_of(hass, f"{ENTRY_ID}_1_progress")
    assert progress.state == "0.0"
    assert progress.attributes["unit_of_measurement"] == "%"
    assert progress.attributes["episodes_total"] == 13
    assert progress.attributes["seasons"] == [
        {
            "season": 1,
            "available": 0,
            "total": 13,
            "summary": (
                "S01 E01 downloading 45 % · E02 downloading 12 % · E03 importing · E04–E06 found"
                " · E07 importing · E08–E11 found · E12 downloading 60 % · E13 found"
            ),
        }
    ]
    downloaded = state_of(hass, f"{ENTRY_ID}_1_downloaded")
    assert downloaded.attributes["unit_of_measurement"] == "%"
    assert float(downloaded.state) > 0  # bytes arrive while no episode is available yet
    (release,) = downloaded.attributes["releases"]
    assert release["type"] == "season_pack"
    assert release["episodes"] == 13
    assert "stalled" not in release
    eta = state_of(hass, f"{ENTRY_ID}_1_eta")
    assert eta.attributes["device_class"] == "timestamp"
    assert eta.state == datetime(2026, 11, 21, 10, 0, tzinfo=UTC).isoformat()


async def test_episode_attributes(hass: HomeAssistant, stand_in: StandIn, pack: World) -> None:
    """An episode of the pack: its own file's progress, the pack's release and torrent."""
    await load(hass, stand_in, tracker_data(pack))
    attributes = state_of(hass, f"{ENTRY_ID}_1_{pack.shows[1].ep(1, 1)['id']}").attributes
    assert attributes["season"] == 1
    assert attributes["episode"] == 1
    assert attributes["title"] == "Chapter 1"
    assert attributes["progress"] == 45.0
    assert attributes["release_title"] == PACK
    assert attributes["release_type"] == "season_pack"
    assert attributes["torrent_hash"] == PACK_HASH.lower()
    assert attributes["speed"] == 4_000_000
    # What the more-info dialog lists first (it hides the capability attributes).
    listed = [k for k in attributes if k not in {"options", "device_class", "friendly_name"}]
    assert listed[:2] == ["progress", "eta"]
    assert "stalled" not in attributes  # False: not published
    assert "qbittorrent_down" not in attributes


async def test_failed_and_stalled_are_counted(hass: HomeAssistant, stand_in: StandIn) -> None:
    """The entry's attention sensor lists failed episodes and stalled downloads."""
    await load(hass, stand_in, merged(tracker_data(failed_world()), tracker_data(singles_world())))
    attention = state_of(hass, f"{ENTRY_ID}_episodes_attention")
    listed = {(e["series"], e["episode"], e["status"]) for e in attention.attributes["episodes"]}
    assert listed == {
        ("Ember Line", "S01E01", "failed"),
        ("Ember Line", "S01E03", "failed"),
        ("Salt Road", "S02E03", "downloading"),  # stalled
    }
    assert attention.state == "3"
    assert attention.attributes["unit_of_measurement"] == "episodes"
    assert state_of(hass, f"{ENTRY_ID}_requests_in_progress").state == "2"
    assert state_of(hass, f"{ENTRY_ID}_episodes_importing").state == "2"


async def test_services_down_are_flagged(
    hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """qBittorrent down: the episodes say so, the request lists the missing service."""
    await load(hass, stand_in, tracker_data(pack, down=frozenset({Service.QBITTORRENT})))
    episode = state_of(hass, f"{ENTRY_ID}_1_{pack.shows[1].ep(1, 1)['id']}")
    assert episode.attributes["qbittorrent_down"] is True
    status = state_of(hass, f"{ENTRY_ID}_1_status")
    assert status.attributes["services_down"] == ["qBittorrent"]


async def test_fast_attributes_are_not_recorded(
    recorder_mock: Recorder, hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """Speed, ETA, bytes and progress reach the state machine but not the recorder."""
    start = dt_util.utcnow()
    await load(hass, stand_in, tracker_data(pack))
    await async_wait_recording_done(hass)
    episode = state_of(hass, f"{ENTRY_ID}_1_{pack.shows[1].ep(1, 1)['id']}")
    progress = state_of(hass, f"{ENTRY_ID}_1_downloaded")
    assert {"speed", "eta", "downloaded", "progress"} <= set(episode.attributes)
    assert {"bytes_done", "bytes_total", "releases"} <= set(progress.attributes)

    recorded = await get_instance(hass).async_add_executor_job(
        history.get_significant_states, hass, start, None, [episode.entity_id, progress.entity_id]
    )
    (episode_row,) = recorded[episode.entity_id]
    (progress_row,) = recorded[progress.entity_id]
    assert isinstance(episode_row, State)
    assert isinstance(progress_row, State)
    assert not {"speed", "eta", "downloaded", "progress"} & set(episode_row.attributes)
    assert episode_row.attributes["release_type"] == "season_pack"
    assert not {"bytes_done", "bytes_total", "releases"} & set(progress_row.attributes)
    assert progress_row.attributes["unit_of_measurement"] == "%"


# -- bounds -----------------------------------------------------------------------------------


def _attribute_sizes(hass: HomeAssistant) -> dict[str, int]:
    sizes = {}
    for unique_id in sensor_entries(hass):
        attributes = dict(state_of(hass, unique_id).attributes)
        sizes[unique_id] = len(json.dumps(attributes, cls=JSONEncoder))
    return sizes


async def test_hundred_episodes_stay_well_under_the_recorder_limit(
    hass: HomeAssistant, stand_in: StandIn
) -> None:
    """100 episodes, 100 releases, long titles and messages: every entity under 8 KB."""
    world = big_world(100)
    await load(hass, stand_in, tracker_data(world))
    sizes = _attribute_sizes(hass)
    assert len(sizes) == 4 + len(REQUEST_SENSORS) + 100
    assert max(sizes.values()) < ATTRIBUTE_BUDGET < RECORDER_LIMIT, max(
        sizes.items(), key=lambda i: i[1]
    )
    episode = state_of(hass, f"{ENTRY_ID}_42_{world.shows[42].ep(1, 1)['id']}")
    assert len(episode.attributes["message"]) == 500  # Sonarr's messages, cut
    assert episode.attributes["message"].endswith("…")
    downloaded = state_of(hass, f"{ENTRY_ID}_42_downloaded")
    assert len(downloaded.attributes["releases"]) == 10
    assert downloaded.attributes["releases_not_listed"] == 90


async def test_text_from_the_services_is_bounded_where_it_is_shown(
    hass: HomeAssistant, stand_in: StandIn
) -> None:
    """A 100 KB release title, series title and episode title: every entity still under 8 KB."""
    world = World()
    huge = "Z" * 100_000
    show = world.add_series(
        6, f"Long {huge}", seasons={1: (datetime(2026, 10, 1, 1, 0, tzinfo=UTC), 2)}
    )
    world.request(show, [1])
    show.ep(1, 1)["title"] = f"Episode {huge}"
    download_id = torrent_hash("huge")
    title = f"Long.S01E01.{huge}.1080p.WEB.h264-GRP"
    world.download(show, [show.ep(1, 1)], download_id=download_id, title=title, size=GIB)
    world.torrent(download_id, title, size=GIB, progress=0.3, state="stalledDL")
    await load(hass, stand_in, tracker_data(world))
    sizes = _attribute_sizes(hass)
    assert max(sizes.values()) < ATTRIBUTE_BUDGET, max(sizes.items(), key=lambda i: i[1])
    episode = state_of(hass, f"{ENTRY_ID}_6_{show.ep(1, 1)['id']}")
    assert episode.attributes["release_title"].endswith("…")
    assert len(episode.attributes["release_title"]) == 250
    assert len(episode.name) < 300
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_6"), ENTRY_ID)
    assert device is not None
    assert device.name is not None
    assert len(device.name) == 100


async def test_only_torrent_hashes_are_published_as_such(
    hass: HomeAssistant, stand_in: StandIn
) -> None:
    """SABnzbd's or Download Station's ids are Sonarr's download ids, never torrent hashes."""
    world = World()
    show = world.add_series(
        11, "Usenet Show", seasons={1: (datetime(2026, 10, 1, 1, 0, tzinfo=UTC), 2)}
    )
    world.request(show, [1])
    world.download(
        show, [show.ep(1, 1)], download_id="SABnzbd_nzo_p2k9x7", title="Usenet.Show.S01E01",
        size=GIB,
    )  # fmt: skip
    torrent = torrent_hash("usenet-2")
    world.download(show, [show.ep(1, 2)], download_id=torrent, title="Usenet.Show.S01E02", size=GIB)
    await load(hass, stand_in, tracker_data(world))
    first = state_of(hass, f"{ENTRY_ID}_11_{show.ep(1, 1)['id']}")
    second = state_of(hass, f"{ENTRY_ID}_11_{show.ep(1, 2)['id']}")
    assert "torrent_hash" not in first.attributes
    assert second.attributes["torrent_hash"] == torrent.lower()


async def test_sonarr_gone_makes_its_entities_unavailable_and_back_intact(
    hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """Sonarr unreachable for more than a poll: every figure derived from it is unavailable.

    The counts too: they would count from a stale picture. When Sonarr is back the states
    return as they were, with their history (``since``).
    """
    data = tracker_data(pack)
    loaded = await load(hass, stand_in, data)
    episode_id = f"{ENTRY_ID}_1_{pack.shows[1].ep(1, 1)['id']}"
    since = state_of(hass, episode_id).attributes["since"]
    loaded.push(replace(data, sonarr_unavailable=True, down=frozenset({Service.SONARR})))
    await hass.async_block_till_done()
    for unique_id in sensor_entries(hass):
        assert state_of(hass, unique_id).state == STATE_UNAVAILABLE, unique_id
    loaded.push(data)
    await hass.async_block_till_done()
    assert state_of(hass, f"{ENTRY_ID}_1_status").state == "downloading"
    assert state_of(hass, episode_id).attributes["since"] == since


async def test_the_entry_has_a_budget_of_episode_entities(
    hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """Home Assistant stops adding an entry's entities at 10,000: the entry stays well below.

    Requests share the budget first come first served; the rest is summarised.
    """
    both = merged(tracker_data(pack), tracker_data(awaiting_jellyfin_world()))
    with patch("custom_components.status_tracker.shell.entity_sync.MAX_EPISODE_ENTITIES", 15):
        await load(hass, stand_in, both)
    episodes = [u for u in sensor_entries(hass) if u[-1].isdigit()]
    assert len(episodes) == 15  # 13 of the pack, 2 of Lowland's 4
    lowland = state_of(hass, f"{ENTRY_ID}_8_status")
    assert lowland.attributes["episodes_without_entity"] == 2


async def test_episode_cap_summarises_the_rest(hass: HomeAssistant, stand_in: StandIn) -> None:
    """More episodes than the cap: the first ones get sensors, the request counts the rest."""
    world = big_world(30)
    await load(hass, stand_in, tracker_data(world), entry=entity_entry(**{CONF_EPISODE_CAP: 25}))
    entities = sensor_entries(hass)
    episodes = [u for u in entities if u.startswith(f"{ENTRY_ID}_42_") and u[-1].isdigit()]
    assert len(episodes) == 25
    assert f"{ENTRY_ID}_42_{world.shows[42].ep(1, 25)['id']}" in entities
    assert f"{ENTRY_ID}_42_{world.shows[42].ep(1, 26)['id']}" not in entities
    status = state_of(hass, f"{ENTRY_ID}_42_status")
    assert status.attributes["episodes_without_entity"] == 5
    assert status.attributes["episodes_without_entity_status"] == {"downloading": 5}


async def test_episode_entities_can_be_turned_off(
    hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """Option off: only the request's sensors; every episode is summarised."""
    await load(
        hass, stand_in, tracker_data(pack), entry=entity_entry(**{CONF_EPISODE_ENTITIES: False})
    )
    assert set(sensor_entries(hass)) == {
        f"{ENTRY_ID}_1_status",
        f"{ENTRY_ID}_1_progress",
        f"{ENTRY_ID}_1_downloaded",
        f"{ENTRY_ID}_1_eta",
        f"{ENTRY_ID}_episodes_downloading",
        f"{ENTRY_ID}_episodes_importing",
        f"{ENTRY_ID}_episodes_attention",
        f"{ENTRY_ID}_requests_in_progress",
    }
    assert state_of(hass, f"{ENTRY_ID}_1_status").attributes["episodes_without_entity"] == 13


# -- dynamic ----------------------------------------------------------------------------------


async def test_requests_and_episodes_come_and_go(
    hass: HomeAssistant, stand_in: StandIn, device_registry: dr.DeviceRegistry, pack: World
) -> None:
    """New request: device and sensors added; vanished request and episodes: removed."""
    loaded = await load(hass, stand_in, tracker_data(pack))
    lowland = tracker_data(awaiting_jellyfin_world())
    both = merged(tracker_data(pack), lowland)

    loaded.push(both)
    await hass.async_block_till_done()
    assert (
        device_registry.async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_8"), ENTRY_ID)
        is not None
    )
    assert state_of(hass, f"{ENTRY_ID}_8_status").state == "importing"
    per_request = len(REQUEST_SENSORS)
    assert len(sensor_entries(hass)) == 4 + (per_request + 13) + (per_request + 4)

    # Two episodes of the pack leave the scope: their sensors go, the others stay.
    gone = {pack.shows[1].ep(1, n)["id"] for n in (12, 13)}
    loaded.push(without_episodes(both, 1, gone))
    await hass.async_block_till_done()
    assert not {f"{ENTRY_ID}_1_{e}" for e in gone} & set(sensor_entries(hass))
    assert len(sensor_entries(hass)) == 4 + (per_request + 11) + (per_request + 4)
    assert all(
        hass.states.get(f"sensor.harbor_lights_s01e{n}_chapter_{n}") is None for n in (12, 13)
    )

    # The pack request is over (retention passed): its device and every sensor of it go.
    loaded.push(without_requests(both, 1))
    await hass.async_block_till_done()
    assert (
        device_registry.async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_1"), ENTRY_ID) is None
    )
    assert not [u for u in sensor_entries(hass) if u.startswith(f"{ENTRY_ID}_1_")]
    assert hass.states.get("sensor.harbor_lights_status") is None
    assert hass.states.get("sensor.harbor_lights_s01e01_chapter_1") is None

    # ... and it can come back (a new request for the same series).
    loaded.push(both)
    await hass.async_block_till_done()
    assert state_of(hass, f"{ENTRY_ID}_1_status").state == "downloading"
    per_request = len(REQUEST_SENSORS)
    assert len(sensor_entries(hass)) == 4 + (per_request + 13) + (per_request + 4)


async def test_nothing_is_removed_on_an_unreliable_picture(
    hass: HomeAssistant, stand_in: StandIn, device_registry: dr.DeviceRegistry, pack: World
) -> None:
    """Sonarr down, or the request's correlation failed this time: its device stays."""
    data = tracker_data(pack)
    loaded = await load(hass, stand_in, data)
    empty = without_requests(data, 1)

    loaded.push(replace(empty, down=frozenset({Service.SONARR})))
    await hass.async_block_till_done()
    assert (
        device_registry.async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_1"), ENTRY_ID)
        is not None
    )

    problem = "series 1: internal error ValueError: boom"
    loaded.push(
        replace(
            empty,
            state=replace(empty.state, problems=(problem,), failed_series=frozenset({1})),
        )
    )
    await hass.async_block_till_done()
    assert (
        device_registry.async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_1"), ENTRY_ID)
        is not None
    )
    assert state_of(hass, f"{ENTRY_ID}_1_status").state == STATE_UNAVAILABLE

    loaded.push(data)
    await hass.async_block_till_done()
    assert state_of(hass, f"{ENTRY_ID}_1_status").state == "downloading"


async def test_leftovers_from_before_a_restart_are_removed(
    hass: HomeAssistant,
    stand_in: StandIn,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    pack: World,
) -> None:
    """Devices of requests gone while stopped, and sensors no longer wanted, are removed."""
    entry = entity_entry(**{CONF_EPISODE_CAP: 12})
    entry.add_to_hass(hass)
    stale = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, f"{ENTRY_ID}_99")}, name="Gone"
    )
    entity_registry.async_get_or_create(
        Platform.SENSOR, DOMAIN, f"{ENTRY_ID}_99_status", config_entry=entry, device_id=stale.id
    )
    # E13 had a sensor before the cap was lowered to 12.
    thirteenth = f"{ENTRY_ID}_1_{pack.shows[1].ep(1, 13)['id']}"
    entity_registry.async_get_or_create(Platform.SENSOR, DOMAIN, thirteenth, config_entry=entry)

    await load(hass, stand_in, tracker_data(pack), entry=entry)
    assert device_registry.async_get(stale.id) is None
    entities = sensor_entries(hass)
    assert f"{ENTRY_ID}_99_status" not in entities
    assert thirteenth not in entities
    assert len(entities) == 4 + len(REQUEST_SENSORS) + 12


async def test_leftovers_keep_a_request_that_failed_this_time(
    hass: HomeAssistant,
    stand_in: StandIn,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    pack: World,
) -> None:
    """At start-up, a request whose correlation failed keeps its device and sensors."""
    entry = entity_entry()
    entry.add_to_hass(hass)
    device = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, f"{ENTRY_ID}_1")}, name="Harbor"
    )
    status = entity_registry.async_get_or_create(
        Platform.SENSOR, DOMAIN, f"{ENTRY_ID}_1_status", config_entry=entry, device_id=device.id
    )
    empty = without_requests(tracker_data(pack), 1)
    problem = "series 1: internal error KeyError: 'x'"
    failed = replace(empty.state, problems=(problem,), failed_series=frozenset({1}))
    await load(hass, stand_in, replace(empty, state=failed))
    assert device_registry.async_get(device.id) is not None
    assert entity_registry.async_get(status.entity_id) is not None


async def test_leftovers_wait_for_data(hass: HomeAssistant, stand_in: StandIn, pack: World) -> None:
    """Without data at start-up nothing is removed; the first data adds the requests."""
    entry = entity_entry()
    entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    kept = registry.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, f"{ENTRY_ID}_1")}, name="Kept"
    )
    loaded = await load(hass, stand_in, None, entry=entry)
    assert registry.async_get(kept.id) is not None
    assert state_of(hass, f"{ENTRY_ID}_requests_in_progress").state == STATE_UNAVAILABLE
    assert set(sensor_entries(hass)) == {
        f"{ENTRY_ID}_episodes_downloading",
        f"{ENTRY_ID}_episodes_importing",
        f"{ENTRY_ID}_episodes_attention",
        f"{ENTRY_ID}_requests_in_progress",
    }

    loaded.push(tracker_data(pack))
    await hass.async_block_till_done()
    assert registry.async_get(kept.id) is not None  # the same device, now with its sensors
    assert state_of(hass, f"{ENTRY_ID}_requests_in_progress").state == "1"
    assert len(sensor_entries(hass)) == 21


async def test_unavailable_without_data(
    hass: HomeAssistant, stand_in: StandIn, pack: World
) -> None:
    """The tracker loses its data: every sensor is unavailable, and back with it."""
    loaded = await load(hass, stand_in, tracker_data(pack))
    loaded.push(None)
    await hass.async_block_till_done()
    states = {u: state_of(hass, u).state for u in sensor_entries(hass)}
    assert set(states.values()) == {STATE_UNAVAILABLE}
    assert len(states) == 21  # nothing removed for lack of data

    loaded.push(tracker_data(pack))
    await hass.async_block_till_done()
    assert state_of(hass, f"{ENTRY_ID}_1_status").state == "downloading"


async def test_unload_and_reload(hass: HomeAssistant, stand_in: StandIn, pack: World) -> None:
    """Unloading removes the listeners; a reload brings the same entities back."""
    loaded = await load(hass, stand_in, tracker_data(pack))
    before = {u: e.entity_id for u, e in sensor_entries(hass).items()}
    assert await hass.config_entries.async_unload(loaded.entry.entry_id)
    await hass.async_block_till_done()
    assert not loaded.tracker._listeners
    await load(hass, stand_in, tracker_data(pack), entry=loaded.entry)
    assert {u: e.entity_id for u, e in sensor_entries(hass).items()} == before


# -- writes only on change --------------------------------------------------------------------


def _reported(hass: HomeAssistant) -> dict[str, tuple[str, datetime, datetime]]:
    return {
        u: (s.state, s.last_updated, s.last_reported)
        for u in sensor_entries(hass)
        if (s := state_of(hass, u))
    }


async def test_an_unchanged_cycle_writes_nothing(
    hass: HomeAssistant, stand_in: StandIn, freezer: FrozenDateTimeFactory, pack: World
) -> None:
    """Five seconds later, same torrents (ETA counting down): no state is written at all."""
    data = tracker_data(pack)
    loaded = await load(hass, stand_in, data)
    before = _reported(hass)

    freezer.tick(timedelta(seconds=5))
    pack.now += timedelta(seconds=5)
    pack.torrents[PACK_HASH.lower()]["eta"] -= 5
    again = tracker_data(pack, data.state)
    assert again is not data
    loaded.push(again)
    await hass.async_block_till_done()
    assert _reported(hass) == before  # last_reported included: nothing was written

    # Now one file progresses: its episode, the request's figures and nothing else change.
    freezer.tick(timedelta(seconds=5))
    pack.now += timedelta(seconds=5)
    pack.torrents[PACK_HASH.lower()]["eta"] -= 5
    progress = {**PROGRESS, 2: 0.2}
    pack.files[PACK_HASH.lower()] = [
        {**f, "progress": p}
        for f, (_, _, p) in zip(pack.files[PACK_HASH.lower()], pack_files(progress), strict=True)
    ]
    loaded.push(tracker_data(pack, again.state))
    await hass.async_block_till_done()
    after = _reported(hass)
    changed = {u for u in after if after[u] != before[u]}
    assert changed == {
        f"{ENTRY_ID}_1_{pack.shows[1].ep(1, 2)['id']}",
        f"{ENTRY_ID}_1_progress",  # its season summary says E02's %
        f"{ENTRY_ID}_1_downloaded",
    }


@pytest.fixture
async def two_entries(hass: HomeAssistant, stand_in: StandIn, pack: World) -> tuple[Loaded, Loaded]:
    """Two config entries (two Sonarr servers) tracking different series."""
    first = await load(hass, stand_in, tracker_data(pack))
    other = MockConfigEntry(
        domain=DOMAIN, entry_id="01JSTATUSTRACKERTESTENTRY1", title="Other",
        unique_id="http://other:8989", options=Options().as_dict(),
    )  # fmt: skip
    second = await load(hass, stand_in, tracker_data(awaiting_jellyfin_world()), entry=other)
    return first, second


async def test_entries_keep_to_their_own_devices(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, two_entries: tuple[Loaded, Loaded]
) -> None:
    """A request gone from one entry does not touch the other entry's devices."""
    first, second = two_entries
    second.push(without_requests(second.tracker.data or tracker_data(World()), 8))
    await hass.async_block_till_done()
    assert (
        device_registry.async_get_device_by_identifier((DOMAIN, f"{ENTRY_ID}_1"), ENTRY_ID)
        is not None
    )
    assert (
        device_registry.async_get_device_by_identifier(
            (DOMAIN, "01JSTATUSTRACKERTESTENTRY1_8"), ENTRY_ID
        )
        is None
    )
    assert len(sensor_entries(hass, first.entry.entry_id)) == 21
