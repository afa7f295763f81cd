"""Status Tracker: where is my show? Per-episode status across Sonarr, qBittorrent and Jellyfin."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .clients import ApiError, CannotConnect, InvalidAuth, IpBanned
from .connection import MediaStackClients, async_check, build_clients
from .const import DOMAIN, LOGGER, SERVICE_NAMES, Service
from .services import async_setup_services
from .tracker import TrackerCoordinator, async_remove_store
from .webhook import async_remove_webhook, async_setup_webhook, async_unload_webhook

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PLATFORMS: list[Platform] = [Platform.EVENT, Platform.SENSOR]


@dataclass(slots=True)
class StatusTrackerData:
    """What a loaded entry keeps at run time."""

    clients: MediaStackClients
    tracker: TrackerCoordinator


type StatusTrackerConfigEntry = ConfigEntry[StatusTrackerData]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> bool:
    """Check the services (Sonarr is required), start the tracker, the entities and the webhook."""
    clients = build_clients(hass, entry.data)
    for service, client in clients.configured():
        placeholders = {"service": SERVICE_NAMES[service]}
        try:
            await async_check(client)
        except InvalidAuth as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_auth",
                translation_placeholders=placeholders,
            ) from err
        except (CannotConnect, ApiError, IpBanned) as err:
            if service is not Service.SONARR:
                # Only what depends on it is missing: the tracker flags it and retries each poll.
                LOGGER.warning(
                    "%s is unavailable, starting without it: %s", placeholders["service"], err
                )
                continue
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={**placeholders, "error": str(err)},
            ) from err
    tracker = TrackerCoordinator(hass, entry, clients)
    entry.runtime_data = StatusTrackerData(clients=clients, tracker=tracker)
    await tracker.async_start()
    LOGGER.debug("Connected to %s", ", ".join(SERVICE_NAMES[s] for s, _ in clients.configured()))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_setup_webhook(hass, entry)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    return True


async def _async_options_updated(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> None:
    """Intervals, retention and entity options take effect through a reload."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> bool:
    """Unload platforms, stop listening for the webhook, write the timeline now."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await async_unload_webhook(hass, entry)
        await entry.runtime_data.tracker.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> None:
    """Remove our Sonarr notification and the stored timeline."""
    await async_remove_webhook(hass, entry)
    await async_remove_store(hass, entry.entry_id)
