"""A stand-in for Home Assistant's frontend integration in tests.

The real one needs the ``home-assistant-frontend`` package (tens of megabytes of built panels)
and sets up a dozen integrations per test; the integration only adds its card's URL to the list
the frontend hands to browsers, which the stand-in keeps as the real one does.
"""

from __future__ import annotations

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.core import HomeAssistant
from homeassistant.helpers.typing import ConfigType
from pytest_homeassistant_custom_component.common import MockModule, mock_integration


async def _async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(lambda change, url: None, [])
    return True


def stand_in_frontend(hass: HomeAssistant) -> None:
    """Make ``frontend`` set up as the stand-in (before anything depends on it)."""
    mock_integration(hass, MockModule("frontend", async_setup=_async_setup))


def extra_module_urls(hass: HomeAssistant) -> frozenset[str]:
    """The module URLs the frontend would load on every page."""
    return hass.data[DATA_EXTRA_MODULE_URL].urls
