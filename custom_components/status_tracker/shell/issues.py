"""Repair issues: downloads sent to another client, episodes Jellyfin never lists, no webhook.

None of them is fixable from Home Assistant: each says what to change in which service.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from yarl import URL

from custom_components.status_tracker.clients import ClientError
from custom_components.status_tracker.clients.payloads.sonarr import SonarrDownloadClient
from custom_components.status_tracker.clients.sonarr import SonarrClient
from custom_components.status_tracker.const import DOMAIN, LOGGER, Service
from custom_components.status_tracker.tracking import TrackingState

from .webhook_ids import redact_webhook_id

ISSUE_WEBHOOK: Final = "webhook_{entry_id}"
WEBHOOK_UNREACHABLE: Final = "webhook_unreachable"
WEBHOOK_NO_URL: Final = "webhook_no_url"


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


async def async_check_download_client(
    hass: HomeAssistant, entry: ConfigEntry, sonarr: SonarrClient
) -> None:
    """Once per start: downloads Sonarr sends elsewhere would be invisible per file."""
    try:
        clients = await sonarr.download_clients()
    except ClientError as err:
        LOGGER.debug("Could not read Sonarr's download clients: %s", err)
        return
    _report_download_client(
        hass, entry.entry_id, clients, entry.data[Service.QBITTORRENT][CONF_URL]
    )


def _report_download_client(
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


class JellyfinMissingIssues:
    """One repair per series whose imported episodes Jellyfin has not listed for too long."""

    def __init__(self, hass: HomeAssistant, entry_id: str, patience: timedelta) -> None:
        """Raise a repair after ``patience``."""
        self._hass = hass
        self._entry_id = entry_id
        self._patience = patience
        self._raised: set[int] = set()

    def check(self, state: TrackingState, now: datetime) -> None:
        """Raise the repairs now due, clear the ones that no longer apply."""
        hass, entry_id, patience = self._hass, self._entry_id, self._patience
        missing: dict[int, tuple[str, int]] = {}
        for series_id, request in state.requests.items():
            late = [
                e for e in request.episodes if e.awaiting_jellyfin and now - e.since >= patience
            ]
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
        for series_id in self._raised - set(missing):
            ir.async_delete_issue(hass, DOMAIN, f"jellyfin_missing_{entry_id}_{series_id}")
        self._raised = set(missing)


def webhook_issue_id(entry: ConfigEntry) -> str:
    """The id of the entry's webhook repair issue."""
    return ISSUE_WEBHOOK.format(entry_id=entry.entry_id)


@callback
def webhook_problem(hass: HomeAssistant, entry: ConfigEntry) -> str | None:
    """The translation key of the entry's webhook problem, None when there is none."""
    issue = ir.async_get(hass).async_get_issue(DOMAIN, webhook_issue_id(entry))
    return issue.translation_key if issue is not None else None


@callback
def async_clear_webhook_problem(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Sonarr can reach the webhook (or the user manages it): no repair."""
    ir.async_delete_issue(hass, DOMAIN, webhook_issue_id(entry))


@callback
def async_report_webhook_problem(
    hass: HomeAssistant, entry: ConfigEntry, translation_key: str, placeholders: dict[str, str]
) -> None:
    """Raise (or refresh) the entry's webhook repair issue; log only when it is new or changed."""
    issue_id = webhook_issue_id(entry)
    current = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    if (
        current is None
        or current.translation_key != translation_key
        or current.translation_placeholders != placeholders
    ):
        if translation_key == WEBHOOK_NO_URL:
            LOGGER.warning(
                "Sonarr cannot push updates: Home Assistant's URL is unknown (Settings → System "
                "→ Network); polling only"
            )
        else:
            LOGGER.warning(
                "Sonarr could not reach Home Assistant at %s; polling only until it can",
                redact_webhook_id(str(placeholders.get("url")), entry),
            )
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id,
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=translation_key,
        translation_placeholders=placeholders,
    )
