"""Constants of the Status Tracker integration."""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Final

DOMAIN: Final = "status_tracker"
LOGGER = logging.getLogger(__package__)


class Service(StrEnum):
    """The services of the media stack, also the keys of their sections in the entry data."""

    SONARR = "sonarr"
    QBITTORRENT = "qbittorrent"
    JELLYFIN = "jellyfin"
    JELLYSEERR = "jellyseerr"
    SHOKO = "shoko"


OPTIONAL_SERVICES: Final = (Service.JELLYSEERR, Service.SHOKO)

SERVICE_NAMES: Final = {
    Service.SONARR: "Sonarr",
    Service.QBITTORRENT: "qBittorrent",
    Service.JELLYFIN: "Jellyfin",
    Service.JELLYSEERR: "Jellyseerr",
    Service.SHOKO: "Shoko",
}

# Keys inside one service's section of the entry data (CONF_URL etc. come from homeassistant.const).
CONF_VERIFY_SSL: Final = "verify_ssl"

# Bus events.
EVENT_EPISODE_STATUS: Final = f"{DOMAIN}_episode_status"
EVENT_REQUEST_STATUS: Final = f"{DOMAIN}_request_status"
EVENT_REQUEST_COMPLETED: Final = f"{DOMAIN}_request_completed"
EVENT_DELETION_COMPLETED: Final = f"{DOMAIN}_deletion_completed"


class EventType(StrEnum):
    """The event entity's event types: the bus events without the domain prefix."""

    EPISODE_STATUS = "episode_status"
    REQUEST_STATUS = "request_status"
    REQUEST_COMPLETED = "request_completed"


def signal_event(entry_id: str) -> str:
    """The dispatcher signal the coordinator sends each transition on (to the event entity)."""
    return f"{DOMAIN}_{entry_id}_event"


def signal_deletion(entry_id: str) -> str:
    """The dispatcher signal sent when a deletion of the entry finished (its sensor listens)."""
    return f"{DOMAIN}_{entry_id}_deletion"
