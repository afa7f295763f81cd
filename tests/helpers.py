"""Helpers shared by the Home Assistant tests: entry data pointing at the running servers."""

from __future__ import annotations

from typing import Any, Protocol

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_tracker.const import DEFAULT_OPTIONS, DOMAIN
from custom_components.status_tracker.urls import normalize_url
from tests.qbittorrent_nox import QbtInstance


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


def make_entry(
    sonarr: dict[str, Any],
    qbittorrent: dict[str, Any],
    jellyfin: dict[str, Any],
    **optional: dict[str, Any],
) -> MockConfigEntry:
    """A config entry as the config flow would create it."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Status Tracker (127.0.0.1)",
        unique_id=normalize_url(sonarr["url"]),
        data={"sonarr": sonarr, "qbittorrent": qbittorrent, "jellyfin": jellyfin, **optional},
        options=dict(DEFAULT_OPTIONS),
    )
