"""Config entries for the tests: one ``make_entry``, service sections pointing at the servers."""

from __future__ import annotations

from typing import Any, Protocol

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_tracker.clients.urls import normalize_url
from custom_components.status_tracker.config_flow import StatusTrackerConfigFlow
from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.shell.options import Options
from tests.support.qbittorrent_nox import QbtInstance


class KeyedServer(Protocol):
    """What the config needs of a fake server."""

    @property
    def url(self) -> str:
        """Base URL."""
        ...

    api_key: str


def service_config(server: KeyedServer, **overrides: Any) -> dict[str, Any]:
    """URL + API key section for Sonarr, Jellyfin, Jellyseerr or Shoko."""
    return {"url": server.url, "api_key": server.api_key, "verify_ssl": True, **overrides}


def qbittorrent_config(instance: QbtInstance, **overrides: Any) -> dict[str, Any]:
    """URL + credentials section for the real qBittorrent."""
    return {
        "url": instance.url,
        "username": instance.username,
        "password": instance.password,
        "verify_ssl": True,
        **overrides,
    }


SONARR_URL = "http://sonarr.local:8989"


def make_entry(
    sonarr: dict[str, Any] | None = None,
    qbittorrent: dict[str, Any] | None = None,
    jellyfin: dict[str, Any] | None = None,
    *,
    entry_id: str | None = None,
    title: str = "Status Tracker (127.0.0.1)",
    options: dict[str, Any] | None = None,
    **optional: dict[str, Any],
) -> MockConfigEntry:
    """A config entry as the config flow would create it (default options, then ``options``).

    Without service sections it points at a Sonarr that is never called (entity tests).
    """
    sections: dict[str, Any] = {
        "sonarr": sonarr or {"url": SONARR_URL, "api_key": "x" * 32, "verify_ssl": True}
    }
    if qbittorrent is not None:
        sections["qbittorrent"] = qbittorrent
    if jellyfin is not None:
        sections["jellyfin"] = jellyfin
    return MockConfigEntry(
        domain=DOMAIN,
        version=StatusTrackerConfigFlow.VERSION,
        minor_version=StatusTrackerConfigFlow.MINOR_VERSION,
        entry_id=entry_id,
        title=title,
        unique_id=normalize_url(sections["sonarr"]["url"]),
        data={**sections, **optional},
        options={**Options().as_dict(), **(options or {})},
    )
