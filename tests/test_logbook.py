"""Logbook: the tracker's bus events read as sentences, linked to the sensors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from http import HTTPStatus
from typing import Any

from homeassistant.components.recorder import Recorder
from homeassistant.core import Event, HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.status_tracker.const import (
    DOMAIN,
    EVENT_DELETION_COMPLETED,
    EVENT_EPISODE_STATUS,
    EVENT_REQUEST_COMPLETED,
    EVENT_REQUEST_STATUS,
)
from custom_components.status_tracker.logbook import async_describe_events
from tests.support.stand_in import ENTRY_ID, StandIn, load, stand_in_tracker, tracker_data
from tests.support.worlds import pack_world

EPISODE: dict[str, Any] = {
    "entry_id": ENTRY_ID,
    "series_id": 1,
    "request_id": 1,
    "series_title": "Harbor Lights",
    "status": "downloading",
    "previous": "found",
    "episode_id": 1001,
    "season": 2,
    "episode": 5,
    "absolute": None,
    "title": "The Title",
}
REQUEST: dict[str, Any] = {
    "entry_id": ENTRY_ID,
    "series_id": 1,
    "request_id": 1,
    "series_title": "Harbor Lights",
    "status": "available",
    "previous": "importing",
}

type Describer = Callable[[Event], dict[str, str]]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """As in conftest, but a test asking for the recorder gets it before ``hass`` (it must)."""
    if "recorder_mock" in request.fixturenames:
        request.getfixturevalue("recorder_mock")
    request.getfixturevalue("enable_custom_integrations")


@pytest.fixture(autouse=True)
async def stand_in(hass: HomeAssistant) -> AsyncIterator[StandIn]:
    """The stand-in tracker of ``tests/test_sensor.py``."""
    async with stand_in_tracker(hass) as patched:
        yield patched


@pytest.fixture
def describers(hass: HomeAssistant) -> dict[str, Describer]:
    """What the platform registers with the logbook, by event type."""
    found: dict[str, Describer] = {}

    def register(domain: str, event_type: str, describe: Describer) -> None:
        assert domain == DOMAIN
        found[event_type] = describe

    async_describe_events(hass, register)
    return found


def _describe(describers: dict[str, Describer], event_type: str, data: dict[str, Any]) -> Any:
    return describers[event_type](Event(event_type, data))


def test_every_event_is_described(describers: dict[str, Describer]) -> None:
    """Every event the tracker fires has a description."""
    assert set(describers) == {
        EVENT_EPISODE_STATUS,
        EVENT_REQUEST_STATUS,
        EVENT_REQUEST_COMPLETED,
        EVENT_DELETION_COMPLETED,
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "had episodes deleted: Deleted 2/3 episodes, 1 failed: Jellyfin still lists S01E04"),
        (
            {"cascade": True, "summary": "Deleted 25/25 episodes"},
            "was deleted: Deleted 25/25 episodes",
        ),
        ({"summary": ""}, "had episodes deleted: nothing was deleted"),
    ],
)
def test_deletion_sentences(
    describers: dict[str, Describer], changes: dict[str, Any], message: str
) -> None:
    """A deletion reads "Harbor Lights had episodes deleted: <the verification's summary>"."""
    data = {
        "entry_id": ENTRY_ID,
        "series_id": 7,
        "series_title": "Harbor Lights",
        "cascade": False,
        "summary": "Deleted 2/3 episodes, 1 failed: Jellyfin still lists S01E04",
        **changes,
    }
    entry = _describe(describers, EVENT_DELETION_COMPLETED, data)
    assert (entry["name"], entry["message"]) == ("Harbor Lights", message)
    assert "entity_id" not in entry  # the entry is not set up in this test


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "S02E05 The Title is now downloading"),
        ({"status": "available"}, "S02E05 The Title is now available"),
        ({"status": "found"}, "S02E05 The Title was found, a release is on its way"),
        ({"status": "failed"}, "S02E05 The Title failed to download"),
        ({"status": "importing"}, "S02E05 The Title is being imported"),
        ({"status": "pending"}, "S02E05 The Title is waiting for its air date"),
        ({"status": "searching"}, "S02E05 The Title is being searched for"),
        ({"status": "teleporting"}, "S02E05 The Title is now teleporting"),
        ({"title": None}, "S02E05 is now downloading"),
        ({"season": None, "episode": None, "title": None}, "An episode is now downloading"),
    ],
)
def test_episode_sentences(
    describers: dict[str, Describer], changes: dict[str, Any], message: str
) -> None:
    """The series is the entry's name; the message names the episode and where it is."""
    entry = _describe(describers, EVENT_EPISODE_STATUS, {**EPISODE, **changes})
    assert entry["name"] == "Harbor Lights"
    assert entry["message"] == message
    assert "entity_id" not in entry  # no such sensor in this test


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("available", "is now available"),
        ("partially_available", "is now partially available"),
        ("failed", "needs attention, a download failed"),
        ("requested", "was requested"),
        ("found", "has a release on its way, nothing is arriving yet"),
    ],
)
def test_request_sentences(describers: dict[str, Describer], status: str, message: str) -> None:
    """A request's status change reads "Harbor Lights is now available"."""
    entry = _describe(describers, EVENT_REQUEST_STATUS, {**REQUEST, "status": status})
    assert (entry["name"], entry["message"]) == ("Harbor Lights", message)


def test_completed_and_damaged_events(describers: dict[str, Describer]) -> None:
    """Completion has its own sentence; an event missing fields still reads."""
    entry = _describe(describers, EVENT_REQUEST_COMPLETED, REQUEST)
    assert entry["message"] == "is complete, every requested episode is available"
    damaged = _describe(describers, EVENT_EPISODE_STATUS, {"series_id": 9, "season": "x"})
    assert damaged == {"name": "Series 9", "message": "An episode is now None"}
    no_entry = _describe(describers, EVENT_REQUEST_STATUS, {"series_id": 9, "status": "failed"})
    assert no_entry == {"name": "Series 9", "message": "needs attention, a download failed"}


async def test_logbook_shows_the_timeline(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    stand_in: StandIn,
) -> None:
    """Through the real logbook: sentences, linked to the episode's and request's sensors."""
    world = pack_world()
    await load(hass, stand_in, tracker_data(world))
    # The logbook registers a panel with the frontend, whose package this venv does not have.
    hass.config.components.add("frontend")
    assert await async_setup_component(hass, "logbook", {})
    await hass.async_block_till_done()
    start = dt_util.utcnow() - timedelta(seconds=1)

    episode_id = world.shows[1].ep(1, 5)["id"]
    hass.bus.async_fire(
        EVENT_EPISODE_STATUS,
        {**EPISODE, "episode_id": episode_id, "season": 1, "title": "Chapter 5"},
    )
    hass.bus.async_fire(EVENT_REQUEST_STATUS, REQUEST)
    hass.bus.async_fire(EVENT_REQUEST_COMPLETED, REQUEST)
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)

    client = await hass_client()
    response = await client.get(f"/api/logbook/{start.isoformat()}")
    assert response.status == HTTPStatus.OK
    entries = [e for e in await response.json() if e.get("domain") == DOMAIN]
    assert [(e["name"], e["message"], e.get("entity_id")) for e in entries] == [
        (
            "Harbor Lights",
            "S01E05 Chapter 5 is now downloading",
            "sensor.harbor_lights_s01e05_chapter_5",
        ),
        ("Harbor Lights", "is now available", "sensor.harbor_lights_status"),
        (
            "Harbor Lights",
            "is complete, every requested episode is available",
            "sensor.harbor_lights_status",
        ),
    ]
