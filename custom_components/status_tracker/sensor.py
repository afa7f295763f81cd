"""Sensors of Status Tracker: per request, per episode and per config entry.

* Per request (a device per Sonarr series): its status (enum), the share of aired episodes
  available (%, with a per-season summary), the share of bytes downloaded (%, with the releases
  in flight) and the estimated completion (timestamp).
* Per episode, when enabled in the options: its status (enum) with the download's details. At
  most ``episode_cap`` per request, the first ones in season/episode order (a stable choice: an
  episode keeps its entity while it stays in scope); the others are summarised on the request's
  status sensor.
* Per config entry: episodes downloading, importing, failed or stalled, requests in progress,
  and the last deletion (``deletion_sensor``).

Requests and episodes come and go with the data (``shell/entity_sync``); what the attributes
hold is ``shell/attributes``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .coordinator import StatusTrackerConfigEntry, StatusTrackerCoordinator
from .deletion_sensor import LAST_DELETION, LastDeletionSensor
from .entity import StatusTrackerEntity
from .shell.attributes import (
    RequestView,
    attention,
    attention_attrs,
    clip,
    episode_attrs,
    episodes_in,
    request_download_attrs,
    request_progress_attrs,
    request_status_attrs,
    to_minute,
)
from .shell.data import TrackerData
from .shell.devices import MAX_NAME, entry_device_info
from .shell.entity_sync import DynamicEntities
from .shell.ids import episode_code, episode_unique_id, request_unique_id, summary_unique_id
from .tracking import EpisodeState, EpisodeStatus, RequestStatus

# Entities only read the coordinator's data: no I/O of their own, nothing to serialise.
PARALLEL_UPDATES = 0


# -- per request ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RequestSensorEntityDescription(SensorEntityDescription):
    """A sensor of a request's device."""

    value_fn: Callable[[RequestView], StateType | datetime]
    attrs_fn: Callable[[RequestView], dict[str, Any]]


REQUEST_SENSORS: Final[tuple[RequestSensorEntityDescription, ...]] = (
    RequestSensorEntityDescription(
        key="status",
        translation_key="request_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in RequestStatus],
        value_fn=lambda view: view.request.status.value,
        attrs_fn=request_status_attrs,
    ),
    # "progress" is the key of old: the share of aired episodes available (not of bytes).
    RequestSensorEntityDescription(
        key="progress",
        translation_key="request_progress",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=lambda view: view.request.progress.percent_episodes,
        attrs_fn=request_progress_attrs,
    ),
    RequestSensorEntityDescription(
        key="downloaded",
        translation_key="request_downloaded",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=lambda view: view.request.progress.percent_bytes,
        attrs_fn=request_download_attrs,
    ),
    RequestSensorEntityDescription(
        key="eta",
        translation_key="request_eta",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda view: to_minute(view.request.progress.eta),
        attrs_fn=lambda view: {},
    ),
)


# -- per episode ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EpisodeSensorEntityDescription(SensorEntityDescription):
    """An episode's status sensor."""

    value_fn: Callable[[EpisodeState], StateType]
    attrs_fn: Callable[[EpisodeState, TrackerData], dict[str, Any]]


_EPISODE_OPTIONS: Final = [status.value for status in EpisodeStatus]

EPISODE_SENSOR: Final = EpisodeSensorEntityDescription(
    key="episode",
    translation_key="episode",
    device_class=SensorDeviceClass.ENUM,
    options=_EPISODE_OPTIONS,
    value_fn=lambda episode: episode.status.value,
    attrs_fn=episode_attrs,
)
# Sonarr knows no title yet (it usually says "TBA"): the name is the episode code alone.
EPISODE_UNTITLED_SENSOR: Final = EpisodeSensorEntityDescription(
    key="episode",
    translation_key="episode_untitled",
    device_class=SensorDeviceClass.ENUM,
    options=_EPISODE_OPTIONS,
    value_fn=lambda episode: episode.status.value,
    attrs_fn=episode_attrs,
)


