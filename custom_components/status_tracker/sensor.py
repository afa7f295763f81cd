"""Sensors of Status Tracker: per request, per episode and per config entry.

* Per request (a device per Sonarr series): its status (enum) and its progress (% of aired
  episodes available, with bytes, ETA, a per-season summary and the releases in flight).
* Per episode, when enabled in the options: its status (enum) with the download's details. At
  most ``episode_cap`` per request, the first ones in season/episode order (a stable choice: an
  episode keeps its entity while it stays in scope); the others are summarised on the request's
  status sensor.
* Per config entry: episodes downloading, importing, failed or stalled, and requests in progress.

Requests and episodes come and go with the tracker's data: ``_DynamicEntities`` adds their
entities as they appear and removes them (devices and entities) when they disappear, also those
left over from before a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .const import (
    CONF_EPISODE_CAP,
    CONF_EPISODE_ENTITIES,
    DEFAULT_OPTIONS,
    DOMAIN,
    SERVICE_NAMES,
    Service,
)
from .entity import (
    StatusTrackerEntity,
    entry_device_info,
    episode_code,
    episode_unique_id,
    request_device_info,
    request_identifier,
    request_unique_id,
    series_id_of,
)
from .tracker import TrackerCoordinator
from .tracker_data import TrackerData
from .tracking.aggregate import SeasonSummary
from .tracking.correlate import RequestState
from .tracking.downloads import DownloadState
from .tracking.episode_state import EpisodeState
from .tracking.status import EpisodeStatus, RequestStatus

if TYPE_CHECKING:
    from . import StatusTrackerConfigEntry

# Entities only read the tracker's data: no I/O of their own, nothing to serialise.
PARALLEL_UPDATES = 0

# Bounds that keep every entity's attributes well under the recorder's 16 KB, whatever the size
# of the request (a 1,000-episode anime, a daily show with 30 seasons).
MAX_RELEASES: Final = 10
MAX_SEASONS: Final = 30
SEASON_TEXT_BUDGET: Final = 4000  # characters of season summaries per request
MIN_SEASON_TEXT: Final = 100
MAX_ATTENTION: Final = 20
MAX_MESSAGE: Final = 500
ELLIPSIS: Final = "…"

_DONE_STATES: Final = frozenset({"imported"})


def _clip(text: str | None, limit: int) -> str | None:
    """``text`` cut to ``limit`` characters (an ellipsis marks the cut)."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def _minute(moment: datetime | None) -> datetime | None:
    """``moment`` to the nearest minute.

    qBittorrent's ETA is seconds from now and wobbles by a few seconds between polls; to the
    second it would rewrite every downloading episode's state on every cycle.
    """
    if moment is None:
        return None
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)


