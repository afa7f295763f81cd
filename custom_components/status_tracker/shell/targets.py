"""Which request an action or a websocket command means, and the errors it may answer.

A request is named by its device or any of its entities, or by the entry and Sonarr's series
id (the entry may be left out when only one is loaded). Every failure is a translated
``ServiceValidationError`` (the caller's input) or ``HomeAssistantError`` (a service), never a
log line: what went wrong is told to whoever asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er, service

from custom_components.status_tracker.clients import ClientError
from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.deletion import DeletionRequest, Refused, SelectionError

from .deletion_runner import PlanOutdated
from .ids import series_id_of

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ATTR_SERIES_ID = "series_id"
ATTR_DEVICE_ID = "device_id"
ATTR_ENTITY_ID = "entity_id"

_T = TypeVar("_T")


def _invalid(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def resolve(hass: HomeAssistant, data: Mapping[str, Any]) -> tuple[ConfigEntry, int]:
    """The loaded entry and series id the call names (device, entity, or entry + series)."""
    device_id = _one(data.get(ATTR_DEVICE_ID))
    entity_id = _one(data.get(ATTR_ENTITY_ID))
    if entity_id:
        registered = er.async_get(hass).async_get(str(entity_id))
        if registered is None or registered.platform != DOMAIN or registered.device_id is None:
            raise _invalid("not_a_request", target=str(entity_id))
        device_id = registered.device_id
    if device_id:
        device = dr.async_get(hass).async_get(str(device_id))
        for domain, identifier in device.identifiers if device is not None else ():
            for entry_id in device.config_entries if device is not None else ():
                series_id = series_id_of(entry_id, identifier) if domain == DOMAIN else None
                if series_id is not None:
                    return _loaded(hass, entry_id), series_id
        raise _invalid("not_a_request", target=str(device_id))
    series_id = data.get(ATTR_SERIES_ID)
    if series_id is None:
        raise _invalid("target_required")
    entry = service.async_get_config_entry(hass, DOMAIN, data.get(ATTR_CONFIG_ENTRY_ID))
    return entry, int(series_id)


def _one(target: object) -> object:
    """A single device or entity (the UI's pickers send lists): one request at a time."""
    if isinstance(target, list):
        if len(target) > 1:
            raise _invalid("one_target")
        return target[0] if target else None
    return target


def _loaded(hass: HomeAssistant, entry_id: str) -> ConfigEntry:
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.state is not ConfigEntryState.LOADED:
        raise _invalid("not_loaded")
    return entry


def deletion_request(series_id: int, data: Mapping[str, Any]) -> DeletionRequest:
    """The deletion the call asks for (the schema has checked the types)."""
    return DeletionRequest(
        series_id=series_id,
        episodes=tuple(str(e) for e in data.get("episodes", ())),
        seasons=tuple(int(s) for s in data.get("seasons", ())),
        absolute=tuple(int(a) for a in data.get("absolute", ())),
        cascade=bool(data.get("cascade", False)),
        unmonitor=bool(data.get("unmonitor", True)),
        delete_files=bool(data.get("delete_files", True)),
        import_list_exclusion=bool(data.get("import_list_exclusion", False)),
        force=bool(data.get("force", False)),
    )


async def translated(call: Callable[[], Any]) -> Any:
    """Run a deletion call, turning its errors into translated ones."""
    try:
        return await call()
    except SelectionError as err:
        raise _invalid(f"selection_{err.kind}", detail=err.detail[:200]) from err
    except Refused as err:
        raise _invalid("protected", detail=err.detail[:200]) from err
    except PlanOutdated as err:
        raise _invalid("plan_outdated") from err
    except ClientError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="deletion_read_failed",
            translation_placeholders={"error": str(err)[:200]},
        ) from err
