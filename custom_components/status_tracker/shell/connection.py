"""Builds the clients from a config entry's data and checks each service with a real call."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from homeassistant.const import CONF_API_KEY, CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import (
    async_create_clientsession,
    async_get_clientsession,
)

from custom_components.status_tracker.clients import (
    ApiError,
    CannotConnect,
    ClientError,
    Forbidden,
    InvalidAuth,
    IpBanned,
)
from custom_components.status_tracker.clients.jellyfin import JellyfinClient
from custom_components.status_tracker.clients.jellyseerr import JellyseerrClient
from custom_components.status_tracker.clients.qbittorrent import QBittorrentClient
from custom_components.status_tracker.clients.shoko import ShokoClient
from custom_components.status_tracker.clients.sonarr import SonarrClient
from custom_components.status_tracker.const import CONF_VERIFY_SSL, LOGGER, Service

type ServiceConfig = Mapping[str, Any]
type AnyClient = SonarrClient | QBittorrentClient | JellyfinClient | JellyseerrClient | ShokoClient


@dataclass(slots=True)
class MediaStackClients:
    """One client per configured service; the optional ones are None when not configured."""

    sonarr: SonarrClient
    qbittorrent: QBittorrentClient
    jellyfin: JellyfinClient
    jellyseerr: JellyseerrClient | None = None
    shoko: ShokoClient | None = None

    def configured(self) -> list[tuple[Service, AnyClient]]:
        """Return the configured services with their clients, in setup order."""
        pairs: list[tuple[Service, AnyClient | None]] = [
            (Service.SONARR, self.sonarr),
            (Service.QBITTORRENT, self.qbittorrent),
            (Service.JELLYFIN, self.jellyfin),
            (Service.JELLYSEERR, self.jellyseerr),
            (Service.SHOKO, self.shoko),
        ]
        return [(service, client) for service, client in pairs if client is not None]

    async def async_close(self) -> None:
        """End what the clients own: qBittorrent's login, then its aiohttp session."""
        await async_release(self.qbittorrent)


MAX_TITLE = 40


def build_clients(hass: HomeAssistant, data: Mapping[str, ServiceConfig]) -> MediaStackClients:
    """Create every configured service's client from the entry data."""

    def optional(service: Service) -> AnyClient | None:
        return build_client(hass, service, data[service]) if service in data else None

    jellyseerr, shoko = optional(Service.JELLYSEERR), optional(Service.SHOKO)
    sonarr = build_client(hass, Service.SONARR, data[Service.SONARR])
    qbittorrent = build_client(hass, Service.QBITTORRENT, data[Service.QBITTORRENT])
    jellyfin = build_client(hass, Service.JELLYFIN, data[Service.JELLYFIN])
    assert isinstance(sonarr, SonarrClient)
    assert isinstance(qbittorrent, QBittorrentClient)
    assert isinstance(jellyfin, JellyfinClient)
    assert jellyseerr is None or isinstance(jellyseerr, JellyseerrClient)
    assert shoko is None or isinstance(shoko, ShokoClient)
    return MediaStackClients(sonarr, qbittorrent, jellyfin, jellyseerr, shoko)


def build_client(hass: HomeAssistant, service: Service, config: ServiceConfig) -> AnyClient:
    """Create the client of one service on Home Assistant's shared session."""
    verify_ssl = bool(config.get(CONF_VERIFY_SSL, True))
    session = async_get_clientsession(hass, verify_ssl=verify_ssl)
    url = str(config[CONF_URL])
    match service:
        case Service.SONARR:
            return SonarrClient(session, url, config[CONF_API_KEY], verify_ssl=verify_ssl)
        case Service.QBITTORRENT:
            # The client carries its own session cookie; a shared jar could override it with
            # another login's cookie of the same name, so this session keeps no cookies. Its
            # owner lets go of it (``async_release``): Home Assistant would do so only when it
            # stops for a config flow's check.
            return QBittorrentClient(
                async_create_clientsession(
                    hass,
                    verify_ssl=verify_ssl,
                    auto_cleanup=False,
                    cookie_jar=aiohttp.DummyCookieJar(),
                ),
                url,
                config.get(CONF_USERNAME) or "",
                config.get(CONF_PASSWORD) or "",
                verify_ssl=verify_ssl,
            )
        case Service.JELLYFIN:
            return JellyfinClient(
                session,
                url,
                config[CONF_API_KEY],
                device_id=f"home-assistant-{hass.data.get('core.uuid', 'status-tracker')}",
                verify_ssl=verify_ssl,
            )
        case Service.JELLYSEERR:
            return JellyseerrClient(session, url, config[CONF_API_KEY], verify_ssl=verify_ssl)
        case Service.SHOKO:
            return ShokoClient(session, url, config[CONF_API_KEY], verify_ssl=verify_ssl)


async def async_check(client: AnyClient) -> None:
    """Make the cheapest call that proves the URL and the credentials; raise ClientError if not."""
    match client:
        case SonarrClient():
            await client.system_status()
        case QBittorrentClient():
            await client.login()
            await client.app_version()
        case JellyfinClient():
            await client.system_info()
        case JellyseerrClient():
            await client.me()
        case ShokoClient():
            await client.check_auth()


async def async_validate(
    hass: HomeAssistant, service: Service, config: ServiceConfig
) -> str | None:
    """Check one service; return None when it works, else the config flow error key."""
    client = build_client(hass, service, config)
    try:
        await async_check(client)
    except InvalidAuth:
        return "invalid_auth"
    except IpBanned:
        return "ip_banned"
    except Forbidden:
        return "forbidden"
    except CannotConnect as err:
        LOGGER.debug("%s cannot be reached: %s", service, err)
        return "cannot_connect"
    except ApiError as err:
        LOGGER.debug("%s answered unexpectedly: %s", service, err)
        return "unexpected_response"
    except Exception:
        LOGGER.exception("Unexpected exception while checking %s", service)
        return "unknown"
    finally:
        if isinstance(client, QBittorrentClient):
            await async_release(client)  # made for this check only
    return None


async def async_release(client: QBittorrentClient) -> None:
    """Log out of qBittorrent and let go of the client's own session.

    qBittorrent keeps every login's session for an hour; a reload or a flow's check would
    otherwise leave one behind each time. The aiohttp session is Home Assistant's kind: it is
    detached (its connections belong to Home Assistant's shared pool), never closed.
    """
    try:
        await client.logout()
    except ClientError as err:
        LOGGER.debug("qBittorrent logout failed: %s", err)
    except RuntimeError as err:
        # Home Assistant is stopping and its connection pool is already closed.
        LOGGER.debug("qBittorrent logout skipped: %s", err)
    finally:
        client.session.detach()


async def async_entry_title(hass: HomeAssistant, config: ServiceConfig, host: str) -> str:
    """A short name for an entry: Sonarr's instance name, else its host.

    It names the entry's device, so every entity of it: "Sonarr Episodes downloading" reads
    better than "Status Tracker (192.168.1.20) Episodes downloading".
    """
    client = build_client(hass, Service.SONARR, config)
    assert isinstance(client, SonarrClient)
    try:
        status = await client.system_status()
    except ClientError as err:
        LOGGER.debug("Sonarr's instance name could not be read: %s", err)
        return host
    name = status.get("instanceName") if isinstance(status, dict) else None
    return name.strip()[:MAX_TITLE] if isinstance(name, str) and name.strip() else host
