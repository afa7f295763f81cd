"""Request and episode entities come and go with the coordinator's data.

``DynamicEntities`` adds a request's entities when it appears and removes them (device and
entities) when it disappears, also those left over from before a restart. The sensor platform
says which entities a request and an episode have (``EntityFactory``); this module only keeps the
registries in line with the data.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Final, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from custom_components.status_tracker.const import DOMAIN, Service
from custom_components.status_tracker.tracking import EpisodeState, RequestState

from .data import TrackerData
from .devices import request_device_info
from .ids import (
    episode_unique_id,
    request_identifier,
    request_unique_id,
    series_id_of,
    summary_unique_id,
)

ADD_BATCH: Final = 10
# Episode entities of one entry in all (Home Assistant stops adding an entry's entities at
# 10,000): requests that come later are summarised on their status sensor, as over the cap.
MAX_EPISODE_ENTITIES: Final = 5_000


class EntityFactory(Protocol):
    """What the platform provides: its entities per request and episode, and a way to add them."""

    @property
    def request_keys(self) -> Sequence[str]:
        """The keys of a request's entities (their unique ids end in them)."""

    @property
    def summary_keys(self) -> Sequence[str]:
        """The keys of the entry's own entities."""

    def request_entities(self, series_id: int, device: DeviceInfo) -> list[Entity]:
        """The entities of a request's device."""

    def episode_entity(self, series_id: int, episode: EpisodeState, device: DeviceInfo) -> Entity:
        """The entity of one episode."""

    def add(self, entities: list[Entity]) -> None:
        """Add entities to Home Assistant."""