# -- per config entry -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SummarySensorEntityDescription(SensorEntityDescription):
    """A sensor of the config entry's device, over every request."""

    value_fn: Callable[[TrackerData], StateType]
    attrs_fn: Callable[[TrackerData], dict[str, Any]] | None = None


SUMMARY_SENSORS: Final[tuple[SummarySensorEntityDescription, ...]] = (
    SummarySensorEntityDescription(
        key="episodes_downloading",
        translation_key="episodes_downloading",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: episodes_in(data, EpisodeStatus.DOWNLOADING),
    ),
    SummarySensorEntityDescription(
        key="episodes_importing",
        translation_key="episodes_importing",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: episodes_in(data, EpisodeStatus.IMPORTING),
    ),
    SummarySensorEntityDescription(
        key="episodes_attention",
        translation_key="episodes_attention",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: len(attention(data)),
        attrs_fn=attention_attrs,
    ),
    SummarySensorEntityDescription(
        key="requests_in_progress",
        translation_key="requests_in_progress",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: sum(1 for r in data.state.requests.values() if not r.complete),
    ),
)


# -- set-up -----------------------------------------------------------------------------------


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StatusTrackerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's summary sensors now, request and episode sensors as they appear."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [
            *(SummarySensor(coordinator, description, entry) for description in SUMMARY_SENSORS),
            LastDeletionSensor(entry),
        ]
    )
    # The request devices hang below the entry's device, which must exist to be linked to.
    entry_device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **entry_device_info(entry)
    )
    factory = _SensorFactory(coordinator, entry.entry_id, async_add_entities)
    dynamic = DynamicEntities(
        hass,
        entry,
        coordinator,
        factory,
        episode_cap=coordinator.options.episode_entity_cap,
        via_device_id=entry_device.id,
    )
    factory.dynamic = dynamic
    dynamic.async_sync()
    entry.async_on_unload(coordinator.async_add_listener(dynamic.async_sync))


class _SensorFactory:
    """The sensors of a request and of an episode, for ``DynamicEntities``."""

    request_keys = tuple(description.key for description in REQUEST_SENSORS)
    summary_keys = (*(description.key for description in SUMMARY_SENSORS), LAST_DELETION.key)

    def __init__(
        self,
        coordinator: StatusTrackerCoordinator,
        entry_id: str,
        add_entities: AddConfigEntryEntitiesCallback,
    ) -> None:
        self._coordinator = coordinator
        self._entry_id = entry_id
        self._add_entities = add_entities
        self.dynamic: DynamicEntities | None = None

    def request_entities(self, series_id: int, device: DeviceInfo) -> list[Entity]:
        assert self.dynamic is not None
        return [
            RequestSensor(
                self._coordinator,
                self.dynamic,
                description=description,
                entry_id=self._entry_id,
                series_id=series_id,
                device_info=device,
            )
            for description in REQUEST_SENSORS
        ]

    def episode_entity(self, series_id: int, episode: EpisodeState, device: DeviceInfo) -> Entity:
        return EpisodeSensor(
            self._coordinator,
            entry_id=self._entry_id,
            series_id=series_id,
            episode=episode,
            device_info=device,
        )

    def add(self, entities: list[Entity]) -> None:
        self._add_entities(entities)


# -- entities ---------------------------------------------------------------------------------


