"""Actions: refresh now, and the full episode tree of one request (the card's data)."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
import probatio

from .const import DOMAIN, SERVICE_NAMES
from .coordinator import StatusTrackerConfigEntry
from .tracking import request_tree

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ATTR_SERIES_ID = "series_id"
SERVICE_REFRESH = "refresh"
SERVICE_GET_REQUEST = "get_request"


def _series_id(value: object) -> int:
    """A Sonarr id: a whole number ≥ 1 (5.0 from a number field is 5; 1.9 and true are not)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is not int or value < 1:
        raise probatio.Invalid("expected a whole number of at least 1")
    return value


REFRESH_SCHEMA = probatio.Schema({probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string})
GET_REQUEST_SCHEMA = probatio.Schema(
    {
        probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        probatio.Required(ATTR_SERIES_ID): _series_id,
    }
)


def _entry(call: ServiceCall) -> StatusTrackerConfigEntry:
    """The loaded entry an action names (it may be left out when there is only one)."""
    entry: StatusTrackerConfigEntry = service.async_get_config_entry(
        call.hass, DOMAIN, call.data.get(ATTR_CONFIG_ENTRY_ID)
    )
    return entry


async def _refresh(call: ServiceCall) -> None:
    entries: list[StatusTrackerConfigEntry]
    if ATTR_CONFIG_ENTRY_ID in call.data:
        entries = [_entry(call)]
    else:
        entries = [
            entry
            for entry in call.hass.config_entries.async_entries(DOMAIN)
            if entry.state is ConfigEntryState.LOADED
        ]
        if not entries:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="not_loaded")
    failed: set[str] = set()
    for entry in entries:
        down = await entry.runtime_data.coordinator.async_poll_now()
        failed.update(SERVICE_NAMES[service] for service in down)
    if failed:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="refresh_failed",
            translation_placeholders={"services": ", ".join(sorted(failed))},
        )


async def _get_request(call: ServiceCall) -> ServiceResponse:
    series_id: int = call.data[ATTR_SERIES_ID]
    data = _entry(call).runtime_data.coordinator.data
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
