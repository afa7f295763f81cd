"""The devices: one per config entry (its summary sensors, its event entity), one per request.

A request's device is the Sonarr series, linked to its page in Sonarr and hung below the
entry's device.
"""

from __future__ import annotations

from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo

from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.tracking import RequestState

from .attributes import clip
from .data import SeriesLink
from .ids import request_identifier

MANUFACTURER: Final = "Sonarr"
# Device and entity names come from Sonarr: a line, not a page.
MAX_NAME: Final = 100
# Sonarr's series types (seriesType); an unknown one is shown as Sonarr spells it.
SERIES_MODELS: Final = {
    "standard": "Standard series",
    "daily": "Daily series",
    "anime": "Anime series",
}


def entry_device_info(entry: ConfigEntry) -> DeviceInfo:
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
        name=clip(link.title if link is not None else request.title, MAX_NAME),
        manufacturer=MANUFACTURER,
        model=SERIES_MODELS.get(request.series_type, clip(request.series_type, MAX_NAME)),
    )
    if link is not None and link.sonarr_url:
        info["configuration_url"] = link.sonarr_url
    if via_device_id is not None:
        info["via_device_id"] = via_device_id
    return info
