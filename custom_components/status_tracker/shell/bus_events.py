"""The tracker's transitions as Home Assistant events: on the bus, and to the event entity.

``status_tracker_episode_status`` / ``_request_status`` / ``_request_completed`` on the bus (for
YAML automations and the logbook); the same data to the entry's event entity through a
dispatcher signal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_send

from custom_components.status_tracker.const import (
    EVENT_DELETION_COMPLETED,
    EVENT_EPISODE_STATUS,
    EVENT_REQUEST_COMPLETED,
    EVENT_REQUEST_STATUS,
    EventType,
    signal_deletion,
    signal_event,
)
from custom_components.status_tracker.tracking import (
    RequestState,
    RequestStatus,
    TimelineEvent,
    TrackingState,
)


class EventPublisher:
    """Fires the events of one entry and counts them (for the diagnostics)."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Events carry ``entry_id`` so automations can tell two entries apart."""
        self._hass = hass
        self._entry_id = entry_id
        self.fired = 0

    def publish(self, state: TrackingState, *, quiet: frozenset[int] = frozenset()) -> None:
        """Fire the events of this correlation's transitions.

        ``quiet``: series a deletion is changing: what it does is in its own event and log,
        not a stream of "failed" and "searching" per episode.
        """
        for event in state.events:
            request = state.requests.get(event.series_id)
            if request is None or event.series_id in quiet:
                continue
            data = self._data(event, request)
            if event.episode_id is not None:
                self._send(EVENT_EPISODE_STATUS, EventType.EPISODE_STATUS, data)
            else:
                self._send(EVENT_REQUEST_STATUS, EventType.REQUEST_STATUS, data)
                if event.status == RequestStatus.AVAILABLE.value:
                    self._send(EVENT_REQUEST_COMPLETED, EventType.REQUEST_COMPLETED, data)

    def _data(self, event: TimelineEvent, request: RequestState) -> dict[str, Any]:
        data: dict[str, Any] = {
            "entry_id": self._entry_id,
            "series_id": event.series_id,
            "request_id": event.series_id,
            "series_title": request.title,
            "status": event.status,
            "previous": event.previous,
        }
        if event.episode_id is not None:
            episode = next((e for e in request.episodes if e.episode_id == event.episode_id), None)
            data["episode_id"] = event.episode_id
            if episode is not None:
                data.update(
                    season=episode.season,
                    episode=episode.episode,
                    absolute=episode.absolute,
                    title=episode.title,
                )
        return data

    def deletion_completed(self, record: Mapping[str, Any]) -> None:
        """A deletion's result, for automations and the logbook."""
        self.fired += 1
        self._hass.bus.async_fire(
            EVENT_DELETION_COMPLETED,
            {
                "entry_id": self._entry_id,
                "series_id": record["series_id"],
                "series_title": record["title"],
                "cascade": bool(record["request"].get("cascade")),
                "plan_id": record["plan_id"],
                "episodes_deleted": len(record["episodes_deleted"]),
                "episodes_failed": len(record["episodes_failed"]),
                "partial": record["partial"],
                "summary": record["summary"],
            },
        )
        async_dispatcher_send(self._hass, signal_deletion(self._entry_id))

    def _send(self, bus_event: str, event_type: EventType, data: Mapping[str, Any]) -> None:
        self.fired += 1
        self._hass.bus.async_fire(bus_event, dict(data))
        async_dispatcher_send(self._hass, signal_event(self._entry_id), event_type, dict(data))
