"""Base entity of Status Tracker: one device per config entry, one per tracked request.

Every entity reads the tracker's ``TrackerData`` and writes its state only when what it shows
actually changed: Home Assistant drops an identical state but still bumps ``last_reported`` and
fires ``state_reported``, which on a 5-second qBittorrent cycle times hundreds of episode sensors
is pure noise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, override

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .tracker import TrackerCoordinator
from .tracker_data import SeriesLink
from .tracking.correlate import RequestState

if TYPE_CHECKING:
    from . import StatusTrackerConfigEntry

MANUFACTURER: Final = "Sonarr"
# Sonarr's series types (seriesType); an unknown one is shown as Sonarr spells it.
SERIES_MODELS: Final = {
    "standard": "Standard series",
    "daily": "Daily series",
    "anime": "Anime series",
}


def request_identifier(entry_id: str, series_id: int) -> str:
    """The device identifier of a request (a Sonarr series) of one config entry."""
    return f"{entry_id}_{series_id}"


def request_unique_id(entry_id: str, series_id: int, key: str) -> str:
    """Unique id of a per-request entity (``key``: status, progress)."""
    return f"{entry_id}_{series_id}_{key}"


def episode_unique_id(entry_id: str, series_id: int, episode_id: int) -> str:
    """Unique id of an episode's entity: Sonarr's ids never change, so neither does this."""
    return f"{entry_id}_{series_id}_{episode_id}"


def series_id_of(entry_id: str, identifier: str) -> int | None:
    """The series id in a request device's identifier, None for any other identifier."""
    prefix = f"{entry_id}_"
    if not identifier.startswith(prefix):
        return None
    rest = identifier.removeprefix(prefix)
    return int(rest) if rest.isdecimal() else None


def episode_code(season: int | None, episode: int | None) -> str:
    """``S02E05``, the way Sonarr and release names write an episode."""
    if season is None or episode is None:
        return ""
    return f"S{season:02d}E{episode:02d}"


def entry_device_info(entry: StatusTrackerConfigEntry) -> DeviceInfo:
    """The config entry's own device: the summary sensors and the event entity live on it."""
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        entry_type=DeviceEntryType.SERVICE,
        name=entry.title,
    )


def request_device_info(
    entry_id: str,
    request: RequestState,
    link: SeriesLink | None,
    via_device_id: str | None,
) -> DeviceInfo:
    """A request's device: the series, linked to its page in Sonarr."""
    info = DeviceInfo(
        identifiers={(DOMAIN, request_identifier(entry_id, request.series_id))},
        entry_type=DeviceEntryType.SERVICE,
        name=link.title if link is not None else request.title,
        manufacturer=MANUFACTURER,
        model=SERIES_MODELS.get(request.series_type, request.series_type),
    )
    if link is not None and link.sonarr_url:
        info["configuration_url"] = link.sonarr_url
    if via_device_id is not None:
        info["via_device_id"] = via_device_id
    return info


class StatusTrackerEntity(CoordinatorEntity[TrackerCoordinator]):
    """An entity fed by the tracker that writes its state only when it changed.

    Subclasses compute everything they show in ``_refresh`` (from ``coordinator.data``; it
    answers whether their item is in the data at all) and return it from ``_fingerprint``; the
    base compares fingerprints before writing. An entity is unavailable while the tracker has no
    data or its request or episode is missing from it.
    """

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: TrackerCoordinator,
        description: EntityDescription,
        unique_id: str,
        device_info: DeviceInfo,
    ) -> None:
        """Bind the entity to its device and compute what it shows now."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = unique_id
        self._attr_device_info = device_info
        self._written: object = None
        self._present = self._refresh()

    def _refresh(self) -> bool:
        """Recompute the shown values from the tracker's data; False: nothing to show."""
        return self.coordinator.data is not None

    def _fingerprint(self) -> object:
        """Everything the state shows besides availability (nothing by default)."""
        return None

    @property
    @override
    def available(self) -> bool:
        """Available while the tracker has data that holds this entity's item."""
        return super().available and self._present

    @override
    async def async_added_to_hass(self) -> None:
        """Refresh once more: the platform writes the state right after this returns."""
        await super().async_added_to_hass()
        self._present = self._refresh()
        self._written = (self.available, self._fingerprint())

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Write the state only when it differs from the one last written."""
        self._present = self._refresh()
        current = (self.available, self._fingerprint())
        if current == self._written:
            return  # an identical write would still bump last_reported
        self._written = current
        self.async_write_ha_state()