def _status_counts(statuses: Iterable[EpisodeStatus]) -> dict[str, int]:
    """Episodes per status, in the order of ``EpisodeStatus``, zero counts left out."""
    counts: dict[EpisodeStatus, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return _ordered(counts)


def _ordered(counts: Mapping[EpisodeStatus, int]) -> dict[str, int]:
    return {status.value: counts[status] for status in EpisodeStatus if counts.get(status)}


# -- per request ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestView:
    """What a request's sensors read: the request, the data around it, its listed episodes."""

    request: RequestState
    data: TrackerData
    listed: int  # how many of its episodes have an entity (the first ones)


@dataclass(frozen=True, kw_only=True)
class RequestSensorEntityDescription(SensorEntityDescription):
    """A sensor of a request's device."""

    value_fn: Callable[[RequestView], StateType]
    attrs_fn: Callable[[RequestView], dict[str, Any]]


def _request_status_attrs(view: RequestView) -> dict[str, Any]:
    request = view.request
    hidden = request.episodes[view.listed :]
    return {
        "series_id": request.series_id,
        "since": request.since,
        "seasons": list(request.seasons),
        "episode_counts": _ordered(request.progress.counts),
        "episodes_without_entity": len(hidden),
        "episodes_without_entity_status": _status_counts(e.status for e in hidden),
        "services_down": sorted(SERVICE_NAMES[service] for service in view.data.down),
    }


def _in_flight(download: DownloadState) -> bool:
    """A release on its way: not failed, not imported yet."""
    return download.failed_reason is None and (
        (download.sonarr_state or "").lower() not in _DONE_STATES
    )


def _release(download: DownloadState) -> dict[str, Any]:
    return {
        "title": download.title,
        "type": download.release_type.value,
        "episodes": len(download.episode_ids),
        "progress": round(download.progress * 100, 1),
        "state": download.client_state,
        "stalled": download.stalled,
    }


def _seasons(seasons: Sequence[SeasonSummary]) -> list[dict[str, Any]]:
    """Per-season summaries; long ones are cut so that all of them share a fixed budget."""
    listed = seasons[:MAX_SEASONS]
    limit = max(MIN_SEASON_TEXT, SEASON_TEXT_BUDGET // max(len(listed), 1))
    return [
        {
            "season": season.season,
            "available": season.episodes_available,
            "total": season.episodes_total,
            "summary": _clip(season.text, limit),
        }
        for season in listed
    ]


def _request_progress_attrs(view: RequestView) -> dict[str, Any]:
    request = view.request
    progress = request.progress
    releases = [d for d in request.downloads if _in_flight(d)]
    return {
        "episodes_available": progress.episodes_available,
        "episodes_aired": progress.episodes_aired,
        "episodes_total": progress.episodes_total,
        "percent_bytes": progress.percent_bytes,
        "bytes_done": progress.bytes_done,
        "bytes_total": progress.bytes_total,
        "eta": _minute(progress.eta),
        "seasons": _seasons(progress.seasons),
        "seasons_not_listed": max(len(progress.seasons) - MAX_SEASONS, 0),
        "releases": [_release(d) for d in releases[:MAX_RELEASES]],
        "releases_not_listed": max(len(releases) - MAX_RELEASES, 0),
        # Remembered across restarts: known even while Jellyfin is unreachable.
        "jellyfin_id": view.data.jellyfin_ids.get(request.series_id, request.jellyfin_id),
        "requested_by": request.requested_by,
        "requested_at": request.requested_at,
    }


REQUEST_SENSORS: Final[tuple[RequestSensorEntityDescription, ...]] = (
    RequestSensorEntityDescription(
        key="status",
        translation_key="request_status",
        device_class=SensorDeviceClass.ENUM,
        options=[status.value for status in RequestStatus],
        value_fn=lambda view: view.request.status.value,
        attrs_fn=_request_status_attrs,
    ),
    RequestSensorEntityDescription(
        key="progress",
        translation_key="request_progress",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=lambda view: view.request.progress.percent_episodes,
        attrs_fn=_request_progress_attrs,
    ),
)


# -- per episode ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class EpisodeSensorEntityDescription(SensorEntityDescription):
    """An episode's status sensor."""

    value_fn: Callable[[EpisodeState], StateType]
    attrs_fn: Callable[[EpisodeState, TrackerData], dict[str, Any]]


def _episode_attrs(episode: EpisodeState, data: TrackerData) -> dict[str, Any]:
    download = episode.download
    release_type = episode.release_type
    return {
        "season": episode.season,
        "episode": episode.episode,
        "absolute": episode.absolute,
        "title": episode.title,
        "air_date": episode.air_date,
        "since": episode.since,
        "progress": round(episode.progress * 100, 1),
        "size": episode.size_bytes,
        "downloaded": episode.downloaded_bytes,
        "speed": episode.speed,
        "eta": _minute(episode.eta),
        "release_title": episode.release_title,
        "release_type": release_type.value if release_type is not None else None,
        # Sonarr's downloadId of a torrent is its hash, upper-cased; qBittorrent shows it lower.
        "torrent_hash": download.download_id.lower() if download is not None else None,
        "stalled": episode.stalled,
        "paused": episode.paused,
        "upgrading": episode.upgrading,
        "import_blocked": episode.import_blocked,
        "awaiting_jellyfin": episode.awaiting_jellyfin,
        "waiting_for_pack": episode.waiting_for_pack,
        "search_running": episode.search_running,
        "message": _clip("; ".join(episode.messages), MAX_MESSAGE) or None,
        "reason": _clip(episode.reason, MAX_MESSAGE),
        "jellyfin_id": episode.jellyfin_id,
        # Without qBittorrent the download figures above are Sonarr's, or stale.
        "qbittorrent_down": Service.QBITTORRENT in data.down,
    }


_EPISODE_OPTIONS: Final = [status.value for status in EpisodeStatus]

EPISODE_SENSOR: Final = EpisodeSensorEntityDescription(
    key="episode",
    translation_key="episode",
    device_class=SensorDeviceClass.ENUM,
    options=_EPISODE_OPTIONS,
    value_fn=lambda episode: episode.status.value,
    attrs_fn=_episode_attrs,
)
# Sonarr knows no title yet (it usually says "TBA"): the name is the episode code alone.
EPISODE_UNTITLED_SENSOR: Final = EpisodeSensorEntityDescription(
    key="episode",
    translation_key="episode_untitled",
    device_class=SensorDeviceClass.ENUM,
    options=_EPISODE_OPTIONS,
    value_fn=lambda episode: episode.status.value,
    attrs_fn=_episode_attrs,
)


# -- per config entry -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SummarySensorEntityDescription(SensorEntityDescription):
    """A sensor of the config entry's device, over every request."""

    value_fn: Callable[[TrackerData], StateType]
    attrs_fn: Callable[[TrackerData], dict[str, Any]] | None = None


def _episodes_in(data: TrackerData, status: EpisodeStatus) -> int:
    return sum(r.progress.counts.get(status, 0) for r in data.state.requests.values())


def _needs_attention(episode: EpisodeState) -> bool:
    return episode.status is EpisodeStatus.FAILED or (
        episode.stalled and episode.status is EpisodeStatus.DOWNLOADING
    )


def _attention(data: TrackerData) -> list[tuple[RequestState, EpisodeState]]:
    return [
        (request, episode)
        for request in data.state.requests.values()
        if request.progress.counts.get(EpisodeStatus.FAILED) or request.downloads
        for episode in request.episodes
        if _needs_attention(episode)
    ]


def _attention_attrs(data: TrackerData) -> dict[str, Any]:
    found = _attention(data)
    return {
        "episodes": [
            {
                "series": request.title,
                "series_id": request.series_id,
                "episode": episode_code(episode.season, episode.episode),
                "title": episode.title,
                "status": episode.status.value,
                "stalled": episode.stalled,
                "reason": _clip(episode.reason, MAX_MESSAGE),
            }
            for request, episode in found[:MAX_ATTENTION]
        ],
        "episodes_not_listed": max(len(found) - MAX_ATTENTION, 0),
    }


SUMMARY_SENSORS: Final[tuple[SummarySensorEntityDescription, ...]] = (
    SummarySensorEntityDescription(
        key="episodes_downloading",
        translation_key="episodes_downloading",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: _episodes_in(data, EpisodeStatus.DOWNLOADING),
    ),
    SummarySensorEntityDescription(
        key="episodes_importing",
        translation_key="episodes_importing",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: _episodes_in(data, EpisodeStatus.IMPORTING),
    ),
    SummarySensorEntityDescription(
        key="episodes_attention",
        translation_key="episodes_attention",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: len(_attention(data)),
        attrs_fn=_attention_attrs,
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
    tracker = entry.runtime_data.tracker
    async_add_entities(
        SummarySensor(tracker, description, entry) for description in SUMMARY_SENSORS
    )
    # The request devices hang below the entry's device, which must exist to be linked to.
    entry_device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **entry_device_info(entry)
    )
    dynamic = _DynamicEntities(hass, entry, tracker, async_add_entities, entry_device.id)
    dynamic.async_sync()
    entry.async_on_unload(tracker.async_add_listener(dynamic.async_sync))


class _EpisodeIndex:
    """Episodes by (series id, episode id) for one TrackerData, rebuilt when the data changes.

    Every episode sensor looks itself up on every update; one index per update keeps that
    linear in the number of episodes instead of quadratic per request.
    """

    def __init__(self) -> None:
        self._data: TrackerData | None = None
        self._episodes: dict[tuple[int, int], EpisodeState] = {}

    def get(self, data: TrackerData, series_id: int, episode_id: int) -> EpisodeState | None:
        """The episode in ``data``, None when it is not (or no longer) there."""
        if data is not self._data:
            self._data = data
            self._episodes = {
                (request.series_id, episode.episode_id): episode
                for request in data.state.requests.values()
                for episode in request.episodes
            }
        return self._episodes.get((series_id, episode_id))


class _DynamicEntities:
    """Adds and removes request and episode entities as the tracker's data changes.

    A request that vanished from the data (the tracking core drops it once it has been complete
    for the retention window) loses its device and with it its entities. Nothing is removed
    while the picture is unreliable: no data yet, Sonarr down, or the request's correlation
    failed this time (it is left out of the data then, but it still exists).
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: StatusTrackerConfigEntry,
        tracker: TrackerCoordinator,
        add_entities: AddConfigEntryEntitiesCallback,
        via_device_id: str,
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._tracker = tracker
        self._add_entities = add_entities
        self._via_device_id = via_device_id
        enabled = entry.options.get(CONF_EPISODE_ENTITIES, DEFAULT_OPTIONS[CONF_EPISODE_ENTITIES])
        cap = int(entry.options.get(CONF_EPISODE_CAP, DEFAULT_OPTIONS[CONF_EPISODE_CAP]))
        self.cap = max(cap, 0) if enabled else 0
        self.index = _EpisodeIndex()
        self._requests: set[int] = set()
        self._episodes: dict[int, set[int]] = {}
        self._cleaned = False

    def listed(self, request: RequestState) -> tuple[EpisodeState, ...]:
        """The episodes of a request that get an entity."""
        return request.episodes[: self.cap]

    @callback
    def async_sync(self) -> None:
        """Bring the entities in line with the tracker's current data."""
        data = self._tracker.data
        if data is None:
            return  # the entities turn unavailable; what exists is unknown, keep everything
        entry_id = self._entry.entry_id
        new: list[SensorEntity] = []
        for series_id, request in data.state.requests.items():
            device = request_device_info(
                entry_id, request, data.links.get(series_id), self._via_device_id
            )
            if series_id not in self._requests:
                self._requests.add(series_id)
                new.extend(
                    RequestSensor(
                        self._tracker,
                        self,
                        description=description,
                        entry_id=entry_id,
                        series_id=series_id,
                        device_info=device,
                    )
                    for description in REQUEST_SENSORS
                )
            have = self._episodes.setdefault(series_id, set())
            wanted = {episode.episode_id: episode for episode in self.listed(request)}
            for episode_id, episode in wanted.items():
                if episode_id not in have:
                    have.add(episode_id)
                    new.append(
                        EpisodeSensor(
                            self._tracker,
                            self.index,
                            entry_id=entry_id,
                            series_id=series_id,
                            episode=episode,
                            device_info=device,
                        )
                    )
            for episode_id in have - wanted.keys():
                have.discard(episode_id)
                self._remove_entity(episode_unique_id(entry_id, series_id, episode_id))
        if self._reliable(data):
            for series_id in self._requests - data.state.requests.keys():
                if not self._failed_this_time(data, series_id):
                    self._remove_request(series_id)
            if not self._cleaned:
                self._cleaned = True
                self._remove_leftovers(data)
        if new:
            self._add_entities(new)

    @staticmethod
    def _reliable(data: TrackerData) -> bool:
        """Whether a request missing from ``data`` is really gone."""
        return Service.SONARR not in data.down

    @staticmethod
    def _failed_this_time(data: TrackerData, series_id: int) -> bool:
        """The core left the request out because building it failed (see ``correlate``)."""
        prefix = f"series {series_id}: internal error"
        return any(problem.startswith(prefix) for problem in data.state.problems)

    def _remove_entity(self, unique_id: str) -> None:
        registry = er.async_get(self._hass)
        if entity_id := registry.async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id):
            registry.async_remove(entity_id)  # the entity leaves the state machine with it

    def _remove_request(self, series_id: int) -> None:
        """Remove a request's device; the entity registry removes the device's entities."""
        self._requests.discard(series_id)
        entry_id = self._entry.entry_id
        for episode_id in self._episodes.pop(series_id, set()):
            self._remove_entity(episode_unique_id(entry_id, series_id, episode_id))
        for description in REQUEST_SENSORS:
            self._remove_entity(request_unique_id(entry_id, series_id, description.key))
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
        wanted = {f"{entry_id}_{description.key}" for description in SUMMARY_SENSORS}
        for series_id in self._requests:
            wanted.update(
                request_unique_id(entry_id, series_id, description.key)
                for description in REQUEST_SENSORS
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


# -- entities ---------------------------------------------------------------------------------


class RequestSensor(StatusTrackerEntity, SensorEntity):
    """The status or the progress of one request."""

    entity_description: RequestSensorEntityDescription
    # What changes with every qBittorrent poll stays out of the recorder.
    _unrecorded_attributes = frozenset(
        {"percent_bytes", "bytes_done", "bytes_total", "eta", "seasons", "releases"}
    )

    def __init__(
        self,
        coordinator: TrackerCoordinator,
        dynamic: _DynamicEntities,
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
        coordinator: TrackerCoordinator,
        index: _EpisodeIndex,
        *,
        entry_id: str,
        series_id: int,
        episode: EpisodeState,
        device_info: DeviceInfo,
    ) -> None:
        """The sensor of ``episode`` (its name comes from its code and title)."""
        self._index = index
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
        episode = self._index.get(data, self._series_id, self._episode_id)
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
    return {"code": episode_code(episode.season, episode.episode), "title": episode.title or ""}


class SummarySensor(StatusTrackerEntity, SensorEntity):
    """A count over every request of the config entry."""

    entity_description: SummarySensorEntityDescription

    def __init__(
        self,
        coordinator: TrackerCoordinator,
        description: SummarySensorEntityDescription,
        entry: StatusTrackerConfigEntry,
    ) -> None:
        """A sensor of the entry's own device."""
        super().__init__(
            coordinator,
            description,
            f"{entry.entry_id}_{description.key}",
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
