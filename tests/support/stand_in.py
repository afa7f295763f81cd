"""A stand-in for the integration's set-up: entity platforms fed by a plain coordinator.

What the entities show is the tracking core's output for a world (``tracker_data``), published
by a coordinator that polls nothing; tests push new data as the real coordinator would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_tracker.const import LOGGER, Service
from custom_components.status_tracker.shell.data import SeriesLink, TrackerData, episode_index
from custom_components.status_tracker.shell.options import Options
from custom_components.status_tracker.tracking import TrackingState, correlate
from tests.support.entry import SONARR_URL, make_entry
from tests.support.world import World

ENTRY_ID = "01JSTATUSTRACKERTESTENTRY0"


class StandInCoordinator(DataUpdateCoordinator[TrackerData | None]):
    """What the entity platforms read of the real coordinator: its data and the options."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
        super().__init__(hass, LOGGER, config_entry=entry, name="tracker", update_interval=None)
        self.options = Options.from_mapping(entry.options)


type Tracker = StandInCoordinator


def entity_entry(**options: Any) -> MockConfigEntry:
    """The entity tests' entry (a Sonarr that is never called), options overridden."""
    return make_entry(entry_id=ENTRY_ID, title="Status Tracker (sonarr.local)", options=options)


def tracker_data(
    world: World,
    previous: TrackingState | None = None,
    *,
    down: frozenset[Service] = frozenset(),
) -> TrackerData:
    """What the tracker would publish for ``world``."""
    state = correlate(world.snapshot(), previous)
    links = {
        series_id: SeriesLink(
            title=world.shows[series_id].title,
            sonarr_url=f"{SONARR_URL}/series/{world.shows[series_id].record['titleSlug']}",
        )
        for series_id in state.requests
    }
    return TrackerData(
        state=state, updated=world.now, episodes=episode_index(state), down=down, links=links
    )


def with_state(data: TrackerData, state: TrackingState, **fields: Any) -> TrackerData:
    """``data`` with another ``state`` (and its episode index)."""
    return replace(data, state=state, episodes=episode_index(state), **fields)


def without_episodes(data: TrackerData, series_id: int, episode_ids: set[int]) -> TrackerData:
    """``data`` with some episodes of a request out of scope."""
    request = data.state.requests[series_id]
    kept = tuple(e for e in request.episodes if e.episode_id not in episode_ids)
    requests = {**data.state.requests, series_id: replace(request, episodes=kept)}
    return with_state(data, replace(data.state, requests=requests))


def without_requests(data: TrackerData, *series_ids: int) -> TrackerData:
    """``data`` without some requests (as after their retention)."""
    requests = {k: v for k, v in data.state.requests.items() if k not in series_ids}
    return with_state(data, replace(data.state, requests=requests))


def merged(*datas: TrackerData) -> TrackerData:
    """Several worlds' requests in one TrackerData."""
    first = datas[0]
    requests = {k: v for data in datas for k, v in data.state.requests.items()}
    links = {k: v for data in datas for k, v in data.links.items()}
    return with_state(first, replace(first.state, requests=requests), links=links)


@dataclass
class NoDeletionLog:
    """The deletion log of an entry that never deleted anything."""

    last: dict[str, Any] | None = None


@dataclass
class NoDeletions:
    """The part of ``Deletions`` the entity platforms use."""

    log: NoDeletionLog = field(default_factory=NoDeletionLog)


@dataclass
class FakeRuntime:
    """The part of StatusTrackerData the entity platforms use."""

    coordinator: Tracker
    deletions: NoDeletions = field(default_factory=NoDeletions)


@dataclass
class Loaded:
    """A set-up entry and the stand-in tracker that feeds it."""

    entry: MockConfigEntry
    tracker: Tracker

    def push(self, data: TrackerData | None) -> None:
        """Publish new tracker data, as the tracker does after a correlation."""
        self.tracker.async_set_updated_data(data)


@dataclass
class StandIn:
    """Stands in for the integration's set-up: a plain coordinator instead of the tracker.

    ``data`` is what the next set-up's tracker starts with, ``platforms`` what it loads.
    """

    data: TrackerData | None = None
    platforms: list[Platform] = field(default_factory=lambda: [Platform.SENSOR])
    trackers: dict[str, Tracker] = field(default_factory=dict)
    loaded: dict[str, list[Platform]] = field(default_factory=dict)


@asynccontextmanager
async def stand_in_tracker(hass: HomeAssistant) -> AsyncIterator[StandIn]:
    """Patch the integration's set-up and unload; unload what it set up before unpatching."""
    stand_in = StandIn()

    async def setup_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
        tracker = StandInCoordinator(hass, entry)
        tracker.data = stand_in.data
        stand_in.trackers[entry.entry_id] = tracker
        stand_in.loaded[entry.entry_id] = list(stand_in.platforms)
        entry.runtime_data = FakeRuntime(tracker)
        await hass.config_entries.async_forward_entry_setups(entry, stand_in.platforms)
        return True

    async def unload_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
        platforms = stand_in.loaded.pop(entry.entry_id)
        return await hass.config_entries.async_unload_platforms(entry, platforms)

    with (
        patch("custom_components.status_tracker.async_setup_entry", setup_entry),
        patch("custom_components.status_tracker.async_unload_entry", unload_entry),
    ):
        yield stand_in
        for entry_id in list(stand_in.loaded):
            await hass.config_entries.async_unload(entry_id)
        await hass.async_block_till_done()


async def load(
    hass: HomeAssistant,
    stand_in: StandIn,
    data: TrackerData | None,
    *,
    platforms: list[Platform] | None = None,
    entry: MockConfigEntry | None = None,
) -> Loaded:
    """Set up ``entry`` (default: a fresh one) with the given platforms (default: sensor)."""
    entry = entry if entry is not None else entity_entry()
    if hass.config_entries.async_get_entry(entry.entry_id) is None:
        entry.add_to_hass(hass)
    stand_in.data = data
    stand_in.platforms = platforms or [Platform.SENSOR]
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return Loaded(entry, stand_in.trackers[entry.entry_id])
