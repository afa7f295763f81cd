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
from .const import DOMAIN, LOGGER, SERVICE_NAMES

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PLATFORMS: list[Platform] = []


@dataclass(slots=True)
class StatusTrackerData:
    """What a loaded entry keeps at run time."""

    clients: MediaStackClients


type StatusTrackerConfigEntry = ConfigEntry[StatusTrackerData]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Set up the integration; its actions are registered here in a later step."""
    return True


async def async_setup_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> bool:
    """Build the clients on Home Assistant's session and check every configured service."""
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
        except IpBanned as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="ip_banned",
                translation_placeholders=placeholders,
            ) from err
        except (CannotConnect, ApiError) as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={**placeholders, "error": str(err)},
            ) from err
    entry.runtime_data = StatusTrackerData(clients=clients)
    LOGGER.debug("Connected to %s", ", ".join(SERVICE_NAMES[s] for s, _ in clients.configured()))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> bool:
    """Unload platforms; the clients hold no resources of their own (the session is shared)."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