class DynamicEntities:
    """Adds and removes request and episode entities as the tracker's data changes.

    A request that vanished from the data (the tracking core drops it once it has been complete
    for the retention window) loses its device and with it its entities. Nothing is removed
    while the picture is unreliable: no data yet, Sonarr down, or the request's correlation
    failed this time (it is left out of the data then, but it still exists).
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        coordinator: DataUpdateCoordinator[TrackerData | None],
        factory: EntityFactory,
        *,
        episode_cap: int,
        via_device_id: str,
    ) -> None:
        """Entities are made by ``factory`` and added through it; ``episode_cap`` per request."""
        self._hass = hass
        self._entry = entry
        self._coordinator = coordinator
        self._factory = factory
        self._via_device_id = via_device_id
        self.cap = max(episode_cap, 0)
        self._requests: dict[int, None] = {}  # in the order they appeared: who gets entities
        self._allotted: dict[int, int] = {}
        self._listed_ids: dict[int, tuple[int, ...]] = {}
        self._episodes: dict[int, set[int]] = {}
        self._cleaned = False

    def listed(self, request: RequestState) -> tuple[EpisodeState, ...]:
        """The episodes of a request that get an entity (the cap, and the entry's budget)."""
        return request.episodes[: self._allotted.get(request.series_id, 0)]

    def _allot(self, requests: Mapping[int, RequestState]) -> None:
        """Share the entry's budget of episode entities, first come first served."""
        left = MAX_EPISODE_ENTITIES
        self._allotted = {}
        for series_id in [*self._requests, *(k for k in requests if k not in self._requests)]:
            request = requests.get(series_id)
            if request is None:
                continue
            count = min(len(request.episodes), self.cap, left)
            self._allotted[series_id] = count
            left -= count

    @callback
    def async_sync(self) -> None:
        """Bring the entities in line with the tracker's current data."""
        data = self._coordinator.data
        if data is None:
            return  # the entities turn unavailable; what exists is unknown, keep everything
        entry_id = self._entry.entry_id
        self._allot(data.state.requests)
        # Made later, a batch per step: building thousands of entities is itself the cost.
        new: list[Callable[[], list[Entity]]] = []
        for series_id, request in data.state.requests.items():
            listed = self.listed(request)
            ids = tuple(episode.episode_id for episode in listed)
            if series_id in self._requests and self._listed_ids.get(series_id) == ids:
                continue  # the common case: nothing to add or remove for this request
            self._listed_ids[series_id] = ids
            device = request_device_info(
                entry_id, request, data.links.get(series_id), self._via_device_id
            )
            if series_id not in self._requests:
                self._requests[series_id] = None
                new.append(partial(self._factory.request_entities, series_id, device))
            have = self._episodes.setdefault(series_id, set())
            for episode in listed:
                if episode.episode_id not in have:
                    have.add(episode.episode_id)
                    new.append(partial(self._one_episode, series_id, episode, device))
            for episode_id in have.difference(ids):
                have.discard(episode_id)
                self._remove_entity(episode_unique_id(entry_id, series_id, episode_id))
        if self._reliable(data):
            for series_id in self._requests.keys() - data.state.requests.keys():
                if not self._failed_this_time(data, series_id):
                    self._remove_request(series_id)
            if not self._cleaned:
                self._cleaned = True
                self._remove_leftovers(data)
        if new:
            self._hass.async_create_task(
                self._async_add(new), "status_tracker new entities", eager_start=False
            )

    def _one_episode(
        self, series_id: int, episode: EpisodeState, device: DeviceInfo
    ) -> list[Entity]:
        return [self._factory.episode_entity(series_id, episode, device)]

    async def _async_add(self, new: list[Callable[[], list[Entity]]]) -> None:
        """Make and add entities a batch per event-loop step (thousands at once hold it)."""
        batch: list[Entity] = []
        for make in new:
            batch.extend(make())
            if len(batch) >= ADD_BATCH:
                self._factory.add(batch)
                batch = []
                await asyncio.sleep(0)
        if batch:
            self._factory.add(batch)

    @staticmethod
    def _reliable(data: TrackerData) -> bool:
        """Whether a request missing from ``data`` is really gone."""
        return Service.SONARR not in data.down

    @staticmethod
    def _failed_this_time(data: TrackerData, series_id: int) -> bool:
        """The core left the request out because building it failed (see ``correlate``)."""
        return series_id in data.state.failed_series

    def _remove_entity(self, unique_id: str) -> None:
        registry = er.async_get(self._hass)
        if entity_id := registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id):
            registry.async_remove(entity_id)  # the entity leaves the state machine with it

    def _remove_request(self, series_id: int) -> None:
        """Remove a request's device; the entity registry removes the device's entities."""
        self._requests.pop(series_id, None)
        self._listed_ids.pop(series_id, None)
        entry_id = self._entry.entry_id
        for episode_id in self._episodes.pop(series_id, set()):
            self._remove_entity(episode_unique_id(entry_id, series_id, episode_id))
        for key in self._factory.request_keys:
            self._remove_entity(request_unique_id(entry_id, series_id, key))
        registry = dr.async_get(self._hass)
        device = registry.async_get_device_by_identifier(
            (DOMAIN, request_identifier(entry_id, series_id)), entry_id
        )
        if device is not None:
            registry.async_remove_device(device.id)

    def _remove_leftovers(self, data: TrackerData) -> None:
        """Devices and sensors from before a restart that the current data no longer has."""
        entry_id = self._entry.entry_id

        def gone(series_id: int | None) -> bool:
            return (
                series_id is not None
                and series_id not in data.state.requests
                and not self._failed_this_time(data, series_id)
            )

        devices = dr.async_get(self._hass)
        for device in list(dr.async_entries_for_config_entry(devices, entry_id)):
            if any(
                domain == DOMAIN and gone(series_id_of(entry_id, identifier))
                for domain, identifier in device.identifiers
            ):
                devices.async_remove_device(device.id)
        wanted = {summary_unique_id(entry_id, key) for key in self._factory.summary_keys}
        for series_id in self._requests:
            wanted.update(
                request_unique_id(entry_id, series_id, key) for key in self._factory.request_keys
            )
            wanted.update(
                episode_unique_id(entry_id, series_id, episode_id)
                for episode_id in self._episodes.get(series_id, ())
            )
        entities = er.async_get(self._hass)
        for registry_entry in list(er.async_entries_for_config_entry(entities, entry_id)):
            unique_id = registry_entry.unique_id
            if registry_entry.domain != Platform.SENSOR or unique_id in wanted:
                continue
            owner = series_id_of(entry_id, unique_id.rsplit("_", 1)[0])
            if owner is None or gone(owner) or owner in self._requests:
                # Summary sensors of an older version, sensors of a request that is gone, or
                # episodes of a tracked request that no longer get one (cap, option, scope).
                entities.async_remove(registry_entry.entity_id)
