"""Actions: refresh now, and the full episode tree of one request (the card's data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
import probatio

from .const import DOMAIN
from .request_tree import request_tree

if TYPE_CHECKING:
    from . import StatusTrackerConfigEntry

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ATTR_SERIES_ID = "series_id"
SERVICE_REFRESH = "refresh"
SERVICE_GET_REQUEST = "get_request"

REFRESH_SCHEMA = probatio.Schema({probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string})
GET_REQUEST_SCHEMA = probatio.Schema(
    {
        probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        probatio.Required(ATTR_SERIES_ID): cv.positive_int,
    }
)


def _entries(hass: HomeAssistant, call: ServiceCall) -> list[StatusTrackerConfigEntry]:
    """The loaded entries an action applies to (one when named, else all)."""
    entry_id = call.data.get(ATTR_CONFIG_ENTRY_ID)
    if entry_id is not None:
        entry = hass.config_entries.async_get_entry(entry_id)
        if entry is None or entry.domain != DOMAIN:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="entry_not_found",
                translation_placeholders={"entry_id": entry_id},
            )
        entries = [entry]
    else:
        entries = hass.config_entries.async_entries(DOMAIN)
    loaded = [e for e in entries if e.state is ConfigEntryState.LOADED]
    if not loaded:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="not_loaded")
    return loaded


async def _refresh(call: ServiceCall) -> None:
    for entry in _entries(call.hass, call):
        await entry.runtime_data.tracker.async_refresh()


async def _get_request(call: ServiceCall) -> ServiceResponse:
    series_id: int = call.data[ATTR_SERIES_ID]
    for entry in _entries(call.hass, call):
        data = entry.runtime_data.tracker.data
        if data is not None and (request := data.state.requests.get(series_id)) is not None:
            return request_tree(request)
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="request_not_found",
        translation_placeholders={"series_id": str(series_id)},
    )


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, in async_setup)."""
    hass.services.async_register(DOMAIN, SERVICE_REFRESH, _refresh, schema=REFRESH_SCHEMA)
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_REQUEST,
        _get_request,
        schema=GET_REQUEST_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
