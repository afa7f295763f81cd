"""Repair issues the user must act on: a foreign download client, episodes Jellyfin never lists.

(The unreachable webhook is raised by webhook.py.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from yarl import URL

from .clients.sonarr import SonarrDownloadClient
from .const import DOMAIN
from .tracking.correlate import TrackingState


def _field(client: SonarrDownloadClient, name: str) -> object:
    return next((f.get("value") for f in client.get("fields", []) if f.get("name") == name), None)


def uses_configured_qbittorrent(clients: list[SonarrDownloadClient], qbittorrent_url: str) -> bool:
    """Whether Sonarr has an enabled qBittorrent client on the configured port.

    Only the port is compared: Sonarr often reaches qBittorrent by a container name or another
    address than Home Assistant does, so a host mismatch proves nothing.
    """
    port = URL(qbittorrent_url).port
    for client in clients:
        if client.get("implementation") != "QBittorrent" or client.get("enable") is False:
            continue
        configured = _field(client, "port")
        if isinstance(configured, int | str) and str(configured) == str(port):
            return True
    return False


def async_check_download_client(
    hass: HomeAssistant,
    entry_id: str,
    clients: list[SonarrDownloadClient],
    qbittorrent_url: str,
) -> None:
    """Raise (or clear) the repair for downloads that go to another client than the tracked one."""
    issue_id = f"foreign_download_client_{entry_id}"
    if uses_configured_qbittorrent(clients, qbittorrent_url):
        ir.async_delete_issue(hass, DOMAIN, issue_id)
        return
    names = ", ".join(
        f"{c.get('name')} ({c.get('implementation')})" for c in clients if c.get("enable", True)
    )
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="foreign_download_client",
        translation_placeholders={"url": qbittorrent_url, "clients": names or "none"},
    )


def async_check_jellyfin_missing(
    hass: HomeAssistant,
    entry_id: str,
    state: TrackingState,
    *,
    now: datetime,
    patience: timedelta,
    raised: set[int],
) -> set[int]:
    """One repair per series whose imported episodes Jellyfin has not listed for too long.

    ``raised`` is what the previous call raised; the return value replaces it.
    """
    missing: dict[int, tuple[str, int]] = {}
    for series_id, request in state.requests.items():
        late = [e for e in request.episodes if e.awaiting_jellyfin and now - e.since >= patience]
        if late:
            missing[series_id] = (request.title, len(late))
    for series_id, (title, count) in missing.items():
        ir.async_create_issue(
            hass,
            DOMAIN,
            f"jellyfin_missing_{entry_id}_{series_id}",
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="jellyfin_missing",
            translation_placeholders={
                "series": title,
                "count": str(count),
                "hours": str(round(patience.total_seconds() / 3600)),
            },
        )
    for series_id in raised - set(missing):
        ir.async_delete_issue(hass, DOMAIN, f"jellyfin_missing_{entry_id}_{series_id}")
    return set(missing)
