"""Our Webhook entry in Sonarr's Settings → Connect: created, kept up to date, removed.

Registration is best effort and never fails setup: when Home Assistant has no URL, or Sonarr
cannot deliver its test message to it, a repair issue says which URL to make reachable (or to
enter by hand) and polling carries on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any, Final, cast

from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.network import NoURLAvailableError

from custom_components.status_tracker.clients import ApiError, ClientError
from custom_components.status_tracker.clients.payloads.sonarr import SonarrField, SonarrNotification
from custom_components.status_tracker.clients.sonarr import SonarrClient
from custom_components.status_tracker.const import LOGGER, Service

from .connection import build_client
from .issues import (
    WEBHOOK_NO_URL,
    WEBHOOK_UNREACHABLE,
    async_clear_webhook_problem,
    async_report_webhook_problem,
)
from .webhook_ids import candidate_urls, ensure_webhook_id, redact_webhook_id, webhook_path

NOTIFICATION_NAME: Final = "Home Assistant Status Tracker ({})"
WEBHOOK_IMPLEMENTATION: Final = "Webhook"
WEBHOOK_CONFIG_CONTRACT: Final = "WebhookSettings"
WEBHOOK_METHOD_POST: Final = 1  # Sonarr's WebhookMethod: 1 POST, 2 PUT

# The triggers we subscribe to (NotificationResource in Sonarr's openapi.json). Upgrades and
# deletions for upgrades matter as much as first imports: each changes what is on disk.
# ``onImportComplete`` (Sonarr 4.0.x+) sends one ``Download`` per download besides the one per
# file; older Sonarr versions ignore the unknown property.
NOTIFICATION_EVENTS: Final = (
    "onGrab",
    "onDownload",
    "onUpgrade",
    "onImportComplete",
    "onSeriesDelete",
    "onEpisodeFileDelete",
    "onEpisodeFileDeleteForUpgrade",
)


@callback
def notification_name(entry: ConfigEntry) -> str:
    """Name of our Connect entry in Sonarr.

    The short entry id rather than the title: Sonarr requires unique names, a title is neither
    unique across Home Assistant instances sharing one Sonarr nor stable across renames.
    """
    return NOTIFICATION_NAME.format(entry.entry_id[-8:].lower())


async def async_remove_from_sonarr(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """On entry removal, delete our notification from Sonarr (best effort, never raises)."""
    async_clear_webhook_problem(hass, entry)
    name = notification_name(entry)
    try:
        client = _sonarr_client(hass, entry)
        for notification in _ours(await client.notifications(), name, webhook_path(entry)):
            await client.delete_notification(notification["id"])
            LOGGER.debug("Removed notification %s from Sonarr", notification["id"])
    except (ClientError, KeyError, ValueError) as err:
        LOGGER.warning(
            "Could not remove the webhook '%s' from Sonarr (%s); delete it in Sonarr's "
            "Settings → Connect",
            name,
            err,
        )


async def async_register_in_sonarr(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Create or update our notification in Sonarr; True when Sonarr accepted it.

    Tried with the local network URL first, then the external one (Sonarr usually sits next to
    Home Assistant). Sonarr answers 400 when its test call to a URL fails, so a 400 means
    "try the next URL", and when none works a repair issue names the URL to make reachable.
    """
    webhook_id = ensure_webhook_id(hass, entry)
    path = webhook.async_generate_path(webhook_id)
    try:
        urls = candidate_urls(hass, webhook_id)
    except NoURLAvailableError:
        async_report_webhook_problem(
            hass, entry, WEBHOOK_NO_URL, {"title": entry.title, "path": path}
        )
        return False
    name = notification_name(entry)
    try:
        client = _sonarr_client(hass, entry)
        ours = _ours(await client.notifications(), name, path)
        existing = ours[0] if ours else None
        for duplicate in ours[1:]:
            # Left over from an interrupted registration: one is enough, two double the events.
            await client.delete_notification(duplicate["id"])
        if existing is not None and _up_to_date(existing, name, urls):
            LOGGER.debug("Sonarr's notification %s is up to date", existing.get("id"))
            async_clear_webhook_problem(hass, entry)
            return True
        for url in urls:
            try:
                if existing is None:
                    saved = await client.create_notification(_new_notification(name, url))
                else:
                    saved = await client.update_notification(
                        _updated_notification(existing, name, url)
                    )
            except ApiError as err:
                if err.status != HTTPStatus.BAD_REQUEST:
                    raise
                LOGGER.debug("Sonarr could not reach %s: %s", redact_webhook_id(url, entry), err)
                continue
            LOGGER.info(
                "Registered in Sonarr as '%s' (id %s) → %s",
                name,
                saved.get("id"),
                redact_webhook_id(url, entry),
            )
            async_clear_webhook_problem(hass, entry)
            return True
    except (ClientError, KeyError, ValueError) as err:
        # Sonarr itself is down or refuses: the coordinator reports that; polling goes on.
        LOGGER.warning("Could not register the webhook in Sonarr: %s", err)
        return False
    async_report_webhook_problem(
        hass, entry, WEBHOOK_UNREACHABLE, {"title": entry.title, "url": urls[0]}
    )
    return False


