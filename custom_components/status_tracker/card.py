"""The dashboard card: its built module served by Home Assistant and loaded on every dashboard.

The bundle is built from ``frontend/`` at the repository root (``scripts/build-card``) and
shipped inside the integration. Its URL carries the integration's version and the bundle's hash:
the file is served with long cache headers, so only a new URL makes browsers load a new card.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http.server import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration

from .const import DOMAIN

CARD_FILE: Final = Path(__file__).parent / "frontend" / "status-tracker-card.js"
CARD_URL: Final = f"/{DOMAIN}/status-tracker-card.js"


def _digest(path: Path) -> str:
    # Eight bytes of the hash tell releases and rebuilds apart; the URL stays short.
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


async def async_register_card(hass: HomeAssistant) -> str:
    """Serve the card's module and add it to the frontend; the versioned URL it is loaded by."""
    integration = await async_get_integration(hass, DOMAIN)
    digest = await hass.async_add_executor_job(_digest, CARD_FILE)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_FILE), cache_headers=True)]
    )
    url = f"{CARD_URL}?v={integration.version}-{digest}"
    add_extra_js_url(hass, url)
    return url