class RequestSensor(StatusTrackerEntity, SensorEntity):
    """The status or the progress of one request."""

    entity_description: RequestSensorEntityDescription
    # What changes with every qBittorrent poll stays out of the recorder.
    _unrecorded_attributes = frozenset({"bytes_done", "bytes_total", "seasons", "releases"})

    def __init__(
        self,
        coordinator: StatusTrackerCoordinator,
        dynamic: DynamicEntities,
        *,
        description: RequestSensorEntityDescription,
        entry_id: str,
        series_id: int,
        device_info: DeviceInfo,
    ) -> None:
        """A sensor of the request ``series_id``."""
        self._dynamic = dynamic
        self._series_id = series_id
        super().__init__(
            coordinator,
            description,
            request_unique_id(entry_id, series_id, description.key),
            device_info,
        )

    @override
    def _refresh(self) -> bool:
        data = self.coordinator.data
        request = data.state.requests.get(self._series_id) if data is not None else None
        if data is None or request is None:
            return False
        view = RequestView(request, data, len(self._dynamic.listed(request)))
        self._attr_native_value = self.entity_description.value_fn(view)
        self._attr_extra_state_attributes = self.entity_description.attrs_fn(view)
        return True

    @override
    def _fingerprint(self) -> object:
        return (self._attr_native_value, self.extra_state_attributes)


class EpisodeSensor(StatusTrackerEntity, SensorEntity):
    """The status of one episode of a request."""

    entity_description: EpisodeSensorEntityDescription
    _unrecorded_attributes = frozenset({"progress", "downloaded", "speed", "eta"})

    def __init__(
        self,
        coordinator: StatusTrackerCoordinator,
        *,
        entry_id: str,
        series_id: int,
        episode: EpisodeState,
        device_info: DeviceInfo,
    ) -> None:
        """The sensor of ``episode`` (its name comes from its code and title)."""
        self._series_id = series_id
        self._episode_id = episode.episode_id
        # The translation key is fixed for the entity's life (Home Assistant caches the key): an
        # episode without any title when its entity was made keeps the short name.
        description = EPISODE_SENSOR if episode.title else EPISODE_UNTITLED_SENSOR
        self._attr_translation_placeholders = _placeholders(episode)
        super().__init__(
            coordinator,
            description,
            episode_unique_id(entry_id, series_id, episode.episode_id),
            device_info,
        )

    @override
    def _refresh(self) -> bool:
        data = self.coordinator.data
        if data is None:
            return False
        episode = data.episodes.get((self._series_id, self._episode_id))
        if episode is None:
            return False
        self._attr_native_value = self.entity_description.value_fn(episode)
        self._attr_extra_state_attributes = self.entity_description.attrs_fn(episode, data)
        placeholders = _placeholders(episode)
        if placeholders != self._attr_translation_placeholders:
            # Sonarr retitled the episode ("TBA" until it is announced). Home Assistant caches
            # the translated name and forgets it only when ``_attr_name`` is set, which would
            # replace the translation: drop the cached value the same way its setter does.
            self._attr_translation_placeholders = placeholders
            self.__dict__.pop("name", None)
        return True

    @override
    def _fingerprint(self) -> object:
        return (
            self._attr_native_value,
            self.extra_state_attributes,
            self._attr_translation_placeholders,
        )


def _placeholders(episode: EpisodeState) -> dict[str, str]:
    title = clip(episode.title, MAX_NAME) or ""
    return {"code": episode_code(episode.season, episode.episode), "title": title}


class SummarySensor(StatusTrackerEntity, SensorEntity):
    """A count over every request of the config entry."""

    entity_description: SummarySensorEntityDescription

    def __init__(
        self,
        coordinator: StatusTrackerCoordinator,
        description: SummarySensorEntityDescription,
        entry: StatusTrackerConfigEntry,
    ) -> None:
        """A sensor of the entry's own device."""
        super().__init__(
            coordinator,
            description,
            summary_unique_id(entry.entry_id, description.key),
            entry_device_info(entry),
        )

    @override
    def _refresh(self) -> bool:
        data = self.coordinator.data
        if data is None:
            return False
        description = self.entity_description
        self._attr_native_value = description.value_fn(data)
        if description.attrs_fn is not None:
            self._attr_extra_state_attributes = description.attrs_fn(data)
        return True

    @override
    def _fingerprint(self) -> object:
        return (self._attr_native_value, self.extra_state_attributes)
