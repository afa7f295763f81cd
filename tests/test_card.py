"""The dashboard card: served by the integration, loaded on every dashboard by a versioned URL."""

from __future__ import annotations

import hashlib
from http import HTTPStatus
import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.status_tracker.const import DOMAIN
from tests.support.frontend import extra_module_urls

PACKAGE = Path(__file__).parents[1] / "custom_components" / DOMAIN
BUNDLE = PACKAGE / "frontend" / "status-tracker-card.js"


async def test_the_card_is_served_under_a_url_that_changes_with_it(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    """The URL names the release and the bundle's hash; the bytes are the committed bundle."""
    assert await async_setup_component(hass, DOMAIN, {})
    version = json.loads((PACKAGE / "manifest.json").read_text())["version"]
    digest = hashlib.sha256(BUNDLE.read_bytes()).hexdigest()[:16]

    urls = extra_module_urls(hass)

    url = f"/{DOMAIN}/status-tracker-card.js?v={version}-{digest}"
    assert url in urls
    client = await hass_client()
    response = await client.get(url)
    assert response.status == HTTPStatus.OK
    assert await response.read() == BUNDLE.read_bytes()
    # Cached for long: the next release or build has another URL.
    assert "max-age" in response.headers.get("Cache-Control", "")
