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


REQUIRED_SERVICES: Final = (Service.SONARR, Service.QBITTORRENT, Service.JELLYFIN)
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

# Options.
CONF_SONARR_INTERVAL: Final = "sonarr_interval"
CONF_QBITTORRENT_ACTIVE_INTERVAL: Final = "qbittorrent_active_interval"
CONF_QBITTORRENT_IDLE_INTERVAL: Final = "qbittorrent_idle_interval"
CONF_JELLYFIN_INTERVAL: Final = "jellyfin_interval"
CONF_COMPLETED_RETENTION_HOURS: Final = "completed_retention_hours"
CONF_EPISODE_ENTITIES: Final = "episode_entities"

DEFAULT_OPTIONS: Final = {
    CONF_SONARR_INTERVAL: 30,
    CONF_QBITTORRENT_ACTIVE_INTERVAL: 5,
    CONF_QBITTORRENT_IDLE_INTERVAL: 30,
    CONF_JELLYFIN_INTERVAL: 60,
    CONF_COMPLETED_RETENTION_HOURS: 48,
    CONF_EPISODE_ENTITIES: True,
}

CONF_EPISODE_CAP: Final = "episode_cap"
CONF_WEBHOOK_AUTO_REGISTER: Final = "webhook_auto_register"
CONF_JELLYFIN_MISSING_HOURS: Final = "jellyfin_missing_hours"
DEFAULT_OPTIONS.update(
    {
        CONF_EPISODE_CAP: 100,
        CONF_WEBHOOK_AUTO_REGISTER: True,
        CONF_JELLYFIN_MISSING_HOURS: 6,
    }
)

# Bus events.
EVENT_EPISODE_STATUS: Final = f"{DOMAIN}_episode_status"
EVENT_REQUEST_STATUS: Final = f"{DOMAIN}_request_status"
EVENT_REQUEST_COMPLETED: Final = f"{DOMAIN}_request_completed"


def signal_event(entry_id: str) -> str:
    """The dispatcher signal the tracker sends each transition on (to the event entity)."""
    return f"{DOMAIN}_{entry_id}_event"
