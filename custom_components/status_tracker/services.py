"""Actions: refresh now, a request's episode tree, and deletions (plan, delete, logs).

Deleting can destroy a user's data: its actions are for admins only
(``async_register_admin_service``), the dry run comes first (``plan_deletion`` answers the plan
and its id) and ``delete`` runs exactly that plan or nothing.
"""

from __future__ import annotations

from typing import Any, cast

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

from . import calls
from .const import DOMAIN, SERVICE_NAMES
from .coordinator import StatusTrackerConfigEntry
from .shell.targets import ATTR_CONFIG_ENTRY_ID, resolve

SERVICE_REFRESH = "refresh"
SERVICE_GET_REQUEST = "get_request"
SERVICE_PLAN_DELETION = "plan_deletion"
SERVICE_DELETE = "delete"
SERVICE_GET_DELETION_LOGS = "get_deletion_logs"

REFRESH_SCHEMA = probatio.Schema({probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string})
GET_REQUEST_SCHEMA = probatio.Schema(calls.TARGET_FIELDS)


async def _refresh(call: ServiceCall) -> None:
    failed: set[str] = set()
    for entry in calls.entries(call.hass, dict(call.data)):
        down = await entry.runtime_data.coordinator.async_poll_now()
        failed.update(SERVICE_NAMES[service] for service in down)
    if failed:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="refresh_failed",
            translation_placeholders={"services": ", ".join(sorted(failed))},
        )


async def _get_request(call: ServiceCall) -> ServiceResponse:
    entry, series_id = resolve(call.hass, call.data)
    view = calls.request_view(cast(StatusTrackerConfigEntry, entry), series_id)
    if view is not None:
        return view
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="request_not_found",
        translation_placeholders={"series_id": str(series_id)},
    )


async def _plan_deletion(call: ServiceCall) -> ServiceResponse:
    return await calls.async_plan(call.hass, dict(call.data))


async def _delete(call: ServiceCall) -> ServiceResponse:
    return await calls.async_execute(call.hass, dict(call.data))


async def _get_deletion_logs(call: ServiceCall) -> ServiceResponse:
    return calls.logs(call.hass, dict(call.data))


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, in async_setup); deletion ones for admins only."""
    hass.services.async_register(DOMAIN, SERVICE_REFRESH, _refresh, schema=REFRESH_SCHEMA)
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_REQUEST,
        _get_request,
        schema=GET_REQUEST_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    admin: tuple[tuple[str, Any, dict[Any, Any]], ...] = (
        (SERVICE_PLAN_DELETION, _plan_deletion, calls.PLAN_FIELDS),
        (SERVICE_DELETE, _delete, calls.EXECUTE_FIELDS),
        (SERVICE_GET_DELETION_LOGS, _get_deletion_logs, calls.LOGS_FIELDS),
    )
    for name, handler, fields in admin:
        service.async_register_admin_service(
            hass,
            DOMAIN,
            name,
            handler,
            probatio.Schema(fields),
            supports_response=SupportsResponse.ONLY,
        )
