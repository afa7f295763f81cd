"""The webhook's identity: its id (the only secret), its URL and path, and their redaction.

Whoever knows the id can post to Home Assistant: it is generated once per entry, kept in the
entry data, shown only to admins (options form, repair issue) and redacted everywhere else.
"""

from __future__ import annotations

from homeassistant.components import webhook
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.network import NoURLAvailableError


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


def webhook_path(entry: ConfigEntry) -> str:
    """Our webhook's path, or one nothing matches when the entry never had a webhook id."""
    webhook_id = entry.data.get(CONF_WEBHOOK_ID)
    return webhook.async_generate_path(str(webhook_id)) if webhook_id else "\0"


def candidate_urls(hass: HomeAssistant, webhook_id: str) -> list[str]:
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
