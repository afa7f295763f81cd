"""What the actions and the websocket commands share: their fields and what they do.

The deletion's three operations (plan, execute, logs) are the same whether an automation calls
an action or the dashboard card sends a websocket command; only the transport differs.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
import probatio

from .const import DOMAIN
from .coordinator import StatusTrackerConfigEntry
from .shell.deletion_log import brief
from .shell.targets import (
    ATTR_CONFIG_ENTRY_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_SERIES_ID,
    deletion_request,
    resolve,
    translated,
)
from .tracking import request_tree

ATTR_PLAN_ID = "plan_id"
MAX_LOGS = 1000
# The request's own deletions its tree lists, newest first (the logs keep every one).
MAX_DELETIONS_SHOWN = 10


def series_id(value: object) -> int:
    """A Sonarr id: a whole number ≥ 1 (5.0 from a number field is 5; 1.9 and true are not)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is not int or value < 1:
        raise probatio.Invalid("expected a whole number of at least 1")
    return value


def _number(value: object) -> int:
    """A season or absolute number: whole, ≥ 0 (season 0: specials), maybe written as text."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if value == 0 and type(value) is int:
        return 0
    return series_id(value)


def _numbers(value: object) -> list[int]:
    """Numbers as a list, a single one, or text separated by commas ("1, 2")."""
    if isinstance(value, str):
        value = [part for part in value.split(",") if part.strip()]
    items = value if isinstance(value, list) else [value]
    return [_number(item) for item in items]


TARGET_FIELDS: dict[Any, Any] = {
    probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
    probatio.Optional(ATTR_SERIES_ID): series_id,
    probatio.Optional(ATTR_DEVICE_ID): probatio.Any(cv.string, [cv.string]),
    probatio.Optional(ATTR_ENTITY_ID): probatio.Any(cv.string, [cv.string]),
}
PLAN_FIELDS: dict[Any, Any] = {
    **TARGET_FIELDS,
    probatio.Optional("episodes"): probatio.All(cv.ensure_list_csv, [cv.string]),
    probatio.Optional("seasons"): _numbers,
    probatio.Optional("absolute"): _numbers,
    probatio.Optional("cascade", default=False): cv.boolean,
    probatio.Optional("unmonitor", default=True): cv.boolean,
    probatio.Optional("delete_files", default=True): cv.boolean,
    probatio.Optional("import_list_exclusion", default=False): cv.boolean,
    probatio.Optional("force", default=False): cv.boolean,
}
EXECUTE_FIELDS: dict[Any, Any] = {
    probatio.Required(ATTR_PLAN_ID): cv.string,
    probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
}
LOGS_FIELDS: dict[Any, Any] = {
    probatio.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
    probatio.Optional(ATTR_SERIES_ID): series_id,
    probatio.Optional("since"): cv.datetime,
    probatio.Optional("until"): cv.datetime,
    probatio.Optional("limit"): probatio.All(int, probatio.Range(min=1, max=MAX_LOGS)),
}


def entries(hass: HomeAssistant, data: dict[str, Any]) -> list[StatusTrackerConfigEntry]:
    """The loaded entry the call names, or every loaded entry when it names none."""
    if ATTR_CONFIG_ENTRY_ID in data:
        entry: StatusTrackerConfigEntry = service.async_get_config_entry(
            hass, DOMAIN, data[ATTR_CONFIG_ENTRY_ID]
        )
        return [entry]
    loaded = [
        cast(StatusTrackerConfigEntry, entry)
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]
    if not loaded:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="not_loaded")
    return loaded


def request_view(entry: StatusTrackerConfigEntry, series_id: int) -> dict[str, Any] | None:
    """A request's season/episode tree with its last deletions, or None when not tracked."""
    runtime = entry.runtime_data
    data = runtime.coordinator.data
    if data is None or (request := data.state.requests.get(series_id)) is None:
        return None
    deletions = runtime.deletions.logs(series_id=series_id, limit=MAX_DELETIONS_SHOWN)
    return {**request_tree(request), "deletions": [brief(r) for r in deletions]}


async def async_plan(hass: HomeAssistant, data: dict[str, Any]) -> dict[str, Any]:
    """The dry run: the plan, its id and the entry that made it; nothing is changed."""
    entry, series = resolve(hass, data)
    deletions = cast(StatusTrackerConfigEntry, entry).runtime_data.deletions
    request = deletion_request(series, data)
    plan: dict[str, Any] = await translated(partial(deletions.async_plan, request))
    return {**plan, ATTR_CONFIG_ENTRY_ID: entry.entry_id}


async def async_execute(hass: HomeAssistant, data: dict[str, Any]) -> dict[str, Any]:
    """Run exactly the plan of this id, or refuse (``plan_outdated``) and touch nothing."""
    plan_id: str = data[ATTR_PLAN_ID]
    for entry in entries(hass, data):
        deletions = entry.runtime_data.deletions
        if deletions.knows(plan_id):
            record: dict[str, Any] = await translated(partial(deletions.async_execute, plan_id))
            return record
    raise ServiceValidationError(translation_domain=DOMAIN, translation_key="plan_outdated")


def logs(hass: HomeAssistant, data: dict[str, Any]) -> dict[str, Any]:
    """Stored deletion records, newest first, of one series and time span when asked."""
    records: list[dict[str, Any]] = []
    for entry in entries(hass, data):
        records.extend(
            entry.runtime_data.deletions.logs(
                series_id=data.get(ATTR_SERIES_ID),
                since=data.get("since"),
                until=data.get("until"),
            )
        )
    records.sort(key=lambda r: str(r.get("finished", "")), reverse=True)
    return {"logs": records[: data.get("limit", MAX_LOGS)]}
