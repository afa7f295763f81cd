"""The event entity: one per entry, relaying the tracker's transitions for UI automations."""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
from pathlib import Path
from types import SimpleNamespace
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
    DEFAULT_OPTIONS,
    DOMAIN,
    EVENT_EPISODE_STATUS,
    signal_event,
)
from custom_components.status_tracker.event import EVENT_TYPES
from custom_components.status_tracker.tracker import TrackerCoordinator
from tests.test_sensor import (
    ENTRY_ID,
    Loaded,
    StandIn,
    load,
    pack_world,
    stand_in_tracker,
    tracker_data,
)

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


async def test_the_tracker_reaches_the_entity_and_the_bus(
    hass: HomeAssistant, loaded: Loaded
) -> None:
    """The tracker's own sending code: one bus event and the entity's event, same data."""
    bus: list[Event] = []
    hass.bus.async_listen(EVENT_EPISODE_STATUS, bus.append)
    sender = SimpleNamespace(hass=hass, config_entry=loaded.entry, events_fired=0)
    TrackerCoordinator._send(sender, EVENT_EPISODE_STATUS, "episode_status", EPISODE_EVENT)  # type: ignore[arg-type]
    await hass.async_block_till_done()

    (event,) = bus
    assert event.data == EPISODE_EVENT
    state = _state(hass)
    assert state.attributes["event_type"] == "episode_status"
    assert state.attributes["series_title"] == "Harbor Lights"


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
        unique_id="http://other:8989", options=dict(DEFAULT_OPTIONS),
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
