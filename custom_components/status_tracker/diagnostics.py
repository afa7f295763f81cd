"""Diagnostics: configuration with secrets redacted, each source's health, the tracked requests."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import (
    CONF_API_KEY,
    CONF_PASSWORD,
    CONF_URL,
    CONF_USERNAME,
    CONF_WEBHOOK_ID,
)
from homeassistant.core import HomeAssistant
from yarl import URL

from .coordinator import StatusTrackerConfigEntry
from .shell.sonarr_push import webhook_diagnostics
from .tracking import request_tree

TO_REDACT = {CONF_API_KEY, CONF_PASSWORD, CONF_USERNAME, CONF_WEBHOOK_ID}
# Who asked for what (a display name, or an e-mail address when that is all there is).
PEOPLE = {"requested_by"}


def _redact_url(value: str) -> str:
    """Credentials written into a URL (http://user:pass@host) are secrets too."""
    try:
        url = URL(value)
    except ValueError:
        return value  # not a URL (hand-edited data): nothing in it is a login
    if url.user or url.password:
        return str(url.with_user("**REDACTED**").with_password(None))
    return value


def _urls_redacted(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: _redact_url(value)
            if key == CONF_URL and isinstance(value, str)
            else _urls_redacted(value)
            for key, value in data.items()
        }
    return data


def redact_config(data: dict[str, Any]) -> dict[str, Any]:
    """The entry data as diagnostics show it: keys, passwords, webhook id, URL logins gone."""
    redacted: dict[str, Any] = async_redact_data(_urls_redacted(data), TO_REDACT)
    return redacted


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: StatusTrackerConfigEntry
) -> dict[str, Any]:
    """What a maintainer needs to see, nothing a stranger may not."""
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    return {
        "config": redact_config(dict(entry.data)),
        "options": dict(entry.options),
        "webhook": webhook_diagnostics(hass, entry),
        "sources": {
            str(source.service): {
                "last_update_success": source.last_update_success,
                "update_interval_s": (
                    source.update_interval.total_seconds()
                    if source.update_interval is not None
                    else None
                ),
                "requests_last_cycle": source.requests_last_cycle,
                "last_error": source.last_error,
            }
            for source in coordinator.sources.all()
        },
        "tracker": {
            "updated": data.updated.isoformat() if data is not None else None,
            "down": sorted(data.down) if data is not None else [],
            "events_fired": coordinator.events.fired,
            "problems": list(data.state.problems[:50]) if data is not None else [],
            "untracked_torrents": len(data.state.untracked_torrents) if data is not None else 0,
            "requests": (
                [async_redact_data(request_tree(r), PEOPLE) for r in data.state.requests.values()]
                if data is not None
                else []
            ),
        },
    }
