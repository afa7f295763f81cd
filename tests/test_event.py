"""The event entity: one per entry, relaying the tracker's transitions for UI automations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
import json
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_send
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.status_tracker.const import (
    DOMAIN,
    EVENT_EPISODE_STATUS,
    EVENT_REQUEST_STATUS,
    signal_event,
)
from custom_components.status_tracker.event import EVENT_TYPES
from custom_components.status_tracker.shell.bus_events import EventPublisher
from custom_components.status_tracker.shell.options import Options
from tests.support.stand_in import ENTRY_ID, Loaded, StandIn, load, stand_in_tracker, tracker_data
from tests.support.worlds import pack_world

TRANSLATIONS = (
    Path(__file__).parent.parent / "custom_components/status_tracker/translations/en.json"
)
EVENT_ENTITY = "event.status_tracker_sonarr_local_activity"

EPISODE_EVENT: dict[str, Any] = {
    "entry_id": ENTRY_ID,
    "series_id": 1,
    "request_id": 1,
    "series_title": "Harbor Lights",
    "status": "downloading",
    "previous": "found",
    "episode_id": 1005,
    "season": 1,
    "episode": 5,
    "absolute": None,
    "title": "Chapter 5",
}
REQUEST_EVENT: dict[str, Any] = {
    "entry_id": ENTRY_ID,
    "series_id": 1,
    "request_id": 1,
    "series_title": "Harbor Lights",
    "status": "available",
    "previous": "importing",
}


@pytest.fixture(autouse=True)
async def stand_in(hass: HomeAssistant) -> AsyncIterator[StandIn]:
    """The stand-in tracker of ``tests/test_sensor.py``."""
    async with stand_in_tracker(hass) as patched:
        yield patched


@pytest.fixture
async def loaded(hass: HomeAssistant, stand_in: StandIn) -> Loaded:
    """The entry with its event platform only."""
    return await load(hass, stand_in, tracker_data(pack_world()), platforms=[Platform.EVENT])


def _state(hass: HomeAssistant) -> Any:
    state = hass.states.get(EVENT_ENTITY)
    assert state is not None
    return state


async def test_event_entity(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    loaded: Loaded,
) -> None:
    """One event entity on the entry's device, with the three translated event types."""
    await snapshot_platform(hass, entity_registry, snapshot, loaded.entry.entry_id)
    state = _state(hass)
    assert state.state == STATE_UNKNOWN
    assert state.attributes["event_types"] == [
        "episode_status",
        "request_status",
        "request_completed",
    ]


async def test_transitions_become_events(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, loaded: Loaded
) -> None:
    """Each transition is the entity's last event, with the tracker's data minus the entry id."""
    async_dispatcher_send(hass, signal_event(ENTRY_ID), "episode_status", dict(EPISODE_EVENT))
    await hass.async_block_till_done()
    first = _state(hass)
    assert first.state not in {STATE_UNKNOWN, STATE_UNAVAILABLE}
    assert first.attributes["event_type"] == "episode_status"
    assert first.attributes["title"] == "Chapter 5"
    assert first.attributes["previous"] == "found"
    assert "entry_id" not in first.attributes

    freezer.tick(1)
    async_dispatcher_send(hass, signal_event(ENTRY_ID), "request_completed", dict(REQUEST_EVENT))
    await hass.async_block_till_done()
    second = _state(hass)
    assert second.attributes["event_type"] == "request_completed"
    assert second.attributes["status"] == "available"
    assert "episode" not in second.attributes  # a request event: no stale episode fields
    assert second.state > first.state


async def test_unknown_types_and_other_entries_are_ignored(
    hass: HomeAssistant, loaded: Loaded
) -> None:
    """A type the entity does not declare, or another entry's signal: nothing happens."""
    async_dispatcher_send(hass, signal_event(ENTRY_ID), "episode_renamed", dict(EPISODE_EVENT))
    async_dispatcher_send(hass, signal_event("another"), "episode_status", dict(EPISODE_EVENT))
    await hass.async_block_till_done()
    assert _state(hass).state == STATE_UNKNOWN


async def test_availability_follows_the_tracker(hass: HomeAssistant, loaded: Loaded) -> None:
    """Unavailable without data; an ordinary update rewrites nothing (last_reported stays)."""
    before = _state(hass)
    loaded.push(tracker_data(pack_world()))
    await hass.async_block_till_done()
    assert _state(hass).last_reported == before.last_reported

    loaded.push(None)
    await hass.async_block_till_done()
    assert _state(hass).state == STATE_UNAVAILABLE

    loaded.push(tracker_data(pack_world()))
    await hass.async_block_till_done()
    assert _state(hass).state == STATE_UNKNOWN

    # Sonarr gone for a while: no transition is stale, the entity stays available.
    loaded.push(replace(tracker_data(pack_world()), sonarr_unavailable=True))
    await hass.async_block_till_done()
    assert _state(hass).state == STATE_UNKNOWN


async def test_the_tracker_reaches_the_entity_and_the_bus(
    hass: HomeAssistant, loaded: Loaded
) -> None:
    """The coordinator's publisher: a bus event per transition, the same data on the entity."""
    bus: list[Event] = []
    hass.bus.async_listen(EVENT_EPISODE_STATUS, bus.append)
    requests: list[Event] = []
    hass.bus.async_listen(EVENT_REQUEST_STATUS, requests.append)
    state = tracker_data(pack_world()).state  # no previous timeline: every status is new
    publisher = EventPublisher(hass, loaded.entry.entry_id)
    publisher.publish(state)
    await hass.async_block_till_done()

    episodes = [e for e in state.events if e.episode_id is not None]
    # Plain listeners run in the executor, in any order.
    assert sorted(e.data["episode_id"] for e in bus) == sorted(e.episode_id for e in episodes)
    assert publisher.fired == len(bus) + len(requests) == len(state.events)
    first = min(bus, key=lambda e: e.data["episode_id"]).data
    assert (first["entry_id"], first["series_title"], first["season"]) == (
        loaded.entry.entry_id,
        "Harbor Lights",
        1,
    )
    entity = _state(hass)
    assert entity.attributes["event_type"] == "request_status"
    assert entity.attributes["series_title"] == "Harbor Lights"
    assert entity.attributes["status"] == requests[-1].data["status"]


def test_every_event_type_is_translated() -> None:
    """Each declared event type has its name in en.json."""
    strings = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    activity = strings["entity"]["event"]["activity"]
    assert list(activity["state_attributes"]["event_type"]["state"]) == EVENT_TYPES


async def test_two_entries_two_entities(hass: HomeAssistant, stand_in: StandIn) -> None:
    """Each entry has its own event entity and receives only its own transitions."""
    await load(hass, stand_in, tracker_data(pack_world()), platforms=[Platform.EVENT])
    other = MockConfigEntry(
        domain=DOMAIN, entry_id="01JSTATUSTRACKERTESTENTRY1", title="Other",
        unique_id="http://other:8989", options=Options().as_dict(),
    )  # fmt: skip
    await load(hass, stand_in, tracker_data(pack_world()), platforms=[Platform.EVENT], entry=other)
    async_dispatcher_send(
        hass, signal_event("01JSTATUSTRACKERTESTENTRY1"), "request_status", dict(REQUEST_EVENT)
    )
    await hass.async_block_till_done()
    assert _state(hass).state == STATE_UNKNOWN
    other_state = hass.states.get("event.other_activity")
    assert other_state is not None
    assert other_state.attributes["event_type"] == "request_status"
