"""Sonarr pushes to Home Assistant: the webhook, its registration in Sonarr and its repairs.

Polling alone would show a grab or an import up to one Sonarr interval late. Sonarr's Connect →
Webhook pushes those moments instead; the tracker still refreshes on every event rather than
trusting the payload alone, so a lost or reordered push only costs latency.

Registration in Sonarr is best effort and never fails setup: when Home Assistant has no URL, or
Sonarr cannot deliver its test message to it, a repair issue says which URL to make reachable
(or to enter by hand) and polling carries on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from http import HTTPStatus
from typing import Any, Final, Protocol, cast, runtime_checkable

from aiohttp.hdrs import METH_POST
from aiohttp.web import Request, Response
from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.network import NoURLAvailableError

from .clients import ApiError, ClientError
from .clients.sonarr import SonarrClient, SonarrField, SonarrNotification
from .connection import build_client
from .const import CONF_WEBHOOK_AUTO_REGISTER, DEFAULT_OPTIONS, DOMAIN, LOGGER, Service
from .webhook_payload import (
    IgnoredSonarrEvent,
    SonarrEventType,
    SonarrWebhookEvent,
    parse_sonarr_webhook,
)

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

ISSUE_WEBHOOK: Final = "webhook_{entry_id}"
ISSUE_UNREACHABLE: Final = "webhook_unreachable"
ISSUE_NO_URL: Final = "webhook_no_url"


@runtime_checkable
class SonarrEventSink(Protocol):
    """What the webhook hands events to: the tracker coordinator (``runtime_data.tracker``)."""

    async def async_handle_sonarr_event(self, event: SonarrWebhookEvent) -> None:
        """Apply the event and schedule a refresh."""


@callback
def ensure_webhook_id(hass: HomeAssistant, entry: ConfigEntry) -> str:
    """The entry's webhook id, generated and stored in its data the first time.

    Entries created before webhooks existed have none. Storing it changes the entry data, which
    runs the entry's update listeners: call this before adding one.
    """
    if webhook_id := entry.data.get(CONF_WEBHOOK_ID):
        return str(webhook_id)
    webhook_id = webhook.async_generate_id()
    hass.config_entries.async_update_entry(entry, data={**entry.data, CONF_WEBHOOK_ID: webhook_id})
    return webhook_id


@callback
def notification_name(entry: ConfigEntry) -> str:
    """Name of our Connect entry in Sonarr.

    The short entry id rather than the title: Sonarr requires unique names, a title is neither
    unique across Home Assistant instances sharing one Sonarr nor stable across renames.
    """
    return NOTIFICATION_NAME.format(entry.entry_id[-8:].lower())


@callback
def webhook_url(hass: HomeAssistant, entry: ConfigEntry) -> str | None:
    """The URL Sonarr should post to (local network URL preferred), or None when unknown."""
    webhook_id = entry.data.get(CONF_WEBHOOK_ID)
    if not webhook_id:
        return None
    try:
        return webhook.async_generate_url(hass, str(webhook_id), prefer_external=False)
    except NoURLAvailableError:
        return None


def redact_webhook_id(text: str, entry: ConfigEntry) -> str:
    """Hide the webhook id (whoever knows it can post to Home Assistant) in logs and reports."""
    webhook_id = entry.data.get(CONF_WEBHOOK_ID)
    return text.replace(str(webhook_id), "**REDACTED**") if webhook_id else text


@callback
def webhook_diagnostics(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, Any]:
    """The webhook's side of the diagnostics, its id redacted (the id is the only secret).

    The full URL belongs in the options flow or the repair issue, which only an admin sees;
    diagnostics get pasted into public bug reports.
    """
    url = webhook_url(hass, entry)
    if url is not None:
        url = redact_webhook_id(url, entry)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, _issue_id(entry))
    return {
        "auto_register": bool(
            entry.options.get(
                CONF_WEBHOOK_AUTO_REGISTER, DEFAULT_OPTIONS[CONF_WEBHOOK_AUTO_REGISTER]
            )
        ),
        "url": url,
        "problem": issue.translation_key if issue is not None else None,
    }


async def async_setup_webhook(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Register the webhook in Home Assistant, then (by default) in Sonarr, in the background.

    Home Assistant's side comes first: Sonarr sends its Test event as soon as the notification
    is created. The Sonarr side runs as a background task of the entry so a slow or unreachable
    URL (Sonarr waits for its test call) never delays setup; unloading cancels it.
    """
    webhook_id = ensure_webhook_id(hass, entry)
    # A setup that failed after this point is retried without an unload in between: drop our
    # own stale handler so registering again cannot raise "Handler is already defined".
    webhook.async_unregister(hass, webhook_id)
    webhook.async_register(
        hass,
        DOMAIN,
        entry.title,
        webhook_id,
        partial(_async_handle_webhook, entry),
        allowed_methods=[METH_POST],
        local_only=False,  # Sonarr often runs in another container or on another host
    )
    entry.async_on_unload(partial(webhook.async_unregister, hass, webhook_id))

    if not entry.options.get(
        CONF_WEBHOOK_AUTO_REGISTER, DEFAULT_OPTIONS[CONF_WEBHOOK_AUTO_REGISTER]
    ):
        # The user manages Sonarr's side: nothing to repair here, only the URL to tell.
        ir.async_delete_issue(hass, DOMAIN, _issue_id(entry))
        LOGGER.info(
            "Automatic registration in Sonarr is off; add a webhook (method POST) in Sonarr's "
            "Settings → Connect with the URL shown in the integration's options"
        )
        return
    entry.async_create_background_task(
        hass,
        async_register_in_sonarr(hass, entry),
        f"{DOMAIN} webhook registration in Sonarr",
    )


