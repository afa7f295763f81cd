"""The "last deletion" sensor of a config entry: when the last deletion finished, and its result.

Fed by the deletion log (a Store), so it shows the last deletion across restarts; updated by
the dispatcher signal the deletion sends. It does not follow the poll: a deletion's record
stays true whether Sonarr answers or not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.core import callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.util import dt as dt_util

from .const import signal_deletion
from .coordinator import StatusTrackerConfigEntry
from .shell.attributes import clip
from .shell.devices import entry_device_info
from .shell.ids import summary_unique_id

LAST_DELETION: Final = SensorEntityDescription(
    key="last_deletion",
    translation_key="last_deletion",
    device_class=SensorDeviceClass.TIMESTAMP,
)
MAX_SUMMARY: Final = 250


class LastDeletionSensor(SensorEntity):
    """When the entry's last deletion finished; what it deleted and what failed."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, entry: StatusTrackerConfigEntry) -> None:
        """A sensor of the entry's own device."""
        self.entity_description = LAST_DELETION
        self._attr_unique_id = summary_unique_id(entry.entry_id, LAST_DELETION.key)
        self._attr_device_info = entry_device_info(entry)
        self._entry = entry
        self._show()

    @override
    async def async_added_to_hass(self) -> None:
        """Follow the entry's deletions."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, signal_deletion(self._entry.entry_id), self._async_deleted
            )
        )

    @callback
    def _async_deleted(self) -> None:
        self._show()
        self.async_write_ha_state()

    def _show(self) -> None:
        record = self._entry.runtime_data.deletions.log.last
        self._attr_native_value = _finished(record)
        self._attr_extra_state_attributes = _attributes(record)


def _finished(record: dict[str, Any] | None) -> datetime | None:
    return dt_util.parse_datetime(str(record.get("finished", ""))) if record else None


def _attributes(record: dict[str, Any] | None) -> dict[str, Any]:
    if not record:
        return {}
    return {
        "series_id": record.get("series_id"),
        "series_title": clip(str(record.get("title", "")), MAX_SUMMARY),
        "cascade": bool((record.get("request") or {}).get("cascade")),
        "episodes_deleted": len(record.get("episodes_deleted", ())),
        "episodes_failed": len(record.get("episodes_failed", ())),
        "partial": bool(record.get("partial")),
        "summary": clip(str(record.get("summary", "")), MAX_SUMMARY),
        "plan_id": record.get("plan_id"),
    }
