"""The event entity of Status Tracker: one per config entry, for automations built in the UI.

The coordinator fires bus events (``status_tracker_episode_status`` and friends) for YAML
automations and the logbook; the same transitions reach this entity through a dispatcher signal,
so an automation can trigger on "Activity changed" with the event type and attributes.
"""

from __future__ import annotations

from typing import Any, Final, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import EventType, signal_event
from .coordinator import StatusTrackerConfigEntry, StatusTrackerCoordinator
from .entity import StatusTrackerEntity
from .shell.devices import entry_device_info
from .shell.ids import summary_unique_id

# Nothing to poll or serialise: the entity only relays what the coordinator sends.
PARALLEL_UPDATES = 0

EVENT_TYPES: Final = [event_type.value for event_type in EventType]

# The entry id is the entity's own; every other field of the tracker's event is kept.
_DROPPED: Final = frozenset({"entry_id"})

ACTIVITY: Final = EventEntityDescription(
    key="activity",
    translation_key="activity",
    event_types=EVENT_TYPES,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: StatusTrackerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the entry's event entity."""
    async_add_entities([StatusTrackerEvent(entry.runtime_data.coordinator, entry)])


class StatusTrackerEvent(StatusTrackerEntity, EventEntity):
    """Relays the coordinator's transitions: episode status, request status, request completed."""

    # It relays transitions as they happen; during an outage there are none, nothing is stale.
    _follows_sonarr = False

    def __init__(
        self, coordinator: StatusTrackerCoordinator, entry: StatusTrackerConfigEntry
    ) -> None:
        """The event entity on the entry's own device."""
        super().__init__(
            coordinator,
            ACTIVITY,
            summary_unique_id(entry.entry_id, ACTIVITY.key),
            entry_device_info(entry),
        )

    @override
    async def async_added_to_hass(self) -> None:
        """Listen to the coordinator's transitions for this entry."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, signal_event(self.coordinator.config_entry.entry_id), self._async_event
            )
        )

    @callback
    def _async_event(self, event_type: str, data: dict[str, Any]) -> None:
        """One transition: becomes the entity's last event."""
        if event_type not in self.event_types:
            return  # a newer coordinator may send more types than this entity declares
        self._trigger_event(event_type, {k: v for k, v in data.items() if k not in _DROPPED})
        self.async_write_ha_state()