async def async_unload_webhook(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Unregister the Home Assistant webhook.

    Sonarr's notification stays for a reload (re-creating it would make Sonarr send a Test event
    every time) but goes when the user disables the entry: nobody would answer it any more.
    """
    if webhook_id := entry.data.get(CONF_WEBHOOK_ID):
        webhook.async_unregister(hass, str(webhook_id))
    if entry.disabled_by is not None:
        await async_remove_webhook(hass, entry)


async def async_remove_webhook(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """On entry removal, delete our notification from Sonarr (best effort, never raises)."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(entry))
    name = notification_name(entry)
    try:
        client = _sonarr_client(hass, entry)
        for notification in _ours(await client.notifications(), name, _webhook_path(entry)):
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
        urls = _candidate_urls(hass, webhook_id)
    except NoURLAvailableError:
        _async_report(hass, entry, ISSUE_NO_URL, {"title": entry.title, "path": path})
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
            ir.async_delete_issue(hass, DOMAIN, _issue_id(entry))
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
            ir.async_delete_issue(hass, DOMAIN, _issue_id(entry))
            return True
    except (ClientError, KeyError, ValueError) as err:
        # Sonarr itself is down or refuses: the coordinator reports that; polling goes on.
        LOGGER.warning("Could not register the webhook in Sonarr: %s", err)
        return False
    _async_report(hass, entry, ISSUE_UNREACHABLE, {"title": entry.title, "url": urls[0]})
    return False


# -- the handler ---------------------------------------------------------------------------------


async def _async_handle_webhook(
    entry: ConfigEntry, hass: HomeAssistant, webhook_id: str, request: Request
) -> Response:
    """Validate Sonarr's message and hand it to the tracker without making Sonarr wait.

    Anything malformed or unknown is a 400 with a debug log (the sender is not trusted: the URL
    is the only secret), never an exception.
    """
    try:
        payload = await request.json()
    except ValueError:
        LOGGER.debug("Sonarr webhook: the body is not JSON")
        return Response(status=HTTPStatus.BAD_REQUEST, text="Body is not JSON")
    try:
        event = parse_sonarr_webhook(payload)
    except IgnoredSonarrEvent as err:
        LOGGER.debug("Sonarr webhook: %s", err)
        return Response(status=HTTPStatus.OK)
    except ValueError as err:
        LOGGER.debug("Sonarr webhook: invalid payload: %s", err)
        return Response(status=HTTPStatus.BAD_REQUEST, text=str(err))
    if event.event_type is SonarrEventType.TEST:
        LOGGER.debug("Sonarr webhook: test message received")
        return Response(status=HTTPStatus.OK)
    tracker = getattr(getattr(entry, "runtime_data", None), "tracker", None)
    if not isinstance(tracker, SonarrEventSink):
        LOGGER.debug("Sonarr webhook: %s event before the tracker is ready", event.event_type)
        return Response(status=HTTPStatus.OK)
    LOGGER.debug(
        "Sonarr webhook: %s for series %s, episodes %s",
        event.event_type,
        event.series_id,
        event.episode_ids,
    )
    # Sonarr waits for the answer before its next notification: answer now, refresh after.
    entry.async_create_background_task(
        hass,
        tracker.async_handle_sonarr_event(event),
        f"{DOMAIN} Sonarr {event.event_type} event",
    )
    return Response(status=HTTPStatus.OK)


# -- Sonarr's notification resource -------------------------------------------------------------


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


# -- helpers -----------------------------------------------------------------------------------


def _candidate_urls(hass: HomeAssistant, webhook_id: str) -> list[str]:
    """Webhook URLs to offer Sonarr, local network first; NoURLAvailableError when none."""
    urls: list[str] = []
    for prefer_external in (False, True):
        try:
            url = webhook.async_generate_url(hass, webhook_id, prefer_external=prefer_external)
        except NoURLAvailableError:
            continue
        if url not in urls:
            urls.append(url)
    if not urls:
        raise NoURLAvailableError
    return urls


def _sonarr_client(hass: HomeAssistant, entry: ConfigEntry) -> SonarrClient:
    """A Sonarr client of its own.

    Registration requests stay out of the per-cycle request counts, and entry removal has no
    runtime data to take a client from.
    """
    client = build_client(hass, Service.SONARR, entry.data[Service.SONARR])
    assert isinstance(client, SonarrClient)
    return client


def _webhook_path(entry: ConfigEntry) -> str:
    """Our webhook's path, or one nothing matches when the entry never had a webhook id."""
    webhook_id = entry.data.get(CONF_WEBHOOK_ID)
    return webhook.async_generate_path(str(webhook_id)) if webhook_id else "\0"


def _issue_id(entry: ConfigEntry) -> str:
    return ISSUE_WEBHOOK.format(entry_id=entry.entry_id)


@callback
def _async_report(
    hass: HomeAssistant, entry: ConfigEntry, translation_key: str, placeholders: dict[str, str]
) -> None:
    """Raise (or refresh) the entry's webhook repair issue; log only when it is new or changed."""
    issue_id = _issue_id(entry)
    current = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    if (
        current is None
        or current.translation_key != translation_key
        or current.translation_placeholders != placeholders
    ):
        if translation_key == ISSUE_NO_URL:
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
