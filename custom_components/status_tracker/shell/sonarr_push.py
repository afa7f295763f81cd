"""Sonarr's pushes into Home Assistant: the webhook endpoint and its handler.

Polling alone would show a grab or an import up to one Sonarr interval late. Sonarr's Connect →
Webhook pushes those moments instead; the coordinator still refreshes on every event rather than
trusting the payload alone, so a lost or reordered push only costs latency.
"""

from __future__ import annotations

from functools import partial
from http import HTTPStatus
import json
from typing import Any, Final, Protocol, runtime_checkable

from aiohttp.hdrs import METH_POST
from aiohttp.web import Request, Response
from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant, callback

from custom_components.status_tracker.clients.payloads.sonarr_webhook import (
    IgnoredSonarrEvent,
    SonarrEventType,
    SonarrWebhookEvent,
    parse_sonarr_webhook,
)
from custom_components.status_tracker.const import DOMAIN, LOGGER

from .issues import async_clear_webhook_problem, webhook_problem
from .options import Options
from .sonarr_connect import async_register_in_sonarr, async_remove_from_sonarr
from .webhook_ids import ensure_webhook_id, redact_webhook_id, webhook_url

# A Sonarr payload is a few KB (a season pack's grab lists its episodes): 1 MB is generous.
MAX_BODY: Final = 1_048_576
_CHUNK: Final = 65_536


@runtime_checkable
class SonarrEventSink(Protocol):
    """What the webhook hands events to: the entry's coordinator (``runtime_data.coordinator``)."""

    async def async_handle_push(self, event: SonarrWebhookEvent) -> None:
        """Apply the event and schedule a refresh."""


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

    if not Options.from_mapping(entry.options).webhook_auto_register:
        # The user manages Sonarr's side: nothing to repair here, only the URL to tell.
        async_clear_webhook_problem(hass, entry)
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
        await async_remove_from_sonarr(hass, entry)


@callback
def webhook_diagnostics(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, Any]:
    """The webhook's side of the diagnostics, its id redacted (the id is the only secret).

    The full URL belongs in the options flow or the repair issue, which only an admin sees;
    diagnostics get pasted into public bug reports.
    """
    url = webhook_url(hass, entry)
    if url is not None:
        url = redact_webhook_id(url, entry)
    return {
        "auto_register": Options.from_mapping(entry.options).webhook_auto_register,
        "url": url,
        "problem": webhook_problem(hass, entry),
    }


async def _async_handle_webhook(
    entry: ConfigEntry, hass: HomeAssistant, webhook_id: str, request: Request
) -> Response:
    """Validate Sonarr's message and hand it to the tracker without making Sonarr wait.

    Anything malformed or unknown is a 400 with a debug log (the sender is not trusted: the URL
    is the only secret), never an exception.
    """
    body = await _read_bounded(request)
    if body is None:
        LOGGER.debug("Sonarr webhook: body over %s bytes refused", MAX_BODY)
        return Response(status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE, text="Body too large")
    try:
        payload = json.loads(body)
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
    coordinator = getattr(getattr(entry, "runtime_data", None), "coordinator", None)
    if not isinstance(coordinator, SonarrEventSink):
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
        coordinator.async_handle_push(event),
        f"{DOMAIN} Sonarr {event.event_type} event",
    )
    return Response(status=HTTPStatus.OK)


async def _read_bounded(request: Request) -> bytes | None:
    """The body, or None when it is over ``MAX_BODY`` (read no further than that).

    ``request.json()`` would read any size, and aiohttp's own limit raises an error that Home
    Assistant's webhook component logs with the webhook id in it.
    """
    if request.content_length is not None and request.content_length > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(_CHUNK):
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
