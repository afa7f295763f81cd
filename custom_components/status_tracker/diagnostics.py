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


def _redact_url(value: Any) -> Any:
    """Credentials written into a URL (http://user:pass@host) are secrets too."""
    if not isinstance(value, str):
        return value
    try:
        url = URL(value)
    except ValueError:
        return value
    if url.user or url.password:
        return str(url.with_user("**REDACTED**").with_password(None))
    return value


def _config(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: _redact_url(value) if key == CONF_URL else _config(value)
            for key, value in data.items()
        }
    return data


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: StatusTrackerConfigEntry
) -> dict[str, Any]:
    """What a maintainer needs to see, nothing a stranger may not."""
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    return {
        "config": async_redact_data(_config(dict(entry.data)), TO_REDACT),
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
                [request_tree(r) for r in data.state.requests.values()] if data is not None else []
            ),
        },
    }