def _new_notification(name: str, url: str) -> SonarrNotification:
    """A Webhook Connect entry (fields of Sonarr's WebhookSettings) on our triggers only."""
    return {
        "name": name,
        "implementation": WEBHOOK_IMPLEMENTATION,
        "configContract": WEBHOOK_CONFIG_CONTRACT,
        "fields": [
            {"name": "url", "value": url},
            {"name": "method", "value": WEBHOOK_METHOD_POST},
            {"name": "username", "value": ""},
            {"name": "password", "value": ""},
        ],
        "onGrab": True,
        "onDownload": True,
        "onUpgrade": True,
        "onImportComplete": True,
        "onSeriesDelete": True,
        "onEpisodeFileDelete": True,
        "onEpisodeFileDeleteForUpgrade": True,
        "includeHealthWarnings": False,
        "tags": [],
    }


def _updated_notification(existing: SonarrNotification, name: str, url: str) -> SonarrNotification:
    """The existing resource with our name, URL, method and triggers; the rest kept as is.

    PUT replaces the whole resource, so everything Sonarr sent (other fields, tags, a masked
    password it keeps when sent back) goes back unchanged.
    """
    wanted: dict[str, Any] = {"url": url, "method": WEBHOOK_METHOD_POST}
    fields: list[SonarrField] = []
    for field in existing.get("fields", []):
        key = field.get("name")
        fields.append({**field, "value": wanted.pop(key)} if key in wanted else field)
    fields.extend({"name": key, "value": value} for key, value in wanted.items())
    # Only triggers this Sonarr version knows (it lists every trigger of its version).
    events = {event: True for event in NOTIFICATION_EVENTS if event in existing}
    return cast(SonarrNotification, {**existing, "name": name, "fields": fields, **events})


def _up_to_date(notification: SonarrNotification, name: str, urls: Sequence[str]) -> bool:
    """Whether the notification already posts to one of our URLs on all our triggers."""
    raw = cast(dict[str, Any], notification)
    return (
        notification.get("name") == name
        and _field_value(notification, "url") in urls
        and _field_value(notification, "method") == WEBHOOK_METHOD_POST
        and all(raw[event] is True for event in NOTIFICATION_EVENTS if event in raw)
    )


def _ours(
    notifications: Iterable[SonarrNotification], name: str, path: str
) -> list[SonarrNotification]:
    """Our Webhook entries: posting to our webhook path or carrying our name; path first."""
    by_path: list[SonarrNotification] = []
    by_name: list[SonarrNotification] = []
    for notification in notifications:
        if notification.get("implementation") != WEBHOOK_IMPLEMENTATION:
            continue
        url = _field_value(notification, "url")
        if isinstance(url, str) and url.rstrip("/").endswith(path):
            by_path.append(notification)
        elif notification.get("name") == name:
            by_name.append(notification)
    return [*by_path, *by_name]


def _field_value(notification: SonarrNotification, name: str) -> Any:
    """A provider field's value (``fields`` is a list of ``{name, value, …}``), or None."""
    for field in notification.get("fields") or []:
        if field.get("name") == name:
            return field.get("value")
    return None


def _sonarr_client(hass: HomeAssistant, entry: ConfigEntry) -> SonarrClient:
    """A Sonarr client of its own.

    Registration requests stay out of the per-cycle request counts, and entry removal has no
    runtime data to take a client from.
    """
    client = build_client(hass, Service.SONARR, entry.data[Service.SONARR])
    assert isinstance(client, SonarrClient)
    return client
