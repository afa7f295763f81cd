"""Logbook descriptions of Status Tracker's events, so the timeline reads naturally.

"Harbor Lights: S02E05 The Title is now downloading", "Harbor Lights is now available". An
entry is linked to the episode's or the request's status sensor when that entity exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.const import Platform
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .const import (
    DOMAIN,
    EVENT_DELETION_COMPLETED,
    EVENT_EPISODE_STATUS,
    EVENT_REQUEST_COMPLETED,
    EVENT_REQUEST_STATUS,
)
from .shell.ids import episode_code, episode_unique_id, request_unique_id, summary_unique_id

# What follows the episode's name ("S02E05 The Title ...").
EPISODE_PHRASES: Final = {
    "pending": "is waiting for its air date",
    "searching": "is being searched for",
    "found": "was found, a release is on its way",
    "downloading": "is now downloading",
    "importing": "is being imported",
    "available": "is now available",
    "failed": "failed to download",
}
# What follows the series' name.
REQUEST_PHRASES: Final = {
    "requested": "was requested",
    "searching": "is being searched for",
    "found": "has a release on its way, nothing is arriving yet",
    "downloading": "is now downloading",
    "importing": "is being imported",
    "partially_available": "is now partially available",
    "available": "is now available",
    "failed": "needs attention, a download failed",
}
COMPLETED_PHRASE: Final = "is complete, every requested episode is available"


def _phrase(phrases: Mapping[str, str], status: Any) -> str:
    return phrases.get(str(status), f"is now {status}")


def _series(data: Mapping[str, Any]) -> str:
    return str(data.get("series_title") or f"Series {data.get('series_id')}")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def describe_episode(data: Mapping[str, Any]) -> str:
    """``S02E05 The Title is now downloading`` (without the series: it is the entry's name)."""
    code = episode_code(_int(data.get("season")), _int(data.get("episode")))
    title = data.get("title")
    name = " ".join(part for part in (code, str(title) if title else "") if part)
    return f"{name or 'An episode'} {_phrase(EPISODE_PHRASES, data.get('status'))}"


def describe_deletion(data: Mapping[str, Any]) -> str:
    """``was deleted: Deleted 23/25 episodes, 2 failed: …`` (the verification's summary)."""
    what = "was deleted" if data.get("cascade") else "had episodes deleted"
    return f"{what}: {data.get('summary') or 'nothing was deleted'}"


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, str]]], None],
) -> None:
    """Describe the bus events of the tracker."""

    def entity_id(unique_id: str | None) -> dict[str, str]:
        """Link to the sensor when it exists (episode sensors are optional and capped)."""
        if unique_id is None:
            return {}
        found = er.async_get(hass).async_get_entity_id(Platform.SENSOR, DOMAIN, unique_id)
        return {LOGBOOK_ENTRY_ENTITY_ID: found} if found else {}

    def request_sensor(data: Mapping[str, Any]) -> str | None:
        series_id = _int(data.get("series_id"))
        entry_id = data.get("entry_id")
        if series_id is None or not isinstance(entry_id, str):
            return None
        return request_unique_id(entry_id, series_id, "status")

    @callback
    def async_describe_episode(event: Event) -> dict[str, str]:
        data = event.data
        series_id = _int(data.get("series_id"))
        episode_id = _int(data.get("episode_id"))
        entry_id = data.get("entry_id")
        unique_id = (
            episode_unique_id(entry_id, series_id, episode_id)
            if series_id is not None and episode_id is not None and isinstance(entry_id, str)
            else None
        )
        return {
            LOGBOOK_ENTRY_NAME: _series(data),
            LOGBOOK_ENTRY_MESSAGE: describe_episode(data),
            **entity_id(unique_id),
        }

    @callback
    def async_describe_request(event: Event) -> dict[str, str]:
        data = event.data
        return {
            LOGBOOK_ENTRY_NAME: _series(data),
            LOGBOOK_ENTRY_MESSAGE: _phrase(REQUEST_PHRASES, data.get("status")),
            **entity_id(request_sensor(data)),
        }

    @callback
    def async_describe_completed(event: Event) -> dict[str, str]:
        data = event.data
        return {
            LOGBOOK_ENTRY_NAME: _series(data),
            LOGBOOK_ENTRY_MESSAGE: COMPLETED_PHRASE,
            **entity_id(request_sensor(data)),
        }

    @callback
    def async_describe_deletion(event: Event) -> dict[str, str]:
        data = event.data
        entry_id = data.get("entry_id")
        # On the request's own timeline when its sensor is still there, else the entry's.
        linked = entity_id(request_sensor(data)) or entity_id(
            summary_unique_id(entry_id, "last_deletion") if isinstance(entry_id, str) else None
        )
        return {
            LOGBOOK_ENTRY_NAME: _series(data),
            LOGBOOK_ENTRY_MESSAGE: describe_deletion(data),
            **linked,
        }

    async_describe_event(DOMAIN, EVENT_EPISODE_STATUS, async_describe_episode)
    async_describe_event(DOMAIN, EVENT_DELETION_COMPLETED, async_describe_deletion)
    async_describe_event(DOMAIN, EVENT_REQUEST_STATUS, async_describe_request)
    async_describe_event(DOMAIN, EVENT_REQUEST_COMPLETED, async_describe_completed)
