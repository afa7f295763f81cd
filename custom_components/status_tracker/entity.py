"""Base entity of Status Tracker: reads the coordinator's data, writes only what changed.

Every entity reads the coordinator's ``TrackerData`` and writes its state only when what it shows
actually changed: Home Assistant drops an identical state but still bumps ``last_reported`` and
fires ``state_reported``, which on a 5-second qBittorrent cycle times hundreds of episode sensors
is pure noise.
"""

from __future__ import annotations

from typing import override

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .coordinator import StatusTrackerCoordinator
from .shell.fanout import fanout_for


class StatusTrackerEntity(CoordinatorEntity[StatusTrackerCoordinator]):
    """An entity fed by the coordinator that writes its state only when it changed.

    Subclasses compute everything they show in ``_refresh`` (from ``coordinator.data``; it
    answers whether their item is in the data at all) and return it from ``_fingerprint``; the
    base compares fingerprints before writing. An entity is unavailable while there is no
    data or its request or episode is missing from it.
    """

    _attr_has_entity_name = True
    # What the entity shows comes from Sonarr's answers: stale once Sonarr stays unreachable.
    _follows_sonarr = True

    def __init__(
        self,
        coordinator: StatusTrackerCoordinator,
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
        """Recompute the shown values from the coordinator's data; False: nothing to show."""
        return self.coordinator.data is not None

    def _fingerprint(self) -> object:
        """Everything the state shows besides availability (nothing by default)."""
        return None

    @property
    @override
    def available(self) -> bool:
        """Available while the data holds this entity's item and Sonarr is not long gone."""
        data = self.coordinator.data
        stale = self._follows_sonarr and data is not None and data.sonarr_unavailable
        return super().available and self._present and not stale

    @override
    async def async_added_to_hass(self) -> None:
        """Listen through the fan-out; refresh once more (the platform writes the state next)."""
        # Not CoordinatorEntity's own registration: that would call every entity in one step.
        await Entity.async_added_to_hass(self)
        self.async_on_remove(
            fanout_for(self.hass, self.coordinator).add(self._handle_coordinator_update)
        )
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
