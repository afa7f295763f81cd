"""Websocket commands for the dashboard card: the deletion's plan, execute and logs, admins only.

The same operations as the actions (``calls``); a user's mistake is answered as a translated
error to the card rather than logged as Home Assistant's error. The card's live feeds are
registered here too (``websocket_subscriptions``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import (
    async_response,
    require_admin,
    websocket_command,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
import probatio

from . import calls
from .const import DOMAIN
from .websocket_errors import send_translated_error
from .websocket_subscriptions import async_setup_websocket_subscriptions

_Run = Callable[[HomeAssistant, dict[str, Any]], Awaitable[dict[str, Any]]]


async def _answer(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any], run: _Run
) -> None:
    data = {k: v for k, v in msg.items() if k not in ("id", "type")}
    try:
        result = await run(hass, data)
    except HomeAssistantError as err:
        send_translated_error(connection, msg["id"], err)
        return
    connection.send_result(msg["id"], result)


async def _logs(hass: HomeAssistant, data: dict[str, Any]) -> dict[str, Any]:
    return calls.logs(hass, data)


@require_admin
@websocket_command({probatio.Required("type"): f"{DOMAIN}/deletion/plan", **calls.PLAN_FIELDS})
@async_response
async def ws_plan(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The dry run."""
    await _answer(hass, connection, msg, calls.async_plan)


@require_admin
@websocket_command(
    {probatio.Required("type"): f"{DOMAIN}/deletion/execute", **calls.EXECUTE_FIELDS}
)
@async_response
async def ws_execute(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Run a plan made by the dry run."""
    await _answer(hass, connection, msg, calls.async_execute)


@require_admin
@websocket_command({probatio.Required("type"): f"{DOMAIN}/deletion/logs", **calls.LOGS_FIELDS})
@async_response
async def ws_logs(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """The stored deletion logs."""
    await _answer(hass, connection, msg, _logs)


@callback
def async_setup_websocket_api(hass: HomeAssistant) -> None:
    """Register the commands (once, in async_setup)."""
    for command in (ws_plan, ws_execute, ws_logs):
        async_register_command(hass, command)
    async_setup_websocket_subscriptions(hass)
