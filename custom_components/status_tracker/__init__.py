"""Status Tracker: where is my show? Per-episode status across Sonarr, qBittorrent and Jellyfin."""

from __future__ import annotations

from datetime import timedelta

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .card import async_register_card
from .clients import ClientError, InvalidAuth
from .const import DOMAIN, LOGGER, SERVICE_NAMES, Service
from .coordinator import StatusTrackerConfigEntry, StatusTrackerCoordinator, StatusTrackerData
from .services import async_setup_services
from .shell.connection import MediaStackClients, async_check, build_clients
from .shell.deletion_log import DeletionLog
from .shell.deletion_runner import DeletionRunner
from .shell.deletions import Deletions
from .shell.options import RETIRED_OPTIONS
from .shell.sonarr_connect import async_remove_from_sonarr
from .shell.sonarr_push import async_setup_webhook, async_unload_webhook
from .shell.storage import TrackerStore
from .websocket_api import async_setup_websocket_api

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
PLATFORMS: list[Platform] = [Platform.EVENT, Platform.SENSOR]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions, websocket commands and dashboard card."""
    async_setup_services(hass)
    async_setup_websocket_api(hass)
    await async_register_card(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> bool:
    """Check the services (Sonarr is required), start the coordinator, entities and webhook."""
    clients = build_clients(hass, entry.data)
    # qBittorrent's login and session are ours to end: on unload, and on a failed setup (Home
    # Assistant runs the unload callbacks then too). At shutdown Home Assistant closes the
    # connections; the login then times out in qBittorrent.
    entry.async_on_unload(clients.async_close)
    await _async_check_services(clients)
    coordinator = StatusTrackerCoordinator(hass, entry, clients)
    options = coordinator.options
    log = DeletionLog(
        hass,
        entry.entry_id,
        max_entries=options.deletion_log_max,
        max_age=options.deletion_log_age,
    )
    await log.async_load()
    runner = DeletionRunner(
        hass, clients, protection_tag=options.protection_tag, deleting=coordinator.set_deleting
    )
    entry.runtime_data = StatusTrackerData(
        clients=clients,
        coordinator=coordinator,
        deletions=Deletions(runner, log, coordinator.events, coordinator.async_poll_now),
    )
    await coordinator.async_start()
    LOGGER.debug("Connected to %s", ", ".join(SERVICE_NAMES[s] for s, _ in clients.configured()))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_setup_webhook(hass, entry)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    return True


async def _async_check_services(clients: MediaStackClients) -> None:
    """Sonarr must answer; another service that does not starts flagged and is retried."""
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
        except ClientError as err:
            if service is not Service.SONARR:
                # Only what depends on it is missing: it is flagged and retried each poll.
                LOGGER.warning(
                    "%s is unavailable, starting without it: %s", placeholders["service"], err
                )
                continue
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={**placeholders, "error": str(err)},
            ) from err


async def _async_options_updated(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> None:
    """Retention and entity options take effect through a reload."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> bool:
    """Unload platforms, stop listening for the webhook, write the memory now."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await async_unload_webhook(hass, entry)
        await entry.runtime_data.coordinator.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> None:
    """Remove our notification from Sonarr and the stored memory."""
    await async_remove_from_sonarr(hass, entry)
    await TrackerStore(hass, entry.entry_id).async_remove()
    await DeletionLog(hass, entry.entry_id, max_entries=1, max_age=timedelta(0)).async_remove()


async def async_migrate_entry(hass: HomeAssistant, entry: StatusTrackerConfigEntry) -> bool:
    """1.1 → 1.2: poll intervals are no longer options.

    Home Assistant calls this only for an older entry (1.1 is the only one) and refuses an
    entry of a newer version itself.
    """
    options = {k: v for k, v in entry.options.items() if k not in RETIRED_OPTIONS}
    hass.config_entries.async_update_entry(entry, options=options, minor_version=2)
    return True
